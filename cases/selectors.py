"""Read-side queries for cases. Every case lookup goes through these, so access is checked once."""

import datetime as dt
import operator
import re
from functools import reduce

from django.db.models import Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Replace
from django.db.models.lookups import IContains
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from cases.models import Case, CaseEvent, DefendantVehicle


def cases_for_user(user: User) -> QuerySet[Case]:
    """The cases a user may see and work on: those of their own team."""
    if not user.is_authenticated or user.team_id is None:
        return Case.objects.none()
    return Case.objects.filter(team_id=user.team_id)


def get_case_for_user(user: User, reference: str) -> Case:
    """The case, or 404 when it does not exist *or* belongs to another team (no hint of which)."""
    case = (
        cases_for_user(user)
        .select_related("client", "fee_earner", "team", "accident", "claimant_vehicle")
        .filter(reference=reference)
        .first()
    )
    if case is None:
        raise Http404("No case with that reference")
    return case


def case_list(
    *, user: User, query: str = "", status: str = "", fee_earner_id: int | None = None
) -> QuerySet[Case]:
    """The case list and its search: one query for the page (and one for its count).

    Every word of ``query`` must match the case somewhere (reference, client's name, postcode, email,
    phone, a vehicle registration or a portal claim ID); the whole query without its spaces is tried
    too, so "0113 496 0457", "YK22 LMN" and "LS62AB" find what is stored as +441134960457, YK22LMN and
    LS6 2AB.
    """
    cases = cases_for_user(user).select_related("client", "fee_earner", "accident")
    words = query.split()
    if words:
        found = reduce(operator.and_, (_matches(word) for word in words))
        if len(words) > 1:
            found |= _matches("".join(words))
        cases = cases.filter(found)
    if status:
        cases = cases.filter(Q(status=status) | Q(portal_status=status))
    if fee_earner_id:
        cases = cases.filter(fee_earner_id=fee_earner_id)
    return cases


def _matches(term: str) -> Q:
    """Cases where ``term`` appears in any searchable field. Encrypted fields (the NI number) cannot be."""
    found = (
        Q(reference__icontains=term)
        | Q(client__first_name__icontains=term)
        | Q(client__last_name__icontains=term)
        | Q(client__postcode__icontains=term)
        | Q(IContains(Replace("client__postcode", Value(" "), Value("")), term))
        | Q(client__email__icontains=term)
        | Q(claimant_vehicle__registration__icontains=term)
        | Q(Exists(DefendantVehicle.objects.filter(case=OuterRef("pk"), registration__icontains=term)))
        # Earlier claims count too: an e-mail about a claim left by Portal Reset still finds its case.
        | Q(Exists(Case.objects.filter(pk=OuterRef("pk"), portal_claims__claim_id__icontains=term)))
    )
    digits = _phone_digits(term)
    if digits:
        found |= Q(client__phone__contains=digits)
    return found


_PHONE_LIKE = re.compile(r"^\+?[\d()\-]+$")


def _phone_digits(term: str) -> str:
    """A phone number as typed (07911…, +44 7911…, a few of its digits) as digits of the stored +44… form.

    Empty when ``term`` does not look like (part of) a phone number.
    """
    digits = re.sub(r"\D", "", term)
    if not _PHONE_LIKE.match(term) or len(digits) < 6:
        return ""
    if not term.startswith("+") and digits.startswith("0"):
        return "44" + digits[1:]  # a UK number as dialled at home
    return digits


def case_history(
    *,
    case: Case,
    kind: str = "",
    who: str = "",
    day_from: dt.date | None = None,
    day_to: dt.date | None = None,
) -> QuerySet[CaseEvent]:
    """A case's history, newest first, filtered by kind, by who acted (``history_people``) and by day."""
    events = case.events.select_related("actor")
    if kind:
        events = events.filter(kind=kind)
    if who.startswith("user:") and who[5:].isdigit():
        events = events.filter(actor_id=int(who[5:]))
    elif who.startswith("label:"):
        events = events.filter(actor__isnull=True, actor_label=who[6:])
    if day_from:
        events = events.filter(created_at__date__gte=day_from)  # days in Europe/London
    if day_to:
        events = events.filter(created_at__date__lte=day_to)
    return events


def history_people(case: Case) -> list[tuple[str, str]]:
    """Who appears in a case's history, as (filter value, name): users, and the sync and other actors."""
    rows = (
        case.events.order_by()
        .values_list("actor_id", "actor__first_name", "actor__last_name", "actor__username", "actor_label")
        .distinct()
    )
    people = set()
    for actor_id, first, last, username, label in rows:
        if actor_id:
            people.add((f"user:{actor_id}", f"{first} {last}".strip() or username))
        elif label:
            people.add((f"label:{label}", label))
    return sorted(people, key=lambda person: person[1].lower())


def case_warnings(case: Case) -> list[str]:
    """Things a fee earner should know about the client before going on (shown on every tab).

    They are warnings, not errors: a case can be saved in any state. Whether the case's portal takes
    the claim is the portal's own rules' business (portal_tags.case_warnings adds those).
    """
    warnings = []
    client, accident = case.client, case.accident
    today = timezone.localdate()
    accident_day = timezone.localdate(accident.occurred_at) if accident.occurred_at else None
    if client.date_of_birth:
        age_now = client.age_on(today)
        if age_now < 18:
            warnings.append(
                f"The client is under 18 (age {age_now}): a child's claim needs a litigation friend."
            )
        elif accident_day and client.age_on(accident_day) < 18:
            warnings.append("The client was under 18 on the day of the accident.")
    return warnings

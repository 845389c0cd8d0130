"""Read-side queries for cases. Every case lookup goes through these, so access is checked once."""

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from cases.models import Case


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
    cases = cases_for_user(user).select_related("client", "fee_earner", "accident")
    if query:
        words = query.split()
        for word in words:
            cases = cases.filter(
                Q(reference__icontains=word)
                | Q(client__first_name__icontains=word)
                | Q(client__last_name__icontains=word)
                | Q(client__postcode__icontains=word)
            )
    if status:
        cases = cases.filter(Q(status=status) | Q(portal_status=status))
    if fee_earner_id:
        cases = cases.filter(fee_earner_id=fee_earner_id)
    return cases


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

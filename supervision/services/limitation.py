"""Limitation on each case: keeping the date, overriding it, and raising the escalation tasks.

The date itself comes from ``supervision.limitation`` (pure rules). Here it is stored on the case
(so lists and the daily job can query it), every change is recorded in the case history, and the
daily job raises tasks at 6 months, 3 months and 1 month before it, once each.
"""

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from accounts.models import Role, User
from cases.models import Case
from cases.services import case_event_record
from lib.audit import change
from lib.business_days import add_business_days
from lib.errors import Refused
from supervision.limitation import Limitation, limitation_for, months_before
from supervision.models import LimitationWarning
from worklist.services import task_cancel, task_create

SYSTEM = "ClaimDesk (limitation check)"
# Cases whose limitation still matters: not closed or settled (an exited claim may be going to court).
LIVE_STATUSES = (Case.Status.NEW, Case.Status.IN_PORTAL, Case.Status.EXITED)
PORTAL_WARNING = (
    "A claim on the portal does not stop time running: issue protective proceedings (and ask the court "
    "to stay them) before the limitation date."
)
DATE_WARNING = "Weekends and bank holidays do not move the date: issue proceedings before it."
BATCH = 1000


def case_limitation(case: Case) -> Limitation:
    """The case's limitation date as the rules give it now (from its accident, client and flags)."""
    occurred = case.accident.occurred_at
    return limitation_for(
        accident_date=timezone.localdate(occurred) if occurred else None,
        date_of_birth=case.client.date_of_birth,
        lacks_capacity=case.lacks_capacity,
        override=case.limitation_override,
    )


def _record_date_change(case: Case, before: dt.date | None, acting_user: User | None, extra=()) -> None:
    rows = [*extra]
    # The first date worked out follows a recorded change (the accident date, the birth date): only a
    # date that moves, or a fee earner's own change, makes a history line of its own.
    if before != case.limitation_date and (before is not None or extra):
        rows.append(change("Limitation", "Limitation date", before, case.limitation_date))
    if rows:
        case_event_record(
            case=case,
            kind="limitation.changed",
            acting_user=acting_user,
            actor_label="" if acting_user else SYSTEM,
            changes=rows,
        )


@transaction.atomic
def limitation_refresh(*, case: Case, acting_user: User | None = None, checked_at=None) -> Case:
    """Store the case's limitation date as the rules give it now; a history line when it moves, and
    the warnings raised for the old date are closed."""
    case = Case.objects.select_for_update(of=("self",)).select_related("accident", "client").get(pk=case.pk)
    before = case.limitation_date
    case.limitation_date = case_limitation(case).date
    case.limitation_checked_at = checked_at or timezone.now()
    case.save(update_fields=["limitation_date", "limitation_checked_at"])
    _record_date_change(case, before, acting_user)
    if before != case.limitation_date:
        limitation_warnings_close(case=case, reason="the limitation date moved")
    return case


@transaction.atomic
def limitation_set(
    *,
    case: Case,
    override: dt.date | None,
    override_reason: str,
    lacks_capacity: bool,
    acting_user: User,
) -> Case:
    """A fee earner's own limitation facts: an overriding date with its reason, and the capacity flag."""
    override_reason = override_reason.strip()
    if override is not None and not override_reason:
        raise Refused("Give the reason for overriding the limitation date (e.g. the date of knowledge).")
    if override is None:
        override_reason = ""
    case = Case.objects.select_for_update(of=("self",)).select_related("accident", "client").get(pk=case.pk)
    rows = []
    for label, name, value in (
        ("Limitation date (override)", "limitation_override", override),
        ("Why the date is overridden", "limitation_override_reason", override_reason),
        ("The client lacks capacity", "lacks_capacity", lacks_capacity),
    ):
        if getattr(case, name) != value:
            rows.append(change("Limitation", label, getattr(case, name), value))
            setattr(case, name, value)
    if not rows:
        return case
    before = case.limitation_date
    case.limitation_date = case_limitation(case).date
    case.limitation_checked_at = timezone.now()
    case.full_clean()
    case.save(
        update_fields=[
            "limitation_override",
            "limitation_override_reason",
            "lacks_capacity",
            "limitation_date",
            "limitation_checked_at",
            "updated_at",
        ]
    )
    _record_date_change(case, before, acting_user, extra=rows)
    if before != case.limitation_date:
        limitation_warnings_close(case=case, reason="the limitation date moved")
    return case


def limitation_refresh_due(*, cases=None, limit: int | None = None) -> int:
    """Bring stored limitation dates up to date where the case changed since it was last checked.

    Only a case whose date actually moves takes the recorded path (lock, history line); the others are
    marked checked in bulk. The check time is taken before reading, so an edit made meanwhile is seen
    next time. Returns how many dates moved.
    """
    started = timezone.now()
    due = (cases if cases is not None else Case.objects.all()).filter(
        Q(limitation_checked_at__isnull=True) | Q(limitation_checked_at__lt=F("updated_at"))
    )
    due = due.select_related("accident", "client").order_by("pk")
    if limit is not None:
        due = due[:limit]
    moved, unchanged = 0, []
    for case in due.iterator(chunk_size=BATCH):
        if case_limitation(case).date != case.limitation_date:
            limitation_refresh(case=case, checked_at=started)
            moved += 1
        else:
            unchanged.append(case.pk)
        if len(unchanged) >= BATCH:
            Case.objects.filter(pk__in=unchanged).update(limitation_checked_at=started)
            unchanged = []
    if unchanged:
        Case.objects.filter(pk__in=unchanged).update(limitation_checked_at=started)
    return moved


# -- Escalation ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EscalationResult:
    raised: int
    closed: int


# (level, months before the date, business days to act, who is told)
LEVELS = [
    (LimitationWarning.Level.ONE_MONTH, 1, 2, "fee earner and supervisors"),
    (LimitationWarning.Level.THREE_MONTHS, 3, 5, "fee earner"),
    (LimitationWarning.Level.SIX_MONTHS, 6, 10, "fee earner"),
]


def level_on(limitation_date: dt.date, today: dt.date) -> tuple | None:
    """The most urgent warning level reached on ``today`` (None: more than 6 months to go)."""
    for level in LEVELS:
        if today >= months_before(limitation_date, level[1]):
            return level
    return None


def limitation_warnings_close(*, case: Case, reason: str, keep_date: dt.date | None = None) -> int:
    """Close the case's open warnings (cancelling their open tasks), except those for ``keep_date``."""
    warnings = LimitationWarning.objects.filter(case=case, closed_at__isnull=True).select_related("task")
    if keep_date is not None:
        warnings = warnings.exclude(limitation_date=keep_date)
    closed = 0
    for warning in warnings:
        task_cancel(task=warning.task, reason=reason, acting_user=None, actor_label=SYSTEM)
        warning.closed_at = timezone.now()
        warning.save(update_fields=["closed_at"])
        closed += 1
    return closed


def _team_supervisors(team_ids: set[int]) -> dict[int, list[User]]:
    group = Group.objects.filter(name=Role.SUPERVISOR).first()
    people: dict[int, list[User]] = {}
    if group is None:
        return people
    for user in User.objects.filter(team_id__in=team_ids, is_active=True, groups=group).order_by("pk"):
        people.setdefault(user.team_id, []).append(user)
    return people


def limitation_escalate(*, today: dt.date | None = None) -> EscalationResult:
    """The daily escalation: raise each warning due today once, close those no longer right.

    1. Close open warnings whose case closed, lost its date (capacity) or has a different date now.
    2. For every live case within 6 months of its date, find the most urgent level reached.
    3. Raise a task for each person that level tells (the fee earner; at 1 month also the team's
       supervisors) unless an open warning for the same case, level, date and person exists; earlier
       levels' open tasks for the same date are cancelled as superseded.
    """
    today = today or timezone.localdate()
    closed = 0
    stale = LimitationWarning.objects.filter(closed_at__isnull=True).select_related("case")
    for warning in stale.iterator():
        case = warning.case
        reason = _stale_reason(case, warning)
        if reason:
            closed += limitation_warnings_close(case=case, reason=reason)
    due = Case.objects.filter(
        status__in=LIVE_STATUSES,
        lacks_capacity=False,
        limitation_date__isnull=False,
        limitation_date__lte=_months_after(today, 6),
    ).select_related("fee_earner", "team")
    cases = list(due)
    open_warnings: dict[int, list[LimitationWarning]] = {}
    for warning in LimitationWarning.objects.filter(case__in=cases, closed_at__isnull=True).select_related(
        "task"
    ):
        open_warnings.setdefault(warning.case_id, []).append(warning)
    supervisors = _team_supervisors({c.team_id for c in cases})
    raised = 0
    for case in cases:
        told = supervisors.get(case.team_id, [])
        raised += _escalate_case(case, today, open_warnings.get(case.pk, []), told)
    return EscalationResult(raised=raised, closed=closed)


def _months_after(day: dt.date, months: int) -> dt.date:
    return months_before(day, -months)


def _stale_reason(case: Case, warning: LimitationWarning) -> str:
    if case.status not in LIVE_STATUSES:
        return "the case is closed"
    if case.lacks_capacity or case.limitation_date is None:
        return "no limitation date runs now"
    if case.limitation_date != warning.limitation_date:
        return "the limitation date moved"
    return ""


@transaction.atomic
def _escalate_case(case: Case, today: dt.date, warnings: list, supervisors: list[User]) -> int:
    reached = level_on(case.limitation_date, today)
    if reached is None:
        return 0
    level, months, act_within, _ = reached
    people = [case.fee_earner] if case.fee_earner.is_active else []
    if level == LimitationWarning.Level.ONE_MONTH:
        people += [s for s in supervisors if s.pk != case.fee_earner_id]
    raised = 0
    for person in people:
        key = (person.pk, case.limitation_date)
        mine = [w for w in warnings if (w.assignee_id, w.limitation_date) == key]
        if any(w.level == level for w in mine):
            continue
        for earlier in mine:  # superseded by the more urgent warning
            task_cancel(
                task=earlier.task,
                reason="a later limitation warning replaces it",
                acting_user=None,
                actor_label=SYSTEM,
            )
            earlier.closed_at = timezone.now()
            earlier.save(update_fields=["closed_at"])
        due = min(add_business_days(today, act_within), max(today, case.limitation_date))
        task = task_create(
            case=case,
            title=_title(level, months, case.limitation_date),
            description=_description(case),
            due_date=due,
            assignee=person,
            acting_user=None,
            actor_label=SYSTEM,
        )
        LimitationWarning.objects.create(
            case=case, level=level, limitation_date=case.limitation_date, assignee=person, task=task
        )
        raised += 1
    return raised


def _title(level: str, months: int, date: dt.date) -> str:
    span = "1 month" if months == 1 else f"{months} months"
    if level == LimitationWarning.Level.ONE_MONTH:
        return f"Limitation in {span}: issue protective proceedings before {date:%d/%m/%Y}"
    return f"Limitation in {span}: {date:%d/%m/%Y}"


def _description(case: Case) -> str:
    parts = [f"The limitation date of {case.reference} is {case.limitation_date:%d/%m/%Y}.", DATE_WARNING]
    if case.status == Case.Status.IN_PORTAL:
        parts.append(PORTAL_WARNING)
    return " ".join(parts)

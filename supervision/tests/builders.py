"""Hand-built supervision data: portal claims in chosen statuses, dated where the test says.

Rows are written directly (test set-up only); the figures under test are read through the app.
"""

import datetime as dt
import itertools
from decimal import Decimal

from django.utils import timezone

from cases.models import Case, CaseEvent
from portal.base import Outcome
from portal.models import PortalClaim, PortalMessage
from portal.registry import rules_for
from worklist.models import Task

_ids = itertools.count(1)
CASE_STATUS = {Outcome.OPEN: Case.Status.IN_PORTAL, Outcome.SETTLED: Case.Status.SETTLED}


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def make_claim(case: Case, status: str, *, since: dt.datetime | None = None, **fields) -> PortalClaim:
    """An active claim on ``case`` in ``status`` since ``since``; the case follows it (as the sync does)."""
    info = rules_for(case.portal).status(status)
    claim = PortalClaim.objects.create(
        case=case,
        portal=case.portal,
        claim_id=f"SIM-{next(_ids):06d}",
        status=status,
        status_since=since or timezone.now(),
        outcome=info.outcome.value,
        **fields,
    )
    Case.objects.filter(pk=case.pk).update(
        portal_status=status, status=CASE_STATUS.get(info.outcome, Case.Status.EXITED)
    )
    case.refresh_from_db()
    return claim


def status_of(portal: str, *, stage: str | None = None, **wanted) -> str:
    """The first status of ``portal`` with the wanted StatusInfo facts (the test never names a code)."""
    for info in rules_for(portal).statuses():
        if stage is not None and info.stage != stage:
            continue
        if all(getattr(info, name) == value for name, value in wanted.items()):
            return info.code
    raise LookupError(f"No {portal} status with {stage=} {wanted}")


def portal_task(case: Case, claim: PortalClaim, *, due: dt.date, deadline: dt.date | None = None) -> Task:
    return Task.objects.create(
        case=case,
        team=case.team,
        assignee=case.fee_earner,
        title="Portal action",
        due_date=due,
        deadline=deadline,
        source=Task.Source.PORTAL,
        portal_key=f"{claim.portal}:assignment:{next(_ids)}",
    )


def task(case: Case, *, due: dt.date, assignee=None, status=Task.Status.OPEN) -> Task:
    return Task.objects.create(
        case=case,
        team=case.team,
        assignee=assignee or case.fee_earner,
        title="Call the client",
        due_date=due,
        status=status,
    )


def inbound_message(claim: PortalClaim, *, received: dt.datetime, opened: bool = False) -> PortalMessage:
    message = PortalMessage.objects.create(
        claim=claim, portal_id=f"M{next(_ids)}", direction=PortalMessage.Direction.INBOUND, body="Hello"
    )
    PortalMessage.objects.filter(pk=message.pk).update(
        received_at=received, opened_at=timezone.now() if opened else None
    )
    return message


def age_history(case: Case, when: dt.datetime) -> None:
    """Move every history line and note of ``case`` (and its opening) back to ``when`` (test set-up: the
    history is append-only for the application, so this goes through the base manager)."""
    CaseEvent._base_manager.filter(case=case).update(created_at=when)
    case.notes.update(created_at=when)
    Case.objects.filter(pk=case.pk).update(opened_at=when)


def pounds(value: str) -> Decimal:
    return Decimal(value)

"""Exactly-once portal writes: every write ClaimDesk sends goes through ``write_once``.

A write is recorded (a PortalOperation) before it is sent, and carries an idempotency key derived
from that record. Its outcome is then DONE, REJECTED (the portal refused it), FAILED (it never
reached the portal) or UNKNOWN (sent, no answer).

1. A write of the same kind already being sent for the case (a double click, two fee earners) is
   refused: the database allows one in flight per case and kind.
2. An earlier identical write whose outcome is unknown is settled first: ClaimDesk *looks* on the
   portal for its effect. Found: it is done, nothing is sent. Not found: where the portal honours
   idempotency keys it is repeated under its own key (the portal answers it, never does it twice,
   and says so if it is still processing it); otherwise it is declared lost only once it is older
   than ``SETTLE_AFTER`` (a portal slow to commit must not make ClaimDesk send twice) and the user
   is asked to come back until then.
3. Only then is a new write recorded and sent.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from cases.models import Case
from portal import errors
from portal.base import PortalAdapter
from portal.models import PortalOperation
from portal.services.results import ActionRefused

# A SENDING operation older than this was abandoned (its process died): its outcome is unknown.
ABANDONED_AFTER = dt.timedelta(minutes=5)
# An unknown write not found on the portal counts as lost only after this long.
SETTLE_AFTER = dt.timedelta(minutes=10)
IN_PROGRESS = "idempotency_in_progress"

State = PortalOperation.State


@dataclass(frozen=True)
class Write:
    """One intended effect on the portal."""

    kind: str
    label: str
    fingerprint: str
    # send(idempotency_key) performs the write and returns what the portal answered.
    send: Callable[[str], Any]
    # look() returns the portal's reference of the effect if it is on the portal, else "".
    look: Callable[[], str]
    # ref_of(answer) is the portal's reference of what ``send`` created.
    ref_of: Callable[[Any], str] = str


@dataclass(frozen=True)
class Written:
    answer: Any  # what the portal answered (None when an earlier send was found on the portal)
    portal_ref: str
    recovered: bool = False


def write_once(*, case: Case, adapter: PortalAdapter, write: Write, acting_user: User | None) -> Written:
    """Send ``write`` exactly once (see the module docstring). Raises ActionRefused or PortalError."""
    _expire_abandoned(case, write.kind)
    if PortalOperation.objects.filter(case=case, kind=write.kind, state=State.SENDING).exists():
        raise ActionRefused(
            f"{write.label} is being sent to the portal right now. Wait a moment and look again."
        )
    for earlier in _unknown(case, write):
        settled = _settle(earlier, adapter, write)
        if settled is not None:
            return settled
    operation = _start(case, write, acting_user)
    return _send(operation, write)


def _expire_abandoned(case: Case, kind: str) -> None:
    PortalOperation.objects.filter(
        case=case, kind=kind, state=State.SENDING, started_at__lt=timezone.now() - ABANDONED_AFTER
    ).update(state=State.UNKNOWN, error="Abandoned while sending (the process stopped).")


def _unknown(case: Case, write: Write) -> list[PortalOperation]:
    return list(
        PortalOperation.objects.filter(
            case=case, kind=write.kind, fingerprint=write.fingerprint[:128], state=State.UNKNOWN
        ).order_by("started_at")
    )


def _settle(earlier: PortalOperation, adapter: PortalAdapter, write: Write) -> Written | None:
    """Settle an earlier send of unknown outcome; a result when that settles this write too."""
    found = write.look()
    if found:
        operation_finish(
            earlier, State.DONE, portal_ref=found, error="Found on the portal before any resend."
        )
        return Written(None, found, recovered=True)
    if adapter.honours_idempotency_keys:
        taken = PortalOperation.objects.filter(pk=earlier.pk, state=State.UNKNOWN).update(state=State.SENDING)
        if not taken:
            raise ActionRefused(f"{write.label} is being settled right now. Wait a moment and look again.")
        written = _send(earlier, write)
        return Written(written.answer, written.portal_ref, recovered=True)
    if earlier.started_at > timezone.now() - SETTLE_AFTER:
        raise ActionRefused(
            f"{write.label}: an earlier send may still be being processed by the portal, and it is not "
            "there yet. ClaimDesk will not send it twice: try again in a few minutes.",
            level="warning",
        )
    operation_finish(earlier, State.FAILED, error="Not on the portal when checked: it never arrived.")
    return None


def _start(case: Case, write: Write, acting_user: User | None) -> PortalOperation:
    try:
        with transaction.atomic():
            return PortalOperation.objects.create(
                case=case,
                portal=case.portal,
                kind=write.kind,
                label=write.label[:200],
                fingerprint=write.fingerprint[:128],
                acting_user=acting_user,
            )
    except IntegrityError:
        raise ActionRefused(
            f"{write.label} is being sent to the portal right now. Wait a moment and look again."
        ) from None


def _send(operation: PortalOperation, write: Write) -> Written:
    try:
        answer = write.send(operation.idempotency_key)
    except errors.PortalConflict as exc:
        if exc.code == IN_PROGRESS:
            operation_finish(operation, State.UNKNOWN, error=str(exc))
            raise ActionRefused(
                f"{write.label}: the portal is still processing it. ClaimDesk will not send it twice: "
                "look again in a minute.",
                level="warning",
            ) from None
        operation_finish(operation, State.REJECTED, error=str(exc))
        raise
    except errors.PortalOutcomeUnknown as exc:
        operation_finish(operation, State.UNKNOWN, error=str(exc))
        raise
    except errors.PortalRejected as exc:
        operation_finish(operation, State.REJECTED, error=str(exc))
        raise
    except errors.PortalError as exc:
        operation_finish(operation, State.FAILED, error=str(exc))
        raise
    portal_ref = write.ref_of(answer)
    operation_finish(operation, State.DONE, portal_ref=portal_ref)
    return Written(answer, portal_ref)


def operation_finish(
    operation: PortalOperation, state: str, *, portal_ref: str = "", error: str = ""
) -> None:
    operation.state, operation.portal_ref, operation.error = state, portal_ref[:60], error[:500]
    operation.finished_at = timezone.now()
    operation.save(update_fields=["state", "portal_ref", "error", "finished_at"])


def operation_settle_seen(*, case_id: int, kind: str, fingerprint: str, portal_ref: str) -> bool:
    """The sync saw on the portal what an unknown (or abandoned) write of ours created: it is done.

    True when such a write existed (the item is ours, already known to the user who sent it).
    """
    ours = PortalOperation.objects.filter(
        case_id=case_id, kind=kind, fingerprint=fingerprint[:128], state__in=[State.UNKNOWN, State.SENDING]
    )
    found = ours.exists()
    # One still being sent (and not abandoned) is left to its sender, who will record the answer.
    ours.exclude(state=State.SENDING, started_at__gte=timezone.now() - ABANDONED_AFTER).update(
        state=State.DONE, portal_ref=portal_ref[:60], finished_at=timezone.now(), error="Seen on the portal."
    )
    return found

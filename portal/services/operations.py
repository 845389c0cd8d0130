"""Portal writes recorded before they are sent (PortalOperation): the basis of exactly-once actions.

An operation is SENDING while in flight (at most one of a kind per case, by a database constraint),
then DONE, REJECTED (the portal refused it), FAILED (it never reached the portal) or UNKNOWN (sent,
no answer). An UNKNOWN or abandoned SENDING operation means "look on the portal before resending".
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from cases.models import Case
from portal.models import PortalOperation

# A SENDING operation older than this was abandoned (its process died); it counts as UNKNOWN.
ABANDONED_AFTER = dt.timedelta(minutes=5)


class OperationInFlight(Exception):
    """Another request is sending the same action for this case right now."""


def operation_pending_check(*, case: Case, kind: str) -> PortalOperation | None:
    """The last operation of this kind whose effect on the portal is unknown, if any."""
    cutoff = timezone.now() - ABANDONED_AFTER
    return (
        PortalOperation.objects.filter(case=case, kind=kind)
        .filter(
            state__in=[PortalOperation.State.UNKNOWN, PortalOperation.State.SENDING],
        )
        .exclude(state=PortalOperation.State.SENDING, started_at__gte=cutoff)
        .order_by("-started_at")
        .first()
    )


def operation_start(*, case: Case, kind: str, fingerprint: str, acting_user: User | None) -> PortalOperation:
    abandoned = timezone.now() - ABANDONED_AFTER
    with transaction.atomic():
        PortalOperation.objects.filter(
            case=case, kind=kind, state=PortalOperation.State.SENDING, started_at__lt=abandoned
        ).update(state=PortalOperation.State.UNKNOWN, error="Abandoned while sending (the process stopped).")
    try:
        with transaction.atomic():
            return PortalOperation.objects.create(
                case=case,
                portal=case.portal,
                kind=kind,
                fingerprint=fingerprint[:128],
                acting_user=acting_user,
            )
    except IntegrityError:
        raise OperationInFlight(
            "This action is already being sent to the portal for this case. Wait a moment and look again."
        ) from None


def operation_finish(
    operation: PortalOperation, state: str, *, portal_ref: str = "", error: str = ""
) -> None:
    operation.state, operation.portal_ref, operation.error = state, portal_ref, error[:500]
    operation.finished_at = timezone.now()
    operation.save(update_fields=["state", "portal_ref", "error", "finished_at"])


def operations_settle(*, case: Case, kind: str, portal_ref: str = "", arrived: bool = True) -> None:
    """Close earlier operations of unknown outcome, once the portal has been checked for their effect."""
    if arrived:
        state, note = PortalOperation.State.DONE, "Found on the portal when checking before a retry."
    else:
        state, note = PortalOperation.State.FAILED, "Not on the portal when checked: it never arrived."
    PortalOperation.objects.filter(
        case=case, kind=kind, state__in=[PortalOperation.State.UNKNOWN, PortalOperation.State.SENDING]
    ).exclude(started_at__gte=timezone.now() - ABANDONED_AFTER, state=PortalOperation.State.SENDING).update(
        state=state, portal_ref=portal_ref, finished_at=timezone.now(), error=note
    )

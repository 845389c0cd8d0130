"""Bringing ClaimDesk's copy of a portal claim in line with what the portal says (shared by every
action and by the sync). The portal's statuses are read only through its rules."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from cases.models import Case
from cases.services import case_event_record, case_portal_follow
from lib.audit import change
from portal.base import ClaimState, Outcome, StatusInfo
from portal.models import PortalClaim, PortalUpdate
from portal.registry import rules_for
from portal.services.updates import update_record

# How long a claim waiting for the portal to pick a compensator is polled: the portal raises no
# notification when it does (public integration code polled for 7 days; we allow a little more).
COMPENSATOR_POLL_DAYS = 10

CASE_STATUS = {
    Outcome.OPEN: Case.Status.IN_PORTAL,
    Outcome.SETTLED: Case.Status.SETTLED,
    Outcome.EXITED: Case.Status.EXITED,
}

_FIELDS = {
    "status": "Portal status",
    "compensator_name": "Compensator",
    "compensator_reference": "Compensator's reference",
    "claim_handler": "Claim handler",
    "liability_decision": "Liability decision",
    "liability_percentage": "Liability %",
    "liability_deadline": "Liability deadline",
}


def status_of(claim: PortalClaim) -> StatusInfo:
    return rules_for(claim.portal).status(claim.status)


def poll_until(info: StatusInfo) -> dt.datetime | None:
    return timezone.now() + dt.timedelta(days=COMPENSATOR_POLL_DAYS) if info.awaits_compensator else None


@transaction.atomic
def claim_state_apply(
    *,
    claim: PortalClaim,
    state: ClaimState,
    acting_user: User | None,
    actor_label: str = "",
    pulled_by: User | None = None,
) -> list[dict]:
    """Copy the portal's view of a claim onto ours and the case's; history rows for what changed.

    A status change is also announced to the fee earner (an outbox row, in this same transaction).
    The caller's ``claim`` ends up holding what was saved.
    """
    given, claim = claim, PortalClaim.objects.select_for_update().get(pk=claim.pk)
    previous = rules_for(claim.portal).status(claim.status)
    changes = _copy_fields(claim, state)
    info = rules_for(claim.portal).status(claim.status)
    claim.outcome = info.outcome.value
    if previous.code != info.code or claim.status_since is None:
        claim.status_since = timezone.now()
    claim.facts = state.facts.to_json()
    claim.portal_version = state.version or claim.portal_version
    _settlement(claim, state, info)
    claim.compensator_is_mib = state.compensator_is_mib
    claim.submitted_at = claim.submitted_at or state.submitted_at
    claim.portal_updated_at = state.updated_at or claim.portal_updated_at
    first_look, claim.last_synced_at = claim.last_synced_at is None, timezone.now()
    if not info.awaits_compensator:
        claim.needs_poll_until = None
    elif not previous.awaits_compensator or first_look:  # polling starts once, when the wait is first seen
        claim.needs_poll_until = claim.needs_poll_until or poll_until(info)
    claim.save()
    for field in PortalClaim._meta.concrete_fields:
        setattr(given, field.attname, getattr(claim, field.attname))
    case = Case.objects.select_for_update().get(pk=claim.case_id)
    if claim.is_active:
        changes += case_portal_follow(case=case, portal_status=claim.status, status=CASE_STATUS[info.outcome])
    if changes:
        case_event_record(
            case=case,
            kind="portal.sync",
            acting_user=acting_user,
            actor_label=actor_label,
            summary=f"{claim.get_portal_display()} claim {claim.claim_id}: {claim.status}",
            changes=changes,
        )
    if previous.code != info.code:
        status_announce(claim, info, pulled_by=pulled_by)
    return changes


def status_announce(claim: PortalClaim, info: StatusInfo, *, pulled_by: User | None) -> None:
    """Tell the fee earner the claim's new status (an outbox row; in the caller's transaction)."""
    update_record(
        claim=claim,
        kind=PortalUpdate.Kind.STATUS,
        summary=f"Status now {info.code}: {info.label}",
        status=info.code,
        pulled_by=pulled_by,
    )


def _settlement(claim: PortalClaim, state: ClaimState, info: StatusInfo) -> None:
    """A settled claim keeps what was agreed: the accepted offer's total."""
    if info.outcome != Outcome.SETTLED or claim.settled_amount is not None:
        return
    accepted = [offer for offer in state.facts.offers if offer.state == "Accepted"]
    if accepted:
        claim.settled_amount, claim.settled_at = accepted[-1].total, timezone.now()


def _copy_fields(claim: PortalClaim, state: ClaimState) -> list[dict]:
    changes = []
    for name, label in _FIELDS.items():
        new = getattr(state, name)
        if new in ("", None) and name != "status":
            continue
        if getattr(claim, name) != new:
            changes.append(change("Portal", label, getattr(claim, name), new))
            setattr(claim, name, new)
    return changes

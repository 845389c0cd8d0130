"""Bringing ClaimDesk's copy of a portal claim in line with what the portal says (shared by every
action and by the sync)."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from cases.models import Case
from cases.services import case_event_record
from portal.base import ClaimState
from portal.models import PortalClaim

# How long a claim waiting for a compensator is polled: the portal raises no notification when the
# Portal Support Centre assigns one (NAHL's code polled for 7 days; we allow a little more).
COMPENSATOR_POLL_DAYS = 10
WAITING_FOR_COMPENSATOR = "Pending-CompensatorAssignment"

_FIELDS = {
    "status": "Portal status",
    "compensator_name": "Compensator",
    "compensator_reference": "Compensator's reference",
    "claim_handler": "Claim handler",
    "liability_decision": "Liability decision",
    "liability_percentage": "Liability %",
    "liability_deadline": "Liability deadline",
}


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    return str(value)


def case_status_for(portal_status: str) -> str:
    """Our status of a case whose portal claim is in ``portal_status``."""
    if portal_status == "Resolved-Completed":
        return Case.Status.SETTLED
    if portal_status.startswith("Resolved-"):
        return Case.Status.EXITED
    return Case.Status.IN_PORTAL


@transaction.atomic
def claim_state_apply(
    *, claim: PortalClaim, state: ClaimState, acting_user: User | None, actor_label: str = ""
) -> list[dict]:
    """Copy the portal's view of a claim onto ours and the case's; history rows for what changed."""
    claim = PortalClaim.objects.select_for_update().get(pk=claim.pk)
    previous_status = claim.status
    changes = []
    for name, label in _FIELDS.items():
        new = getattr(state, name)
        if new in ("", None) and name != "status":
            continue
        if getattr(claim, name) != new:
            changes.append(
                {
                    "section": "Portal",
                    "field": label,
                    "before": _shown(getattr(claim, name)),
                    "after": _shown(new),
                }
            )
            setattr(claim, name, new)
    claim.compensator_is_mib = state.compensator_is_mib
    claim.submitted_at = claim.submitted_at or state.submitted_at
    claim.portal_updated_at = state.updated_at or claim.portal_updated_at
    claim.last_synced_at = timezone.now()
    if claim.status != WAITING_FOR_COMPENSATOR:
        claim.needs_poll_until = None
    elif previous_status != WAITING_FOR_COMPENSATOR:  # polling starts once, when the wait starts
        claim.needs_poll_until = timezone.now() + dt.timedelta(days=COMPENSATOR_POLL_DAYS)
    claim.save()
    case = Case.objects.select_for_update().get(pk=claim.case_id)
    if claim.is_active:
        _case_follow(case, claim, changes)
    if changes:
        case_event_record(
            case=case,
            kind="portal.sync",
            acting_user=acting_user,
            actor_label=actor_label,
            summary=f"{claim.get_portal_display()} claim {claim.claim_id}: {claim.status}",
            changes=changes,
        )
    return changes


def _case_follow(case: Case, claim: PortalClaim, changes: list[dict]) -> None:
    status = case_status_for(claim.status)
    fields = []
    if case.portal_status != claim.status:
        case.portal_status = claim.status
        fields.append("portal_status")
    if case.status != status and case.status != Case.Status.CLOSED:
        changes.append(
            {
                "section": "Case",
                "field": "Status",
                "before": case.get_status_display(),
                "after": Case.Status(status).label,
            }
        )
        case.status = status
        fields.append("status")
    if fields:
        case.save(update_fields=[*fields, "updated_at"])

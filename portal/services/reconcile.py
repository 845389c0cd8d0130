"""Compare ClaimDesk's copy of a portal claim with the portal itself. Reads only.

Checked per claim: the status (on the claim and on its case); messages and documents (none missing,
none extra, none stored twice); every open portal action has an open task and no task stays open
for an action the portal closed; and every item the sync stored was announced to the fee earner
(its PortalUpdate row), so nothing arrived untold. Used by ``manage.py sync_verify`` and the tests.
"""

from portal.base import PortalAdapter
from portal.models import PortalClaim, PortalDocument, PortalMessage, PortalUpdate
from portal.registry import adapter_for
from portal.services.refresh import assignment_key
from worklist.models import Task


def portal_differences(portal: str) -> tuple[list[str], int]:
    """Every difference between the portal's active claims here and there, and how many were checked."""
    adapter = adapter_for(portal)
    problems, checked = [], 0
    try:
        for claim in (
            PortalClaim.objects.filter(portal=portal, is_active=True).select_related("case").iterator()
        ):
            problems += claim_differences(claim, adapter)
            checked += 1
    finally:
        adapter.close()
    return problems, checked


def claim_differences(claim: PortalClaim, adapter: PortalAdapter) -> list[str]:
    """What differs between our copy of ``claim`` and the portal's (empty when they agree)."""
    problems = []
    state = adapter.claim(claim.claim_id)
    if state.status != claim.status:
        problems.append(f"{claim.claim_id}: status here {claim.status!r}, on the portal {state.status!r}")
    if claim.is_active and claim.case.portal_status != state.status:
        problems.append(
            f"{claim.claim_id}: the case shows {claim.case.portal_status!r}, the portal {state.status!r}"
        )
    problems += _same_ids(
        claim,
        "message",
        {m.portal_id for m in adapter.messages(claim.claim_id)},
        PortalMessage.objects.filter(claim=claim).values_list("portal_id", flat=True),
    )
    problems += _same_ids(
        claim,
        "document",
        {a.portal_id for a in adapter.attachments(claim.claim_id)},
        PortalDocument.objects.filter(claim=claim).values_list("portal_id", flat=True),
    )
    since = claim.submitted_at or claim.created_at
    problems += _task_differences(
        claim, {a.portal_id for a in adapter.claim_actions(claim.claim_id, since=since)}
    )
    problems += _untold(claim)
    return problems


def _same_ids(claim: PortalClaim, what: str, portal_ids: set[str], local) -> list[str]:
    local = list(local)
    problems = []
    if len(local) != len(set(local)):
        problems.append(f"{claim.claim_id}: a {what} is stored twice")
    missing, extra = portal_ids - set(local), set(local) - portal_ids
    if missing:
        problems.append(f"{claim.claim_id}: {len(missing)} {what}(s) on the portal are missing here")
    if extra:
        problems.append(f"{claim.claim_id}: {len(extra)} {what}(s) here are not on the portal")
    return problems


def _task_differences(claim: PortalClaim, open_actions: set[str]) -> list[str]:
    prefix = assignment_key(claim)
    open_tasks = {
        key.removeprefix(prefix)
        for key in Task.objects.filter(
            case=claim.case, status=Task.Status.OPEN, portal_key__startswith=prefix
        ).values_list("portal_key", flat=True)
    }
    problems = []
    if missing := open_actions - open_tasks:
        problems.append(f"{claim.claim_id}: {len(missing)} open portal action(s) have no open task")
    if stale := open_tasks - open_actions:
        problems.append(f"{claim.claim_id}: {len(stale)} task(s) stay open for action(s) the portal closed")
    return problems


def _untold(claim: PortalClaim) -> list[str]:
    """Items received from the portal, and the status, with no announcement to the fee earner."""
    problems = []
    told = PortalUpdate.objects.filter(claim=claim, kind=PortalUpdate.Kind.STATUS).order_by("-id").first()
    if told is None or told.status != claim.status:
        problems.append(f"{claim.claim_id}: the status {claim.status!r} was never announced")
    messages = PortalMessage.objects.filter(claim=claim, direction=PortalMessage.Direction.INBOUND)
    untold = messages.exclude(pk__in=PortalUpdate.objects.filter(message__isnull=False).values("message_id"))
    if count := untold.count():
        problems.append(f"{claim.claim_id}: {count} received message(s) were never announced")
    documents = PortalDocument.objects.filter(claim=claim, direction=PortalDocument.Direction.INBOUND)
    untold = documents.exclude(
        pk__in=PortalUpdate.objects.filter(document__isnull=False).values("document_id")
    )
    if count := untold.count():
        problems.append(f"{claim.claim_id}: {count} received document(s) were never announced")
    return problems

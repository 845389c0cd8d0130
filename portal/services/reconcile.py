"""Compare ClaimDesk's copy of a portal claim with the portal itself (status, messages, documents).

Used after a sync to prove nothing was lost or duplicated (``manage.py sync_verify``), and by the
fault tests. Reads only.
"""

from portal.models import PortalClaim, PortalDocument, PortalMessage


def claim_differences(claim: PortalClaim, adapter) -> list[str]:
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

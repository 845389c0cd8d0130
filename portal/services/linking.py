"""Linking a claim already on the portal to a case (Options → Enable Special Edits), and unlinking it.

Linking gives a case the claim's correspondence, so it is guarded:

1. Only a claim of this firm can be linked (the portal answers for the firm's claims only), and only a
   main claim: a child claim (e.g. OIC's medical or liability-challenge claims) belongs to its parent.
2. A claim held by any case (its parent or children included) cannot be linked again. If the holding
   case is one the user may see, the answer names it; otherwise the answer is exactly the one for a
   claim the portal does not know, so nobody learns of another team's cases.
3. The portal's claimant name and date of birth are shown beside the case's before anything is
   linked; a mismatch needs an explicit override with a reason, and the history records it.
4. Unlinking (a wrong link) is recorded too, and leaves the claim on the portal untouched.
"""

import datetime as dt
import re
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from cases.models import Case
from cases.selectors import cases_for_user
from cases.services import case_portal_follow
from lib.audit import change
from portal import errors
from portal.base import ClaimState, PortalAdapter
from portal.models import PortalClaim
from portal.services.claims import active_claim, claim_create
from portal.services.refresh import assignment_key
from portal.services.results import ActionRefused, ActionResult, history, portal_call
from portal.services.state import claim_state_apply
from worklist.services import tasks_portal_close

CLAIM_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{2,59}$")


@dataclass(frozen=True)
class LinkCandidate:
    """A portal claim found for linking, with what the portal says about whose it is."""

    claim_id: str
    status: str
    portal_name: str
    portal_date_of_birth: dt.date | None
    name_matches: bool
    date_of_birth_matches: bool

    @property
    def matches(self) -> bool:
        return self.name_matches and self.date_of_birth_matches


def _unknown(claim_id: str) -> ActionRefused:
    return ActionRefused(
        f"The portal has no claim {claim_id} that can be linked to this case. Check the Claim ID."
    )


def _checked_input(case: Case, claim_id: str, process_ind: str) -> str:
    claim_id = claim_id.strip()
    if process_ind.strip() != "1":
        raise ActionRefused("Process Ind must be 1 (the number one, not the letter I) to link a claim.")
    if not CLAIM_ID.match(claim_id):
        raise ActionRefused(f"“{claim_id}” is not a portal claim ID (for example OIC-12345678).")
    if active_claim(case) is not None:
        raise ActionRefused(
            "This case is already linked to a portal claim. Unlink it first if it is the wrong one."
        )
    return claim_id


def _refuse_if_held(case: Case, claim_ids: set[str], asked: str, user: User) -> None:
    holder = (
        PortalClaim.objects.filter(portal=case.portal, claim_id__in=claim_ids, is_active=True)
        .select_related("case")
        .first()
    )
    if holder is None:
        return
    if cases_for_user(user).filter(pk=holder.case_id).exists():
        raise ActionRefused(f"Claim {holder.claim_id} is already linked to case {holder.case.reference}.")
    raise _unknown(asked)


def _candidate_state(case: Case, adapter: PortalAdapter, claim_id: str, user: User) -> ClaimState:
    _refuse_if_held(case, {claim_id}, claim_id, user)
    try:
        state = adapter.claim(claim_id)
    except errors.PortalNotFound:
        raise _unknown(claim_id) from None
    family = {state.claim_id, *state.child_claim_ids} | (
        {state.parent_claim_id} if state.parent_claim_id else set()
    )
    _refuse_if_held(case, family, claim_id, user)
    if state.parent_claim_id:
        raise ActionRefused(
            f"Claim {claim_id} is part of claim {state.parent_claim_id} (a medical or challenge claim). "
            f"Link the main claim, {state.parent_claim_id}: its parts come with it."
        )
    return state


def _candidate(case: Case, state: ClaimState) -> LinkCandidate:
    client = case.client
    portal_name = " ".join(p for p in (state.claimant_first_name, state.claimant_last_name) if p)
    ours = (client.first_name.strip().lower(), client.last_name.strip().lower())
    theirs = (state.claimant_first_name.strip().lower(), state.claimant_last_name.strip().lower())
    return LinkCandidate(
        claim_id=state.claim_id,
        status=state.status,
        portal_name=portal_name,
        portal_date_of_birth=state.claimant_date_of_birth,
        name_matches=bool(portal_name) and ours == theirs,
        date_of_birth_matches=state.claimant_date_of_birth is not None
        and state.claimant_date_of_birth == client.date_of_birth,
    )


def claim_link_lookup(*, case: Case, claim_id: str, process_ind: str, acting_user: User) -> ActionResult:
    """Find the claim for linking; the result carries the candidate to confirm (``candidate``)."""
    with portal_call(case.portal, "Link portal claim", case=case, acting_user=acting_user) as call:
        claim_id = _checked_input(case, claim_id, process_ind)
        state = _candidate_state(case, call.adapter, claim_id, acting_user)
        call.result = ActionResult(True, "Check the claimant before linking.", detail=_candidate(case, state))
    return call.result


def claim_link(
    *, case: Case, claim_id: str, process_ind: str, override_reason: str = "", acting_user: User
) -> ActionResult:
    """Link the claim after the fee earner confirmed it is the client's (checked again here)."""
    with portal_call(case.portal, "Link portal claim", case=case, acting_user=acting_user) as call:
        claim_id = _checked_input(case, claim_id, process_ind)
        state = _candidate_state(case, call.adapter, claim_id, acting_user)
        candidate = _candidate(case, state)
        if not candidate.matches and not override_reason.strip():
            raise ActionRefused(
                "The portal's claimant does not match this case's client. Link it only if you are sure, "
                "and give the reason."
            )
        try:
            with transaction.atomic():
                claim = claim_create(case, state, PortalClaim.LinkedBy.SPECIAL_EDIT, acting_user)
                claim_state_apply(claim=claim, state=state, acting_user=acting_user)
                history(
                    case,
                    acting_user,
                    _link_summary(candidate, override_reason),
                    changes=_link_rows(case, candidate),
                )
        except IntegrityError:
            raise ActionRefused(f"Claim {claim_id} was linked to another case a moment ago.") from None
        call.result = ActionResult(
            True, f"Linked to claim {claim_id} ({state.status}). Re-Sync with Portal brings its notes now."
        )
    return call.result


def _link_summary(candidate: LinkCandidate, override_reason: str) -> str:
    if candidate.matches:
        return f"Linked claim {candidate.claim_id}: the portal's claimant matches the client"
    return (
        f"Linked claim {candidate.claim_id} although the claimant does not match: {override_reason.strip()}"
    )


def _link_rows(case: Case, candidate: LinkCandidate) -> list[dict]:
    client = case.client
    return [
        change("Portal claimant", "Name", client.full_name, candidate.portal_name or "(not given)"),
        change("Portal claimant", "Date of birth", client.date_of_birth, candidate.portal_date_of_birth),
    ]


@transaction.atomic
def claim_unlink(*, case: Case, reason: str, acting_user: User) -> ActionResult:
    """Undo a link: the case no longer follows the claim, which stays on the portal as it was."""
    claim = active_claim(case)
    if claim is None or claim.linked_by != PortalClaim.LinkedBy.SPECIAL_EDIT:
        return ActionResult(
            False,
            "Only a claim linked with Special Edits can be unlinked; "
            "a claim submitted from ClaimDesk is left with Exit Portal.",
        )
    if not reason.strip():
        return ActionResult(False, "Give the reason for unlinking the claim.")
    claim.is_active, claim.unlinked_at = False, timezone.now()
    claim.save(update_fields=["is_active", "unlinked_at"])
    tasks_portal_close(case=case, key_prefix=assignment_key(claim))
    rows = case_portal_follow(case=case, portal_status="", status=Case.Status.NEW)
    history(case, acting_user, f"Unlinked claim {claim.claim_id}: {reason.strip()}"[:300], changes=rows)
    return ActionResult(
        True, f"Claim {claim.claim_id} is no longer linked to this case. Nothing changed on the portal."
    )

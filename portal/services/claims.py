"""Portal actions on a case: Submit, Complete Submission, Exit Portal, link an existing claim, Portal
Reset. Each returns an ActionResult for the screen and writes its outcome to the case history."""

import datetime as dt
import re
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from cases.models import Case, Portal
from cases.services import case_event_record
from portal import errors
from portal.base import ClaimState, Problem
from portal.models import PortalClaim, PortalOperation
from portal.registry import adapter_for
from portal.services.operations import (
    OperationInFlight,
    operation_finish,
    operation_pending_check,
    operation_start,
    operations_settle,
)
from portal.services.state import (
    COMPENSATOR_POLL_DAYS,
    WAITING_FOR_COMPENSATOR,
    case_status_for,
    claim_state_apply,
)
from portal.services.sync import FIRST_SYNC_DUE

# The seed guide's advice when Complete Submission comes too early.
NOT_READY_ADVICE = (
    "The portal is still processing the claim. Wait a couple of minutes, "
    "then click Complete Submission again."
)


@dataclass
class ActionResult:
    ok: bool
    message: str
    problems: list[Problem] = field(default_factory=list)
    level: str = ""

    def __post_init__(self):
        self.level = self.level or ("success" if self.ok else "error")


def active_claim(case: Case) -> PortalClaim | None:
    return case.portal_claims.filter(is_active=True).first()


def _history(
    case: Case, acting_user: User | None, summary: str, *, failed: bool = False, changes=None
) -> None:
    kind = "portal.error" if failed else "portal.action"
    case_event_record(case=case, kind=kind, acting_user=acting_user, summary=summary[:300], changes=changes)


def _failure(case: Case, acting_user: User, action: str, exc: errors.PortalError) -> ActionResult:
    if isinstance(exc, errors.PortalAuthError | errors.PortalNotConfigured):
        advice = " An administrator must check the portal settings."
    elif isinstance(exc, errors.PortalOutcomeUnknown):
        advice = " It may have arrived: ClaimDesk will check the portal before sending it again."
    elif isinstance(exc, errors.PortalUnavailable):
        advice = " Nothing was changed. Try again in a few minutes."
    else:
        advice = ""
    _history(case, acting_user, f"{action} failed: {exc.message}", failed=True)
    return ActionResult(False, f"{action} did not go through: {exc.message}{advice}")


# -- Submit to the portal (step 1) ------------------------------------------------------------------


def claim_submit(*, case: Case, acting_user: User) -> ActionResult:
    """Send the claim form. Exactly once: an earlier send whose answer was lost is found, not repeated.

    1. Refuse if the case already has a claim on the portal, or the pre-submission check finds problems.
    2. If an earlier attempt's outcome is unknown, look for the claim on the portal by our reference.
    3. Record the intent, send, and link the claim the portal created (or already had: 409 duplicate).
    """
    if active_claim(case) is not None:
        return ActionResult(False, "This case already has a claim on the portal.")
    try:
        adapter = adapter_for(case.portal)
    except errors.PortalError as exc:
        return _failure(case, acting_user, "Submit to portal", exc)
    try:
        problems = adapter.check(case, acting_user=acting_user)
        if problems:
            return ActionResult(
                False, "Some details are missing or invalid. Fix them, then submit again.", problems
            )
        found = _find_lost_submission(case, adapter)
        if found is not None:
            return _submitted(case, found, acting_user, recovered=True)
        return _send_claim(case, adapter, acting_user)
    except OperationInFlight as exc:
        return ActionResult(False, str(exc))
    except errors.PortalError as exc:
        return _failure(case, acting_user, f"Submit to {adapter.label}", exc)
    finally:
        adapter.close()


def _find_lost_submission(case: Case, adapter) -> ClaimState | None:
    """The claim an earlier send created, if an earlier send's outcome is unknown and it did arrive."""
    if operation_pending_check(case=case, kind=PortalOperation.Kind.SUBMIT) is None:
        return None
    found = adapter.find(case)
    operations_settle(
        case=case,
        kind=PortalOperation.Kind.SUBMIT,
        portal_ref=found.claim_id if found else "",
        arrived=bool(found),
    )
    return found


def _send_claim(case: Case, adapter, acting_user: User) -> ActionResult:
    operation = operation_start(
        case=case, kind=PortalOperation.Kind.SUBMIT, fingerprint=case.reference, acting_user=acting_user
    )
    try:
        state = adapter.submit(case, acting_user=acting_user)
    except errors.PortalConflict as exc:
        if exc.code != "duplicate_client_reference":
            operation_finish(operation, PortalOperation.State.REJECTED, error=str(exc))
            raise
        state = adapter.find(case)  # the portal already has this claim: adopt it, never make a second
        if state is None:
            operation_finish(operation, PortalOperation.State.UNKNOWN, error=str(exc))
            raise
    except errors.PortalOutcomeUnknown as exc:
        state = _look_again(adapter, case)
        if state is None:
            operation_finish(operation, PortalOperation.State.UNKNOWN, error=str(exc))
            raise
    except errors.PortalRejected as exc:
        operation_finish(operation, PortalOperation.State.REJECTED, error=str(exc))
        return _rejected(case, adapter, acting_user, exc)
    except errors.PortalError as exc:
        operation_finish(operation, PortalOperation.State.FAILED, error=str(exc))
        raise
    operation_finish(operation, PortalOperation.State.DONE, portal_ref=state.claim_id)
    return _submitted(case, state, acting_user, recovered=False)


def _look_again(adapter, case: Case) -> ClaimState | None:
    try:
        return adapter.find(case)
    except errors.PortalError:
        return None


def _rejected(case: Case, adapter, acting_user: User, exc: errors.PortalRejected) -> ActionResult:
    problems = []
    for problem in exc.problems:
        tab, url_name, field_id = adapter.field_for(problem.field)
        url = _tab_url(url_name, case, field_id)
        problems.append(Problem(tab=tab, message=f"{problem.message} ({problem.field})", url=url))
    summary = f"Submit to {adapter.label} refused: {exc.message}"
    details = [
        {"section": "Portal", "field": p.field, "before": "", "after": p.message} for p in exc.problems
    ]
    _history(case, acting_user, summary, failed=True, changes=details)
    return ActionResult(
        False, f"The portal refused the claim: {exc.message} Nothing was changed here.", problems
    )


def _tab_url(url_name: str, case: Case, field_id: str) -> str:
    return reverse(url_name, args=[case.reference]) + (f"#{field_id}" if field_id else "")


@transaction.atomic
def _submitted(case: Case, state: ClaimState, acting_user: User, *, recovered: bool) -> ActionResult:
    claim = _claim_create(case, state, PortalClaim.LinkedBy.SUBMISSION, acting_user)
    claim.submitted_at = timezone.now()
    claim.save(update_fields=["submitted_at"])
    how = "found on the portal (an earlier send had arrived)" if recovered else "submitted"
    message = f"Claim {state.claim_id} {how}: status {state.status}."
    if state.status == "Pending-New":
        message += " Wait a couple of minutes, then click Complete Submission."
    return ActionResult(True, message)


def _claim_create(case: Case, state: ClaimState, linked_by: str, acting_user: User) -> PortalClaim:
    before = case.status_label
    waiting = state.status == WAITING_FOR_COMPENSATOR
    claim = PortalClaim.objects.create(
        case=case,
        portal=case.portal,
        claim_id=state.claim_id,
        status=state.status,
        linked_by=linked_by,
        needs_poll_until=timezone.now() + dt.timedelta(days=COMPENSATOR_POLL_DAYS) if waiting else None,
        sync_due_at=timezone.now(),
        **FIRST_SYNC_DUE,
    )
    case.status, case.portal_status = case_status_for(state.status), state.status
    case.save(update_fields=["status", "portal_status", "updated_at"])
    action = "Linked to" if linked_by == PortalClaim.LinkedBy.SPECIAL_EDIT else "Submitted to"
    change = {"section": "Case", "field": "Status", "before": before, "after": state.status}
    _history(
        case, acting_user, f"{action} {claim.get_portal_display()}: claim {state.claim_id}", changes=[change]
    )
    return claim


# -- Complete Submission (step 2) -----------------------------------------------------------------


def claim_complete(*, case: Case, acting_user: User) -> ActionResult:
    claim = active_claim(case)
    if claim is None:
        return ActionResult(False, "Submit the claim to the portal first.")
    adapter = adapter_for(claim.portal)
    try:
        try:
            state = adapter.complete_submission(claim.claim_id)
        except errors.PortalConflict as exc:
            if exc.code == "claim_processing":
                _history(case, acting_user, "Complete Submission: the portal is still processing the claim")
                return ActionResult(False, NOT_READY_ADVICE, level="warning")
            state = adapter.claim(claim.claim_id)  # maybe done already (an earlier answer was lost)
            if state.status == "Pending-New":
                raise
        except errors.PortalOutcomeUnknown:
            state = adapter.claim(claim.claim_id)
            if state.status == "Pending-New":
                raise
        claim_state_apply(claim=claim, state=state, acting_user=acting_user)
        PortalClaim.objects.filter(pk=claim.pk).update(completed_at=timezone.now())
        compensator = state.compensator_name or "to be assigned by the Portal Support Centre"
        _history(case, acting_user, f"Complete Submission: {state.status}, compensator {compensator}")
        return ActionResult(True, f"Submission complete: {state.status}. Compensator: {compensator}.")
    except errors.PortalError as exc:
        return _failure(case, acting_user, "Complete Submission", exc)
    finally:
        adapter.close()


# -- Exit Portal ----------------------------------------------------------------------------------


def claim_exit(*, case: Case, reason: str, comment: str, acting_user: User) -> ActionResult:
    claim = active_claim(case)
    if claim is None or claim.is_resolved:
        return ActionResult(False, "This case has no open claim on the portal to exit.")
    adapter = adapter_for(claim.portal)
    try:
        try:
            state = adapter.exit(claim.claim_id, reason=reason, comment=comment)
        except (errors.PortalOutcomeUnknown, errors.PortalConflict):
            state = adapter.claim(claim.claim_id)  # did the exit arrive before the answer was lost?
            if state.status not in {"Pending-Withdrawal", "Resolved-Withdrawn"}:
                raise
        claim_state_apply(claim=claim, state=state, acting_user=acting_user)
        _history(case, acting_user, f"Exit Portal ({reason}): the claim is now {state.status}")
        return ActionResult(True, f"Exit sent. The claim is now {state.status}.")
    except errors.PortalError as exc:
        return _failure(case, acting_user, "Exit Portal", exc)
    finally:
        adapter.close()


# -- Options tab: Special Edits (link an existing claim) and Portal Reset ----------------------------

CLAIM_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{2,59}$")


def claim_link(*, case: Case, claim_id: str, process_ind: str, acting_user: User) -> ActionResult:
    """Link a claim already on the portal to this case (Enable Special Edits → Claim ID, Process Ind 1)."""
    claim_id = claim_id.strip()
    if process_ind.strip() != "1":
        return ActionResult(
            False, "Process Ind must be 1 (the number one, not the letter I) to link a claim."
        )
    if not CLAIM_ID.match(claim_id):
        return ActionResult(False, f"“{claim_id}” is not a portal claim ID (for example OIC-12345678).")
    if active_claim(case) is not None:
        return ActionResult(False, "This case is already linked to a portal claim.")
    other = PortalClaim.objects.filter(portal=case.portal, claim_id=claim_id).select_related("case").first()
    if other is not None:
        return ActionResult(False, f"Claim {claim_id} is already linked to case {other.case.reference}.")
    adapter = adapter_for(case.portal)
    try:
        state = adapter.claim(claim_id)
    except errors.PortalNotFound:
        return ActionResult(False, f"The portal has no claim {claim_id} for this firm. Check the Claim ID.")
    except errors.PortalError as exc:
        return _failure(case, acting_user, "Link portal claim", exc)
    finally:
        adapter.close()
    try:
        with transaction.atomic():
            claim = _claim_create(case, state, PortalClaim.LinkedBy.SPECIAL_EDIT, acting_user)
            claim_state_apply(claim=claim, state=state, acting_user=acting_user)
    except IntegrityError:
        return ActionResult(False, f"Claim {claim_id} was linked to another case a moment ago.")
    return ActionResult(
        True, f"Linked to claim {claim_id} ({state.status}). Re-Sync with Portal brings its notes."
    )


@transaction.atomic
def portal_reset(*, case: Case, portal: str, acting_user: User) -> ActionResult:
    """Change the portal of a case. A claim still open on the portal must be exited first."""
    if portal not in Portal.values:
        return ActionResult(False, "Choose a portal.")
    claim = active_claim(case)
    if claim is not None and not claim.is_resolved:
        return ActionResult(
            False,
            f"Claim {claim.claim_id} is still open on the {claim.get_portal_display()} ({claim.status}). "
            "Exit the current portal first; when the exit is confirmed, use Portal Reset.",
        )
    before = (case.get_portal_display(), case.status_label)
    if claim is not None:
        claim.is_active = False
        claim.save(update_fields=["is_active"])
    case.portal, case.portal_status = portal, ""
    if case.status != Case.Status.CLOSED:
        case.status = Case.Status.NEW
    case.save(update_fields=["portal", "portal_status", "status", "updated_at"])
    changes = [
        {"section": "Case", "field": "Portal", "before": before[0], "after": case.get_portal_display()},
        {"section": "Case", "field": "Status", "before": before[1], "after": case.status_label},
    ]
    _history(
        case,
        acting_user,
        f"Portal Reset: the case will go to the {case.get_portal_display()}",
        changes=changes,
    )
    return ActionResult(True, f"Portal Reset done: this case is now for the {case.get_portal_display()}.")

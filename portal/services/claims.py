"""Portal actions on a case: Submit, Complete Submission, Exit Portal, Manage on Portal, Portal Reset.

Each returns an ActionResult for the screen and writes its outcome to the case history. Every write
goes through ``write_once`` (exactly once, under faults) inside ``portal_call`` (the adapter is always
closed, and any portal error becomes the result).
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from cases.models import Case, Portal
from cases.services import case_portal_change, case_portal_follow
from lib.audit import change
from lib.business_days import add_business_days
from lookups.models import LookupValue
from portal import errors
from portal.base import ALL_PARTS, ClaimState, Part, PortalAdapter, Problem
from portal.models import PortalClaim, PortalOperation
from portal.registry import Availability, availability, rules_for
from portal.services.refresh import FIRST_SYNC_DUE, assignment_key, claim_marks_clear, claim_refresh
from portal.services.results import ActionRefused, ActionResult, history, portal_call
from portal.services.state import CASE_STATUS, claim_state_apply, poll_until, status_announce, status_of
from portal.services.writes import Write, write_once
from worklist.services import task_portal_upsert, tasks_portal_close

# The cManager guide's advice when Complete Submission comes too early (docs/sources.md).
NOT_READY_ADVICE = (
    "The portal is still processing the claim. "
    "Wait a couple of minutes, then click Complete Submission again."
)
PROCESSING = "claim_processing"
INVALID_STATUS = "invalid_status"
DUPLICATE_REFERENCE = "duplicate_client_reference"


def active_claim(case: Case) -> PortalClaim | None:
    return case.portal_claims.filter(is_active=True).first()


def open_claim(case: Case) -> PortalClaim:
    """The case's claim that is still open on the portal, or ActionRefused."""
    claim = active_claim(case)
    if claim is None or claim.is_closed:
        raise ActionRefused("This case has no open claim on the portal.")
    return claim


def claim_moved_on(claim: PortalClaim, adapter: PortalAdapter, acting_user: User | None) -> ActionResult:
    """The portal says the claim is no longer where the page showed it: bring it up to date and say so."""
    claim_refresh(
        claim=claim, adapter=adapter, parts=frozenset({Part.DETAILS, Part.ACTIONS}), acting_user=acting_user
    )
    claim.refresh_from_db()
    info = status_of(claim)
    return ActionResult(
        False,
        f"The claim has moved on: it is now {info.code} ({info.label}). The page shows its new state.",
        level="warning",
    )


# -- Submit to the portal (step 1) ------------------------------------------------------------------


@dataclass(frozen=True)
class SubmissionCheck:
    label: str
    available: Availability
    problems: list[Problem]


def submission_check(*, case: Case, acting_user: User) -> SubmissionCheck:
    """What stands between the case and its portal: the connection, then every missing detail."""
    if case.portal not in Portal.values:
        return SubmissionCheck("portal", Availability(False, "Choose a portal for this case."), [])
    available = availability(case.portal)
    try:
        rules = rules_for(case.portal)
    except errors.PortalNotConfigured:
        return SubmissionCheck(Portal(case.portal).label, available, [])
    return SubmissionCheck(rules.label, available, rules.check(case, acting_user=acting_user))


def claim_submit(*, case: Case, acting_user: User) -> ActionResult:
    """Send the claim form, exactly once: an earlier send whose answer was lost is found, not repeated.

    1. Refuse if the case already has a claim on the portal, or the pre-submission check finds problems.
    2. Send through ``write_once`` (an earlier send of unknown outcome is looked for first).
    3. Link the claim the portal created (or already had: a duplicate reference is adopted, never doubled).
    """
    if active_claim(case) is not None:
        return ActionResult(False, "This case already has a claim on the portal.")
    label = f"Submit to {Portal(case.portal).label}"
    with portal_call(case.portal, label, case=case, acting_user=acting_user) as call:
        adapter = call.adapter
        problems = adapter.check(case, acting_user=acting_user)
        if problems:
            call.result = ActionResult(
                False, "Some details are missing or invalid. Fix them, then submit again.", problems
            )
            return call.result
        try:
            written = write_once(
                case=case,
                adapter=adapter,
                write=_submission(case, adapter, acting_user),
                acting_user=acting_user,
            )
        except errors.PortalRejected as exc:
            call.result = _refused(case, adapter, acting_user, exc)
            return call.result
        state = written.answer if written.answer is not None else adapter.claim(written.portal_ref)
        call.result = _submitted(case, state, acting_user, recovered=written.recovered)
    return call.result


def _submission(case: Case, adapter: PortalAdapter, acting_user: User) -> Write:
    def send(key: str) -> ClaimState:
        try:
            return adapter.submit(case, acting_user=acting_user, idempotency_key=key)
        except errors.PortalConflict as exc:
            found = adapter.find(case) if exc.code == DUPLICATE_REFERENCE else None
            if found is None:  # the portal already has this claim: adopt it, never make a second
                raise
            return found

    def look() -> str:
        found = adapter.find(case)
        return found.claim_id if found else ""

    return Write(
        kind=PortalOperation.Kind.SUBMIT,
        label=f"Submit to {adapter.label}",
        fingerprint=case.reference,
        send=send,
        look=look,
        ref_of=lambda state: state.claim_id,
    )


def _refused(
    case: Case, adapter: PortalAdapter, acting_user: User, exc: errors.PortalRejected
) -> ActionResult:
    problems = [Problem(f"{p.message} ({p.field})", adapter.locate(p.field)) for p in exc.problems]
    details = [change("Portal", p.field, "", p.message) for p in exc.problems]
    history(
        case, acting_user, f"Submit to {adapter.label} refused: {exc.message}", failed=True, changes=details
    )
    return ActionResult(
        False, f"The portal refused the claim: {exc.message} Nothing was changed here.", problems
    )


@transaction.atomic
def _submitted(case: Case, state: ClaimState, acting_user: User, *, recovered: bool) -> ActionResult:
    claim = claim_create(case, state, PortalClaim.LinkedBy.SUBMISSION, acting_user)
    claim.submitted_at = timezone.now()
    claim.save(update_fields=["submitted_at"])
    info = status_of(claim)
    if info.awaits_completion:
        _completion_reminder(claim, is_open=True)
    how = "found on the portal (an earlier send had arrived)" if recovered else "submitted"
    message = f"Claim {state.claim_id} {how}: status {state.status}."
    if info.awaits_completion:
        message += " Wait a couple of minutes, then click Complete Submission."
    return ActionResult(True, message)


def claim_create(case: Case, state: ClaimState, linked_by: str, acting_user: User) -> PortalClaim:
    """Record the portal claim the case now has, and let the case follow it."""
    before = case.status_label
    info = rules_for(case.portal).status(state.status)
    claim = PortalClaim.objects.create(
        case=case,
        portal=case.portal,
        claim_id=state.claim_id,
        status=state.status,
        status_since=timezone.now(),
        outcome=info.outcome.value,
        portal_version=state.version,
        facts=state.facts.to_json(),
        linked_by=linked_by,
        needs_poll_until=poll_until(info),
        sync_due_at=timezone.now(),
        **FIRST_SYNC_DUE,
    )
    status_announce(claim, info, pulled_by=acting_user)
    rows = case_portal_follow(case=case, portal_status=state.status, status=CASE_STATUS[info.outcome])
    action = "Linked to" if linked_by == PortalClaim.LinkedBy.SPECIAL_EDIT else "Submitted to"
    rows = rows or [change("Case", "Status", before, state.status)]
    history(case, acting_user, f"{action} {claim.get_portal_display()}: claim {state.claim_id}", changes=rows)
    return claim


def _completion_reminder(claim: PortalClaim, *, is_open: bool) -> None:
    """A claim sent but not completed waits for Complete Submission: a task reminds the fee earner."""
    task_portal_upsert(
        key=f"{claim.portal}:complete:{claim.claim_id}",
        case=claim.case,
        title=f"Complete Submission of {claim.claim_id}",
        description="The claim was sent to the portal but not completed: click Complete Submission.",
        due_date=add_business_days(timezone.localdate(), 1),
        is_open=is_open,
    )


# -- Complete Submission (step 2) -----------------------------------------------------------------


def claim_complete(*, case: Case, acting_user: User) -> ActionResult:
    claim = active_claim(case)
    if claim is None:
        return ActionResult(False, "Submit the claim to the portal first.")
    if not status_of(claim).awaits_completion:
        return ActionResult(
            False, f"The submission is already complete: the claim is {claim.status}.", level="info"
        )
    with portal_call(claim.portal, "Complete Submission", case=case, acting_user=acting_user) as call:
        adapter = call.adapter
        write = Write(
            kind=PortalOperation.Kind.COMPLETE,
            label="Complete Submission",
            fingerprint=claim.claim_id,
            send=lambda key: adapter.complete_submission(claim.claim_id, idempotency_key=key),
            look=lambda: (
                ""
                if adapter.status(adapter.claim(claim.claim_id).status).awaits_completion
                else claim.claim_id
            ),
            ref_of=lambda state: state.claim_id,
        )
        try:
            written = write_once(case=case, adapter=adapter, write=write, acting_user=acting_user)
        except errors.PortalConflict as exc:
            if exc.code != PROCESSING:
                raise
            history(case, acting_user, "Complete Submission: the portal is still processing the claim")
            call.result = ActionResult(False, NOT_READY_ADVICE, level="warning")
            return call.result
        state = written.answer if written.answer is not None else adapter.claim(claim.claim_id)
        claim_state_apply(claim=claim, state=state, acting_user=acting_user, pulled_by=acting_user)
        PortalClaim.objects.filter(pk=claim.pk).update(completed_at=timezone.now())
        _completion_reminder(claim, is_open=False)
        compensator = state.compensator_name or "to be assigned by the Portal Support Centre"
        history(case, acting_user, f"Complete Submission: {state.status}, compensator {compensator}")
        call.result = ActionResult(True, f"Submission complete: {state.status}. Compensator: {compensator}.")
    return call.result


# -- Exit Portal ----------------------------------------------------------------------------------


def claim_exit(*, case: Case, reason: LookupValue, comment: str, acting_user: User) -> ActionResult:
    """Ask the portal to take the claim out of the portal process, with one of its exit reasons."""
    with portal_call(case.portal, "Exit Portal", case=case, acting_user=acting_user) as call:
        claim = open_claim(case)
        if status_of(claim).exit_requested:
            raise ActionRefused(
                "The exit is already requested: it waits for the compensator to confirm.", level="info"
            )
        adapter = call.adapter
        write = Write(
            kind=PortalOperation.Kind.EXIT,
            label="Exit Portal",
            fingerprint=claim.claim_id,
            send=lambda key: adapter.exit(
                claim.claim_id, reason=reason.code, comment=comment, idempotency_key=key
            ),
            look=lambda: claim.claim_id if _exit_arrived(adapter, claim) else "",
            ref_of=lambda state: state.claim_id,
        )
        try:
            written = write_once(case=case, adapter=adapter, write=write, acting_user=acting_user)
        except errors.PortalConflict as exc:
            if exc.code != INVALID_STATUS:
                raise
            call.result = claim_moved_on(claim, adapter, acting_user)
            return call.result
        state = written.answer if written.answer is not None else adapter.claim(claim.claim_id)
        claim_state_apply(claim=claim, state=state, acting_user=acting_user, pulled_by=acting_user)
        # The portal closes the actions an exit makes moot: their tasks close now, not at the next sync.
        claim_refresh(claim=claim, adapter=adapter, parts=frozenset({Part.ACTIONS}), acting_user=acting_user)
        info = status_of(claim)
        history(case, acting_user, f"Exit Portal ({reason.label}): the claim is now {state.status}")
        call.result = ActionResult(True, f"Exit sent. The claim is now {state.status}: {info.label}.")
    return call.result


def _exit_arrived(adapter: PortalAdapter, claim: PortalClaim) -> bool:
    info = adapter.status(adapter.claim(claim.claim_id).status)
    return info.exit_requested or info.is_closed


# -- Manage on Portal -----------------------------------------------------------------------------


def claim_manage_url(*, case: Case, acting_user: User) -> ActionResult:
    """Where Manage on Portal opens the claim (the result's ``url``), or why it cannot."""
    claim = active_claim(case)
    if claim is None:
        return ActionResult(False, "This case has no claim on the portal.")
    with portal_call(claim.portal, "Manage on Portal", case=None, acting_user=acting_user) as call:
        call.result = ActionResult(True, "", url=call.adapter.manage_url(claim.claim_id))
    return call.result


# -- Re-Sync with Portal --------------------------------------------------------------------------


def claim_resync(*, case: Case, acting_user: User) -> ActionResult:
    """Re-Sync with Portal: this one case, now (everything, as the nightly sync would)."""
    claim = active_claim(case)
    if claim is None:
        return ActionResult(False, "This case has no claim on the portal to re-sync.")
    with portal_call(claim.portal, "Re-Sync with Portal", case=case, acting_user=acting_user) as call:
        version = claim.sync_version
        report = claim_refresh(claim=claim, adapter=call.adapter, parts=ALL_PARTS, acting_user=acting_user)
        claim_marks_clear(claim=claim, version=version)
        history(case, acting_user, f"Re-Sync with Portal: {report.summary()}")
        notes = f" ({'; '.join(report.problems)})" if report.problems else ""
        call.result = ActionResult(
            True,
            f"Re-synced with the portal: {report.summary()}.{notes}",
            level="success" if report.anything_new else "info",
        )
    return call.result


# -- Options tab: Portal Reset ------------------------------------------------------------------------


@transaction.atomic
def portal_reset(*, case: Case, portal: str, acting_user: User) -> ActionResult:
    """Change the portal of a case. A claim still open on the portal must be exited first; the old
    claim's notes and documents stay on the case, read-only."""
    if portal not in Portal.values:
        return ActionResult(False, "Choose a portal.")
    claim = active_claim(case)
    if claim is not None and not claim.is_closed:
        if status_of(claim).exit_requested:
            return ActionResult(
                False,
                f"Exit requested: claim {claim.claim_id} waits for the compensator to confirm the exit. "
                "Portal Reset is possible once it is confirmed (Re-Sync with Portal shows it).",
                level="warning",
            )
        return ActionResult(
            False,
            f"Claim {claim.claim_id} is still open on the {claim.get_portal_display()} ({claim.status}). "
            "Exit the current portal first; when the exit is confirmed, use Portal Reset.",
        )
    if claim is not None:
        claim.is_active = False
        claim.save(update_fields=["is_active"])
        tasks_portal_close(case=case, key_prefix=assignment_key(claim))
    case_portal_change(case=case, portal=portal, acting_user=acting_user)
    return ActionResult(True, f"Portal Reset done: this case is now for the {case.get_portal_display()}.")

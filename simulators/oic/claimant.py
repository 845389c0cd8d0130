"""What the claimant representative can do to a claim through the portal API (and web pages).

Each function checks the claim's status, reads and checks its body (all problems at once,
422), records the answer and moves the claim with ``lifecycle.status_change``.
"""

import math
from datetime import timedelta

from simulators.common.checks import Checker
from simulators.common.errors import ApiError, validation_failed
from simulators.common.events import event_schedule
from simulators.common.store import Tx
from simulators.common.timeutil import parse_instant
from simulators.oic import scenarios
from simulators.oic.documents import medical_details_read, medical_report_add
from simulators.oic.errors import field_invalid, invalid_status, require_status
from simulators.oic.insurers import match_compensator
from simulators.oic.lifecycle import (
    MEDICAL_FLOW,
    child_create,
    claimant_history,
    compensator_assign,
    open_child,
    status_change,
)
from simulators.oic.records import (
    Claim,
    Upload,
    attachment_ids,
    claim_insert,
    claim_save,
    next_claim_number,
    notification_add,
)
from simulators.oic.reference import EXIT_REASONS, is_resolved
from simulators.oic.scnf import check_loss
from simulators.oic.shapes import statuses

PROCESSING_MESSAGE = "The claim is still being processed. Please wait a couple of minutes and try again."


def _checked(check: Checker) -> None:
    if check.errors:
        raise validation_failed(check.errors)


def claim_create(tx: Tx, organisation: str, form: dict, scenario: list[dict]) -> Claim:
    """Store a validated SCNF as a new claim in Pending-New and queue the SCNF document."""
    duplicate = tx.conn.execute(
        "SELECT claim_id FROM claims WHERE organisation = ? AND client_reference = ?",
        (organisation, form["clientReference"].strip()),
    ).fetchone()
    if duplicate:
        raise ApiError(
            409,
            "duplicate_client_reference",
            "A claim with this clientReference already exists for your organisation.",
            claimID=duplicate["claim_id"],
        )
    claim = Claim(
        claim_id=f"OIC-{next_claim_number(tx.conn):08d}",
        organisation=organisation,
        status="Pending-New",
        created_at=tx.stamp,
        updated_at=tx.stamp,
        client_reference=form["clientReference"].strip(),
        scnf=form,
        details=_initial_details(form),
    )
    if scenario:
        claim.details["scenario"] = {"steps": scenario, "log": []}
    claim_insert(tx, claim)
    event_schedule(tx, tx.now + timedelta(seconds=tx.config.scnf_delay_seconds), "scnf", claim.claim_id)
    return claim


def _initial_details(form: dict) -> dict:
    insurer = form.get("insurer") or {}
    return {
        "insurerPolicyNumber": insurer.get("policyNumber"),
        "isClaimWithinCluster": False,
        "losses": [dict(loss, addedDateTime=None) for loss in form.get("losses") or []],
        "liability": {"liabilityHistory": []},
        "offers": [],
    }


def complete_submission(tx: Tx, claim: Claim) -> None:
    """Step 2 of submission: send the claim to its compensator, or to the support centre.

    Before the processing delay has passed the portal answers 409 ``claim_processing``
    with ``retryAfter`` (and a Retry-After header), as the cManager guide describes (docs/sources.md).
    """
    require_status(claim.status, {"Pending-New"}, "Complete Submission")
    ready = parse_instant(claim.created_at) + timedelta(seconds=tx.config.processing_delay_seconds)
    if tx.now < ready:
        wait = max(1, math.ceil((ready - tx.now).total_seconds()))
        raise ApiError(
            409, "claim_processing", PROCESSING_MESSAGE, headers={"Retry-After": str(wait)}, retryAfter=wait
        )
    claim.submitted_at = tx.stamp
    compensator = match_compensator((claim.scnf.get("insurer") or {}).get("name"))
    if compensator is None:
        status_change(
            tx,
            claim,
            "Pending-CompensatorAssignment",
            headline="The claim has been submitted. The Portal Support Centre will identify the compensator.",
        )
    else:
        compensator_assign(claim, compensator)
        status_change(
            tx, claim, "Pending-Liability", headline=f"The claim has been submitted to {compensator.name}."
        )
    scenarios.start(tx, claim)


def withdraw(tx: Tx, claim: Claim, body: dict) -> None:
    """Claimant exit: Pending-Withdrawal (Resolved-Withdrawn at once before submission)."""
    if is_resolved(claim.status) or claim.status in {"Pending-Withdrawal", "Pending-Removal"}:
        raise invalid_status(claim.status, "withdrawing the claim")
    check = Checker()
    reason = check.choice(body, "withdrawalReason", "withdrawalReason", tuple(EXIT_REASONS))
    motivation = check.text(
        body, "withdrawalMotivation", "withdrawalMotivation", required=False, max_length=2000
    )
    check.required_if(
        reason == "Other", body, "withdrawalMotivation", "withdrawalMotivation", "the reason is Other"
    )
    _checked(check)
    claim.details.update(withdrawalReason=reason, withdrawalMotivation=motivation)
    headline = f"The claimant has withdrawn the claim: {EXIT_REASONS[reason]}."
    target = "Resolved-Withdrawn" if claim.status == "Pending-New" else "Pending-Withdrawal"
    status_change(tx, claim, target, headline=headline, category="Withdrawal")


def liability_reply(tx: Tx, claim: Claim, body: dict, *, actor: str) -> None:
    """The claimant's answer to a liability decision (NAHL action names)."""
    check = Checker()
    action = check.choice(body, "action", "action", tuple(_LIABILITY_ACTIONS))
    _checked(check)
    _LIABILITY_ACTIONS[action](tx, claim, body, actor)


def _accept_denial(tx: Tx, claim: Claim, body: dict, actor: str) -> None:
    require_status(claim.status, {"Pending-LiabilityRejected"}, "accepting the denial")
    comment = _comment(body)
    claimant_history(tx, claim, actor=actor, comment=comment, claimantDecisionOnLiability="Accept denial")
    status_change(
        tx, claim, "Pending-RejectedLiability", headline="The claimant has accepted the liability denial."
    )


def _dispute_liability(tx: Tx, claim: Claim, body: dict, actor: str) -> None:
    require_status(claim.status, {"Pending-LiabilityRejected"}, "going to court on liability")
    comment = _comment(body)
    documents = _document_selection(tx, claim, body, required=False)
    claim.details["courtPack"] = {"route": "Liability", "documentIDs": documents, "history": []}
    claimant_history(tx, claim, actor=actor, comment=comment, claimantDecisionOnLiability="Court")
    status_change(
        tx,
        claim,
        "Pending-LiabilityListReview",
        headline="The claimant will ask the court to decide liability and has chosen the court documents.",
        category="Court",
    )


def _challenge_partial(tx: Tx, claim: Claim, body: dict, actor: str) -> None:
    require_status(claim.status, MEDICAL_FLOW, "challenging a partial admission")
    admitted = claim.liability.get("liabilityPercentage")
    if claim.liability.get("liabilityDecision") != "Liability admitted in part" or open_child(
        tx.conn, claim, "CL"
    ):
        raise ApiError(
            409,
            "no_partial_admission",
            "Only an unchallenged partial admission of liability can be challenged.",
        )
    check = Checker()
    comment = check.text(body, "comment", "comment", max_length=2000)
    percentage = check.whole(body, "percentage", "percentage", low=(admitted or 0) + 1, high=100)
    driver = check.text(body, "responsibleDriver", "responsibleDriver", required=False, max_length=200)
    _checked(check)
    challenge = {
        "responsibleDriver": driver,
        "proposedPercentage": percentage,
        "claimantComment": comment,
        "liabilityPercentageAdmittedByComp": admitted,
    }
    child = child_create(tx, claim, "CL", "Pending-ReviewChallenge", {"challenge": challenge})
    notification_add(tx, child, "StatusChanged", "The claim status has changed to Pending-ReviewChallenge")
    claimant_history(
        tx,
        claim,
        actor=actor,
        comment=comment,
        claimantDecisionOnLiability="Challenge partial liability",
        claimantCommentOnLiabilityDecision=comment,
        disagreeingPartialLiabilityJustification=comment,
    )
    claim_save(tx, claim)


def _review_partial(tx: Tx, claim: Claim, body: dict, actor: str) -> None:
    child = open_child(tx.conn, claim, "CL")
    if child is None:
        raise ApiError(409, "no_challenge", "The claim has no open challenge to a partial admission.")
    require_status(child.status, {"Pending-ReviewPartialLiability"}, "reviewing the compensator's answer")
    check = Checker()
    decision = check.choice(body, "decision", "decision", ("accept", "court"))
    comment = check.text(body, "comment", "comment", required=False, max_length=2000)
    _checked(check)
    challenge = child.details["challenge"]
    challenge.update(claimantDecision=decision, claimantReviewComment=comment)
    if decision == "accept":
        claim.liability["liabilityPercentage"] = challenge["compensatorPercentage"]
        claimant_history(
            tx, claim, actor=actor, comment=comment, claimantDecisionOnLiability="Accept revised liability"
        )
        claim_save(tx, claim)
        status_change(
            tx, child, "Resolved-Completed", headline="The claimant accepted the compensator's answer."
        )
    else:
        status_change(
            tx,
            child,
            "Resolved-CourtLiability",
            headline="The claimant will ask the court to decide liability.",
        )


def _comment(body: dict) -> str | None:
    check = Checker()
    comment = check.text(body, "comment", "comment", required=False, max_length=2000)
    _checked(check)
    return comment


_LIABILITY_ACTIONS = {
    "acceptdenial": _accept_denial,
    "disputeliability": _dispute_liability,
    "challengepartialliability": _challenge_partial,
    "reviewpartialliability": _review_partial,
}


def _document_selection(tx: Tx, claim: Claim, body: dict, *, required: bool) -> list[str]:
    """The attachment ids chosen for a court pack; each must be a document of this claim."""
    chosen = body.get("documentIDs")
    if chosen is None and not required:
        return []
    if not isinstance(chosen, list) or not chosen or not all(isinstance(item, str) for item in chosen):
        raise field_invalid(
            "documentIDs", "required", "documentIDs must list at least one of the claim's attachment ids."
        )
    known = set(attachment_ids(tx.conn, claim.claim_id))
    unknown = [item for item in chosen if item not in known]
    if unknown:
        raise field_invalid(
            "documentIDs", "invalid_choice", f"Not documents of this claim: {', '.join(unknown)}."
        )
    return chosen


# action: (status it is allowed in -> next status, what it is called, system message headline)
_COURT_PACK_STEPS = {
    "select": (
        {"Pending-OfferCourtList": "Pending-OfferListReview"},
        "selecting court pack documents",
        "The claimant has chosen the court pack documents.",
    ),
    "accept": (
        {
            "Pending-LiabilityListAmend": "Pending-LiabilityListAccept",
            "Pending-OfferListAmend": "Pending-OfferListAccept",
        },
        "accepting the court pack amendments",
        "The claimant accepted the amended court pack.",
    ),
    "submit": (
        {
            "Pending-LiabilityListAccept": "Resolved-CourtLiability",
            "Pending-OfferListAccept": "court on the offer",  # resolved by _court_target
        },
        "submitting the court pack",
        "The claim has left the portal for court.",
    ),
}


def court_pack(tx: Tx, claim: Claim, body: dict) -> None:
    """The claimant's steps of the court-pack list flow: select, accept amendments, submit."""
    check = Checker()
    action = check.choice(body, "action", "action", tuple(_COURT_PACK_STEPS))
    _checked(check)
    targets, what, headline = _COURT_PACK_STEPS[action]
    require_status(claim.status, targets, what)
    if action == "select":
        documents = _document_selection(tx, claim, body, required=True)
        claim.details.setdefault("courtPack", {})["documentIDs"] = documents
    target = _court_target(tx, claim) if action == "submit" else targets[claim.status]
    status_change(tx, claim, target, headline=headline, category="Court")


def _court_target(tx: Tx, claim: Claim) -> str:
    """Where a submitted court pack closes the claim: by route, and for the offer by API shape."""
    if claim.status == "Pending-LiabilityListAccept":
        return "Resolved-CourtLiability"
    if (claim.details.get("courtPack") or {}).get("route") == "NonPayment":
        return "Resolved-NonPayment"
    return statuses(tx.config).court_on_offer


def reopen_after_court(tx: Tx, claim: Claim, body: dict) -> None:
    """Bring a claim back after the court decided liability (needs the court order uploaded)."""
    require_status(claim.status, {"Resolved-CourtLiability"}, "reopening the claim")
    check = Checker()
    number = check.text(body, "courtClaimNumber", "courtClaimNumber", max_length=30)
    _checked(check)
    orders = attachment_ids(tx.conn, claim.claim_id, "CourtOrder")
    if not orders:
        raise ApiError(
            409,
            "court_order_required",
            "Upload the court order (category CourtOrder) before reopening the claim.",
        )
    claim.liability.update(
        courtClaimNumber=number,
        officialCourtOrder=orders[-1],
        courtDecisionOnLiability="Decided by the court",
    )
    status_change(
        tx,
        claim,
        "Pending-MedicalAfterCourt",
        headline="The claim has been reopened after the court decided liability.",
    )


def medical_report_upload(tx: Tx, claim: Claim, upload: Upload, body: dict, *, author: str) -> str:
    """The representative uploads its own MedCo report."""
    return medical_report_add(tx, claim, upload, medical_details_read(body), author=author)


_MEDICAL_REVIEW = {
    # action: (statuses it is allowed in, next status, headline, comment required)
    "accept": (
        {"Pending-CheckMedical"},
        "Pending-ProceedClaim",
        "The claimant has checked the medical report.",
        False,
    ),
    "amend": (
        {"Pending-CheckMedical"},
        "Pending-MRPReportReject",
        "The medical report was sent back for amendment.",
        True,
    ),
    "further": (
        {"Pending-CheckMedical", "Pending-ProceedClaim"},
        "Pending-FurtherReport",
        "The claimant is obtaining a further medical report.",
        True,
    ),
    "wait": (
        {"Pending-ProceedClaim"},
        "Pending-WaitPrognosisMedical",
        "The claimant will wait out the prognosis period.",
        False,
    ),
    "proceed": (
        {"Pending-ProceedClaim", "Pending-WaitPrognosisMedical"},
        "Pending-FirstOffer",
        "The medical report has been released and an offer requested.",
        False,
    ),
}


def medical_review(tx: Tx, claim: Claim, body: dict) -> None:
    """The claimant's decisions on a medical report: accept, amend, further, wait, proceed."""
    check = Checker()
    action = check.choice(body, "action", "action", tuple(_MEDICAL_REVIEW))
    allowed, target, headline, needs_comment = _MEDICAL_REVIEW.get(action, (set(), "", "", False))
    comment = check.text(body, "comment", "comment", required=needs_comment, max_length=2000)
    _checked(check)
    require_status(claim.status, allowed, f"the medical review action '{action}'")
    if action == "proceed":
        claim.details["offerRequestedDateTime"] = tx.stamp
    claim.details.setdefault("medicalReviews", []).append(
        {"action": action, "comment": comment, "actionedOn": tx.stamp}
    )
    status_change(tx, claim, target, headline=headline, category="Medical")


def removal_acknowledge(tx: Tx, claim: Claim) -> None:
    """The claimant acknowledges the compensator's removal of the claim."""
    require_status(claim.status, {"Pending-Removal"}, "acknowledging the removal")
    status_change(
        tx, claim, "Resolved-Removed", headline="The claimant acknowledged the removal of the claim."
    )


def losses_add(tx: Tx, claim: Claim, body: dict) -> int:
    """Add items of loss; allowed until the claimant asks for an offer. Raises NewLoss."""
    if (
        is_resolved(claim.status)
        or claim.details.get("offerRequestedDateTime")
        or claim.status in {"Pending-Withdrawal", "Pending-Removal"}
    ):
        raise invalid_status(claim.status, "adding losses (only possible until an offer is requested)")
    check = Checker()
    losses = check.items(body, "losses", "losses", min_items=1, max_items=50)
    for index, loss in enumerate(losses):
        check_loss(check, loss, f"losses[{index}]")
    _checked(check)
    claim.details.setdefault("losses", []).extend(dict(loss, addedDateTime=tx.stamp) for loss in losses)
    claim_save(tx, claim)
    notification_add(tx, claim, "NewLoss")
    return len(losses)

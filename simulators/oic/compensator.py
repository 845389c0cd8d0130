"""The other side of the portal: compensators, the Portal Support Centre and medical experts.

The control API (``/_sim/claims/{id}/<action>``), scripted scenarios and bulk activity all
act through ``ACTIONS``, so each transition has exactly one implementation.
"""

import hashlib

from simulators.common.checks import Checker
from simulators.common.errors import validation_failed
from simulators.common.store import Tx
from simulators.oic import offers, pdf
from simulators.oic.documents import (
    MEDICAL_REPORT_STATUSES,
    medical_details_read,
    medical_report_add,
    message_read,
    upload_read,
)
from simulators.oic.errors import field_invalid, invalid_status, require_status
from simulators.oic.insurers import COMPENSATORS, Compensator, find_compensator
from simulators.oic.lifecycle import (
    LIABILITY_LABELS,
    compensator_assign,
    liability_record,
    note_html,
    status_change,
)
from simulators.oic.records import Claim, Upload, attachment_add, claim_load, claim_save, message_add
from simulators.oic.reference import (
    ATTACHMENT_CATEGORIES,
    EXIT_REASONS,
    MESSAGE_CATEGORIES,
    SYSTEM_AUTHOR,
    is_resolved,
)
from simulators.oic.shapes import statuses

MEDICAL_EXPERT = "MedCo accredited medical expert"
CHALLENGE_ACCEPTED = "The compensator reviewed the liability challenge and now accepts liability in full."
DEEMED_ADMISSION = (
    "The compensator did not respond within the liability period, "
    "so liability is treated as admitted in full. "
    "The Official Injury Claim service has accepted liability on the compensator's behalf."
)


def _checked(check: Checker) -> None:
    if check.errors:
        raise validation_failed(check.errors)


def _compensator_from(body: dict) -> Compensator:
    check = Checker()
    name = check.text(body, "compensatorOrgName", "compensatorOrgName", max_length=200)
    is_mib = check.flag(body, "isMIB", "isMIB", required=False)
    _checked(check)
    known = find_compensator(name)
    if known is not None and is_mib in (None, known.is_mib):
        return known
    return Compensator(_made_up_id(name), name, bool(is_mib), ())


def _made_up_id(name: str) -> str:
    return "INS-" + hashlib.sha256(name.encode()).hexdigest()[:6].upper()


def assign_compensator(tx: Tx, claim: Claim, body: dict) -> None:
    """Portal Support Centre: choose the compensator."""
    require_status(claim.status, {"Pending-CompensatorAssignment"}, "assigning a compensator")
    _support_centre_assigns(tx, claim, _compensator_from(body))


def psc_assign_due(tx: Tx, claim: Claim) -> None:
    """The support centre's automatic assignment when its delay has passed."""
    if claim.status == "Pending-CompensatorAssignment":
        _support_centre_assigns(tx, claim, _identified_compensator(claim))


def _support_centre_assigns(tx: Tx, claim: Claim, compensator: Compensator) -> None:
    # The real portal raises no notification for this (NAHL had to poll such claims).
    compensator_assign(claim, compensator)
    headline = "The Portal Support Centre assigned the compensator."
    status_change(tx, claim, "Pending-Liability", headline=headline, announce=False)


def _identified_compensator(claim: Claim) -> Compensator:
    """What the support centre finds: the insurer as typed, else one traced from the defendant's vehicle."""
    form = claim.scnf or {}
    name = ((form.get("insurer") or {}).get("name") or "").strip()
    if name:
        return Compensator(_made_up_id(name), name, False, ())
    registration = ((form.get("defendantVehicles") or [{}])[0].get("registration") or claim.claim_id).upper()
    insurers = [compensator for compensator in COMPENSATORS if not compensator.is_mib]
    return insurers[int(hashlib.sha256(registration.encode()).hexdigest(), 16) % len(insurers)]


def transfer(tx: Tx, claim: Claim, body: dict) -> None:
    """Comp-to-comp transfer before the liability decision (Open-Transferred, then back)."""
    require_status(claim.status, {"Pending-Liability"}, "transferring the claim")
    target = _compensator_from(body)
    claim.details["transfer"] = {
        "compensatorOrgName": target.name,
        "insurerId": target.insurer_id,
        "isMIB": target.is_mib,
    }
    status_change(tx, claim, "Open-Transferred", headline=f"The claim is being transferred to {target.name}.")


def transfer_complete(tx: Tx, claim: Claim, body: dict | None = None) -> None:
    """The new compensator takes the claim; entering Pending-Liability re-applies the liability period."""
    require_status(claim.status, {"Open-Transferred"}, "completing a transfer")
    target = claim.details.pop("transfer")
    new = Compensator(target["insurerId"], target["compensatorOrgName"], target["isMIB"], ())
    compensator_assign(claim, new)
    status_change(tx, claim, "Pending-Liability", headline=f"The claim has been transferred to {new.name}.")


def liability(tx: Tx, claim: Claim, body: dict) -> None:
    """The compensator's liability decision (or its answer to a challenge on a CL claim)."""
    check = Checker()
    decision = check.choice(body, "decision", "decision", tuple(LIABILITY_LABELS))
    justification = check.text(
        body, "justification", "justification", required=decision not in (None, "admitted"), max_length=2000
    )
    percentage = check.whole(
        body,
        "percentage",
        "percentage",
        low=1,
        high=99 if decision == "admitted_in_part" else 100,
        required=decision == "admitted_in_part",
    )
    _checked(check)
    if claim.claim_type == "CL":
        _answer_challenge(tx, claim, decision, percentage, justification)
        return
    require_status(claim.status, {"Pending-Liability"}, "a liability decision")
    _decide(tx, claim, decision, percentage, justification, body)


_DECISION_TARGETS = {
    "admitted": "Pending-Medical",
    "denied": "Pending-LiabilityRejected",
    "causation_disputed": "Pending-MedCausation",
}


def _decision_target(tx: Tx, decision: str, percentage: int) -> str:
    """The status a liability decision leads to; a part admission's depends on the API shape."""
    names = statuses(tx.config)
    if decision == "admitted_in_part":
        return names.after_partial_admission
    if decision == "causation_disputed" and percentage < 100:
        return names.after_partial_causation
    return _DECISION_TARGETS[decision]


def _decide(
    tx: Tx, claim: Claim, decision: str, percentage: int | None, justification: str | None, body: dict
) -> None:
    percentage = {"admitted": 100, "denied": 0}.get(decision, percentage or 100)
    extra = {"liabilityJustification": justification}
    if decision == "causation_disputed":
        extra["reasonForCausationDispute"] = justification
    liability_record(
        tx,
        claim,
        decision=decision,
        percentage=percentage,
        actor=claim.compensator_org_name,
        comment=justification,
        **extra,
    )
    for key in ("claimReferenceNumber", "claimHandlerName", "claimHandlerPhone", "claimHandlerEmail"):
        if isinstance(body.get(key), str) and body[key].strip():
            claim.details[key] = body[key].strip()
    headline = f"The compensator's liability decision: {LIABILITY_LABELS[decision]}" + (
        f" ({percentage}%)." if decision == "admitted_in_part" else "."
    )
    target = _decision_target(tx, decision, percentage)
    status_change(tx, claim, target, headline=headline, category="Liability decision")


def deemed_admission_due(tx: Tx, claim: Claim, deadline: str) -> None:
    """No decision by the deadline: the portal treats liability as admitted in full."""
    if claim.status != "Pending-Liability" or claim.liability_deadline != deadline:
        return
    liability_record(
        tx,
        claim,
        decision="admitted",
        percentage=100,
        actor=SYSTEM_AUTHOR,
        comment=DEEMED_ADMISSION,
        liabilityJustification="Deemed admission: no response within the liability period.",
    )
    status_change(tx, claim, "Pending-Medical", headline=DEEMED_ADMISSION, category="Liability decision")


def _answer_challenge(
    tx: Tx, child: Claim, decision: str, percentage: int | None, comment: str | None
) -> None:
    require_status(child.status, {"Pending-ReviewChallenge"}, "answering the challenge")
    if decision not in ("admitted", "admitted_in_part"):
        message = "A challenge is answered by admitting in full (admitted) or in part (admitted_in_part)."
        raise field_invalid("decision", "invalid_choice", message)
    percentage = 100 if decision == "admitted" else percentage
    child.details["challenge"].update(compensatorPercentage=percentage, compensatorComment=comment)
    if decision == "admitted":
        _accept_challenge(tx, child, comment)
        return
    headline = f"The compensator answered the challenge: {percentage}% admitted."
    status_change(tx, child, "Pending-ReviewPartialLiability", headline=headline)


def _accept_challenge(tx: Tx, child: Claim, comment: str | None) -> None:
    """Liability in full on the parent claim; the challenge closes."""
    parent = claim_load(tx.conn, child.parent_claim_id)
    actor = parent.compensator_org_name
    liability_record(tx, parent, decision="admitted", percentage=100, actor=actor, comment=comment)
    claim_save(tx, parent)
    note = note_html(CHALLENGE_ACCEPTED)
    message_add(tx, parent, category="Liability decision", author=SYSTEM_AUTHOR, note_html=note)
    status_change(tx, child, "Resolved-Completed", headline="The compensator accepted liability in full.")


def message(tx: Tx, claim: Claim, body: dict) -> str:
    """A message from the compensator (or whoever ``author`` names)."""
    category, note = message_read(body, tuple(MESSAGE_CATEGORIES))
    author = body.get("author") if isinstance(body.get("author"), str) and body["author"].strip() else None
    return message_add(tx, claim, category=category, note_html=note, author=author or _author(claim))


def attachment(tx: Tx, claim: Claim, body: dict) -> str:
    """A document from the compensator."""
    upload = upload_read(body, max_bytes=tx.config.max_attachment_bytes, categories=ATTACHMENT_CATEGORIES)
    return attachment_add(tx, claim, upload, author=_author(claim))


def medical_report(tx: Tx, claim: Claim, body: dict) -> str:
    """A medical expert's report (MRO/DME route). Without ``fileStream`` a PDF is generated."""
    if "fileStream" in body:
        upload = upload_read(
            body, max_bytes=tx.config.max_attachment_bytes, categories=(), category="MedicalReport"
        )
    else:
        require_status(claim.status, MEDICAL_REPORT_STATUSES, "uploading a medical report")
        content = pdf.medical_report_pdf(claim, tx.now)
        upload = Upload(
            file_name=f"{claim.claim_id}-medical-report.pdf",
            category="MedicalReport",
            sub_type="UnsignedDocuments",
            content=content,
            memo="Medical report",
        )
    return medical_report_add(tx, claim, upload, medical_details_read(body), author=MEDICAL_EXPERT)


def court(tx: Tx, claim: Claim, body: dict) -> None:
    """The compensator reviews the claimant's court pack: agree, or amend it."""
    check = Checker()
    action = check.choice(body, "action", "action", ("agree", "amend"))
    comment = check.text(body, "comment", "comment", required=action == "amend", max_length=2000)
    _checked(check)
    routes = {"Pending-LiabilityListReview": "Liability", "Pending-OfferListReview": "Offer"}
    require_status(claim.status, routes, "reviewing the court pack")
    route = routes[claim.status]
    claim.details.setdefault("courtPack", {}).setdefault("history", []).append(
        {"action": action, "comment": comment, "actionedOn": tx.stamp}
    )
    target = f"Pending-{route}ListAccept" if action == "agree" else f"Pending-{route}ListAmend"
    headline = (
        "The compensator agreed the court pack."
        if action == "agree"
        else "The compensator amended the court pack."
    )
    status_change(tx, claim, target, headline=headline, category="Court")


def remove(tx: Tx, claim: Claim, body: dict) -> None:
    """The compensator removes the claim from the portal (exit).

    In the claimdesk shape the claimant then acknowledges (Pending-Removal); in the evidence
    shape the claim closes at once (Resolved-Removed), as the portal's UI tests show.
    """
    if (
        claim.status == "Pending-New"
        or is_resolved(claim.status)
        or claim.status in {"Pending-Withdrawal", "Pending-Removal"}
    ):
        raise invalid_status(claim.status, "removing the claim")
    check = Checker()
    reason = check.choice(body, "reason", "reason", tuple(EXIT_REASONS))
    note = check.text(body, "note", "note", required=reason == "Other", max_length=2000)
    _checked(check)
    claim.details.update(removalReason=reason, removalNote=note)
    headline = f"The compensator has removed the claim from the portal: {EXIT_REASONS[reason]}."
    status_change(tx, claim, statuses(tx.config).removal, headline=headline, category="Claim Removed")


def acknowledge_withdrawal(tx: Tx, claim: Claim, body: dict | None = None) -> None:
    """The compensator acknowledges the claimant's withdrawal."""
    require_status(claim.status, {"Pending-Withdrawal"}, "acknowledging the withdrawal")
    status_change(
        tx,
        claim,
        "Resolved-Withdrawn",
        headline="The compensator acknowledged the withdrawal.",
        category="Withdrawal",
    )


def acknowledge_denial(tx: Tx, claim: Claim, body: dict | None = None) -> None:
    """The compensator acknowledges that the claimant accepted the liability denial."""
    require_status(claim.status, {"Pending-RejectedLiability"}, "acknowledging the accepted denial")
    status_change(
        tx, claim, "Resolved-RejectedLiability", headline="The compensator acknowledged the accepted denial."
    )


def acknowledge_offer(tx: Tx, claim: Claim, body: dict | None = None) -> None:
    """The compensator acknowledges the claimant's acceptance of its offer (evidence shape)."""
    require_status(claim.status, {"Pending-Acknowledgement"}, "acknowledging the accepted offer")
    status_change(
        tx,
        claim,
        "Resolved-Completed",
        headline="The compensator acknowledged the accepted offer.",
        category="Offer",
    )


def _author(claim: Claim) -> str:
    return claim.compensator_org_name or "Compensator"


ACTIONS = {
    "assign-compensator": assign_compensator,
    "transfer": transfer,
    "transfer-complete": transfer_complete,
    "liability": liability,
    "message": message,
    "attachment": attachment,
    "medical-report": medical_report,
    "offer": offers.offer_make,
    "counter-response": offers.counter_respond,
    "court": court,
    "remove": remove,
    "acknowledge-withdrawal": acknowledge_withdrawal,
    "acknowledge-denial": acknowledge_denial,
    "acknowledge-offer": acknowledge_offer,
}

"""The other side of the portal: the compensator's contract methods (claims-portal.md 5.3).

The control API (``/_sim/claims/{applicationId}/actions/{method}``) and the automatic steps
in ``events.py`` act through ``METHODS``, so each transition has exactly one implementation.
Changes made here notify the claimant representative, as the portal does for the other
party's changes (5.9).
"""

from simulators.claims_portal import packs, stage2
from simulators.claims_portal.cnf import COMMENT_LENGTH, raise_if_errors
from simulators.claims_portal.lifecycle import document_generate, phase_change, timeout_start
from simulators.claims_portal.phases import BEFORE_LIABILITY
from simulators.claims_portal.records import Claim
from simulators.claims_portal.reference import (
    COMP_EXIT_CODES,
    EXIT_REASONS,
    LIABILITY_DECISIONS,
    REJECTION_REASONS,
)
from simulators.claims_portal.workflow import OPEN_PHASES, Method, only
from simulators.common.checks import Checker
from simulators.common.errors import ApiError
from simulators.common.store import Tx
from simulators.common.timeutil import parse_instant


def accept_claim(tx: Tx, claim: Claim, body: dict, actor: str) -> None:
    """acceptClaim: the electronic acknowledgement; an insurer then decides on Article 75."""
    check = Checker()
    reference = check.text(body, "insurerClaimReferenceNumber", "insurerClaimReferenceNumber", required=False)
    raise_if_errors(check)
    claim.details["insurerClaimReferenceNumber"] = reference or f"CM-{claim.application_id[-8:]}"
    claim.details["acknowledgedAt"] = tx.stamp
    target = "LiabilityDecision" if claim.is_mib else "Article75Decision"
    phase_change(tx, claim, target, by="COMP", action="acceptClaim", notice="accepted by Compensator")


def reject_claim(tx: Tx, claim: Claim, body: dict, actor: str) -> None:
    """rejectClaimToCR: wrong organisation, invalid AskCUE PI reference or mandatory fields wrong."""
    check = Checker()
    code = check.choice(body, "rejectionReasonCode", "rejectionReasonCode", tuple(REJECTION_REASONS))
    comment = check.text(body, "comment", "comment", required=False, max_length=COMMENT_LENGTH)
    raise_if_errors(check)
    claim.details["rejection"] = {
        "code": code,
        "reason": REJECTION_REASONS[code],
        "comment": comment,
        "at": tx.stamp,
    }
    notice = f"rejected by Compensator: {REJECTION_REASONS[code]}"
    phase_change(tx, claim, "AcknowledgeRejectedClaim", by="COMP", action="rejectClaimToCR", notice=notice)


def apply_article75(tx: Tx, claim: Claim, body: dict, actor: str) -> None:
    """applyArticle75: applying it moves the liability period from 15 to 30 business days (3.2)."""
    check = Checker()
    applies = check.flag(body, "isArticle75", "isArticle75")
    raise_if_errors(check)
    claim.details["article75"] = applies
    if applies:
        days = tx.config.liability_business_days_mib
        timeout_start(tx, claim, "LiabilityDecisionTimeout", parse_instant(claim.sent_at), days)
    notice = "Article 75 applied by Compensator" if applies else None
    phase_change(tx, claim, "LiabilityDecision", by="COMP", action="applyArticle75", notice=notice)


_LIABILITY_TARGETS = {
    "A": "LiabilityAdmitted",
    "AN": "LiabilityAdmittedWithNegligence",
    "N": "LiabilityNotAdmitted",
}


def send_liability_decision(tx: Tx, claim: Claim, body: dict, actor: str) -> None:
    """sendLiabilityDecision: A (admitted), AN (with contributory negligence, a percentage) or N."""
    check = Checker()
    decision = check.choice(body, "liabilityDecision", "liabilityDecision", tuple(LIABILITY_DECISIONS))
    percentage = check.whole(
        body,
        "contributoryNegligencePercentage",
        "contributoryNegligencePercentage",
        low=1,
        high=99,
        required=decision == "AN",
    )
    if decision != "AN" and body.get("contributoryNegligencePercentage") is not None:
        check.add("contributoryNegligencePercentage", "MustNotBeProvided", "Only with liabilityDecision AN.")
    reasons = check.text(
        body,
        "unadmittedLiabilityReasons",
        "unadmittedLiabilityReasons",
        required=decision == "N",
        max_length=COMMENT_LENGTH,
    )
    reference = check.text(body, "insurerClaimReferenceNumber", "insurerClaimReferenceNumber", required=False)
    raise_if_errors(check)
    claim.details["insurerResponse"] = {
        "liabilityDecision": decision,
        "liabilityDecisionName": LIABILITY_DECISIONS[decision],
        "contributoryNegligencePercentage": percentage,
        "unadmittedLiabilityReasons": reasons,
        "article75": claim.details.get("article75", False),
        "decidedAt": tx.stamp,
    }
    if reference:
        claim.details["insurerClaimReferenceNumber"] = reference
    notice = f"liability decision {decision} ({LIABILITY_DECISIONS[decision]})"
    phase_change(
        tx, claim, _LIABILITY_TARGETS[decision], by="COMP", action="sendLiabilityDecision", notice=notice
    )
    document_generate(tx, claim, "InsurerResponse")


def state_fraud(tx: Tx, claim: Claim, body: dict, actor: str) -> None:
    """stateFraud: the claim leaves the portal once the claimant representative acknowledges."""
    check = Checker()
    description = check.text(body, "reasonDescription", "reasonDescription", max_length=COMMENT_LENGTH)
    raise_if_errors(check)
    claim.details["fraudStated"] = {"reasonDescription": description, "at": tx.stamp}
    phase_change(
        tx, claim, "FraudStated", by="COMP", action="stateFraud", notice="fraud stated by Compensator"
    )


def _latest_interim(claim: Claim) -> dict:
    return claim.details["interimSettlementPacks"][-1]


def interim_response(tx: Tx, claim: Claim, body: dict, actor: str) -> None:
    """addInterimSPFResponse: pay in full, or offer part of the interim payment."""
    pack = _latest_interim(claim)
    response = packs.interim_response(body, pack["request"]["interimPaymentAmount"])
    pack["response"] = {**response, "at": tx.stamp}
    full = response["paymentDecision"] == "Full"
    target = "WaitingForInterimPayment" if full else "AcceptanceOfPartialInterimPayment"
    notice = (
        f"interim payment {'agreed in full' if full else 'partly offered'}: £{response['amountOffered']:,.2f}"
    )
    phase_change(tx, claim, target, by="COMP", action="addInterimSPFResponse", notice=notice)
    document_generate(tx, claim, "ISP")


def interim_reject(tx: Tx, claim: Claim, body: dict, actor: str) -> None:
    """rejectInterimSettlementPack, with a comment."""
    check = Checker()
    comment = check.text(body, "rejectionComment", "rejectionComment", max_length=COMMENT_LENGTH)
    raise_if_errors(check)
    _latest_interim(claim)["rejection"] = {"rejectionComment": comment, "at": tx.stamp}
    notice = "Interim Settlement Pack rejected by Compensator"
    phase_change(
        tx,
        claim,
        "InterimSettlementPackRejected",
        by="COMP",
        action="rejectInterimSettlementPack",
        notice=notice,
    )


def interim_extend(tx: Tx, claim: Claim, body: dict, actor: str) -> None:
    """extendInterimPaymentDecisionTimeout: once, for a request above £1,000, to 30 days from the request."""
    pack = _latest_interim(claim)
    if pack["paymentType"] != "HighPayment" or pack.get("extended"):
        raise ApiError(
            409,
            "extension_not_allowed",
            "The interim decision can be extended once, and only for a request above £1,000.",
        )
    pack["extended"] = True
    claim.details["interimPaymentTimeoutExtended"] = True
    start, days = parse_instant(pack["requestedAt"]), tx.config.interim_extended_business_days
    timeout_start(tx, claim, "InterimPaymentTimeout", start, days)
    notice = "the interim payment decision period was extended"
    phase_change(
        tx, claim, claim.phase, by="COMP", action="extendInterimPaymentDecisionTimeout", notice=notice
    )


def exit_process(tx: Tx, claim: Claim, body: dict, actor: str) -> None:
    """exitProcess by the compensator (reason 1 only before the liability decision); the CR acknowledges."""
    check = Checker()
    code = check.choice(body, "exitReasonCode", "exitReasonCode", COMP_EXIT_CODES)
    comment = check.text(body, "exitComment", "exitComment", required=False, max_length=COMMENT_LENGTH)
    if code == "1" and claim.phase not in BEFORE_LIABILITY:
        check.add(
            "exitReasonCode", "WrongValue", "Reason 1 (incomplete CNF) is only possible before the decision."
        )
    raise_if_errors(check)
    claim.details.setdefault("exitProcess", {})["exitCM"] = {
        "exitReasonCode": code,
        "exitReason": EXIT_REASONS[code],
        "exitComment": comment,
        "at": tx.stamp,
    }
    notice = f"the compensator exited the claim from the process: {EXIT_REASONS[code]}"
    phase_change(
        tx, claim, "ExitProcessByCM", by="COMP", action="exitProcess", notice=notice, exitReasonCode=code
    )


def acknowledge_exit(tx: Tx, claim: Claim, body: dict, actor: str) -> None:
    """acknowledgeExitProcess: the compensator acknowledges the claimant representative's exit."""
    notice = "the compensator acknowledged the exit"
    phase_change(tx, claim, "ExitProcessEnd", by="COMP", action="acknowledgeExitProcess", notice=notice)


METHODS: dict[str, Method] = {
    "acceptClaim": Method(only("ClaimSubmitted"), accept_claim),
    "rejectClaimToCR": Method(only("ClaimSubmitted"), reject_claim),
    "applyArticle75": Method(only("Article75Decision"), apply_article75),
    "sendLiabilityDecision": Method(only("Article75Decision", "LiabilityDecision"), send_liability_decision),
    "stateFraud": Method(only("Article75Decision", "LiabilityDecision"), state_fraud),
    "addInterimSPFResponse": Method(only("InterimPaymentDecision"), interim_response),
    "rejectInterimSettlementPack": Method(only("InterimPaymentDecision"), interim_reject),
    "extendInterimPaymentDecisionTimeout": Method(only("InterimPaymentDecision"), interim_extend),
    **stage2.COMPENSATOR_METHODS,
    "exitProcess": Method(OPEN_PHASES - {"ExitProcessByCR", "ExitProcessByCM"}, exit_process),
    "acknowledgeExitProcess": Method(only("ExitProcessByCR"), acknowledge_exit),
}

"""What the claimant representative can do through the portal API: Stage 1, Stage 2.1 and exits.

Each handler runs after ``workflow.perform`` has checked the claim's version and phase; it
reads its body (every problem at once, 422), records the step and moves the claim with
``lifecycle.phase_change``. Stage 2 negotiation lives in ``stage2.py``.
"""

from simulators.claims_portal import packs, stage2
from simulators.claims_portal.cnf import raise_if_errors, validate_cnf, validation_failed
from simulators.claims_portal.lifecycle import document_generate, phase_change, timeout_start
from simulators.claims_portal.phases import END_PHASES, PHASES
from simulators.claims_portal.records import Claim, claim_insert, new_guid, next_application_id
from simulators.claims_portal.reference import COMPENSATORS_BY_ID, CR_EXIT_CODES, EXIT_REASONS
from simulators.claims_portal.workflow import OPEN_PHASES, Method, moves, only
from simulators.common.business_days import add_business_days
from simulators.common.checks import Checker
from simulators.common.errors import ApiError
from simulators.common.events import event_schedule
from simulators.common.store import Tx

CNF_ERRORS = "The claim notification form has errors. Correct them all and send it again."


def claim_create(tx: Tx, organisation: str, user: str, form: dict) -> Claim:
    """addClaim: store a validated CNF and send it to the compensator (phase ClaimSubmitted)."""
    errors = validate_cnf(form, tx.now)
    if errors:
        raise validation_failed(errors, CNF_ERRORS)
    claim = Claim(
        application_id=next_application_id(tx.conn),
        organisation=organisation,
        cr_reference=form["claimantRepresentative"]["referenceNumber"].strip(),
        phase="ClaimSubmitted",
        guid=new_guid(),
        compensator_id="",
        created_at=tx.stamp,
        sent_at=tx.stamp,
        updated_at=tx.stamp,
        cnf=form,
        current_user=user,
        details={"history": [], "versionMajor": 7, "versionMinor": 0},
    )
    claim_insert(tx, claim)
    _send(tx, claim, form, user, "addClaim")
    return claim


def _send(tx: Tx, claim: Claim, form: dict, user: str, action: str) -> None:
    """Send (or resend) the CNF: the liability period runs from now (3.3)."""
    compensator = COMPENSATORS_BY_ID[form["defendant"]["insurer"]["organisationId"]]
    claim.cnf, claim.compensator_id, claim.is_mib = (
        form,
        compensator.organisation_id,
        compensator.insurer_type == "M",
    )
    claim.sent_at = tx.stamp
    claim.details["article75"] = False
    days = tx.config.liability_business_days_mib if claim.is_mib else tx.config.liability_business_days
    timeout_start(tx, claim, "LiabilityDecisionTimeout", tx.now, days)
    phase_change(tx, claim, "ClaimSubmitted", by="CR", action=action, user=user)
    document_generate(tx, claim, "CNF")
    if tx.config.auto_acknowledge_business_days:
        due = add_business_days(tx.now, tx.config.auto_acknowledge_business_days)
        event_schedule(tx, due, "auto_acknowledge", claim.application_id, {"sentAt": claim.sent_at})


def _flag(body: dict, key: str) -> bool:
    check = Checker()
    value = check.flag(body, key, key)
    raise_if_errors(check)
    return value


def resend_rejected(tx: Tx, claim: Claim, body: dict, user: str) -> None:
    """resendRejectedClaim: a corrected CNF goes out again; the liability period restarts."""
    form = body.get("claim")
    errors = validate_cnf(form, tx.now)
    if errors:
        raise validation_failed(errors, CNF_ERRORS)
    claim.cr_reference = form["claimantRepresentative"]["referenceNumber"].strip()
    _send(tx, claim, form, user, "resendRejectedClaim")


def acknowledge_admitted(child: bool):
    """acknowledgeLiabilityAdmitted / ...ForChild: a child claim needs the child variant (3.3)."""
    action = "acknowledgeLiabilityAdmittedForChild" if child else "acknowledgeLiabilityAdmitted"

    def handler(tx: Tx, claim: Claim, body: dict, user: str) -> None:
        """Check the variant matches the claimant, then go on to Stage 2.1."""
        is_child = bool(claim.cnf["claimant"].get("childClaim"))
        if is_child != child:
            other = (
                "acknowledgeLiabilityAdmitted"
                if is_child is False
                else "acknowledgeLiabilityAdmittedForChild"
            )
            raise ApiError(
                409, "wrong_acknowledgement", f"This claim is acknowledged with {other}.", method=other
            )
        phase_change(tx, claim, "StartOfStage21", by="CR", action=action, user=user)

    return handler


def set_stage1_payment(tx: Tx, claim: Claim, body: dict, user: str) -> None:
    """setStage1Payment: record whether the Stage 1 fixed costs were paid (the phase stays)."""
    claim.details["stage1Paid"] = _flag(body, "isStage1Paid")
    phase_change(tx, claim, claim.phase, by="CR", action="setStage1Payment", user=user)


def set_interim_needed(tx: Tx, claim: Claim, body: dict, user: str) -> None:
    """setInterimPaymentNeeded: the interim route, or straight to the Stage 2 Settlement Pack."""
    needed = _flag(body, "isInterimPaymentNeeded")
    target = "InterimSettlementPackForm" if needed else "Stage2SettlementPackForm"
    phase_change(tx, claim, target, by="CR", action="setInterimPaymentNeeded", user=user)


def add_interim_request(tx: Tx, claim: Claim, body: dict, user: str) -> None:
    """addInterimSPFRequest: 10 business days for £1,000, 15 above (LowPayment / HighPayment)."""
    request = packs.interim_request(body)
    high = request["interimPaymentAmount"] > 1000
    claim.details.setdefault("interimSettlementPacks", []).append(
        {"request": request, "requestedAt": tx.stamp, "paymentType": "HighPayment" if high else "LowPayment"}
    )
    days = tx.config.interim_high_business_days if high else tx.config.interim_low_business_days
    timeout_start(tx, claim, "InterimPaymentTimeout", tx.now, days)
    phase_change(tx, claim, "InterimPaymentDecision", by="CR", action="addInterimSPFRequest", user=user)
    document_generate(tx, claim, "ISP")


def set_stage21_payment(tx: Tx, claim: Claim, body: dict, user: str) -> None:
    """setStage21Payment: the interim payment arrived (or not); back to the start of Stage 2.1."""
    claim.details["interimSettlementPacks"][-1]["paid"] = _flag(body, "isStage21Paid")
    phase_change(tx, claim, "StartOfStage21", by="CR", action="setStage21Payment", user=user)


def accept_partial(tx: Tx, claim: Claim, body: dict, user: str) -> None:
    """acceptPartialInterimPayment: wait for the partial payment, or go back to the start of 2.1."""
    accepted = _flag(body, "isAccepted")
    claim.details["interimSettlementPacks"][-1]["partialAccepted"] = accepted
    target = "WaitingForInterimPayment" if accepted else "StartOfStage21"
    phase_change(tx, claim, target, by="CR", action="acceptPartialInterimPayment", user=user)


def exit_process(tx: Tx, claim: Claim, body: dict, user: str) -> None:
    """exitProcess by the claimant representative; the compensator must acknowledge (3.4)."""
    check = Checker()
    code = check.choice(body, "exitReasonCode", "exitReasonCode", CR_EXIT_CODES)
    comment = check.text(body, "exitComment", "exitComment", required=False, max_length=500)
    raise_if_errors(check)
    claim.details.setdefault("exitProcess", {})["exitCR"] = {
        "exitReasonCode": code,
        "exitReason": EXIT_REASONS[code],
        "exitComment": comment,
        "at": tx.stamp,
    }
    phase_change(tx, claim, "ExitProcessByCR", by="CR", action="exitProcess", user=user, exitReasonCode=code)
    if tx.config.exit_ack_business_days:
        due = add_business_days(tx.now, tx.config.exit_ack_business_days)
        event_schedule(tx, due, "exit_acknowledge", claim.application_id, {"guid": claim.guid})


EXITABLE = OPEN_PHASES - {"ExitProcessByCR", "ExitProcessByCM"}
_PAID_STAGES = frozenset(code for code, phase in PHASES.items() if phase.stage in ("2", "2.1")) - END_PHASES


METHODS: dict[str, Method] = {
    "acknowledgeRejectedClaim": Method(
        only("AcknowledgeRejectedClaim"), moves("ClaimRejectedToCR", "acknowledgeRejectedClaim")
    ),
    "resendRejectedClaim": Method(only("ClaimRejectedToCR"), resend_rejected),
    "exitRejectedClaim": Method(
        only("AcknowledgeRejectedClaim", "ClaimRejectedToCR"),
        moves("ExitRejectedClaim", "exitRejectedClaim"),
    ),
    "acknowledgeLiabilityAdmitted": Method(only("LiabilityAdmitted"), acknowledge_admitted(child=False)),
    "acknowledgeLiabilityAdmittedForChild": Method(
        only("LiabilityAdmitted"), acknowledge_admitted(child=True)
    ),
    "acknowledgeLiabilityAdmittedWithNeg": Method(
        only("LiabilityAdmittedWithNegligence"),
        moves("LiabilityAdmittedWithNegligenceEnd", "acknowledgeLiabilityAdmittedWithNeg"),
    ),
    "acknowledgeDeniedLiability": Method(
        only("LiabilityNotAdmitted"), moves("LiabilityNotAdmittedEnd", "acknowledgeDeniedLiability")
    ),
    "acknowledgeFraudStated": Method(only("FraudStated"), moves("FraudStatedEnd", "acknowledgeFraudStated")),
    "acknowledgeLiabilityDecisionTimeout": Method(
        only("LiabilityDecisionTimeout"),
        moves("LiabilityDecisionTimeoutEnd", "acknowledgeLiabilityDecisionTimeout"),
    ),
    "setStage1Payment": Method(_PAID_STAGES, set_stage1_payment),
    "setInterimPaymentNeeded": Method(only("StartOfStage21"), set_interim_needed),
    "addInterimSPFRequest": Method(only("InterimSettlementPackForm"), add_interim_request),
    "setStage21Payment": Method(only("WaitingForInterimPayment"), set_stage21_payment),
    "acceptPartialInterimPayment": Method(only("AcceptanceOfPartialInterimPayment"), accept_partial),
    "acknowledgeRejectedInterimSettlementPack": Method(
        only("InterimSettlementPackRejected"),
        moves("Stage2SettlementPackForm", "acknowledgeRejectedInterimSettlementPack"),
    ),
    "acknowledgeInterimPaymentDecisionTimeout": Method(
        only("InterimPaymentDecisionTimeout"),
        moves("Stage2SettlementPackForm", "acknowledgeInterimPaymentDecisionTimeout"),
    ),
    "returnToStartOfStage21": Method(
        only("InterimSettlementPackRejected", "InterimPaymentDecisionTimeout"),
        moves("StartOfStage21", "returnToStartOfStage21"),
    ),
    **stage2.CLAIMANT_METHODS,
    "exitProcess": Method(EXITABLE, exit_process),
    "acknowledgeExitProcess": Method(
        only("ExitProcessByCM"), moves("ExitProcessEnd", "acknowledgeExitProcess")
    ),
}

"""Stage 2: the settlement pack, the compensator's response and the negotiation, both sides.

Periods (claims-portal.md 3.2): the compensator has 15 business days to consider the pack;
after a counter-offer the total consideration period is 35 (15 + 20). An offer made in the
last 5 days of the period extends it by 5 days, once; after that no further counter-offer is
possible, only agreement or disagreement. Either side may extend the period by agreement
with a new timeout date.
"""

from datetime import datetime, time, timedelta

from simulators.claims_portal import packs
from simulators.claims_portal.cnf import COMMENT_LENGTH, raise_if_errors
from simulators.claims_portal.lifecycle import (
    TIMED_PHASES,
    business_days_left,
    document_generate,
    period_end,
    phase_change,
    timeout_end,
    timeout_set,
    timeout_start,
)
from simulators.claims_portal.records import Claim
from simulators.claims_portal.workflow import Method, moves, only
from simulators.common.checks import Checker
from simulators.common.errors import ApiError
from simulators.common.store import Tx
from simulators.common.timeutil import LONDON, london_date, parse_instant

TIMEOUT = "Stage2DecisionOrCounterOfferTimeout"
NEGOTIATION = TIMED_PHASES[TIMEOUT]


def _stage2(claim: Claim) -> dict:
    return claim.details.setdefault("stage2", {"offers": [], "lateExtensionUsed": False})


def add_request(tx: Tx, claim: Claim, body: dict, user: str) -> None:
    """addStage2SPFRequest (CR): the pack goes to the compensator for 15 business days."""
    request = packs.stage2_request(body)
    stage2 = _stage2(claim)
    stage2.update(request=request, requestedAt=tx.stamp, response=None, agreedAmount=None)
    timeout_start(tx, claim, TIMEOUT, tx.now, tx.config.stage2_decision_business_days)
    phase_change(tx, claim, "Stage2SettlementPackDecision", by="CR", action="addStage2SPFRequest", user=user)
    document_generate(tx, claim, "S2SP")


_RESPONSE_TARGETS = {
    "C": ("Stage2SettlementPackConfirmation", "the compensator confirmed the Stage 2 Settlement Pack"),
    "CO": ("Stage2SettlementPackCounterOfferDecision", "the compensator made a counter offer"),
    "R": ("Stage2SettlementPackRepudiation", "the compensator repudiated the Stage 2 Settlement Pack"),
}


def add_response(tx: Tx, claim: Claim, body: dict, actor: str) -> None:
    """addStage2SPFResponse (COMP): confirm, counter-offer (period becomes 35 days) or repudiate."""
    response = packs.stage2_response(body)
    stage2 = _stage2(claim)
    stage2["response"] = {**response, "at": tx.stamp}
    decision = response["settlementPackDecision"]
    if decision == "C":
        stage2["agreedAmount"] = stage2["request"]["totalClaimed"]
    if decision == "CO":
        _offer(stage2, tx, "COMP", response["grossAmount"], response["comments"])
        total = tx.config.stage2_decision_business_days + tx.config.stage2_negotiation_business_days
        timeout_start(tx, claim, TIMEOUT, parse_instant(stage2["requestedAt"]), total)
    target, notice = _RESPONSE_TARGETS[decision]
    phase_change(
        tx, claim, target, by="COMP", action="addStage2SPFResponse", notice=notice, decision=decision
    )
    document_generate(tx, claim, "S2SPResponse")


def _offer(stage2: dict, tx: Tx, by: str, amount: float, comments: str | None) -> None:
    stage2["offers"].append({"by": by, "grossAmount": amount, "comments": comments, "at": tx.stamp})


def _counter(tx: Tx, claim: Claim, body: dict, by: str) -> dict:
    """Record a counter-offer, applying the late-offer rule (and refusing one after it was used)."""
    stage2 = _stage2(claim)
    if stage2["lateExtensionUsed"]:
        raise ApiError(
            409,
            "counter_offer_not_allowed",
            "The period was already extended for a late offer: only agreement or disagreement is possible.",
        )
    offer = packs.counter_offer(body)
    end = timeout_end(claim)
    if end is not None and business_days_left(tx.now, end) <= tx.config.late_offer_business_days:
        stage2["lateExtensionUsed"] = True
        timeout_set(
            tx,
            claim,
            TIMEOUT,
            period_end(end - timedelta(microseconds=1), tx.config.late_offer_business_days),
        )
    _offer(stage2, tx, by, offer["grossAmount"], offer["comments"])
    return offer


def counter_by_cr(tx: Tx, claim: Claim, body: dict, user: str) -> None:
    """addStage2SPFCounterOfferByCR: the compensator decides next."""
    _counter(tx, claim, body, "CR")
    phase_change(
        tx,
        claim,
        "Stage2SettlementPackCRCounterOfferDecision",
        by="CR",
        action="addStage2SPFCounterOfferByCR",
        user=user,
    )


def counter_by_cm(tx: Tx, claim: Claim, body: dict, actor: str) -> None:
    """addStage2SPFCounterOfferByCM: the claimant representative decides next."""
    offer = _counter(tx, claim, body, "COMP")
    notice = f"the compensator made a counter offer of £{offer['grossAmount']:,.2f}"
    phase_change(
        tx,
        claim,
        "Stage2SettlementPackCounterOfferDecision",
        by="COMP",
        action="addStage2SPFCounterOfferByCM",
        notice=notice,
    )


def no_counter_needed(tx: Tx, claim: Claim, body: dict, user: str) -> None:
    """setStage2SPFCounterOfferNeeded false: no new counter-offer; go to the agreement decision."""
    check = Checker()
    needed = check.flag(body, "isCounterOfferNeeded", "isCounterOfferNeeded")
    if needed:
        check.add(
            "isCounterOfferNeeded", "WrongValue", "To counter, send addStage2SPFCounterOfferByCR instead."
        )
    raise_if_errors(check)
    phase_change(
        tx,
        claim,
        "Stage2SettlementPackAgreementDecision",
        by="CR",
        action="setStage2SPFCounterOfferNeeded",
        user=user,
    )


def agreement_decision(tx: Tx, claim: Claim, body: dict, user: str) -> None:
    """setStage2SPFAgreementDecision: agree with the compensator's latest offer (settled) or not (Stage 3)."""
    check = Checker()
    agreed = check.flag(body, "isAgreed", "isAgreed")
    raise_if_errors(check)
    stage2 = _stage2(claim)
    if agreed:
        stage2["agreedAmount"] = _latest(stage2, "COMP")
    target = "Stage2SettlementPackAgreedEnd" if agreed else "Stage2SettlementPackNotAgreedEnd"
    phase_change(
        tx, claim, target, by="CR", action="setStage2SPFAgreementDecision", user=user, isAgreed=agreed
    )


def agreed_by_cm(tx: Tx, claim: Claim, body: dict, actor: str) -> None:
    """acknowledgeStage2SPFAgreed: the compensator accepts the claimant's counter-offer (settled)."""
    stage2 = _stage2(claim)
    stage2["agreedAmount"] = _latest(stage2, "CR")
    notice = f"the compensator agreed £{stage2['agreedAmount']:,.2f}"
    phase_change(
        tx,
        claim,
        "Stage2SettlementPackAgreedEnd",
        by="COMP",
        action="acknowledgeStage2SPFAgreed",
        notice=notice,
    )


def _latest(stage2: dict, by: str) -> float | None:
    offers = [offer["grossAmount"] for offer in stage2["offers"] if offer["by"] == by]
    return offers[-1] if offers else None


def extend_timeout(by: str, action: str):
    """extendStage2SPF...Timeout: a new timeout date agreed between the parties, with a reason."""

    def handler(tx: Tx, claim: Claim, body: dict, actor: str) -> None:
        """Check the new date is after the current one, then move the timeout."""
        check = Checker()
        new_date = check.day(body, "newTimeOut", "newTimeOut")
        reason = check.text(body, "reasonForExtension", "reasonForExtension", max_length=COMMENT_LENGTH)
        current = timeout_end(claim)
        if new_date is not None and current is not None and new_date <= london_date(current):
            message = f"newTimeOut must be after the current timeout date {london_date(current).isoformat()}."
            check.add("newTimeOut", "AfterCurrentTimeoutDate", message)
        raise_if_errors(check)
        end = datetime.combine(new_date, time(0), tzinfo=LONDON)
        timeout_set(tx, claim, TIMEOUT, end)
        claim.details["lastExtendedTime"] = {
            "newTimeOutDate": new_date.isoformat(),
            "reasonForExtension": reason,
        }
        notice = f"the timeout was extended to {new_date.isoformat()}" if by == "COMP" else None
        phase_change(tx, claim, claim.phase, by=by, action=action, notice=notice, user=actor)

    return handler


CLAIMANT_METHODS = {
    "addStage2SPFRequest": Method(only("Stage2SettlementPackForm"), add_request),
    "acknowledgeStage2SPFConfirmation": Method(
        only("Stage2SettlementPackConfirmation"),
        moves("Stage2SettlementPackConfirmationEnd", "acknowledgeStage2SPFConfirmation"),
    ),
    "acknowledgeStage2SPFRepudiation": Method(
        only("Stage2SettlementPackRepudiation"),
        moves("Stage2SettlementPackRepudiationEnd", "acknowledgeStage2SPFRepudiation"),
    ),
    "acknowledgeStage2SPFDecisionTimeout": Method(
        only("Stage2SettlementPackDecisionTimeout"),
        moves("Stage2SettlementPackDecisionTimeoutEnd", "acknowledgeStage2SPFDecisionTimeout"),
    ),
    "addStage2SPFCounterOfferByCR": Method(only("Stage2SettlementPackCounterOfferDecision"), counter_by_cr),
    "setStage2SPFCounterOfferNeeded": Method(
        only("Stage2SettlementPackCounterOfferDecision"), no_counter_needed
    ),
    "setStage2SPFAgreementDecision": Method(
        only("Stage2SettlementPackCounterOfferDecision", "Stage2SettlementPackAgreementDecision"),
        agreement_decision,
    ),
    "extendStage2SPFCounterOfferTimeout": Method(
        NEGOTIATION, extend_timeout("CR", "extendStage2SPFCounterOfferTimeout")
    ),
}

COMPENSATOR_METHODS = {
    "addStage2SPFResponse": Method(only("Stage2SettlementPackDecision"), add_response),
    "addStage2SPFCounterOfferByCM": Method(only("Stage2SettlementPackCRCounterOfferDecision"), counter_by_cm),
    "acknowledgeStage2SPFAgreed": Method(only("Stage2SettlementPackCRCounterOfferDecision"), agreed_by_cm),
    "extendStage2SPFDecisionTimeout": Method(
        NEGOTIATION, extend_timeout("COMP", "extendStage2SPFDecisionTimeout")
    ),
}

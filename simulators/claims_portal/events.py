"""The Claims Portal's time-based behaviour: timeouts, their warnings and the compensator's own steps.

Queued and run by ``simulators.common.events``; a timeout reached while the clock jumped weeks
ahead is stamped with the timeout's own time.
"""

from simulators.claims_portal import compensator, scenarios
from simulators.claims_portal.lifecycle import TIMEOUT_TARGETS, phase_change, timeout_due
from simulators.claims_portal.records import Claim, claim_load, notification_add
from simulators.claims_portal.workflow import perform
from simulators.common.events import DueEvents
from simulators.common.store import Tx

# Warning texts (claims-portal.md 5.9), by timeout type.
_WARNINGS = {
    "LiabilityDecisionTimeout": "Liability decision for claim {id}",
    "InterimPaymentTimeout": "Stage 2.1 Interim Payment needed for claim {id}",
    "Stage2DecisionOrCounterOfferTimeout": "Stage 2 Settlement Pack response needed for claim {id}",
}
_COUNTER_OFFER_WARNING = "Stage 2 Settlement Pack counter offer needed for claim {id}"


def _warning_text(claim: Claim, kind: str) -> str:
    counter = kind == "Stage2DecisionOrCounterOfferTimeout" and claim.phase != "Stage2SettlementPackDecision"
    return (_COUNTER_OFFER_WARNING if counter else _WARNINGS[kind]).format(id=claim.application_id)


def _timeout(tx: Tx, claim: Claim, payload: dict) -> None:
    """The period ran out: the claim goes back to the claimant representative (3.2)."""
    if not timeout_due(claim, payload):
        return
    kind = payload["type"]
    notification_add(tx, claim, f"{_warning_text(claim, kind)}: time limit reached")
    phase_change(tx, claim, TIMEOUT_TARGETS[kind], by="PORTAL", action="timeout", timeoutType=kind)


def _warning(tx: Tx, claim: Claim, payload: dict) -> None:
    if timeout_due(claim, payload):
        notification_add(
            tx, claim, f"{_warning_text(claim, payload['type'])}: {payload['daysLeft']} days left"
        )


def _auto_acknowledge(tx: Tx, claim: Claim, payload: dict) -> None:
    """The simulated compensator acknowledges a CNF it has not yet answered (config, 0 = never)."""
    if claim.phase == "ClaimSubmitted" and claim.sent_at == payload["sentAt"]:
        compensator.accept_claim(tx, claim, {}, "auto")


def _exit_acknowledge(tx: Tx, claim: Claim, payload: dict) -> None:
    if claim.phase == "ExitProcessByCR" and claim.guid == payload["guid"]:
        compensator.acknowledge_exit(tx, claim, {}, "auto")


HANDLERS = {
    "timeout": _timeout,
    "timeout_warning": _warning,
    "auto_acknowledge": _auto_acknowledge,
    "exit_acknowledge": _exit_acknowledge,
    "scenario_step": lambda tx, claim, payload: scenarios.run_step(
        tx, claim, payload, compensator.METHODS, perform
    ),
}

DUE_EVENTS = DueEvents(HANDLERS, claim_load)

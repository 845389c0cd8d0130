"""The RTA phases (``phaseCacheId`` and ``phaseCacheName``) the simulated portal uses.

Codes confirmed by the public contract (docs/claims-portal-simulator.md) are used verbatim; where
only the label is known the code is spelled from the label, and where neither is known both
are ours. ``docs/claims-portal-simulator.md`` marks each one. ``turn`` says who must act
next: "CR" (claimant representative), "COMP" (compensator) or None for an end phase.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Phase:
    """One phase of the RTA process."""

    code: str
    name: str
    stage: str
    turn: str | None


_PHASES = (
    # Stage 1: the CNF and the insurer response.
    Phase("ClaimSubmitted", "Claim submitted", "1", "COMP"),
    Phase("Article75Decision", "Article 75 decision", "1", "COMP"),
    Phase("LiabilityDecision", "Liability decision", "1", "COMP"),
    Phase("AcknowledgeRejectedClaim", "Acknowledge Rejected Claim", "1", "CR"),
    Phase("ClaimRejectedToCR", "Claim Rejected to CR", "1", "CR"),
    Phase("ExitRejectedClaim", "Rejected claim exited", "1", None),
    Phase("LiabilityAdmitted", "Liability Admitted", "1", "CR"),
    Phase("LiabilityAdmittedWithNegligence", "Liability admitted with contributory negligence", "1", "CR"),
    Phase("LiabilityNotAdmitted", "Liability not admitted", "1", "CR"),
    Phase("FraudStated", "Fraud stated", "1", "CR"),
    Phase("LiabilityDecisionTimeout", "Liability Decision Timeout", "1", "CR"),
    Phase(
        "LiabilityAdmittedWithNegligenceEnd",
        "Contributory negligence alleged: claim left the portal",
        "1",
        None,
    ),
    Phase("LiabilityNotAdmittedEnd", "Liability not admitted: claim left the portal", "1", None),
    Phase("FraudStatedEnd", "Fraud stated: claim left the portal", "1", None),
    Phase("LiabilityDecisionTimeoutEnd", "Liability decision timed out: claim left the portal", "1", None),
    # Stage 2.1: interim settlement packs.
    Phase("StartOfStage21", "Start of stage 2.1", "2.1", "CR"),
    Phase("InterimSettlementPackForm", "Interim Settlement Pack form", "2.1", "CR"),
    Phase("InterimPaymentDecision", "Interim Payment decision", "2.1", "COMP"),
    Phase("WaitingForInterimPayment", "Waiting for Interim Payment", "2.1", "CR"),
    Phase("AcceptanceOfPartialInterimPayment", "Acceptance of partial Interim payment", "2.1", "CR"),
    Phase("InterimSettlementPackRejected", "Interim Settlement Pack rejected", "2.1", "CR"),
    Phase("InterimPaymentDecisionTimeout", "Interim Payment decision timeout", "2.1", "CR"),
    # Stage 2: the settlement pack and negotiation.
    Phase("Stage2SettlementPackForm", "Stage 2 Settlement Pack form", "2", "CR"),
    Phase("Stage2SettlementPackDecision", "Stage 2 Settlement pack decision", "2", "COMP"),
    Phase(
        "Stage2SettlementPackCounterOfferDecision",
        "Stage 2 Settlement Pack counter offer decision",
        "2",
        "CR",
    ),
    Phase(
        "Stage2SettlementPackCRCounterOfferDecision",
        "Stage 2 Settlement Pack counter offer decision (compensator)",
        "2",
        "COMP",
    ),
    Phase("Stage2SettlementPackAgreementDecision", "Stage 2 Settlement Pack agreement decision", "2", "CR"),
    Phase("Stage2SettlementPackConfirmation", "Stage 2 Settlement Pack confirmed", "2", "CR"),
    Phase("Stage2SettlementPackRepudiation", "Stage 2 Settlement Pack repudiated", "2", "CR"),
    Phase("Stage2SettlementPackDecisionTimeout", "Stage 2 Settlement Pack Decision Timeout", "2", "CR"),
    Phase("Stage2SettlementPackConfirmationEnd", "Stage 2 Settlement Pack confirmed: settled", "2", None),
    Phase("Stage2SettlementPackAgreedEnd", "Stage 2 Settlement Pack agreed: settled", "2", None),
    Phase(
        "Stage2SettlementPackRepudiationEnd",
        "Stage 2 Settlement Pack repudiated: claim left the portal",
        "2",
        None,
    ),
    Phase("Stage2SettlementPackNotAgreedEnd", "Not agreed: Stage 3 (court proceedings pack)", "2", None),
    Phase(
        "Stage2SettlementPackDecisionTimeoutEnd", "Stage 2 Settlement Pack Decision Timeout End", "2", None
    ),
    # Exits by either side, at any stage.
    Phase("ExitProcessByCR", "Exit process: awaiting the compensator's acknowledgement", "exit", "COMP"),
    Phase("ExitProcessByCM", "Exit process by the compensator: acknowledge", "exit", "CR"),
    Phase("ExitProcessEnd", "Claim exited the process", "exit", None),
)

PHASES: dict[str, Phase] = {phase.code: phase for phase in _PHASES}
END_PHASES = frozenset(code for code, phase in PHASES.items() if phase.turn is None)
CR_TURN = frozenset(code for code, phase in PHASES.items() if phase.turn == "CR")

# Before the insurer response: exit reason 1 (incomplete CNF) and the liability timeout apply.
BEFORE_LIABILITY = frozenset({"ClaimSubmitted", "Article75Decision", "LiabilityDecision"})


def phase_name(code: str) -> str:
    """The human label (``phaseCacheName``) of a phase code."""
    return PHASES[code].name

"""The Claims Portal's phases (``phaseCacheId``), explained: stage, meaning in words, who acts next, outcome.

The public R7 contract names some phase codes; the full list ("RTA phases and notifications") is
not public, so the rest follow the simulator's spelling (docs/claims-portal-simulator.md marks each).
Who acts next is the phase's turn: the claimant representative (us), the compensator, or nobody
once the claim has left the portal. An unknown code is never an error: it is shown as the portal
wrote it, and a code ending in ``End`` still tells ClaimDesk the claim is closed.
"""

from portal.base import Actor, Outcome, StatusInfo

US, COMPENSATOR, NOBODY = Actor.US, Actor.COMPENSATOR, Actor.NOBODY
OPEN, SETTLED, EXITED = Outcome.OPEN, Outcome.SETTLED, Outcome.EXITED

STAGE_1, INTERIM, STAGE_2, EXIT, CLOSED = "Stage 1", "Stage 2.1 (interim)", "Stage 2", "Exit", "Closed"

EXIT_BY_US = "ExitProcessByCR"

# (code, stage, words, next actor, outcome)
# fmt: off
_TABLE: list[tuple[str, str, str, Actor, Outcome]] = [
    ("ClaimSubmitted", STAGE_1, "Sent: waiting for the compensator to acknowledge the claim", COMPENSATOR, OPEN),
    ("Article75Decision", STAGE_1, "Acknowledged: the insurer decides whether Article 75 applies", COMPENSATOR, OPEN),
    ("LiabilityDecision", STAGE_1, "Waiting for the compensator's liability decision", COMPENSATOR, OPEN),
    ("AcknowledgeRejectedClaim", STAGE_1, "The compensator rejected the claim form: acknowledge it", US, OPEN),
    ("ClaimRejectedToCR", STAGE_1, "Rejected claim: correct the case and resend it, or exit", US, OPEN),
    ("LiabilityAdmitted", STAGE_1, "Liability admitted: acknowledge it to go on to Stage 2", US, OPEN),
    ("LiabilityAdmittedWithNegligence", STAGE_1, "Admitted with contributory negligence: acknowledge (the claim leaves the portal)", US, OPEN),
    ("LiabilityNotAdmitted", STAGE_1, "Liability not admitted: acknowledge (the claim leaves the portal)", US, OPEN),
    ("FraudStated", STAGE_1, "The compensator stated fraud: acknowledge (the claim leaves the portal)", US, OPEN),
    ("LiabilityDecisionTimeout", STAGE_1, "No liability decision in time: acknowledge (the claim leaves the portal)", US, OPEN),
    ("StartOfStage21", INTERIM, "Stage 2: ask for an interim payment, or send the Stage 2 Settlement Pack", US, OPEN),
    ("InterimSettlementPackForm", INTERIM, "Send the Interim Settlement Pack", US, OPEN),
    ("InterimPaymentDecision", INTERIM, "Waiting for the compensator's interim payment decision", COMPENSATOR, OPEN),
    ("WaitingForInterimPayment", INTERIM, "Interim payment agreed: record it when it arrives", US, OPEN),
    ("AcceptanceOfPartialInterimPayment", INTERIM, "A partial interim payment is offered: accept or decline it", US, OPEN),
    ("InterimSettlementPackRejected", INTERIM, "Interim payment refused: go on to Stage 2 or ask again", US, OPEN),
    ("InterimPaymentDecisionTimeout", INTERIM, "No interim decision in time: go on to Stage 2 or ask again", US, OPEN),
    ("Stage2SettlementPackForm", STAGE_2, "Send the Stage 2 Settlement Pack", US, OPEN),
    ("Stage2SettlementPackDecision", STAGE_2, "The compensator is considering the Stage 2 Settlement Pack", COMPENSATOR, OPEN),
    ("Stage2SettlementPackCounterOfferDecision", STAGE_2, "Counter-offer from the compensator: accept, counter or decline", US, OPEN),
    ("Stage2SettlementPackCRCounterOfferDecision", STAGE_2, "Your counter-offer is with the compensator", COMPENSATOR, OPEN),
    ("Stage2SettlementPackAgreementDecision", STAGE_2, "No more counter-offers: agree or disagree with the last offer", US, OPEN),
    ("Stage2SettlementPackConfirmation", STAGE_2, "The compensator confirmed the pack as claimed: acknowledge it", US, OPEN),
    ("Stage2SettlementPackRepudiation", STAGE_2, "The compensator repudiated the pack: acknowledge (the claim leaves the portal)", US, OPEN),
    ("Stage2SettlementPackDecisionTimeout", STAGE_2, "No Stage 2 decision in time: acknowledge (the claim leaves the portal)", US, OPEN),
    (EXIT_BY_US, EXIT, "Exit requested: waiting for the compensator to acknowledge it", COMPENSATOR, OPEN),
    ("ExitProcessByCM", EXIT, "The compensator took the claim out of the process: acknowledge it", US, OPEN),
    ("Stage2SettlementPackConfirmationEnd", CLOSED, "Settled: the compensator confirmed the Stage 2 Settlement Pack", NOBODY, SETTLED),
    ("Stage2SettlementPackAgreedEnd", CLOSED, "Settled: the Stage 2 offer was agreed", NOBODY, SETTLED),
    ("Stage2SettlementPackAllDamagesAgreedEnd", CLOSED, "Settled: all damages agreed", NOBODY, SETTLED),
    ("Stage2SettlementPackNotAgreedEnd", CLOSED, "Not agreed: left the portal for Stage 3 (court proceedings pack)", NOBODY, EXITED),
    ("Stage2SettlementPackRepudiationEnd", CLOSED, "Left the portal: the Stage 2 Settlement Pack was repudiated", NOBODY, EXITED),
    ("Stage2SettlementPackDecisionTimeoutEnd", CLOSED, "Left the portal: no Stage 2 decision in time", NOBODY, EXITED),
    ("LiabilityAdmittedWithNegligenceEnd", CLOSED, "Left the portal: contributory negligence alleged", NOBODY, EXITED),
    ("LiabilityNotAdmittedEnd", CLOSED, "Left the portal: liability not admitted", NOBODY, EXITED),
    ("FraudStatedEnd", CLOSED, "Left the portal: fraud stated", NOBODY, EXITED),
    ("LiabilityDecisionTimeoutEnd", CLOSED, "Left the portal: no liability decision in time", NOBODY, EXITED),
    ("ExitRejectedClaim", CLOSED, "Left the portal: the rejected claim was exited", NOBODY, EXITED),
    ("ExitProcessEnd", CLOSED, "Exited the portal (exit acknowledged)", NOBODY, EXITED),
]

STATUSES: dict[str, StatusInfo] = {
    code: StatusInfo(
        code=code, label=words, stage=stage, next_actor=actor, outcome=outcome,
        exit_requested=code == EXIT_BY_US,
    )
    for code, stage, words, actor, outcome in _TABLE
}
# fmt: on

# The phases in which the portal waits for the claimant representative (its work list).
OUR_TURN = frozenset(code for code, info in STATUSES.items() if info.next_actor == US)


def status_info(code: str) -> StatusInfo:
    """``code`` explained; an unknown code as the portal wrote it (closed if it ends in ``End``)."""
    known = STATUSES.get(code)
    if known is not None:
        return known
    closed = code.endswith("End")
    return StatusInfo(
        code=code,
        label=code or "Not known",
        stage=CLOSED if closed else "Not known",
        next_actor=NOBODY if closed else Actor.PORTAL,
        outcome=EXITED if closed else OPEN,
    )

"""What a claimant representative may do on a Claims Portal claim in each phase: the stage actions as data.

Each action is a StageAction (portal.base) — label, explanation, fields — plus the R7 workflow
methods it calls, in order (``requests``). ``actions`` offers exactly those the phase (and the
claim's facts) allow. The phases and methods follow docs/claims-portal-simulator.md ("The claim
lifecycle"), built on the public R7 contract (claims-portal.md 5.2); the settlement packs carry the
losses on the case's Losses tab, so a fee earner enters them once.

Each action is one workflow method, as the contract has them: before resending an action whose answer
was lost, the service looks on the portal for its effect, and a claim that moved on must then mean the
whole action arrived, never only a first half of it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from portal.base import ActionField, Choice, FieldKind, StageAction, StageFacts
from portal.claims_portal.schemas import CHILD_CLAIM, NO_MORE_COUNTER_OFFERS, STAGE1_PAID
from portal.claims_portal.statuses import STATUSES, status_info

F = FieldKind
MILLION = Decimal("1000000")


def _money(name: str, label: str, *, minimum: str = "0.01", help: str = "") -> ActionField:
    return ActionField(name, label, F.MONEY, minimum=Decimal(minimum), maximum=MILLION, help=help)


def _comment(label: str = "Comment", *, required: bool = False) -> ActionField:
    return ActionField("comment", label, F.LONG_TEXT, required=required, max_length=500)


def _acknowledge(code: str, label: str, group: str, explanation: str, *, final: bool = True) -> StageAction:
    return StageAction(code, label, group, explanation, irreversible=final)


LEAVES = (
    "The claim leaves the portal; it carries on under the Pre-Action Protocol for Personal Injury Claims."
)

# -- Stage 1: the claim form and the insurer's response ------------------------------------------------

ACK_REJECTION = _acknowledge(
    "rejection.acknowledge",
    "Acknowledge the rejection",
    "Claim form",
    "The claim comes back to you: correct the case, then resend the claim form (the compensator's "
    "liability period starts again) or exit the rejected claim.",
    final=False,
)
RESEND = StageAction(
    "rejection.resend",
    "Resend the corrected claim form",
    "Claim form",
    "ClaimDesk sends the claim form again from the case as it is now (fix the tabs first); the "
    "compensator's liability period starts again.",
)
EXIT_REJECTED = _acknowledge(
    "rejection.exit", "Exit the rejected claim", "Exit", "The rejected claim leaves the portal. " + LEAVES
)
ACK_ADMITTED = _acknowledge(
    "liability.acknowledge",
    "Acknowledge the admission",
    "Liability",
    "The claim goes on to Stage 2: ask for an interim payment, or send the Stage 2 Settlement Pack.",
    final=False,
)
ACK_ADMITTED_CHILD = _acknowledge(
    "liability.acknowledge_child",
    "Acknowledge the admission (child claimant)",
    "Liability",
    "The claim goes on to Stage 2. A child's settlement needs the court's approval at the end.",
    final=False,
)
ACK_NEGLIGENCE = _acknowledge(
    "liability.acknowledge_negligence",
    "Acknowledge: liability admitted with contributory negligence",
    "Liability",
    LEAVES,
)
ACK_DENIAL = _acknowledge("liability.acknowledge_denial", "Acknowledge the denial", "Liability", LEAVES)
ACK_FRAUD = _acknowledge(
    "liability.acknowledge_fraud", "Acknowledge the statement of fraud", "Liability", LEAVES
)
ACK_LIABILITY_TIMEOUT = _acknowledge(
    "liability.acknowledge_timeout",
    "Acknowledge the liability timeout",
    "Liability",
    "The compensator did not decide liability in time. " + LEAVES,
)

# -- Stage 2.1: interim payments ------------------------------------------------------------------------

INTERIM_FIELDS = (
    _money(
        "amount",
        "Interim payment asked (£)",
        minimum="1000",
        help="At least £1,000. The losses on the Losses tab go with the request.",
    ),
    ActionField(
        "medical_reports",
        "Medical reports obtained",
        F.WHOLE,
        required=False,
        minimum=Decimal("0"),
        maximum=Decimal("4"),
    ),
)
_INTERIM_EXPLANATION = (
    "Sends the Interim Settlement Pack with the losses on the Losses tab. The compensator has 10 "
    "business days to decide on a request of £1,000, 15 on a larger one."
)
INTERIM_START = StageAction(
    "interim.start",
    "Ask for an interim payment",
    "Interim payment",
    "The next step is the Interim Settlement Pack: its form opens here.",
)
INTERIM_PACK = StageAction(
    "interim.pack",
    "Send the Interim Settlement Pack",
    "Interim payment",
    _INTERIM_EXPLANATION,
    INTERIM_FIELDS,
)
INTERIM_PAID = StageAction(
    "interim.paid",
    "Record the interim payment",
    "Interim payment",
    "Back to the start of Stage 2.1: ask for another interim payment, or send the Stage 2 Settlement Pack.",
    fields=(ActionField("received", "The payment has been received", F.YES_NO, required=False),),
)
ACCEPT_PARTIAL = StageAction(
    "interim.accept_partial",
    "Accept the partial payment",
    "Interim payment",
    "The compensator pays the amount it offered; record it when it arrives.",
)
DECLINE_PARTIAL = StageAction(
    "interim.decline_partial",
    "Decline the partial payment",
    "Interim payment",
    "Back to the start of Stage 2.1.",
)
_ON_TO_STAGE2 = "The claim goes on to the Stage 2 Settlement Pack."
INTERIM_REFUSAL_ACK = _acknowledge(
    "interim.acknowledge_refusal", "Go on to Stage 2", "Interim payment", _ON_TO_STAGE2, final=False
)
INTERIM_TIMEOUT_ACK = _acknowledge(
    "interim.acknowledge_timeout", "Go on to Stage 2", "Interim payment", _ON_TO_STAGE2, final=False
)
INTERIM_AGAIN = _acknowledge(
    "interim.again",
    "Return to the start of Stage 2.1",
    "Interim payment",
    "Ask for an interim payment again later.",
    final=False,
)
STAGE1_COSTS = StageAction(
    "costs.stage1",
    "Record the Stage 1 fixed costs",
    "Costs",
    "Tell the portal whether the compensator has paid the Stage 1 fixed costs. The claim stays where it is.",
    fields=(ActionField("paid", "The Stage 1 fixed costs have been paid", F.YES_NO, required=False),),
)

# -- Stage 2: the settlement pack and the negotiation ---------------------------------------------------

PACK_FIELDS = (
    _money("general_damages", "General damages claimed (£)", help="The losses on the Losses tab go with it."),
    ActionField(
        "medical_reports", "Medical reports (number)", F.WHOLE, minimum=Decimal("1"), maximum=Decimal("4")
    ),
    ActionField("soft_tissue", "A soft tissue injury claim", F.YES_NO, required=False),
    ActionField(
        "medco_case_id",
        "MedCo case ID",
        F.TEXT,
        required=False,
        max_length=50,
        help="Required for a soft tissue injury claim.",
    ),
    ActionField(
        "tariff_type",
        "Whiplash tariff",
        F.CHOICE,
        required=False,
        choices=(Choice("1", "Whiplash only"), Choice("2", "Whiplash with minor psychological injury")),
    ),
    ActionField(
        "duration",
        "Duration of the whiplash injury",
        F.CHOICE,
        required=False,
        choices=tuple(
            Choice(str(code), words)
            for code, words in enumerate(
                (
                    "Up to 3 months",
                    "3 to 6 months",
                    "6 to 9 months",
                    "9 to 12 months",
                    "12 to 15 months",
                    "15 to 18 months",
                    "18 to 24 months",
                    "More than 24 months",
                )
            )
        ),
        help="Needed with a whiplash tariff.",
    ),
    ActionField(
        "uplift",
        "Exceptional circumstances uplift (%)",
        F.PERCENT,
        required=False,
        minimum=Decimal("0"),
        maximum=Decimal("20"),
        help="Up to 20%; leave blank for none.",
    ),
)
_PACK_EXPLANATION = (
    "Sends the Stage 2 Settlement Pack: general damages and the losses on the Losses tab. The "
    "compensator has 15 business days to confirm it, make a counter-offer or repudiate it."
)
STAGE2_START = StageAction(
    "stage2.start",
    "Go on to the Stage 2 Settlement Pack",
    "Stage 2",
    "No interim payment: the next step is the Stage 2 Settlement Pack, whose form opens here.",
)
PACK = StageAction(
    "stage2.pack", "Send the Stage 2 Settlement Pack", "Stage 2", _PACK_EXPLANATION, PACK_FIELDS
)
ACCEPT_OFFER = StageAction(
    "offer.accept",
    "Accept the compensator's offer",
    "Offer",
    "The claim settles on the portal for the compensator's last offer.",
    irreversible=True,
)
COUNTER_OFFER = StageAction(
    "offer.counter",
    "Make a counter-offer",
    "Offer",
    "Your global (gross) figure goes to the compensator, who agrees it or counters. An offer in the "
    "last 5 business days of the period extends it by 5 days, once; after that only agree or disagree.",
    fields=(_money("amount", "Your counter-offer (£)"), _comment("Comments")),
)
NO_COUNTER = StageAction(
    "offer.no_counter",
    "Make no further counter-offer",
    "Offer",
    "Moves on to the agreement decision: agree or disagree with the compensator's last offer.",
)
DECLINE_OFFER = StageAction(
    "offer.decline",
    "Do not agree: go to Stage 3",
    "Offer",
    "The claim leaves the portal for Stage 3 (the court proceedings pack).",
    irreversible=True,
)
EXTEND = StageAction(
    "offer.extend",
    "Record an agreed extension of time",
    "Offer",
    "Both sides agreed more time: the portal's timeout moves to the new date (after the current one).",
    fields=(
        ActionField("new_date", "New timeout date", F.DATE),
        ActionField("reason", "Reason for the extension", F.LONG_TEXT, max_length=500),
    ),
)
ACK_CONFIRMATION = _acknowledge(
    "stage2.acknowledge_confirmation",
    "Acknowledge the confirmation: settle",
    "Stage 2",
    "The claim settles for the Stage 2 Settlement Pack as claimed.",
)
ACK_REPUDIATION = _acknowledge(
    "stage2.acknowledge_repudiation", "Acknowledge the repudiation", "Stage 2", LEAVES
)
ACK_STAGE2_TIMEOUT = _acknowledge(
    "stage2.acknowledge_timeout",
    "Acknowledge the Stage 2 timeout",
    "Stage 2",
    "The compensator did not answer in time. " + LEAVES,
)
ACK_EXIT = _acknowledge(
    "exit.acknowledge",
    "Acknowledge the compensator's exit",
    "Exit",
    "The compensator took the claim out of the portal process. " + LEAVES,
)

# -- Which actions each phase allows ---------------------------------------------------------------------

NEGOTIATION = ("Stage2SettlementPackCounterOfferDecision", "Stage2SettlementPackAgreementDecision")
BY_PHASE: dict[str, tuple[StageAction, ...]] = {
    "AcknowledgeRejectedClaim": (ACK_REJECTION, EXIT_REJECTED),
    "ClaimRejectedToCR": (RESEND, EXIT_REJECTED),
    "LiabilityAdmittedWithNegligence": (ACK_NEGLIGENCE,),
    "LiabilityNotAdmitted": (ACK_DENIAL,),
    "FraudStated": (ACK_FRAUD,),
    "LiabilityDecisionTimeout": (ACK_LIABILITY_TIMEOUT,),
    "StartOfStage21": (STAGE2_START, INTERIM_START),
    "InterimSettlementPackForm": (INTERIM_PACK,),
    "WaitingForInterimPayment": (INTERIM_PAID,),
    "AcceptanceOfPartialInterimPayment": (ACCEPT_PARTIAL, DECLINE_PARTIAL),
    "InterimSettlementPackRejected": (INTERIM_REFUSAL_ACK, INTERIM_AGAIN),
    "InterimPaymentDecisionTimeout": (INTERIM_TIMEOUT_ACK, INTERIM_AGAIN),
    "Stage2SettlementPackForm": (PACK,),
    "Stage2SettlementPackCounterOfferDecision": (
        ACCEPT_OFFER,
        COUNTER_OFFER,
        NO_COUNTER,
        DECLINE_OFFER,
        EXTEND,
    ),
    "Stage2SettlementPackCRCounterOfferDecision": (EXTEND,),
    "Stage2SettlementPackAgreementDecision": (ACCEPT_OFFER, DECLINE_OFFER, EXTEND),
    "Stage2SettlementPackConfirmation": (ACK_CONFIRMATION,),
    "Stage2SettlementPackRepudiation": (ACK_REPUDIATION,),
    "Stage2SettlementPackDecisionTimeout": (ACK_STAGE2_TIMEOUT,),
    "ExitProcessByCM": (ACK_EXIT,),
}
# Open Stage 2.1 and Stage 2 phases: the Stage 1 fixed costs payment can be recorded in any of them.
COSTS_PHASES = frozenset(
    code
    for code, info in STATUSES.items()
    if info.stage in ("Stage 2.1 (interim)", "Stage 2") and not info.is_closed
)


def actions(phase: str, facts: StageFacts) -> list[StageAction]:
    """Exactly the actions the portal allows a claimant representative in ``phase``."""
    flags = set(facts.flags)
    found = list(BY_PHASE.get(phase, ()))
    if phase == "LiabilityAdmitted":
        found.append(ACK_ADMITTED_CHILD if CHILD_CLAIM in flags else ACK_ADMITTED)
    if NO_MORE_COUNTER_OFFERS in flags:
        found = [action for action in found if action is not COUNTER_OFFER]
    if phase in COSTS_PHASES and STAGE1_PAID not in flags and not status_info(phase).is_closed:
        found.append(STAGE1_COSTS)
    return found


# -- From a filled form to the portal's calls ------------------------------------------------------------


@dataclass(frozen=True)
class Call:
    """One R7 workflow method and its fields (the activityEngineGuid is added when it is sent).

    ``needs`` names what the adapter adds from the case: "cnf" (the claim form) or "losses" (the
    Losses tab as pack lines).
    """

    method: str
    fields: dict
    needs: str = ""


def _number(value) -> float | int | None:
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def _text(values: dict, name: str) -> str | None:
    return (values.get(name) or "").strip() or None


def _interim(values: dict) -> dict:
    fields = {"interimPaymentAmount": _number(values["amount"])}
    if values.get("medical_reports") is not None:
        fields["medicalReportCount"] = int(values["medical_reports"])
    return fields


def _pack(values: dict) -> dict:
    uplift = values.get("uplift") or Decimal("0")
    fields = {
        "generalDamages": _number(values["general_damages"]),
        "medicalReportStage2": int(values["medical_reports"]),
        "softTissue": bool(values.get("soft_tissue")),
        "medCoCaseId": _text(values, "medco_case_id"),
        "excepCircumstancesUplift": uplift > 0,
    }
    if values.get("tariff_type"):
        fields["tariffType"] = int(values["tariff_type"])
    if values.get("duration") not in (None, ""):
        fields["selectDurationOfTheInjury"] = int(values["duration"])
    if uplift > 0:
        fields["excepCircumstancesUpliftPerc"] = int(uplift.to_integral_value())
    return fields


def _one(method: str, **fields) -> Callable[[dict], list[Call]]:
    return lambda values: [Call(method, dict(fields))]


REQUESTS: dict[str, Callable[[dict], list[Call]]] = {
    "rejection.acknowledge": _one("acknowledgeRejectedClaim"),
    "rejection.resend": lambda values: [Call("resendRejectedClaim", {}, needs="cnf")],
    "rejection.exit": _one("exitRejectedClaim"),
    "liability.acknowledge": _one("acknowledgeLiabilityAdmitted"),
    "liability.acknowledge_child": _one("acknowledgeLiabilityAdmittedForChild"),
    "liability.acknowledge_negligence": _one("acknowledgeLiabilityAdmittedWithNeg"),
    "liability.acknowledge_denial": _one("acknowledgeDeniedLiability"),
    "liability.acknowledge_fraud": _one("acknowledgeFraudStated"),
    "liability.acknowledge_timeout": _one("acknowledgeLiabilityDecisionTimeout"),
    "interim.start": _one("setInterimPaymentNeeded", isInterimPaymentNeeded=True),
    "interim.pack": lambda values: [Call("addInterimSPFRequest", _interim(values), needs="losses")],
    "interim.paid": lambda values: [
        Call("setStage21Payment", {"isStage21Paid": bool(values.get("received"))})
    ],
    "interim.accept_partial": _one("acceptPartialInterimPayment", isAccepted=True),
    "interim.decline_partial": _one("acceptPartialInterimPayment", isAccepted=False),
    "interim.acknowledge_refusal": _one("acknowledgeRejectedInterimSettlementPack"),
    "interim.acknowledge_timeout": _one("acknowledgeInterimPaymentDecisionTimeout"),
    "interim.again": _one("returnToStartOfStage21"),
    "costs.stage1": lambda values: [Call("setStage1Payment", {"isStage1Paid": bool(values.get("paid"))})],
    "stage2.start": _one("setInterimPaymentNeeded", isInterimPaymentNeeded=False),
    "stage2.pack": lambda values: [Call("addStage2SPFRequest", _pack(values), needs="losses")],
    "offer.accept": _one("setStage2SPFAgreementDecision", isAgreed=True),
    "offer.decline": _one("setStage2SPFAgreementDecision", isAgreed=False),
    "offer.no_counter": _one("setStage2SPFCounterOfferNeeded", isCounterOfferNeeded=False),
    "offer.counter": lambda values: [
        Call(
            "addStage2SPFCounterOfferByCR",
            {"grossAmount": _number(values["amount"]), "comments": _text(values, "comment")},
        )
    ],
    "offer.extend": lambda values: [
        Call(
            "extendStage2SPFCounterOfferTimeout",
            {"newTimeOut": values["new_date"].isoformat(), "reasonForExtension": _text(values, "reason")},
        )
    ],
    "stage2.acknowledge_confirmation": _one("acknowledgeStage2SPFConfirmation"),
    "stage2.acknowledge_repudiation": _one("acknowledgeStage2SPFRepudiation"),
    "stage2.acknowledge_timeout": _one("acknowledgeStage2SPFDecisionTimeout"),
    "exit.acknowledge": _one("acknowledgeExitProcess"),
}

# The portal's field names, where they differ from the action's (to show a refusal by its field).
FIELD_NAMES = {
    "interimPaymentAmount": "amount",
    "medicalReportCount": "medical_reports",
    "medicalReportStage2": "medical_reports",
    "medCoCaseId": "medco_case_id",
    "softTissue": "soft_tissue",
    "tariffType": "tariff_type",
    "selectDurationOfTheInjury": "duration",
    "excepCircumstancesUpliftPerc": "uplift",
    "grossAmount": "amount",
    "newTimeOut": "new_date",
    "reasonForExtension": "reason",
    "comments": "comment",
}


def requests(action: StageAction, values: dict) -> list[Call]:
    return REQUESTS[action.code](values)

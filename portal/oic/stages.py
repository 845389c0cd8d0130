"""What a claimant representative may do on an OIC claim in each status: the stage actions as data.

Each action is a StageAction (portal.base) — label, explanation, fields — plus how it goes to the
portal: which operation of the endpoint table, with which body. ``actions`` offers exactly those the
status (and the claim's facts) allow; ``requests`` turns a filled form into the portal calls.
The statuses and the claimant's options follow docs/oic-simulator.md ("The claim lifecycle"), which
rests on the public sources in docs/sources.md; the request bodies are our simulator's contract.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from portal.base import ActionField, Choice, FieldKind, StageAction, StageFacts
from portal.oic.statuses import status_info

F = FieldKind
ZERO, HUNDRED = Decimal("0"), Decimal("100")


def _comment(label: str = "Comment", *, required: bool = False, help: str = "") -> ActionField:
    return ActionField("comment", label, F.LONG_TEXT, required=required, help=help)


def _money(name: str, label: str, *, required: bool = True, help: str = "") -> ActionField:
    return ActionField(
        name, label, F.MONEY, required=required, minimum=ZERO, maximum=Decimal("1000000"), help=help
    )


DOCUMENTS = ActionField(
    "documents",
    "Documents for the court pack",
    F.CHOICES,
    choices_from="documents",
    help="Choose from the claim's portal documents.",
)

# -- The actions ------------------------------------------------------------------------------------

ACCEPT_DENIAL = StageAction(
    "liability.accept_denial",
    "Accept the denial",
    "Liability",
    "The claim ends on the portal once the compensator acknowledges: the client recovers nothing through it.",
    fields=(_comment(),),
    irreversible=True,
)
DISPUTE_LIABILITY = StageAction(
    "liability.court",
    "Go to court on liability",
    "Liability",
    "The court decides liability under PD 27B: choose the documents for the court pack; the compensator reviews them.",
    fields=(_comment(), DOCUMENTS),
    irreversible=True,
)
CHALLENGE_PARTIAL = StageAction(
    "liability.challenge",
    "Challenge the partial admission",
    "Liability",
    "The compensator reviews your challenge and answers with its percentage; meanwhile the medical stage goes on.",
    fields=(
        _comment("Why the admission is wrong", required=True),
        ActionField(
            "responsible_driver", "Which driver was responsible", F.TEXT, required=False, max_length=200
        ),
        ActionField(
            "percentage", "Liability you propose (%)", F.PERCENT, minimum=Decimal("1"), maximum=HUNDRED
        ),
    ),
)
REVIEW_CHALLENGE = StageAction(
    "liability.review_challenge",
    "Answer the compensator's reply to your challenge",
    "Liability",
    "Accept its revised percentage, or ask the court to decide liability.",
    fields=(
        ActionField(
            "decision",
            "Your answer",
            F.CHOICE,
            choices=(
                Choice("accept", "Accept the compensator's percentage"),
                Choice("court", "Go to court on liability"),
            ),
        ),
        _comment(),
    ),
    irreversible=True,
)
UPLOAD_REPORT = StageAction(
    "medical.upload",
    "Upload the MedCo report",
    "Medical",
    "The report goes to the portal and the claim moves on to your check of its factual accuracy. "
    "The prognosis entered here updates the OIC Injury tab.",
    fields=(
        ActionField("report", "The report (PDF)", F.FILE),
        ActionField("medco_reference", "MedCo case reference", F.TEXT, max_length=50),
        ActionField("expert", "Expert's name", F.TEXT, max_length=200),
        ActionField("report_date", "Date of the report", F.DATE),
        ActionField("examination_date", "Date of the examination", F.DATE, required=False),
        ActionField(
            "prognosis_months", "Prognosis (months)", F.WHOLE, minimum=Decimal("1"), maximum=Decimal("240")
        ),
    ),
    prognosis_field="prognosis_months",
)
ACCEPT_REPORT = StageAction(
    "medical.accept",
    "Accept the report",
    "Medical",
    "You confirm the report is factually accurate; next, release it or wait.",
)
AMEND_REPORT = StageAction(
    "medical.amend",
    "Send the report back for amendment",
    "Medical",
    "The expert corrects the factual inaccuracies you list, then the report comes back for your check.",
    fields=(_comment("What is inaccurate", required=True),),
)
FURTHER_REPORT = StageAction(
    "medical.further",
    "Ask for a further report",
    "Medical",
    "A further report is obtained (the compensator may object); upload it when it arrives.",
    fields=(_comment("Why a further report is needed", required=True),),
)
WAIT_MEDICAL = StageAction(
    "medical.wait",
    "Wait out the prognosis period",
    "Medical",
    "The claim waits; release the report when the client has recovered.",
)
RELEASE_REPORT = StageAction(
    "medical.release",
    "Release the report and ask for an offer",
    "Medical",
    "The compensator receives the report and must make an offer. After this, no more losses can be added.",
    irreversible=True,
)
ADD_LOSS = StageAction(
    "losses.add",
    "Add an item of loss",
    "Losses",
    "The loss is added to the claim on the portal (possible until you ask for an offer), with its evidence.",
    fields=(
        ActionField("loss_type", "Type of loss", F.CHOICE, choices_from="loss_type"),
        _money("amount", "Amount (£)"),
        ActionField("description", "Description", F.TEXT, required=False, max_length=500),
        ActionField("ongoing", "The loss is ongoing", F.YES_NO, required=False),
        ActionField("evidence", "Evidence (PDF or image)", F.FILE, required=False),
    ),
    records_loss=True,
)
ACCEPT_OFFER = StageAction(
    "offer.accept",
    "Accept the offer",
    "Offer",
    "The claim settles for the offer's total; the compensator arranges payment.",
    irreversible=True,
)
COUNTER_OFFER = StageAction(
    "offer.counter",
    "Make a counter-offer",
    "Offer",
    "Your counter-offer, head by head; the compensator accepts it or makes a revised offer.",
    fields=(
        _money("tariff", "Tariff amount (£)"),
        ActionField(
            "uplift",
            "Uplift (%)",
            F.PERCENT,
            required=False,
            minimum=ZERO,
            maximum=Decimal("20"),
            help="Up to 20%.",
        ),
        _money("non_tariff", "Non-tariff injuries (£)", required=False),
        _money("special_damages", "Special damages (£)", required=False),
        _comment("Why (your reasons)", required=True),
    ),
)
COURT_QUANTUM = StageAction(
    "offer.court",
    "Go to court on quantum",
    "Offer",
    "The court values the claim under PD 27B; you choose the documents for the court pack next.",
    fields=(_comment(),),
    irreversible=True,
)
WAIT_OFFER = StageAction(
    "offer.wait",
    "Wait out the prognosis",
    "Offer",
    "The offer stays open while the client's prognosis period runs; answer it afterwards.",
)
REJECT_FINAL = StageAction(
    "offer.reject",
    "Reject the final offer",
    "Offer",
    "The claim closes on the portal (the causation dispute goes on outside it).",
    fields=(_comment(),),
    irreversible=True,
)
DISPUTE_CAUSATION = StageAction(
    "offer.court",
    "Dispute causation: go to court",
    "Offer",
    "The court decides causation and value under PD 27B; you choose the court pack documents next.",
    fields=(_comment(),),
    irreversible=True,
)
SELECT_PACK = StageAction(
    "court.select",
    "Choose the court pack documents",
    "Court",
    "The compensator reviews your choice: it agrees or amends it.",
    fields=(ActionField("documents", "Documents for the court pack", F.CHOICES, choices_from="documents"),),
)
ACCEPT_AMENDMENTS = StageAction(
    "court.accept",
    "Accept the compensator's amendments",
    "Court",
    "The amended pack becomes final; submit it next.",
)
SUBMIT_PACK = StageAction(
    "court.submit",
    "Submit the court pack",
    "Court",
    "The claim leaves the portal for court.",
    irreversible=True,
)
REOPEN = StageAction(
    "court.reopen",
    "Reopen the claim after the court's decision",
    "Court",
    "The court decided liability: the claim comes back to the portal at the medical stage.",
    fields=(
        ActionField("court_claim_number", "Court claim number", F.TEXT, max_length=30),
        ActionField("court_order", "The court order (PDF)", F.FILE),
    ),
    irreversible=True,
)
ACKNOWLEDGE_REMOVAL = StageAction(
    "removal.acknowledge",
    "Acknowledge the removal",
    "Exit",
    "The compensator removed the claim from the portal; acknowledging closes it there. Carry on outside the portal.",
    irreversible=True,
)

# -- Which actions each status allows ------------------------------------------------------------------

MEDICAL_STAGE = {
    "Pending-Medical",
    "Pending-MedCausation",
    "Pending-MedicalAfterCourt",
    "Pending-MedicalPartLiable",
    "Pending-MedPartCausation",
}
MEDICAL_FLOW = MEDICAL_STAGE | {
    "Pending-CheckMedical",
    "Pending-MRPReportReject",
    "Pending-FurtherReport",
    "Pending-ProceedClaim",
    "Pending-WaitPrognosisMedical",
}
BY_STATUS: dict[str, tuple[StageAction, ...]] = {
    "Pending-LiabilityRejected": (ACCEPT_DENIAL, DISPUTE_LIABILITY),
    **{
        status: (UPLOAD_REPORT,)
        for status in MEDICAL_STAGE | {"Pending-FurtherReport", "Pending-MRPReportReject"}
    },
    "Pending-CheckMedical": (ACCEPT_REPORT, AMEND_REPORT, FURTHER_REPORT),
    "Pending-ProceedClaim": (RELEASE_REPORT, WAIT_MEDICAL, FURTHER_REPORT),
    "Pending-WaitPrognosisMedical": (RELEASE_REPORT,),
    "Pending-ReviewOffer": (ACCEPT_OFFER, COUNTER_OFFER, COURT_QUANTUM, WAIT_OFFER),
    "Pending-WaitPrognosisOffer": (ACCEPT_OFFER, COUNTER_OFFER, COURT_QUANTUM),
    "Pending-CausationFinalOffer": (ACCEPT_OFFER, REJECT_FINAL, DISPUTE_CAUSATION),
    "Pending-CausationNoOffer": (
        StageAction(
            "offer.accept",
            "Accept that no offer is made",
            "Offer",
            "The claim closes on the portal with nothing paid.",
            irreversible=True,
        ),
        DISPUTE_CAUSATION,
    ),
    "Pending-OfferCourtList": (SELECT_PACK,),
    "Pending-LiabilityListAmend": (ACCEPT_AMENDMENTS,),
    "Pending-OfferListAmend": (ACCEPT_AMENDMENTS,),
    "Pending-LiabilityListAccept": (SUBMIT_PACK,),
    "Pending-OfferListAccept": (SUBMIT_PACK,),
    "Resolved-CourtLiability": (REOPEN,),
    "Pending-Removal": (ACKNOWLEDGE_REMOVAL,),
    "Pending-Acknowledgement": (
        StageAction(
            "offer.court",
            "Go to court: the settlement was not paid",
            "Offer",
            "The court enforces the agreed settlement.",
            fields=(_comment(),),
            irreversible=True,
        ),
    ),
}
# Open statuses in which losses may not be added (they may otherwise until an offer is requested).
NO_LOSSES = {"Pending-New", "Pending-Withdrawal", "Pending-Removal"}

PARTIAL_ADMISSION = "partial_admission"
CHALLENGE_OPEN = "challenge_open"
CHALLENGE_ANSWERED = "challenge_answered"
OFFER_REQUESTED = "offer_requested"


def actions(status: str, facts: StageFacts) -> list[StageAction]:
    """Exactly the actions the portal allows a claimant representative in ``status``."""
    found = list(BY_STATUS.get(status, ()))
    flags = set(facts.flags)
    if (
        status in MEDICAL_FLOW
        and PARTIAL_ADMISSION in flags
        and not flags & {CHALLENGE_OPEN, CHALLENGE_ANSWERED}
    ):
        found.append(CHALLENGE_PARTIAL)
    if CHALLENGE_ANSWERED in flags:
        found.append(REVIEW_CHALLENGE)
    if status not in NO_LOSSES and not status_info(status).is_closed and OFFER_REQUESTED not in flags:
        found.append(ADD_LOSS)
    return found


# -- From a filled form to the portal's calls ------------------------------------------------------------


@dataclass(frozen=True)
class Call:
    """One portal request: an operation of the endpoint table and its JSON body; ``upload`` is a file
    (name, bytes) that travels in the body, base64 encoded, as ``fileName`` and ``fileStream``."""

    operation: str
    body: dict
    upload: tuple[str, bytes] | None = None


def _text(values: dict, name: str) -> str | None:
    value = (values.get(name) or "").strip()
    return value or None


def _number(value) -> float | int | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _liability(action: str) -> Callable[[dict], list[Call]]:
    def build(values: dict) -> list[Call]:
        body = {"action": action, "comment": _text(values, "comment")}
        if values.get("documents"):
            body["documentIDs"] = list(values["documents"])
        if values.get("percentage") is not None:
            body["percentage"] = _number(values["percentage"])
            body["responsibleDriver"] = _text(values, "responsible_driver")
        if values.get("decision"):
            body["decision"] = values["decision"]
        return [Call("liability_reply", body)]

    return build


def _medical_upload(values: dict) -> list[Call]:
    name, content = values["report"]
    body = {
        "fileName": name,
        "medcoReference": values["medco_reference"],
        "expertName": values["expert"],
        "reportDate": values["report_date"].isoformat(),
        "examinationDate": values["examination_date"].isoformat() if values.get("examination_date") else None,
        "prognosisMonths": int(values["prognosis_months"]),
    }
    return [Call("medical_report", body, upload=(name, content))]


def _review(action: str) -> Callable[[dict], list[Call]]:
    return lambda values: [Call("medical_review", {"action": action, "comment": _text(values, "comment")})]


def _offer(action: str) -> Callable[[dict], list[Call]]:
    return lambda values: [Call("offer_response", {"action": action, "comment": _text(values, "comment")})]


def _counter(values: dict) -> list[Call]:
    tariff, uplift = values["tariff"], values.get("uplift") or ZERO
    body = {
        "action": "counter",
        "tariffAmount": _number(tariff + (tariff * uplift / 100).quantize(Decimal("0.01"))),
        "upliftPercentage": _number(uplift.quantize(Decimal("1"))),
        "nonTariffAmount": _number(values.get("non_tariff") or ZERO),
        "otherLossesAmount": _number(values.get("special_damages") or ZERO),
        "comment": _text(values, "comment"),
    }
    return [Call("offer_response", body)]


def _loss(values: dict) -> list[Call]:
    loss = {
        "lossType": values["loss_type"],
        "amount": _number(values["amount"]),
        "description": _text(values, "description"),
        "ongoing": bool(values.get("ongoing")),
        "evidenceAvailable": bool(values.get("evidence")),
    }
    calls = []
    if values.get("evidence"):
        name, content = values["evidence"]
        memo = f"Evidence: {loss['lossType']}"
        calls.append(
            Call("add_attachment", {"category": "EvidenceOfLosses", "memo": memo}, upload=(name, content))
        )
    return [*calls, Call("add_losses", {"losses": [loss]})]


def _court_pack(action: str) -> Callable[[dict], list[Call]]:
    def build(values: dict) -> list[Call]:
        body = {"action": action}
        if action == "select":
            body["documentIDs"] = list(values["documents"])
        return [Call("court_pack", body)]

    return build


def _reopen(values: dict) -> list[Call]:
    name, content = values["court_order"]
    return [
        Call("add_attachment", {"category": "CourtOrder", "memo": "Court order"}, upload=(name, content)),
        Call("reopen", {"courtClaimNumber": values["court_claim_number"]}),
    ]


REQUESTS: dict[str, Callable[[dict], list[Call]]] = {
    "liability.accept_denial": _liability("acceptdenial"),
    "liability.court": _liability("disputeliability"),
    "liability.challenge": _liability("challengepartialliability"),
    "liability.review_challenge": _liability("reviewpartialliability"),
    "medical.upload": _medical_upload,
    "medical.accept": _review("accept"),
    "medical.amend": _review("amend"),
    "medical.further": _review("further"),
    "medical.wait": _review("wait"),
    "medical.release": _review("proceed"),
    "losses.add": _loss,
    "offer.accept": _offer("accept"),
    "offer.counter": _counter,
    "offer.court": _offer("court"),
    "offer.wait": _offer("wait"),
    "offer.reject": _offer("reject"),
    "court.select": _court_pack("select"),
    "court.accept": _court_pack("accept"),
    "court.submit": _court_pack("submit"),
    "court.reopen": _reopen,
    "removal.acknowledge": lambda values: [Call("acknowledge_removal", {})],
}


def requests(action: StageAction, values: dict) -> list[Call]:
    return REQUESTS[action.code](values)

"""Reading the Stage 2 business documents: interim and Stage 2 settlement packs, responses, offers.

Each reader checks a JSON body (every problem at once, R7 codes) and returns the normalised
document to store. Field names follow the R7 documents in claims-portal.md 5.5, in camelCase.
"""

from simulators.claims_portal import reference as ref
from simulators.claims_portal.cnf import COMMENT_LENGTH, raise_if_errors
from simulators.common.checks import Checker

MAX_AMOUNT = 1_000_000


def _losses(check: Checker, body: dict, *, min_items: int = 1) -> list[dict]:
    """Lines of LossType with GrossValueClaimed, PercContribNegDeductions, EvidenceAttached, Comments."""
    lines = []
    for index, loss in enumerate(check.items(body, "losses", "losses", min_items=min_items, max_items=40)):
        path = f"losses[{index}]"
        loss_type = check.whole(loss, "lossType", f"{path}.lossType", low=0, high=max(ref.LOSS_TYPES))
        gross = check.number(loss, "grossValueClaimed", f"{path}.grossValueClaimed", low=0, high=MAX_AMOUNT)
        if gross is not None and gross <= 0:
            check.add(
                f"{path}.grossValueClaimed", "GreaterThanZero", "A loss must be worth more than nothing."
            )
        deduction = check.whole(
            loss,
            "percContribNegDeductions",
            f"{path}.percContribNegDeductions",
            low=0,
            high=100,
            required=False,
        )
        lines.append(
            {
                "lossType": loss_type,
                "lossTypeName": ref.LOSS_TYPES.get(loss_type),
                "grossValueClaimed": gross,
                "percContribNegDeductions": deduction or 0,
                "evidenceAttached": check.flag(
                    loss, "evidenceAttached", f"{path}.evidenceAttached", required=False
                )
                or False,
                "comments": check.text(
                    loss, "comments", f"{path}.comments", required=False, max_length=COMMENT_LENGTH
                ),
            }
        )
    return lines


def _total(lines: list[dict]) -> float:
    return round(sum(line["grossValueClaimed"] or 0 for line in lines), 2)


def interim_request(body: dict) -> dict:
    """AddInterimSPFRequest: the amount asked for (at least £1,000) and the losses behind it."""
    check = Checker()
    amount = check.number(body, "interimPaymentAmount", "interimPaymentAmount", low=0, high=MAX_AMOUNT)
    if amount is not None and amount < 1000:
        check.add(
            "interimPaymentAmount", "LessThan1000", "An interim payment request must be at least £1,000."
        )
    lines = _losses(check, body)
    reports = check.whole(body, "medicalReportCount", "medicalReportCount", low=0, high=4, required=False)
    raise_if_errors(check)
    return {
        "interimPaymentAmount": amount,
        "losses": lines,
        "totalClaimed": _total(lines),
        "medicalReportCount": reports,
    }


def interim_response(body: dict, requested: float) -> dict:
    """AddInterimSPFResponse: pay in full, or offer a partial amount."""
    check = Checker()
    decision = check.choice(body, "paymentDecision", "paymentDecision", tuple(ref.INTERIM_DECISIONS))
    partial = decision == "Partial"
    amount = check.number(body, "amountOffered", "amountOffered", low=0, high=MAX_AMOUNT, required=partial)
    if partial and amount is not None and not 0 < amount < requested:
        check.add(
            "amountOffered",
            "WrongValue",
            f"A partial payment is more than nothing and less than £{requested:,.2f}.",
        )
    comments = check.text(body, "comments", "comments", required=False, max_length=COMMENT_LENGTH)
    raise_if_errors(check)
    return {
        "paymentDecision": decision,
        "amountOffered": requested if decision == "Full" else amount,
        "comments": comments,
    }


def stage2_request(body: dict) -> dict:
    """AddStage2SPFRequest: losses, medical reports and the R7 whiplash tariff fields."""
    check = Checker()
    lines = _losses(check, body)
    reports = check.whole(body, "medicalReportStage2", "medicalReportStage2", low=1, high=4)
    medco = check.text(body, "medCoCaseId", "medCoCaseId", required=False, max_length=50)
    soft_tissue = check.flag(body, "softTissue", "softTissue")
    tariff = check.whole(body, "tariffType", "tariffType", low=1, high=2, required=False)
    duration = check.whole(
        body,
        "selectDurationOfTheInjury",
        "selectDurationOfTheInjury",
        low=0,
        high=7,
        required=tariff is not None,
    )
    uplift = check.flag(body, "excepCircumstancesUplift", "excepCircumstancesUplift", required=False) or False
    percent = _uplift_percentage(check, body, uplift)
    if soft_tissue and not medco:
        check.add("medCoCaseId", "OtherMustBeProvided", "A soft tissue injury claim needs the MedCo case id.")
    raise_if_errors(check)
    return {
        "losses": lines,
        "totalClaimed": _total(lines),
        "medicalReportStage2": reports,
        "medCoCaseId": medco,
        "softTissue": soft_tissue,
        "tariffType": tariff,
        "selectDurationOfTheInjury": duration,
        "excepCircumstancesUplift": uplift,
        "excepCircumstancesUpliftPerc": percent,
    }


def _uplift_percentage(check: Checker, body: dict, uplift: bool) -> int | None:
    if not uplift:
        if body.get("excepCircumstancesUpliftPerc") is not None:
            check.add(
                "excepCircumstancesUpliftPerc", "MustNotBeProvided", "Only with excepCircumstancesUplift."
            )
        return None
    return check.whole(body, "excepCircumstancesUpliftPerc", "excepCircumstancesUpliftPerc", low=1, high=20)


def stage2_response(body: dict) -> dict:
    """AddStage2SPFResponse: C (confirm), CO (counter-offer with a gross amount) or R (repudiate)."""
    check = Checker()
    decision = check.choice(
        body, "settlementPackDecision", "settlementPackDecision", tuple(ref.SETTLEMENT_PACK_DECISIONS)
    )
    amount = check.number(
        body, "grossAmount", "grossAmount", low=0.01, high=MAX_AMOUNT, required=decision == "CO"
    )
    comments = check.text(body, "comments", "comments", required=decision == "R", max_length=COMMENT_LENGTH)
    raise_if_errors(check)
    return {"settlementPackDecision": decision, "grossAmount": amount, "comments": comments}


def counter_offer(body: dict) -> dict:
    """A counter-offer by either side: a gross (global) amount and comments."""
    check = Checker()
    amount = check.number(body, "grossAmount", "grossAmount", low=0.01, high=MAX_AMOUNT)
    comments = check.text(body, "comments", "comments", required=False, max_length=COMMENT_LENGTH)
    raise_if_errors(check)
    return {"grossAmount": amount, "comments": comments}

"""The case's whiplash tariff valuation, and how an offer compares with it (reads), and saving the
firm's own valuation inputs (a state change, recorded in the case history)."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from cases.models import VULNERABLE_VEHICLE_TYPES, Case, Involvement
from cases.services import SectionEdit, case_sections_save
from valuation.models import CaseValuation
from valuation.tariff import MAX_TARIFF_MONTHS, table_for

PENNY = Decimal("0.01")
BEFORE_TARIFF = "The whiplash tariff applies to accidents from 31 May 2021: value this claim at common law."
VULNERABLE = "Motorcyclists, cyclists and pedestrians are outside the whiplash tariff: value at common law."
ZERO = Decimal("0.00")


def pounds(value: Decimal) -> str:
    """£1,234.56"""
    return f"£{value.quantize(PENNY, ROUND_HALF_UP):,.2f}"


@dataclass(frozen=True)
class Valuation:
    """The case's value by the tariff, head by head; ``reason`` says why there is no tariff figure."""

    reason: str = ""
    table: str = ""
    source: str = ""
    band: str = ""
    prognosis_months: int | None = None
    psychological: bool = False
    tariff: Decimal = ZERO
    uplift_percent: Decimal = ZERO
    uplift_reason: str = ""
    uplift: Decimal = ZERO
    non_tariff: Decimal | None = None
    special_damages: Decimal = ZERO
    has_non_tariff_injuries: bool = False

    @property
    def available(self) -> bool:
        return not self.reason

    @property
    def total(self) -> Decimal:
        return self.tariff + self.uplift + (self.non_tariff or ZERO) + self.special_damages

    def heads(self) -> list[tuple[str, Decimal]]:
        rows = [("Tariff", self.tariff), ("Uplift", self.uplift)]
        if self.has_non_tariff_injuries or self.non_tariff:
            rows.append(("Non-tariff", self.non_tariff or ZERO))
        return [*rows, ("Special damages", self.special_damages)]


def _inputs(case: Case) -> CaseValuation:
    return CaseValuation.objects.filter(case=case).first() or CaseValuation(case=case)


def case_valuation(case: Case) -> Valuation:
    """The tariff valuation of ``case`` from its accident date, injuries, losses and the firm's inputs."""
    occurred = case.accident.occurred_at
    if occurred is None:
        return Valuation(reason="Enter the accident date to see the tariff valuation.")
    table = table_for(timezone.localdate(occurred))
    if table is None:
        return Valuation(reason=BEFORE_TARIFF)
    vehicle = case.claimant_vehicle
    if vehicle.involvement == Involvement.OTHER or vehicle.vehicle_type in VULNERABLE_VEHICLE_TYPES:
        return Valuation(reason=VULNERABLE)
    injuries = list(case.injuries.all())
    whiplash = [i for i in injuries if i.is_whiplash]
    if not whiplash:
        return Valuation(
            reason="No whiplash injury: the tariff does not apply; value the injuries at common law."
        )
    if any(i.prognosis_months is None for i in whiplash):
        return Valuation(reason="Enter the prognosis of each whiplash injury to see the tariff figure.")
    months = max(i.prognosis_months for i in whiplash)
    band = table.band_for(months) if months <= MAX_TARIFF_MONTHS else None
    if band is None:
        return Valuation(
            reason="Whiplash lasting more than two years is outside the tariff: value it at common law."
        )
    return _valued(case, table, band, months, injuries)


def _valued(case: Case, table, band, months: int, injuries) -> Valuation:
    inputs = _inputs(case)
    psychological = any(i.minor_psychological for i in injuries)
    tariff = band.with_psychological if psychological else band.whiplash
    uplift = (tariff * inputs.uplift_percent / 100).quantize(PENNY, ROUND_HALF_UP)
    special = sum((loss.amount for loss in case.losses.all()), ZERO).quantize(PENNY)
    return Valuation(
        table=table.name,
        source=table.source,
        band=band.label,
        prognosis_months=months,
        psychological=psychological,
        tariff=tariff.quantize(PENNY),
        uplift_percent=inputs.uplift_percent,
        uplift_reason=inputs.uplift_reason,
        uplift=uplift,
        non_tariff=inputs.non_tariff_amount,
        special_damages=special,
        has_non_tariff_injuries=any(not i.is_whiplash for i in injuries),
    )


def offer_compared(valuation: Valuation, offer_total: Decimal) -> str:
    """How an offer stands against the case's valuation, in words (empty when there is no valuation)."""
    if not valuation.available:
        return ""
    difference = offer_total - valuation.total
    if difference == 0:
        return f"The offer matches our valuation ({pounds(valuation.total)})."
    side = "below" if difference < 0 else "above"
    return f"The offer is {pounds(abs(difference))} {side} our valuation ({pounds(valuation.total)})."


@transaction.atomic
def valuation_inputs_save(
    *,
    case: Case,
    uplift_percent: Decimal,
    uplift_reason: str,
    non_tariff_amount: Decimal | None,
    acting_user: User,
) -> CaseValuation:
    """Save the firm's uplift and non-tariff figure (validated; each change in the history)."""
    inputs, _ = CaseValuation.objects.get_or_create(case=case)
    inputs.uplift_percent, inputs.uplift_reason = uplift_percent, uplift_reason.strip()
    inputs.non_tariff_amount = non_tariff_amount
    case_sections_save(case=case, edits=[SectionEdit("Valuation", edited=[inputs])], acting_user=acting_user)
    return inputs

"""The whiplash tariff, checked at every band edge against the published tables, and the case valuation."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.models import Injury, Loss, VehicleType
from lookups.models import ValueList
from tests.factories import fill_case, lookup, make_case
from valuation.services import case_valuation, offer_compared, pounds, valuation_inputs_save
from valuation.tariff import TABLE_2021, TABLE_2025, table_for

# The published figures (SI 2021/642 reg. 2; the 2025 amending regulations): months, whiplash, with psych.
PUBLISHED = {
    "2021": [
        (3, 240, 260),
        (6, 495, 520),
        (9, 840, 895),
        (12, 1320, 1390),
        (15, 2040, 2125),
        (18, 3005, 3100),
        (24, 4215, 4345),
    ],
    "2025": [
        (3, 275, 300),
        (6, 565, 595),
        (9, 965, 1025),
        (12, 1510, 1595),
        (15, 2335, 2435),
        (18, 3445, 3550),
        (24, 4830, 4975),
    ],
}


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2021, 5, 30), None),
        (dt.date(2021, 5, 31), TABLE_2021),
        (dt.date(2025, 5, 30), TABLE_2021),
        (dt.date(2025, 5, 31), TABLE_2025),
        (dt.date(2030, 1, 1), TABLE_2025),
    ],
)
def test_the_table_is_chosen_by_the_accident_date(day, expected):
    assert table_for(day) is expected


@pytest.mark.parametrize(("table", "year"), [(TABLE_2021, "2021"), (TABLE_2025, "2025")])
def test_every_band_edge_gives_the_published_amount(table, year):
    previous = 0
    for months, whiplash, psych in PUBLISHED[year]:
        for edge in (previous + 1, months):  # the first and the last month of the band
            band = table.band_for(edge)
            assert (band.whiplash, band.with_psychological) == (Decimal(whiplash), Decimal(psych)), (
                year,
                edge,
            )
        previous = months
    assert table.band_for(25) is None  # over two years: outside the tariff


@pytest.fixture
def whiplash_case(alice):
    case = fill_case(make_case(fee_earner=alice))  # one whiplash injury of the neck, 6 months
    case.accident.occurred_at = timezone.make_aware(dt.datetime(2025, 6, 2, 9, 0))
    case.accident.save()
    return case


def test_a_whiplash_case_is_valued_from_the_2025_table(whiplash_case):
    valuation = case_valuation(whiplash_case)
    assert valuation.available and valuation.table == "2025 tariff"
    assert (valuation.tariff, valuation.total) == (Decimal("565.00"), Decimal("565.00"))


def test_the_longest_whiplash_prognosis_and_the_psychological_column_decide(whiplash_case):
    Injury.objects.create(
        case=whiplash_case,
        body_part=lookup(ValueList.BODY_PART, "Back"),
        is_whiplash=True,
        prognosis_months=10,
        minor_psychological=True,
    )
    valuation = case_valuation(whiplash_case)
    assert (valuation.prognosis_months, valuation.psychological, valuation.tariff) == (
        10,
        True,
        Decimal("1595.00"),
    )


def test_uplift_non_tariff_and_special_damages_are_kept_apart(whiplash_case, alice):
    Loss.objects.create(
        case=whiplash_case, loss_type=lookup(ValueList.LOSS_TYPE, "PolicyExcess"), amount=Decimal("250.50")
    )
    Injury.objects.create(
        case=whiplash_case,
        body_part=lookup(ValueList.BODY_PART, "Knee"),
        is_whiplash=False,
        prognosis_months=4,
    )
    valuation_inputs_save(
        case=whiplash_case,
        uplift_percent=Decimal("20"),
        uplift_reason="Exceptional circumstances",
        non_tariff_amount=Decimal("1200"),
        acting_user=alice,
    )
    valuation = case_valuation(whiplash_case)
    assert dict(valuation.heads()) == {
        "Tariff": Decimal("565.00"),
        "Uplift": Decimal("113.00"),
        "Non-tariff": Decimal("1200"),
        "Special damages": Decimal("250.50"),
    }
    assert valuation.total == Decimal("2128.50") and pounds(valuation.total) == "£2,128.50"
    assert whiplash_case.events.filter(summary__contains="Valuation").exists()


def test_an_uplift_over_twenty_percent_or_without_a_reason_is_refused(whiplash_case, alice):
    with pytest.raises(ValidationError):
        valuation_inputs_save(
            case=whiplash_case,
            uplift_percent=Decimal("25"),
            uplift_reason="x",
            non_tariff_amount=None,
            acting_user=alice,
        )
    with pytest.raises(ValidationError):
        valuation_inputs_save(
            case=whiplash_case,
            uplift_percent=Decimal("5"),
            uplift_reason=" ",
            non_tariff_amount=None,
            acting_user=alice,
        )
    assert case_valuation(whiplash_case).uplift == 0


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ("before", "applies to accidents from 31 May 2021"),
        ("motorcycle", "outside the whiplash tariff"),
        ("no_whiplash", "No whiplash injury"),
        ("no_prognosis", "Enter the prognosis"),
        ("long", "more than two years"),
    ],
)
def test_claims_outside_the_tariff_say_so_instead_of_a_number(whiplash_case, change, reason):
    injury = whiplash_case.injuries.get()
    if change == "before":
        whiplash_case.accident.occurred_at = timezone.make_aware(dt.datetime(2021, 5, 30, 23, 30))
        whiplash_case.accident.save()
    elif change == "motorcycle":
        whiplash_case.claimant_vehicle.vehicle_type = VehicleType.MOTORCYCLE
        whiplash_case.claimant_vehicle.save()
    else:
        injury.is_whiplash = change != "no_whiplash"
        injury.prognosis_months = {"no_prognosis": None, "long": 25}.get(change, 6)
        injury.save()
    valuation = case_valuation(whiplash_case)
    assert not valuation.available and reason in valuation.reason


def test_an_offer_is_compared_with_our_valuation(whiplash_case):
    valuation = case_valuation(whiplash_case)
    assert offer_compared(valuation, Decimal("400")) == "The offer is £165.00 below our valuation (£565.00)."
    assert (
        offer_compared(valuation, Decimal("600.10")) == "The offer is £35.10 above our valuation (£565.00)."
    )
    assert offer_compared(valuation, Decimal("565")) == "The offer matches our valuation (£565.00)."

"""Which claims the Claims Portal takes: the RTA low-value protocol's scope, as far as a case shows it.

One place for the rules, used twice: as warnings on every tab (a case can be saved in any state)
and as refusals in the pre-submission check. Sources: claims-portal.md sections 1 and 8; the
routing rule between the two portals is marked there as inferred (verify with the firm's PI team).
"""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from cases.models import VULNERABLE_VEHICLE_TYPES, Case, Involvement
from portal.claims_portal.mapping import details_of, is_child

PORTAL_START = dt.date(2010, 4, 30)  # RTA claims on the portal from April 2010 (the simulator's day)
HIGHER_BAND_START = dt.date(2013, 7, 31)  # the £25,000 band: accidents from 31 July 2013
OIC_START = dt.date(2021, 5, 31)
UPPER_LIMIT, OIC_INJURY_LIMIT, OIC_TOTAL_LIMIT = Decimal("25000"), Decimal("5000"), Decimal("10000")

BEFORE_START = "the Claims Portal takes road traffic accidents from 30 April 2010."
OUTSIDE_ENGLAND_WALES = "the Claims Portal's protocol covers accidents in England and Wales."
BAND_BEFORE_2013 = "claims for accidents before 31 July 2013 go to the portal only up to £10,000."


def accident_day(case: Case) -> dt.date | None:
    occurred = case.accident.occurred_at
    return timezone.localdate(occurred) if occurred else None


def before_start(case: Case) -> bool:
    day = accident_day(case)
    return day is not None and day < PORTAL_START


def outside_england_wales(case: Case) -> bool:
    return not case.accident.in_england_or_wales


def band_too_high(case: Case) -> bool:
    day = accident_day(case)
    return details_of(case).value_band == 2 and day is not None and day < HIGHER_BAND_START


def _vulnerable(case: Case) -> bool:
    vehicle = case.claimant_vehicle
    return vehicle.involvement == Involvement.OTHER or vehicle.vehicle_type in VULNERABLE_VEHICLE_TYPES


def _value_warnings(case: Case) -> list[str]:
    """What the firm's own valuation says about the portal's value limits."""
    from valuation.services import case_valuation

    valuation = case_valuation(case)
    if not valuation.available:
        return []
    total = valuation.total
    injury = total - valuation.special_damages
    found = []
    if total > UPPER_LIMIT:
        found.append(f"The valuation (£{total:,.2f}) is above the Claims Portal's upper limit of £25,000.")
    day = accident_day(case)
    small_claim = injury <= OIC_INJURY_LIMIT and total <= OIC_TOTAL_LIMIT
    if small_claim and day and day >= OIC_START and not is_child(case) and not _vulnerable(case):
        found.append(
            f"The valuation (injury £{injury:,.2f}, total £{total:,.2f}) is within the small claims "
            "limits: an adult's claim for an accident from 31 May 2021 usually goes to the OIC Portal."
        )
    return found


def warnings(case: Case) -> list[str]:
    """Why the Claims Portal may not take this case, as sentences."""
    found = [
        (before_start(case), f"The accident was before 30 April 2010: {BEFORE_START}"),
        (outside_england_wales(case), f"The accident was outside England and Wales: {OUTSIDE_ENGLAND_WALES}"),
        (band_too_high(case), f"The value band is “up to £25,000”, but {BAND_BEFORE_2013}"),
    ]
    return [message for applies, message in found if applies] + _value_warnings(case)

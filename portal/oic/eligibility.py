"""Which claims the OIC portal takes: the RTA Small Claims Protocol's scope, as far as a case shows it.

One place for the rules, used twice: as warnings on every tab (a case can be saved in any state)
and as refusals in the pre-submission check.
"""

import datetime as dt

from django.utils import timezone

from cases.models import VULNERABLE_VEHICLE_TYPES, Case, Involvement

# The OIC portal and its protocol apply to accidents on or after this day.
OIC_START = dt.date(2021, 5, 31)

BEFORE_START = "the OIC Portal only takes accidents on or after 31 May 2021."
OUTSIDE_ENGLAND_WALES = "the OIC Portal only takes accidents in England and Wales."
VULNERABLE = "vulnerable road users (motorcyclists, cyclists, pedestrians) are outside the OIC rules."
CHILD = "the claimant must be 18 or over for the OIC Portal."


def accident_day(case: Case) -> dt.date | None:
    occurred = case.accident.occurred_at
    return timezone.localdate(occurred) if occurred else None


def before_start(case: Case) -> bool:
    day = accident_day(case)
    return day is not None and day < OIC_START


def outside_england_wales(case: Case) -> bool:
    return not case.accident.in_england_or_wales


def vulnerable_road_user(case: Case) -> bool:
    vehicle = case.claimant_vehicle
    return vehicle.involvement == Involvement.OTHER or vehicle.vehicle_type in VULNERABLE_VEHICLE_TYPES


def is_child(case: Case) -> bool:
    born = case.client.date_of_birth
    return born is not None and case.client.age_on(timezone.localdate()) < 18


def warnings(case: Case) -> list[str]:
    """Why the OIC portal may not take this case, as sentences."""
    found = [
        (before_start(case), f"The accident was before 31 May 2021: {BEFORE_START}"),
        (outside_england_wales(case), f"The accident was outside England and Wales: {OUTSIDE_ENGLAND_WALES}"),
        (vulnerable_road_user(case), f"The client was a vulnerable road user: {VULNERABLE}"),
    ]
    return [message for applies, message in found if applies]

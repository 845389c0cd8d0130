"""Test data built through the same services the app uses, so tests see realistic rows."""

import datetime as dt
import itertools

from django.utils import timezone

from accounts.models import Role, Team, User
from accounts.services import team_create, user_create
from cases.models import Case, DefendantVehicle, Injury, Portal
from cases.services import case_open
from lib import uk
from lookups.models import LookupValue, ValueList

PASSWORD = "correct-horse-battery-staple"
_counter = itertools.count(1)


def make_team(name: str | None = None) -> Team:
    return team_create(name=name or f"Team {next(_counter)}")


def make_user(*, team: Team, role: str = Role.FEE_EARNER, username: str | None = None, **extra) -> User:
    username = username or f"user{next(_counter)}"
    return user_create(
        username=username,
        first_name=extra.get("first_name", username.title()),
        last_name=extra.get("last_name", "Tester"),
        email=f"{username}@firm.example",
        team=team,
        role=role,
        password=PASSWORD,
        job_title=extra.get("job_title", "Solicitor"),
    )


def lookup(value_list: str, code: str) -> LookupValue:
    return LookupValue.objects.get(value_list=value_list, code=code)


def make_case(*, fee_earner: User, portal: str = Portal.OIC, complete: bool = False, **names) -> Case:
    case = case_open(
        portal=portal,
        fee_earner=fee_earner,
        title=names.get("title", "Ms"),
        first_name=names.get("first_name", "Jane"),
        last_name=names.get("last_name", f"Client{next(_counter)}"),
        acting_user=fee_earner,
    )
    if complete:
        fill_case(case)
    return case


def fill_case(case: Case) -> Case:
    """Give a case every detail a portal submission needs (saved directly: test set-up only)."""

    client = case.client
    client.date_of_birth = dt.date(1985, 4, 12)
    client.ni_number = "AB123456C"
    client.address_line1, client.town = "1 Park Row", "Leeds"
    client.postcode = uk.normalise_postcode("LS1 5HD")
    client.phone = uk.normalise_phone("0113 496 0123")
    client.email = "jane.client@example.com"
    client.employment_status = lookup(ValueList.EMPLOYMENT_STATUS, "Employed")
    client.occupation = "Nurse"
    client.save()
    accident = case.accident
    accident.occurred_at = timezone.now() - dt.timedelta(days=30)
    accident.accident_type = lookup(ValueList.ACCIDENT_TYPE, "HitInRear")
    accident.description = "Hit in the rear while stationary at lights."
    accident.location = "Park Row, Leeds"
    accident.save()
    vehicle = case.claimant_vehicle
    vehicle.registration = "YK21ABC"
    vehicle.save()
    insurer = case.insurer
    insurer.name = "Aviva"
    insurer.policy_number = "POL1234567"
    insurer.save()
    DefendantVehicle.objects.create(case=case, registration="MA19XYZ", make="Ford", model="Focus")
    Injury.objects.create(
        case=case, body_part=lookup(ValueList.BODY_PART, "Neck"), is_whiplash=True, prognosis_months=6
    )
    replacement = case.replacement_vehicle
    replacement.repair_help_needed = True
    replacement.hire_vehicle_needed = True
    replacement.save()
    return case

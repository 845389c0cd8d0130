"""About fifty demo cases with plausible clients, accidents, injuries, losses, notes and tasks.

Built through the same services users call, so the demo's history reads like a real firm's.
Deterministic (a fixed seed) so every fresh install shows the same firm.
"""

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from accounts.models import Role, User
from cases import services as case_services
from cases.models import Case, DefendantVehicle, Injury, Loss, Portal, VehicleType
from cases.services import SectionEdit
from lib import uk
from lookups.models import LookupValue, ValueList
from worklist import services as task_services

FEMALE_NAMES = {
    "Amelia",
    "Isla",
    "Ava",
    "Mia",
    "Sophie",
    "Grace",
    "Freya",
    "Priya",
    "Zara",
    "Aisha",
    "Chloe",
    "Ellie",
    "Megan",
}
FIRST_NAMES = [
    "Amelia",
    "Oliver",
    "Isla",
    "George",
    "Ava",
    "Harry",
    "Mia",
    "Noah",
    "Sophie",
    "Jack",
    "Grace",
    "Leo",
    "Freya",
    "Arthur",
    "Priya",
    "Mohammed",
    "Zara",
    "Kwame",
    "Aisha",
    "Tomasz",
    "Chloe",
    "Daniel",
    "Ellie",
    "Ravi",
    "Megan",
]
LAST_NAMES = [
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Johnson",
    "Davies",
    "Patel",
    "Khan",
    "Wright",
    "Walker",
    "Thompson",
    "Evans",
    "Roberts",
    "Hughes",
    "Ahmed",
    "Nowak",
    "Clarke",
    "Green",
]
PLACES = [
    ("Leeds", "LS6 2AB", "0113"),
    ("Bradford", "BD8 7QR", "0113"),
    ("Wakefield", "WF1 3JT", "0113"),
    ("Manchester", "M14 5RL", "0161"),
    ("Salford", "M6 6EH", "0161"),
    ("Stockport", "SK4 1AA", "0161"),
]
STREETS = [
    "Hyde Park Road",
    "Otley Road",
    "Wilmslow Road",
    "Oxford Road",
    "Station Road",
    "Church Lane",
    "Mill Street",
]
INSURERS = [
    "Aviva",
    "Admiral",
    "Direct Line",
    "AXA",
    "LV=",
    "Hastings Direct",
    "Churchill",
    "Zurich",
    "Ageas",
    "A N Other Motor Ltd",
]
DESCRIPTIONS = [
    "Client was stationary at traffic lights when the defendant's vehicle collided with the rear of the car.",
    "Defendant pulled out of a side road into the path of the client's vehicle.",
    "Defendant changed lanes without looking and struck the nearside of the client's car.",
    "Client's car was parked when the defendant reversed into it at low speed.",
]


def _values(value_list: str) -> dict[str, LookupValue]:
    return {v.code: v for v in LookupValue.objects.filter(value_list=value_list, active=True)}


def _fill_case(case: Case, rng: random.Random, user: User, index: int) -> None:
    """Complete the tabs of a freshly opened case through the history-recording service."""
    town, postcode, area = PLACES[index % len(PLACES)]
    client, accident, vehicle, insurer = case.client, case.accident, case.claimant_vehicle, case.insurer
    employment = _values(ValueList.EMPLOYMENT_STATUS)
    client.date_of_birth = dt.date(rng.randint(1955, 2003), rng.randint(1, 12), rng.randint(1, 28))
    client.ni_number = f"AB{rng.randint(100000, 999999)}{rng.choice('ABCD')}"
    client.address_line1 = f"{rng.randint(1, 220)} {rng.choice(STREETS)}"
    client.town, client.postcode = town, uk.normalise_postcode(postcode)
    client.phone = uk.normalise_phone(f"{area} 496 0{rng.randint(0, 999):03d}")
    client.email = f"{client.first_name}.{client.last_name}{index}@example.com".lower()
    client.employment_status = rng.choice(list(employment.values()))
    client.occupation = rng.choice(
        ["Nurse", "Teacher", "Warehouse operative", "Accountant", "Chef", "Student"]
    )
    occurred = timezone.now() - dt.timedelta(days=rng.randint(20, 400), hours=rng.randint(0, 12))
    accident.occurred_at = occurred.replace(second=0, microsecond=0)
    accident.accident_type = rng.choice(list(_values(ValueList.ACCIDENT_TYPE).values())[:6])
    accident.description = rng.choice(DESCRIPTIONS)
    accident.location = f"{rng.choice(STREETS)}, {town}"
    accident.police_reported = rng.random() < 0.3
    accident.dashcam_or_photos = rng.random() < 0.5
    vehicle.registration = (
        f"{rng.choice(['YK', 'MA', 'LS', 'BD'])}{rng.randint(10, 24)}{rng.choice(['ABC', 'XYZ', 'KLM'])}"
    )
    vehicle.make_model = rng.choice(
        ["Ford Fiesta", "Vauxhall Corsa", "VW Golf", "Toyota Yaris", "Nissan Qashqai"]
    )
    vehicle.occupants = rng.randint(1, 4)
    insurer.name = rng.choice(INSURERS)
    defendant = DefendantVehicle(
        registration=rng.choice(["YD", "MF", "LR"])
        + str(rng.randint(10, 24))
        + rng.choice(["DEF", "PQR", "STU"]),
        make=rng.choice(["Vauxhall", "BMW", "Audi", "Kia"]),
    )
    insurer.policy_number = f"POL{rng.randint(1000000, 9999999)}"
    edits = [
        SectionEdit(name, edited=[obj])
        for name, obj in zip(
            ["Client", "Accident", "Claimant vehicle", "Insurer"],
            [client, accident, vehicle, insurer],
            strict=True,
        )
    ]
    edits.append(SectionEdit("Defendant vehicles", created=[defendant]))
    if case.portal == Portal.CLAIMS_PORTAL:
        edits.append(_claims_portal_section(case, rng, defendant))
    replacement = case.replacement_vehicle
    replacement.repair_help_needed = rng.random() < 0.5
    replacement.hire_vehicle_needed = True
    if not replacement.repair_help_needed:
        replacement.no_repair_reason = _values(ValueList.NO_REPAIR_REASON)["ArrangedOwnRepair"]
    edits.append(SectionEdit("Replacement vehicle", edited=[replacement]))
    body_parts = _values(ValueList.BODY_PART)
    injuries = [
        Injury(body_part=body_parts["Neck"], is_whiplash=True, prognosis_months=rng.choice([3, 6, 9, 12]))
    ]
    if rng.random() < 0.5:
        injuries.append(Injury(body_part=body_parts["Back"], is_whiplash=True, prognosis_months=6))
    edits.append(SectionEdit("Injuries", created=injuries))
    loss_types = _values(ValueList.LOSS_TYPE)
    losses = [
        Loss(
            loss_type=loss_types["PolicyExcess"],
            amount=Decimal(rng.choice([100, 250, 350])),
            evidence_available=True,
        )
    ]
    edits.append(SectionEdit("Losses", created=losses))
    case_services.case_sections_save(case=case, edits=edits, acting_user=user)


# Insurers the Claims Portal (and its simulator) knows as compensators, by the names clients give.
CLAIMS_PORTAL_INSURERS = ["Aviva", "Admiral", "Direct Line", "AXA", "Allianz", "Zurich", "Ageas"]


def _claims_portal_section(case: Case, rng: random.Random, defendant: DefendantVehicle) -> SectionEdit:
    """What a Claims Portal claim form needs beyond the other tabs, a compensator it knows, and a client
    the Claims Portal is for."""
    details = case.claims_portal
    details.value_band = rng.choice([1, 1, 2])
    details.ask_cue_reference = f"CUE-{rng.randint(100000, 999999)}"
    details.liability_reasons = "The defendant failed to keep a proper lookout and collided with the client."
    case.insurer.name = rng.choice(CLAIMS_PORTAL_INSURERS)
    # Motorcyclists and cyclists are outside the OIC's small claims rules: their claims come here.
    case.claimant_vehicle.vehicle_type = rng.choice([VehicleType.MOTORCYCLE, VehicleType.BICYCLE])
    if case.accident.police_reported:
        case.accident.police_reference = f"WYP-{rng.randint(10000, 99999)}"
    defendant.driver_first_name, defendant.driver_last_name = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    return SectionEdit("Claims Portal", edited=[details])


def seed_cases(users: list[User], *, count: int = 50, seed: int = 2021) -> int:
    """Create the demo cases unless they exist already. Returns how many were created."""
    if Case.objects.exists():
        return 0
    rng = random.Random(seed)
    fee_earners = [u for u in users if u.role == Role.FEE_EARNER]
    for index in range(count):
        fee_earner = fee_earners[index % len(fee_earners)]
        first_name = rng.choice(FIRST_NAMES)
        titles = ["Mrs", "Ms", "Miss", "Dr"] if first_name in FEMALE_NAMES else ["Mr", "Mr", "Dr"]
        case = case_services.case_open(
            portal=Portal.OIC if rng.random() < 0.8 else Portal.CLAIMS_PORTAL,
            fee_earner=fee_earner,
            title=rng.choice(titles),
            first_name=first_name,
            last_name=rng.choice(LAST_NAMES),
            acting_user=fee_earner,
        )
        if index % 5 != 4:  # a fifth of the cases are freshly opened, not yet filled in
            _fill_case(case, rng, fee_earner, index)
        _add_activity(case, rng, fee_earner, index)
    return count


def _add_activity(case: Case, rng: random.Random, user: User, index: int) -> None:
    case_services.note_add(
        case=case, body="Initial call with the client; instructions taken.", acting_user=user
    )
    due = task_services.due_in_business_days(rng.randint(-5, 15))
    task_services.task_create(
        case=case, title="Call the client for an update", due_date=due, assignee=user, acting_user=user
    )
    if index % 10 == 7:
        case_services.case_close(case=case, outcome="Client withdrew instructions", acting_user=user)

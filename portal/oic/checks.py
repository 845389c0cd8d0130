"""The OIC pre-submission check: every missing or invalid field at once, each with where to fix it.

These mirror the portal's own validation of the Small Claim Notification Form (our simulator's
rules, docs/oic-simulator.md), so a fee earner fixes everything in one pass instead of one portal
refusal at a time. The portal still validates; its answer is shown against the fields too.
"""

from cases.models import Case, Involvement, YesNo
from lib import uk
from portal.base import FieldLocation, Problem
from portal.oic import eligibility

WHIPLASH_BODY_PARTS = {"Neck", "Back", "Shoulder"}


class _Collector:
    def __init__(self, case: Case):
        self.case = case
        self.problems: list[Problem] = []

    def on(self, tab: str, url_name: str):
        """A function recording problems found on one tab: ``add(field_id, message)``."""

        def add(field_id: str, message: str) -> None:
            self.problems.append(Problem(message=message, where=FieldLocation(tab, url_name, field_id)))

        return add


def check_case(case: Case, *, acting_user) -> list[Problem]:
    found = _Collector(case)
    _client(found, case)
    _accident(found, case)
    _vehicles(found, case)
    _injuries(found, case)
    _replacement(found, case)
    _losses(found, case)
    if not (acting_user.first_name and acting_user.last_name and acting_user.job_title):
        found.problems.append(
            Problem(
                "Your name and job title sign the statement of truth: ask an administrator to add them.",
                FieldLocation("Your account", "accounts:account", case_scoped=False),
            )
        )
    return found.problems


def _client(found: _Collector, case: Case) -> None:
    client, add = case.client, found.on("Case Details", "cases:details")
    if not client.title:
        add("id_client-title", "Client: choose a title.")
    if not client.date_of_birth:
        add("id_client-date_of_birth", "Client: the date of birth is missing.")
    elif eligibility.is_child(case):
        add("id_client-date_of_birth", f"Client: {eligibility.CHILD}")
    if not client.address_line1:
        add("id_client-address_line1", "Client: the first line of the address is missing.")
    if not client.town:
        add("id_client-town", "Client: the town is missing.")
    _valid_or_missing(
        add, "id_client-postcode", client.postcode, uk.normalise_postcode, "a valid UK postcode"
    )
    _valid_or_missing(add, "id_client-phone", client.phone, uk.normalise_phone, "a phone number")
    if not client.email:
        add("id_client-email", "Client: an email address is required by the portal.")
    if not client.ni_number and not client.no_ni_reason:
        add("id_client-ni_number", "Client: give the National Insurance number or the reason there is none.")
    if not client.employment_status_id:
        add("id_client-employment_status", "Client: choose the employment status.")


def _valid_or_missing(add, field_id: str, value: str, normalise, what: str) -> None:
    if not value:
        add(field_id, f"Client: {what} is required by the portal.")
        return
    try:
        normalise(value)
    except ValueError:
        add(field_id, f"Client: the saved value is not {what}.")


def _accident(found: _Collector, case: Case) -> None:
    accident = case.accident
    add = found.on("Case Details", "cases:details")
    if not accident.occurred_at:
        add("id_accident-occurred_at", "Accident: the date and time are missing.")
    elif eligibility.before_start(case):
        add("id_accident-occurred_at", f"Accident: {eligibility.BEFORE_START}")
    if not accident.accident_type_id:
        add("id_accident-accident_type", "Accident: choose the accident type.")
    if not accident.description.strip():
        add("id_accident-description", "Accident: describe what happened.")
    if not accident.location.strip():
        add("id_accident-location", "Accident: the location is missing.")
    if eligibility.outside_england_wales(case):
        add("id_accident-in_england_or_wales", f"Accident: {eligibility.OUTSIDE_ENGLAND_WALES}")
    if accident.police_reported and not accident.police_reference.strip():
        add("id_accident-police_reference", "Accident: give the police reference (the police were told).")


def _vehicles(found: _Collector, case: Case) -> None:
    vehicle = case.claimant_vehicle
    add = found.on("Case Details", "cases:details")
    if eligibility.vulnerable_road_user(case):
        add("id_vehicle-vehicle_type", f"Claimant vehicle: {eligibility.VULNERABLE}")
    if vehicle.involvement != Involvement.BUS_PASSENGER and not vehicle.registration:
        add("id_vehicle-registration", "Claimant vehicle: the registration is missing.")
    if vehicle.involvement != Involvement.BUS_PASSENGER and vehicle.seat_belt_worn == YesNo.UNKNOWN:
        add("id_vehicle-seat_belt_worn", "Claimant vehicle: say whether the client wore a seat belt.")
    defendants = list(case.defendant_vehicles.all())
    if not defendants:
        add("section-5", "Defendant vehicles: add the vehicle that caused the accident.")
    for index, defendant in enumerate(defendants):
        if not defendant.registration:
            add(
                f"id_defendants-{index}-registration",
                f"Defendant vehicle {index + 1}: the registration is missing.",
            )


def _injuries(found: _Collector, case: Case) -> None:
    injuries = list(case.injuries.select_related("body_part"))
    add = found.on("OIC Injury", "cases:injury")
    if not injuries:
        add("", "Injuries: add at least one injury.")
    for index, injury in enumerate(injuries):
        label = f"Injury {index + 1} ({injury.body_part.label})"
        if injury.is_whiplash and injury.body_part.code not in WHIPLASH_BODY_PARTS:
            add(
                f"id_injuries-{index}-body_part",
                f"{label}: whiplash is an injury of the neck, back or shoulder.",
            )
        if not injury.prognosis_months:
            add(f"id_injuries-{index}-prognosis_months", f"{label}: the prognosis in months is missing.")
        elif injury.is_whiplash and injury.prognosis_months > 24:
            add(
                f"id_injuries-{index}-prognosis_months",
                f"{label}: a whiplash prognosis is at most 24 months.",
            )


def _replacement(found: _Collector, case: Case) -> None:
    replacement = case.replacement_vehicle
    add = found.on("Replacement Vehicle", "cases:replacement_vehicle")
    if replacement.repair_help_needed is None:
        add("id_repair_help_needed", "Replacement vehicle: say whether the client needs help with repairs.")
    if replacement.hire_vehicle_needed is None:
        add("id_hire_vehicle_needed", "Replacement vehicle: say whether the client needs a hire vehicle.")


def _losses(found: _Collector, case: Case) -> None:
    add = found.on("Losses", "cases:losses")
    for index, loss in enumerate(case.losses.select_related("loss_type")):
        if loss.loss_type.code == "Other" and not loss.description.strip():
            add(f"id_losses-{index}-description", f"Loss {index + 1}: describe a loss of type “Other”.")

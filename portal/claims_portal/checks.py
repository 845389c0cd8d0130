"""The Claims Portal pre-submission check: every missing or invalid field at once, each with where to fix it.

These mirror the portal's own validation of the Claim Notification Form (simulators/claims_portal/
cnf.py, after the R7 schema's limits), so a fee earner fixes everything in one pass instead of one
refusal at a time. The portal still validates; its answer is shown against the fields too.
"""

from cases.models import Case, ClaimsPortalDetails, YesNo
from lib import uk
from portal.base import FieldLocation, Problem
from portal.claims_portal import eligibility
from portal.claims_portal.mapping import (
    COMMENT_LENGTH,
    NAME_LENGTH,
    STREET_LENGTH,
    claimant_type,
    details_of,
    split_address,
)


def _on(problems: list[Problem], tab: str, url_name: str):
    def add(field_id: str, message: str) -> None:
        problems.append(Problem(message=message, where=FieldLocation(tab, url_name, field_id)))

    return add


def check_case(case: Case, *, acting_user) -> list[Problem]:
    problems: list[Problem] = []
    details = _on(problems, "Case Details", "cases:details")
    _client(details, case)
    _claims_portal(details, case)
    _accident(details, case)
    _defendant(details, case)
    _injuries(_on(problems, "Injury", "cases:injury"), case)
    if not case.fee_earner.email:
        problems.append(
            Problem(
                "The fee earner's email address is the claim form's contact: ask an administrator to add it.",
                FieldLocation("Your account", "accounts:account", case_scoped=False),
            )
        )
    return problems


def _client(add, case: Case) -> None:
    client = case.client
    if not client.title:
        add("id_client-title", "Client: choose a title.")
    for field, value, words in (
        ("first_name", client.first_name, "first name"),
        ("last_name", client.last_name, "last name"),
    ):
        if len(value.strip()) > NAME_LENGTH:
            add(
                f"id_client-{field}", f"Client: the portal takes a {words} of up to {NAME_LENGTH} characters."
            )
    if not client.date_of_birth:
        add("id_client-date_of_birth", "Client: the date of birth is missing.")
    house, street, _ = split_address(client.address_line1, client.address_line2)
    if not house:
        add("id_client-address_line1", "Client: the first line of the address is missing.")
    elif not street:
        add("id_client-address_line2", "Client: give the street (line 2, when line 1 is a house name).")
    elif len(street) > STREET_LENGTH:
        add(
            "id_client-address_line1",
            f"Client: the portal takes a street of up to {STREET_LENGTH} characters.",
        )
    if not client.town:
        add("id_client-town", "Client: the town is missing.")
    if not client.postcode:
        add("id_client-postcode", "Client: a valid UK postcode is required by the portal.")
    else:
        try:
            uk.normalise_postcode(client.postcode)
        except ValueError:
            add("id_client-postcode", "Client: the saved value is not a valid UK postcode.")
    if not client.ni_number and not client.no_ni_reason:
        add("id_client-ni_number", "Client: give the National Insurance number or the reason there is none.")


def _claims_portal(add, case: Case) -> None:
    details = details_of(case)
    if details.value_band is None:
        add("id_cp-value_band", "Claims Portal: choose the value of the claim (up to £10,000 or £25,000).")
    elif eligibility.band_too_high(case):
        add("id_cp-value_band", f"Claims Portal: {eligibility.BAND_BEFORE_2013}")
    if not details.ask_cue_reference:
        add("id_cp-ask_cue_reference", "Claims Portal: the AskCUE PI search reference is required.")
    if not details.liability_reasons.strip():
        add("id_cp-liability_reasons", "Claims Portal: say why the defendant is at fault.")
    business = details.defendant_status == ClaimsPortalDetails.DefendantStatus.BUSINESS
    if business and not details.defendant_company.strip():
        add("id_cp-defendant_company", "Claims Portal: name the defendant company.")
    if not case.insurer.name.strip() and not details.compensator_id:
        add(
            "id_insurer-name",
            "Insurer: name the defendant's insurer (the portal's compensator is found by it).",
        )


def _accident(add, case: Case) -> None:
    accident = case.accident
    if not accident.occurred_at:
        add("id_accident-occurred_at", "Accident: the date and time are missing.")
    elif eligibility.before_start(case):
        add("id_accident-occurred_at", f"Accident: {eligibility.BEFORE_START}")
    if eligibility.outside_england_wales(case):
        add("id_accident-in_england_or_wales", f"Accident: {eligibility.OUTSIDE_ENGLAND_WALES}")
    for field, value, words in (
        ("description", accident.description, "describe what happened"),
        ("location", accident.location, "give the location"),
    ):
        if not value.strip():
            add(f"id_accident-{field}", f"Accident: {words}.")
        elif len(value.strip()) > COMMENT_LENGTH:
            add(f"id_accident-{field}", f"Accident: the portal takes up to {COMMENT_LENGTH} characters here.")
    if accident.police_reported and not accident.police_reference.strip():
        add("id_accident-police_reference", "Accident: give the police reference (the police were told).")
    in_vehicle = claimant_type(case) in ("Driver", "Passenger")
    if in_vehicle and case.claimant_vehicle.seat_belt_worn == YesNo.UNKNOWN:
        add("id_vehicle-seat_belt_worn", "Claimant vehicle: say whether the client wore a seat belt.")


def _defendant(add, case: Case) -> None:
    defendants = list(case.defendant_vehicles.all())
    if not defendants:
        add("id_defendants-TOTAL_FORMS", "Defendant vehicles: add the vehicle that caused the accident.")
        return
    first = defendants[0]
    if not first.registration:
        add("id_defendants-0-registration", "Defendant vehicle 1: the registration is missing.")
    personal = details_of(case).defendant_status == ClaimsPortalDetails.DefendantStatus.PERSONAL
    if personal and not first.driver_last_name.strip():
        add(
            "id_defendants-0-driver_last_name",
            "Defendant vehicle 1: the driver's last name is missing (the portal names the defendant).",
        )


def _injuries(add, case: Case) -> None:
    if not case.injuries.exists():
        add("", "Injuries: add at least one injury.")

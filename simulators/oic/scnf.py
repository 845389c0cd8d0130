"""Validation of the Small Claim Notification Form (SCNF), the body of a new claim.

``validate_scnf`` returns every problem at once (the portal's "check your answers" step),
each with the dotted path of the field, a stable code and a human message. The codes are:
required, invalid_type, invalid_choice, invalid_format, out_of_range, too_long,
must_be_true, too_young, before_portal_start, in_future, out_of_scope,
vulnerable_road_user, inconsistent.
"""

import re
from datetime import date, datetime

from simulators.common.checks import NINO, POSTCODE, Checker, FieldError
from simulators.common.timeutil import LONDON, london_date
from simulators.oic import reference as ref

PORTAL_START = datetime(2021, 5, 31, tzinfo=LONDON)
WHIPLASH_BODY_PARTS = frozenset({"Neck", "Back", "Shoulder"})
BUS_TYPES = frozenset({"Bus", "Coach", "Minibus"})

PHONE = re.compile(r"^(?:\+44|0044|0)[1-9]\d{8,9}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
REGISTRATION = re.compile(r"^[A-Z0-9 ]{2,10}$")


def validate_scnf(form: object, now: datetime) -> list[FieldError]:
    """Check a claim form against the portal rules; an empty list means it is valid."""
    check = Checker()
    if not isinstance(form, dict):
        check.add("", "invalid_type", "The claim form must be a JSON object.")
        return check.errors
    check.text(form, "clientReference", "clientReference", max_length=50)
    if form.get("consentConfirmed") is not True:
        check.add("consentConfirmed", "must_be_true", "Confirm that you have the claimant's consent.")
    _claimant(check, check.section(form, "claimant", "claimant"), now)
    _accident(check, check.section(form, "accident", "accident"), now)
    _vehicles(check, form)
    check.section(form, "insurer", "insurer")
    insurer = form.get("insurer") if isinstance(form.get("insurer"), dict) else {}
    for key in ("name", "policyNumber", "reference", "claimHandler"):
        check.text(insurer, key, f"insurer.{key}", required=False)
    _injuries(check, form)
    _treatment(check, check.section(form, "treatment", "treatment"))
    _loss_of_earnings(check, check.section(form, "lossOfEarnings", "lossOfEarnings", required=False))
    _replacement_vehicle(check, check.section(form, "replacementVehicle", "replacementVehicle"))
    _losses(check, form)
    _statement_of_truth(check, check.section(form, "statementOfTruth", "statementOfTruth"))
    return check.errors


def _claimant(check: Checker, claimant: dict | None, now: datetime) -> None:
    if claimant is None:
        return
    check.choice(claimant, "title", "claimant.title", ref.TITLES)
    check.text(claimant, "firstName", "claimant.firstName", max_length=100)
    check.text(claimant, "lastName", "claimant.lastName", max_length=100)
    _age(check, check.day(claimant, "dateOfBirth", "claimant.dateOfBirth"), now)
    _address(check, check.section(claimant, "address", "claimant.address"))
    phone = check.text(claimant, "phoneNumber", "claimant.phoneNumber", max_length=30)
    check.pattern(
        phone and re.sub(r"[\s\-()]", "", phone), PHONE, "claimant.phoneNumber", "a UK phone number"
    )
    email = check.text(claimant, "email", "claimant.email", max_length=254)
    check.pattern(email, EMAIL, "claimant.email", "an email address")
    _nino(check, check.section(claimant, "nino", "claimant.nino"))
    check.text(claimant, "occupation", "claimant.occupation", required=False, max_length=100)
    involvement = claimant.get("involvement")
    if involvement in ref.VULNERABLE_INVOLVEMENTS:
        check.add("claimant.involvement", "vulnerable_road_user", _VRU_MESSAGE)
    else:
        check.choice(claimant, "involvement", "claimant.involvement", ref.INVOLVEMENTS)


_VRU_MESSAGE = (
    "Vulnerable road users (pedestrians, cyclists, motorcyclists, horse riders and others) "
    "are outside the RTA small claims protocol."
)


def _age(check: Checker, born: date | None, now: datetime) -> None:
    if born is None:
        return
    today = london_date(now)
    years = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    if born > today:
        check.add("claimant.dateOfBirth", "in_future", "claimant.dateOfBirth must not be in the future.")
    elif years < 18:
        check.add(
            "claimant.dateOfBirth", "too_young", "The claimant must be 18 or over on the submission date."
        )


def _address(check: Checker, address: dict | None) -> None:
    if address is None:
        return
    check.text(address, "line1", "claimant.address.line1")
    check.text(address, "line2", "claimant.address.line2", required=False)
    check.text(address, "town", "claimant.address.town", max_length=100)
    check.text(address, "county", "claimant.address.county", required=False, max_length=100)
    postcode = check.text(address, "postcode", "claimant.address.postcode", max_length=10)
    check.pattern(postcode and postcode.upper(), POSTCODE, "claimant.address.postcode", "a valid UK postcode")


def _nino(check: Checker, nino: dict | None) -> None:
    if nino is None:
        return
    number = check.text(
        nino, "nationalInsuranceNumber", "claimant.nino.nationalInsuranceNumber", required=False
    )
    reason = check.choice(
        nino, "reasonForNoNino", "claimant.nino.reasonForNoNino", ref.NO_NINO_REASONS, required=False
    )
    if number is None and reason is None and not nino.get("reasonForNoNino"):
        check.add(
            "claimant.nino", "required", "Give a National Insurance number or the reason there is none."
        )
    compact = number and number.replace(" ", "").upper()
    check.pattern(compact, NINO, "claimant.nino.nationalInsuranceNumber", "a National Insurance number")
    check.choice(nino, "employmentStatus", "claimant.nino.employmentStatus", ref.EMPLOYMENT_STATUSES)
    check.text(nino, "employmentDescription", "claimant.nino.employmentDescription", required=False)


def _accident(check: Checker, accident: dict | None, now: datetime) -> None:
    if accident is None:
        return
    happened = check.instant(accident, "dateTime", "accident.dateTime")
    if happened is not None and happened < PORTAL_START:
        check.add(
            "accident.dateTime", "before_portal_start", "Only accidents on or after 31 May 2021 can use OIC."
        )
    elif happened is not None and happened > now:
        check.add("accident.dateTime", "in_future", "accident.dateTime must not be in the future.")
    check.choice(accident, "accidentType", "accident.accidentType", ref.ACCIDENT_TYPES)
    check.text(accident, "description", "accident.description", max_length=2000)
    check.text(accident, "location", "accident.location", max_length=500)
    in_scope = check.flag(accident, "inEnglandOrWales", "accident.inEnglandOrWales")
    if in_scope is False:
        check.add(
            "accident.inEnglandOrWales", "out_of_scope", "Only accidents in England and Wales can use OIC."
        )
    reported = check.flag(accident, "policeReported", "accident.policeReported")
    check.text(accident, "policeReference", "accident.policeReference", required=False)
    check.required_if(
        reported, accident, "policeReference", "accident.policeReference", "the police were told"
    )
    check.flag(accident, "dashcamOrPhotos", "accident.dashcamOrPhotos")
    for index, witness in enumerate(check.items(accident, "witnesses", "accident.witnesses", max_items=10)):
        check.text(witness, "name", f"accident.witnesses[{index}].name")
        check.flag(witness, "knownToClaimant", f"accident.witnesses[{index}].knownToClaimant", required=False)


def _vehicles(check: Checker, form: dict) -> None:
    vehicle = check.section(form, "claimantVehicle", "claimantVehicle")
    involvement = (
        (form.get("claimant") or {}).get("involvement") if isinstance(form.get("claimant"), dict) else None
    )
    if vehicle is not None:
        _claimant_vehicle(check, vehicle, involvement)
    defendants = check.items(form, "defendantVehicles", "defendantVehicles", min_items=1, max_items=10)
    for index, defendant in enumerate(defendants):
        path = f"defendantVehicles[{index}]"
        registration = check.text(defendant, "registration", f"{path}.registration", max_length=12)
        check.pattern(
            registration and registration.upper(), REGISTRATION, f"{path}.registration", "a registration"
        )
        for key in ("make", "model", "colour", "driverFirstName", "driverLastName"):
            check.text(defendant, key, f"{path}.{key}", required=False, max_length=100)


def _claimant_vehicle(check: Checker, vehicle: dict, involvement: object) -> None:
    on_bus = involvement == "PassengerBus"
    vehicle_type = vehicle.get("vehicleType")
    if vehicle_type in ref.VULNERABLE_VEHICLE_TYPES:
        check.add("claimantVehicle.vehicleType", "vulnerable_road_user", _VRU_MESSAGE)
    elif (
        check.choice(vehicle, "vehicleType", "claimantVehicle.vehicleType", ref.VEHICLE_TYPES)
        and on_bus
        and vehicle_type not in BUS_TYPES
    ):
        check.add("claimantVehicle.vehicleType", "inconsistent", "A bus passenger's vehicle must be a bus.")
    registration = check.text(vehicle, "registration", "claimantVehicle.registration", required=not on_bus)
    check.pattern(
        registration and registration.upper(), REGISTRATION, "claimantVehicle.registration", "a registration"
    )
    check.choice(vehicle, "ownership", "claimantVehicle.ownership", ref.OWNERSHIPS, required=not on_bus)
    check.flag(vehicle, "seatBeltWorn", "claimantVehicle.seatBeltWorn", required=not on_bus)
    check.whole(vehicle, "occupants", "claimantVehicle.occupants", low=1, high=100)


def _injuries(check: Checker, form: dict) -> None:
    for index, injury in enumerate(check.items(form, "injuries", "injuries", min_items=1, max_items=20)):
        path = f"injuries[{index}]"
        body_part = check.choice(injury, "bodyPart", f"{path}.bodyPart", ref.BODY_PARTS)
        whiplash = check.flag(injury, "isWhiplash", f"{path}.isWhiplash")
        if whiplash and body_part and body_part not in WHIPLASH_BODY_PARTS:
            check.add(
                f"{path}.bodyPart", "inconsistent", "Whiplash is an injury of the neck, back or shoulder."
            )
        if whiplash:
            _whiplash_prognosis(check, injury, path)
        else:
            check.whole(injury, "prognosisMonths", f"{path}.prognosisMonths", low=1, high=240)
        check.flag(injury, "minorPsychological", f"{path}.minorPsychological", required=False)
        for flag in ("exceptionallySevere", "exceptionalCircumstances"):
            raised = check.flag(injury, flag, f"{path}.{flag}", required=False)
            key = f"{flag}Description"
            check.text(injury, key, f"{path}.{key}", required=False, max_length=2000)
            check.required_if(raised, injury, key, f"{path}.{key}", f"{flag} is true")


def _whiplash_prognosis(check: Checker, injury: dict, path: str) -> None:
    months = injury.get("prognosisMonths")
    if isinstance(months, int) and not isinstance(months, bool) and not 1 <= months <= 24:
        check.add(
            f"{path}.prognosisMonths",
            "out_of_range",
            "A whiplash prognosis must fall in a tariff band: 1 to 24 months.",
        )
        return
    check.whole(injury, "prognosisMonths", f"{path}.prognosisMonths", low=1, high=24)


def _treatment(check: Checker, treatment: dict | None) -> None:
    if treatment is None:
        return
    check.flag(treatment, "medicalAttentionSought", "treatment.medicalAttentionSought")
    check.flag(treatment, "gpAttended", "treatment.gpAttended", required=False)
    hospital = check.flag(treatment, "hospitalAttended", "treatment.hospitalAttended", required=False)
    check.text(treatment, "hospitalName", "treatment.hospitalName", required=False)
    check.required_if(
        hospital, treatment, "hospitalName", "treatment.hospitalName", "a hospital was attended"
    )
    check.choice(
        treatment, "nightsInHospital", "treatment.nightsInHospital", ref.NIGHTS_IN_HOSPITAL, required=False
    )
    check.text(treatment, "otherTreatment", "treatment.otherTreatment", required=False, max_length=2000)
    check.flag(
        treatment, "furtherTreatmentRecommended", "treatment.furtherTreatmentRecommended", required=False
    )


def _loss_of_earnings(check: Checker, earnings: dict | None) -> None:
    if earnings is None:
        return
    off_work = check.flag(earnings, "timeOffWork", "lossOfEarnings.timeOffWork")
    check.whole(earnings, "daysOff", "lossOfEarnings.daysOff", low=1, high=3650, required=bool(off_work))
    check.flag(earnings, "stillOffWork", "lossOfEarnings.stillOffWork", required=False)


def _replacement_vehicle(check: Checker, replacement: dict | None) -> None:
    if replacement is None:
        return
    path = "replacementVehicle"
    repair = check.flag(replacement, "repairHelpNeeded", f"{path}.repairHelpNeeded")
    check.choice(
        replacement,
        "noRepairReason",
        f"{path}.noRepairReason",
        ref.NO_REPAIR_REASONS,
        required=repair is False,
    )
    hire = check.flag(replacement, "hireVehicleNeeded", f"{path}.hireVehicleNeeded")
    check.choice(
        replacement, "noHireReason", f"{path}.noHireReason", ref.NO_HIRE_REASONS, required=hire is False
    )


def _losses(check: Checker, form: dict) -> None:
    for index, loss in enumerate(check.items(form, "losses", "losses", max_items=50)):
        check_loss(check, loss, f"losses[{index}]")


def check_loss(check: Checker, loss: dict, path: str) -> None:
    """One item of loss (also used when losses are added after submission)."""
    loss_type = check.choice(loss, "lossType", f"{path}.lossType", ref.LOSS_TYPES)
    check.number(loss, "amount", f"{path}.amount", low=0, high=1_000_000)
    check.flag(loss, "ongoing", f"{path}.ongoing", required=False)
    check.text(loss, "description", f"{path}.description", required=loss_type == "Other", max_length=2000)
    check.flag(loss, "evidenceAvailable", f"{path}.evidenceAvailable", required=False)


def _statement_of_truth(check: Checker, statement: dict | None) -> None:
    if statement is None:
        return
    for key in ("firstName", "lastName", "jobTitle"):
        check.text(statement, key, f"statementOfTruth.{key}", max_length=100)

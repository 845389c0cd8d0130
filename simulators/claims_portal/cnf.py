"""Validation of the Claim Notification Form (CNF), the body of ``addClaim``.

The JSON mirrors the groups of the R7 ``AddClaim_ClaimData`` schema (claims-portal.md 5.5):
claim details, the claimant representative, defendant and insurer, claimant, medical,
accident, other parties and liability. ``validate_cnf`` returns every problem at once, each
with the dotted path of the field, an R7 validation code (``MustBeProvided``,
``FormatNotValid``, ``WrongValue``, ``AtLeastOne``, ...) and a message. The typed reading is
the OIC simulator's ``Checker``; its generic codes are translated by ``contract_errors``.
"""

import re
from datetime import date, datetime

from simulators.claims_portal import reference as ref
from simulators.common.checks import NINO, POSTCODE, Checker, FieldError
from simulators.common.errors import ApiError
from simulators.common.timeutil import london_date

PORTAL_START = date(2010, 4, 30)  # RTA claims on the portal from April 2010
HIGHER_BAND_START = date(2013, 7, 31)  # the £25,000 band applies to accidents from 31 July 2013
REFERENCE = re.compile(r"^[A-Za-z0-9 /._\-]{1,50}$")
OIC_REFERENCE = re.compile(r"^OIC-[0-9-]+$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
PHONE = re.compile(r"^\+?[0-9 ()\-]{10,20}$")
NAME_LENGTH, STREET_LENGTH, COMMENT_LENGTH = 25, 32, 500


def contract_errors(errors: list[FieldError]) -> list[dict]:
    """The errors as the API reports them, with the checker's codes mapped onto the R7 codes."""
    return [
        {
            "field": error.field,
            "code": ref.CHECKER_CODES.get(error.code, error.code),
            "message": error.message,
        }
        for error in errors
    ]


def validation_failed(errors: list[FieldError], message: str = "The request has errors.") -> ApiError:
    """422 ``validation_failed`` listing every problem at once."""
    return ApiError(422, "validation_failed", message, errors=contract_errors(errors))


def raise_if_errors(check: Checker, message: str = "The request has errors. Correct them all.") -> None:
    """Raise ``validation_failed`` if the checker found anything."""
    if check.errors:
        raise validation_failed(check.errors, message)


def validate_cnf(form: object, now: datetime) -> list[FieldError]:
    """Check a CNF against the portal rules; an empty list means it is valid."""
    check = Checker()
    if not isinstance(form, dict):
        check.add("", "invalid_type", "The claim must be a JSON object.")
        return check.errors
    accident_day = _accident(check, check.section(form, "accident", "accident"), now)
    _claim_details(check, check.section(form, "claimDetails", "claimDetails"), accident_day)
    _representative(check, check.section(form, "claimantRepresentative", "claimantRepresentative"))
    _defendant(check, check.section(form, "defendant", "defendant"))
    _claimant(check, check.section(form, "claimant", "claimant"), now)
    _medical(check, check.section(form, "medical", "medical"))
    for index, party in enumerate(check.items(form, "otherParties", "otherParties", max_items=6)):
        check.text(party, "name", f"otherParties[{index}].name", max_length=NAME_LENGTH * 2)
        check.text(party, "vehicleRegistration", f"otherParties[{index}].vehicleRegistration", required=False)
    liability = check.section(form, "liability", "liability")
    if liability is not None:
        path = "liability.reasonsDefendantAtFault"
        check.text(liability, "reasonsDefendantAtFault", path, max_length=COMMENT_LENGTH)
    return check.errors


def _claim_details(check: Checker, details: dict | None, accident_day: date | None) -> None:
    if details is None:
        return
    check.choice(details, "signatory", "claimDetails.signatory", tuple(ref.SIGNATORIES))
    check.flag(details, "retainedCopy", "claimDetails.retainedCopy", required=False)
    band = check.whole(details, "claimValue", "claimDetails.claimValue", low=1, high=2)
    if band == 2 and accident_day is not None and accident_day < HIGHER_BAND_START:
        check.add(
            "claimDetails.claimValue",
            "WrongValue",
            "Accidents before 31 July 2013 are in the portal only up to £10,000 (claimValue 1).",
        )
    oic = check.text(
        details, "oicReferenceNumber", "claimDetails.oicReferenceNumber", required=False, max_length=50
    )
    check.pattern(oic, OIC_REFERENCE, "claimDetails.oicReferenceNumber", "OIC- followed by digits and dashes")


def _representative(check: Checker, representative: dict | None) -> None:
    if representative is None:
        return
    path = "claimantRepresentative"
    check.text(representative, "companyName", f"{path}.companyName", max_length=70)
    check.text(representative, "contactName", f"{path}.contactName", max_length=NAME_LENGTH * 2)
    email = check.text(representative, "email", f"{path}.email", max_length=100)
    check.pattern(email, EMAIL, f"{path}.email", "an email address")
    phone = check.text(representative, "phone", f"{path}.phone", max_length=20)
    check.pattern(phone, PHONE, f"{path}.phone", "a telephone number")
    reference = check.text(representative, "referenceNumber", f"{path}.referenceNumber", max_length=50)
    check.pattern(reference, REFERENCE, f"{path}.referenceNumber", "letters, digits, spaces and / . _ -")


def _defendant(check: Checker, defendant: dict | None) -> None:
    if defendant is None:
        return
    status = check.choice(defendant, "status", "defendant.status", tuple(ref.DEFENDANT_STATUSES))
    check.text(defendant, "surname", "defendant.surname", required=status == "P", max_length=NAME_LENGTH)
    check.text(defendant, "forename", "defendant.forename", required=False, max_length=NAME_LENGTH)
    check.text(defendant, "companyName", "defendant.companyName", required=status == "B", max_length=70)
    check.text(defendant, "policyNumber", "defendant.policyNumber", required=False, max_length=50)
    check.text(defendant, "vehicleRegistration", "defendant.vehicleRegistration", max_length=10)
    insurer = defendant.get("insurer") if isinstance(defendant.get("insurer"), dict) else {}
    compensator = ref.COMPENSATORS_BY_ID.get(insurer.get("organisationId"))
    if compensator is None:
        check.add(
            "defendant.insurer.organisationId",
            "InsurerNotSelected",
            "Select the compensator (searchCompensators gives the organisationId).",
        )
        return
    kind = check.choice(insurer, "insurerType", "defendant.insurer.insurerType", tuple(ref.INSURER_TYPES))
    if kind is not None and kind != compensator.insurer_type:
        check.add(
            "defendant.insurer.insurerType",
            "WrongValue",
            f"{compensator.name} is of insurerType {compensator.insurer_type}.",
        )


def _claimant(check: Checker, claimant: dict | None, now: datetime) -> None:
    if claimant is None:
        return
    check.choice(claimant, "title", "claimant.title", ref.TITLES)
    check.text(claimant, "forename", "claimant.forename", max_length=NAME_LENGTH)
    check.text(claimant, "surname", "claimant.surname", max_length=NAME_LENGTH)
    born = check.day(claimant, "dateOfBirth", "claimant.dateOfBirth")
    if born is not None and born > london_date(now):
        check.add("claimant.dateOfBirth", "FutureDate", "claimant.dateOfBirth must not be in the future.")
    _address(check, check.section(claimant, "address", "claimant.address"))
    check.text(claimant, "occupation", "claimant.occupation", required=False, max_length=50)
    check.flag(claimant, "childClaim", "claimant.childClaim")
    cue = check.text(claimant, "askCuePiReference", "claimant.askCuePiReference", max_length=50)
    check.pattern(cue, REFERENCE, "claimant.askCuePiReference", "an AskCUE PI search reference")
    _national_insurance(check, claimant)


def _national_insurance(check: Checker, claimant: dict) -> None:
    number = check.text(claimant, "niNumber", "claimant.niNumber", required=False, max_length=13)
    comment = check.text(
        claimant, "niNumberComment", "claimant.niNumberComment", required=False, max_length=COMMENT_LENGTH
    )
    if number is None and comment is None:
        check.add(
            "claimant.niNumber",
            "OtherMustBeProvided",
            "Give the National Insurance number, or say in niNumberComment why there is none.",
        )
    check.pattern(
        number and number.replace(" ", "").upper(), NINO, "claimant.niNumber", "a National Insurance number"
    )


def _address(check: Checker, address: dict | None) -> None:
    if address is None:
        return
    check.text(address, "houseNameOrNumber", "claimant.address.houseNameOrNumber", max_length=NAME_LENGTH * 2)
    check.text(address, "street", "claimant.address.street", max_length=STREET_LENGTH)
    check.text(address, "district", "claimant.address.district", required=False, max_length=STREET_LENGTH)
    check.text(address, "city", "claimant.address.city", max_length=STREET_LENGTH)
    check.text(address, "county", "claimant.address.county", required=False, max_length=STREET_LENGTH)
    postcode = check.text(address, "postcode", "claimant.address.postcode", max_length=8)
    check.pattern(postcode and postcode.upper(), POSTCODE, "claimant.address.postcode", "a UK postcode")


def _medical(check: Checker, medical: dict | None) -> None:
    if medical is None:
        return
    flags = [
        check.flag(medical, key, f"medical.{key}")
        for key in ("softTissue", "bone", "whiplash", "otherInjury")
    ]
    if all(flag is False for flag in flags):
        check.add("medical", "AtLeastOne", "Tick at least one kind of injury.")
    check.text(medical, "injuryDescription", "medical.injuryDescription", max_length=COMMENT_LENGTH)
    check.flag(medical, "timeOffWork", "medical.timeOffWork")
    check.flag(medical, "medicalAttention", "medical.medicalAttention")
    check.flag(medical, "rehabilitationNeeded", "medical.rehabilitationNeeded", required=False)
    for index, hospital in enumerate(check.items(medical, "hospitals", "medical.hospitals", max_items=4)):
        check.text(hospital, "name", f"medical.hospitals[{index}].name", max_length=70)
        postcode = check.text(hospital, "postcode", f"medical.hospitals[{index}].postcode", required=False)
        check.pattern(
            postcode and postcode.upper(), POSTCODE, f"medical.hospitals[{index}].postcode", "a UK postcode"
        )


def _accident(check: Checker, accident: dict | None, now: datetime) -> date | None:
    if accident is None:
        return None
    happened = _accident_day(check, accident, now)
    check.text(accident, "time", "accident.time", required=False, max_length=5)
    check.text(accident, "location", "accident.location", max_length=COMMENT_LENGTH)
    check.text(accident, "description", "accident.description", max_length=COMMENT_LENGTH)
    claimant_type = check.choice(accident, "claimantType", "accident.claimantType", ref.CLAIMANT_TYPES)
    if claimant_type in ref.IN_VEHICLE:
        check.flag(accident, "seatbeltWorn", "accident.seatbeltWorn")
    elif claimant_type is not None and accident.get("seatbeltWorn") is not None:
        check.add("accident.seatbeltWorn", "MustNotBeProvided", f"A {claimant_type} wears no seatbelt.")
    reported = check.flag(accident, "policeReported", "accident.policeReported")
    check.text(accident, "policeReference", "accident.policeReference", required=False, max_length=50)
    if reported and not (
        isinstance(accident.get("policeReference"), str) and accident["policeReference"].strip()
    ):
        check.add("accident.policeReference", "OtherMustBeProvided", "Give the police reference.")
    return happened


def _accident_day(check: Checker, accident: dict, now: datetime) -> date | None:
    if not accident.get("date"):
        check.add("accident.date", "MissingAccidentDate", "accident.date is required.")
        return None
    happened = check.day(accident, "date", "accident.date")
    if happened is None:
        return None
    if happened > london_date(now):
        check.add("accident.date", "FutureDate", "accident.date must not be in the future.")
    elif happened < PORTAL_START:
        check.add("accident.date", "WrongValue", "Accidents before 30 April 2010 are outside the RTA portal.")
    return happened

"""A ClaimDesk case as the Claims Portal's Claim Notification Form (the body of ``addClaim``), its
settlement-pack loss lines, and where each CNF field is edited in ClaimDesk (``locate``).

The one place that knows the CNF's field names: the groups of the R7 ``AddClaim_ClaimData`` schema
(claims-portal.md 5.5) in our simulator's camelCase JSON (simulators/claims_portal/openapi.yaml).
"""

import re
from decimal import Decimal

from django.utils import timezone

from accounts.models import User
from cases.models import Case, ClaimsPortalDetails, Involvement, Portal, VehicleType, YesNo
from portal.base import FieldLocation

NAME_LENGTH, STREET_LENGTH, COMMENT_LENGTH = 25, 32, 500
_HOUSE_NUMBER = re.compile(r"^(\d+[A-Za-z]?)[\s,]+(.+)$")
OIC_REFERENCE = re.compile(r"^OIC-[0-9-]+$")


def details_of(case: Case) -> ClaimsPortalDetails:
    """The case's Claims Portal section (an empty one, unsaved, for a case that predates it)."""
    try:
        return case.claims_portal
    except ClaimsPortalDetails.DoesNotExist:
        return ClaimsPortalDetails(case=case)


def is_child(case: Case) -> bool:
    born = case.client.date_of_birth
    return born is not None and case.client.age_on(timezone.localdate()) < 18


def split_address(line1: str, line2: str) -> tuple[str, str, str]:
    """(house name or number, street, district) from ClaimDesk's two address lines."""
    line1, line2 = line1.strip(), line2.strip()
    numbered = _HOUSE_NUMBER.match(line1)
    if numbered:
        return numbered[1], numbered[2], line2
    return line1, line2, ""


def oic_reference(case: Case) -> str:
    """The OIC reference the CNF carries: the case's own, else an earlier OIC claim's (Portal Reset)."""
    own = details_of(case).oic_reference
    if own:
        return own
    earlier = case.portal_claims.filter(portal=Portal.OIC).order_by("-created_at").first()
    return earlier.claim_id if earlier and OIC_REFERENCE.match(earlier.claim_id) else ""


def _text(value: str) -> str | None:
    return value.strip() or None


def cnf(case: Case, *, representative: dict, compensator: dict) -> dict:
    """The whole claim form. ``representative``: the firm's company name and telephone;
    ``compensator``: the portal's organisation chosen for the defendant's insurer."""
    details = details_of(case)
    claim_details = {"signatory": "S", "retainedCopy": True, "claimValue": details.value_band}
    if reference := oic_reference(case):
        claim_details["oicReferenceNumber"] = reference
    defendants = list(case.defendant_vehicles.all())
    return {
        "claimDetails": claim_details,
        "claimantRepresentative": _representative(case, representative),
        "defendant": _defendant(case, details, defendants[0] if defendants else None, compensator),
        "claimant": _claimant(case, details),
        "medical": _medical(case),
        "accident": _accident(case),
        "otherParties": [_other_party(v) for v in defendants[1:7]],
        "liability": {"reasonsDefendantAtFault": _text(details.liability_reasons)},
    }


def _representative(case: Case, representative: dict) -> dict:
    fee_earner: User = case.fee_earner
    return {
        "companyName": representative["company_name"],
        "contactName": fee_earner.get_full_name() or fee_earner.username,
        "email": fee_earner.email or None,
        "phone": representative["phone"],
        "referenceNumber": case.reference,
    }


def _defendant(case: Case, details: ClaimsPortalDetails, vehicle, compensator: dict) -> dict:
    business = details.defendant_status == ClaimsPortalDetails.DefendantStatus.BUSINESS
    found = {
        "status": details.defendant_status,
        "policyNumber": _text(case.insurer.policy_number),
        "vehicleRegistration": vehicle.registration if vehicle else None,
        "insurer": {
            "organisationId": compensator.get("organisationId"),
            "organisationPath": compensator.get("organisationPath"),
            "insurerType": compensator.get("insurerType"),
        },
    }
    if business:
        found["companyName"] = _text(details.defendant_company)
    elif vehicle is not None:
        found |= {"forename": _text(vehicle.driver_first_name), "surname": _text(vehicle.driver_last_name)}
    return found


def _claimant(case: Case, details: ClaimsPortalDetails) -> dict:
    client = case.client
    house, street, district = split_address(client.address_line1, client.address_line2)
    found = {
        "title": client.title or None,
        "forename": client.first_name,
        "surname": client.last_name,
        "dateOfBirth": client.date_of_birth.isoformat() if client.date_of_birth else None,
        "address": {
            "houseNameOrNumber": house or None,
            "street": street or None,
            "district": district or None,
            "city": _text(client.town),
            "county": _text(client.county),
            "postcode": _text(client.postcode),
        },
        "occupation": _text(client.occupation),
        "childClaim": is_child(case),
        "askCuePiReference": _text(details.ask_cue_reference),
    }
    if client.ni_number:
        found["niNumber"] = client.ni_number
    elif client.no_ni_reason:
        found["niNumberComment"] = client.get_no_ni_reason_display()
    return found


def _medical(case: Case) -> dict:
    injuries = list(case.injuries.select_related("body_part"))
    treatment = case.treatment
    whiplash = any(injury.is_whiplash for injury in injuries)
    found = {
        "softTissue": whiplash,
        "bone": False,
        "whiplash": whiplash,
        "otherInjury": any(not injury.is_whiplash for injury in injuries),
        "injuryDescription": "; ".join(str(injury) for injury in injuries)[:COMMENT_LENGTH] or None,
        "timeOffWork": treatment.time_off_work,
        "medicalAttention": treatment.medical_attention_sought
        or treatment.gp_attended
        or treatment.hospital_attended,
        "hospitals": [],
    }
    if treatment.hospital_attended and treatment.hospital_name.strip():
        found["hospitals"] = [{"name": treatment.hospital_name.strip()[:70]}]
    return found


def claimant_type(case: Case) -> str:
    """The CNF's claimant type from how the client was involved and in (or on) what."""
    vehicle = case.claimant_vehicle
    by_vehicle = {
        VehicleType.MOTORCYCLE: "Motorcyclist",
        VehicleType.BICYCLE: "Cyclist",
        VehicleType.PEDESTRIAN: "Pedestrian",
    }
    if vehicle.vehicle_type in by_vehicle:
        return by_vehicle[vehicle.vehicle_type]
    if vehicle.involvement == Involvement.DRIVER:
        return "Driver"
    if vehicle.involvement in (Involvement.PASSENGER, Involvement.BUS_PASSENGER):
        return "Passenger"
    return "Other"


def _accident(case: Case) -> dict:
    accident, vehicle = case.accident, case.claimant_vehicle
    when = timezone.localtime(accident.occurred_at) if accident.occurred_at else None
    kind = claimant_type(case)
    found = {
        "date": when.date().isoformat() if when else None,
        "time": f"{when:%H:%M}" if when else None,
        "location": _text(accident.location),
        "description": _text(accident.description),
        "claimantType": kind,
        "policeReported": accident.police_reported,
        "policeReference": _text(accident.police_reference),
    }
    if kind in ("Driver", "Passenger"):
        found["seatbeltWorn"] = (
            None if vehicle.seat_belt_worn == YesNo.UNKNOWN else vehicle.seat_belt_worn == YesNo.YES
        )
    return found


def _other_party(vehicle) -> dict:
    name = " ".join(p for p in (vehicle.driver_first_name, vehicle.driver_last_name) if p)
    return {
        "name": name or f"Driver of {vehicle.registration or 'an unidentified vehicle'}",
        "vehicleRegistration": vehicle.registration or None,
    }


# -- Settlement packs: the case's losses as R7 loss lines -------------------------------------------------

# ClaimDesk's loss types (its Losses tab) → the R7 LossType codes (claims-portal.md 5.5).
LOSS_TYPES = {
    "PolicyExcess": 0,
    "VehicleHire": 2,
    "VehicleRepair": 3,
    "TravelExpenses": 4,
    "Medication": 5,
    "TreatmentCosts": 5,
    "ClothingAndPersonalItems": 6,
    "Care": 7,
    "LossOfEarnings": 8,
}
OTHER_LOSSES, GENERAL_DAMAGES = 10, 11


def loss_lines(case: Case) -> list[dict]:
    """Every loss on the case's Losses tab as a pack line (kinds the R7 list lacks as "other losses")."""
    lines = []
    for loss in case.losses.select_related("loss_type"):
        code = LOSS_TYPES.get(loss.loss_type.code, OTHER_LOSSES)
        words = loss.description.strip() or (loss.loss_type.label if code == OTHER_LOSSES else "")
        lines.append(
            {
                "lossType": code,
                "grossValueClaimed": float(loss.amount.quantize(Decimal("0.01"))),
                "percContribNegDeductions": 0,
                "evidenceAttached": loss.evidence_available,
                "comments": words[:COMMENT_LENGTH] or None,
            }
        )
    return lines


# -- Attachments: the title says what a file is --------------------------------------------------------

# The portal's attachments have a title and a description but no category: ClaimDesk sends the
# category as the title, and reads it back from there ("Other" for anything else).
TITLES = {
    "MedicalReport": "Medical report",
    "EvidenceOfLosses": "Evidence of losses",
    "Correspondence": "Correspondence",
    "Photographs": "Photographs",
    "Other": "Document",
}


def title_of(category: str) -> str:
    return TITLES.get(category, TITLES["Other"])


def category_of_title(title: str) -> str:
    wanted = title.strip().lower()
    return next((code for code, words in TITLES.items() if words.lower() == wanted), "Other")


# -- Where each CNF field is edited in ClaimDesk ------------------------------------------------------------

_DETAILS, _INJURY = ("Case Details", "cases:details"), ("Injury", "cases:injury")
_SETTINGS = FieldLocation(
    "Portal settings", "portal:settings", case_scoped=False, url_args=(Portal.CLAIMS_PORTAL,)
)
_FIELDS = {
    "claimDetails.claimValue": (*_DETAILS, "id_cp-value_band"),
    "claimDetails.oicReferenceNumber": (*_DETAILS, "id_cp-oic_reference"),
    "claimant.title": (*_DETAILS, "id_client-title"),
    "claimant.forename": (*_DETAILS, "id_client-first_name"),
    "claimant.surname": (*_DETAILS, "id_client-last_name"),
    "claimant.dateOfBirth": (*_DETAILS, "id_client-date_of_birth"),
    "claimant.childClaim": (*_DETAILS, "id_client-date_of_birth"),
    "claimant.address": (*_DETAILS, "id_client-address_line1"),
    "claimant.address.houseNameOrNumber": (*_DETAILS, "id_client-address_line1"),
    "claimant.address.street": (*_DETAILS, "id_client-address_line1"),
    "claimant.address.district": (*_DETAILS, "id_client-address_line2"),
    "claimant.address.city": (*_DETAILS, "id_client-town"),
    "claimant.address.county": (*_DETAILS, "id_client-county"),
    "claimant.address.postcode": (*_DETAILS, "id_client-postcode"),
    "claimant.occupation": (*_DETAILS, "id_client-occupation"),
    "claimant.niNumber": (*_DETAILS, "id_client-ni_number"),
    "claimant.niNumberComment": (*_DETAILS, "id_client-no_ni_reason"),
    "claimant.askCuePiReference": (*_DETAILS, "id_cp-ask_cue_reference"),
    "defendant.status": (*_DETAILS, "id_cp-defendant_status"),
    "defendant.companyName": (*_DETAILS, "id_cp-defendant_company"),
    "defendant.forename": (*_DETAILS, "id_defendants-0-driver_first_name"),
    "defendant.surname": (*_DETAILS, "id_defendants-0-driver_last_name"),
    "defendant.policyNumber": (*_DETAILS, "id_insurer-policy_number"),
    "defendant.vehicleRegistration": (*_DETAILS, "id_defendants-0-registration"),
    "defendant.insurer": (*_DETAILS, "id_insurer-name"),
    "defendant.insurer.organisationId": (*_DETAILS, "id_cp-compensator_id"),
    "defendant.insurer.insurerType": (*_DETAILS, "id_cp-compensator_id"),
    "accident.date": (*_DETAILS, "id_accident-occurred_at"),
    "accident.time": (*_DETAILS, "id_accident-occurred_at"),
    "accident.location": (*_DETAILS, "id_accident-location"),
    "accident.description": (*_DETAILS, "id_accident-description"),
    "accident.claimantType": (*_DETAILS, "id_vehicle-involvement"),
    "accident.seatbeltWorn": (*_DETAILS, "id_vehicle-seat_belt_worn"),
    "accident.policeReported": (*_DETAILS, "id_accident-police_reported"),
    "accident.policeReference": (*_DETAILS, "id_accident-police_reference"),
    "liability.reasonsDefendantAtFault": (*_DETAILS, "id_cp-liability_reasons"),
    "medical": (*_INJURY, ""),
    "medical.injuryDescription": (*_INJURY, ""),
    "medical.timeOffWork": (*_INJURY, "id_treatment-time_off_work"),
    "medical.medicalAttention": (*_INJURY, "id_treatment-medical_attention_sought"),
    "medical.hospitals": (*_INJURY, "id_treatment-hospital_name"),
}
_OTHER_PARTY = re.compile(r"^otherParties\[(\d+)\]\.(\w+)$")
_HOSPITAL = re.compile(r"^medical\.hospitals\[\d+\]\.\w+$")


def locate(path: str) -> FieldLocation:
    """Where the portal's field ``path`` is edited (the Case Details tab when not known)."""
    if path in _FIELDS:
        return FieldLocation(*_FIELDS[path])
    if path.startswith("claimantRepresentative"):
        return _SETTINGS
    if _HOSPITAL.match(path):
        return FieldLocation(*_INJURY, "id_treatment-hospital_name")
    party = _OTHER_PARTY.match(path)
    if party:
        field = "registration" if party[2] == "vehicleRegistration" else "driver_last_name"
        return FieldLocation(*_DETAILS, f"id_defendants-{int(party[1]) + 1}-{field}")
    section = path.split(".")[0].split("[")[0]
    return FieldLocation(*_FIELDS.get(section, (*_DETAILS, "")))

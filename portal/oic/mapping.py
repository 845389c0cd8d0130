"""A ClaimDesk case as the OIC's Small Claim Notification Form (the body of the create-claim call).

The one place that knows the SCNF's field names (simulators/oic/openapi.yaml, modelled on the
names seen in public integration code; docs/oic-simulator.md). Value-list codes go out as stored:
ClaimDesk's lists carry the portal's codes.
"""

from decimal import Decimal

from accounts.models import User
from cases.models import Case, Involvement, VehicleType, YesNo
from portal.base import FieldLocation

# ClaimDesk keeps nights in hospital as a number; the SCNF asks for a band.
NIGHT_BANDS = ((0, "None"), (3, "1-3"), (7, "4-7"))


def nights_band(nights: int) -> str:
    for ceiling, band in NIGHT_BANDS:
        if nights <= ceiling:
            return band
    return "8+"


def _code(value) -> str | None:
    return value.code if value is not None else None


def _text(value: str) -> str | None:
    return value.strip() or None


def scnf(case: Case, *, acting_user: User) -> dict:
    """The whole claim form; ``acting_user`` signs the statement of truth."""
    return {
        "clientReference": case.reference,
        "consentConfirmed": True,
        "claimant": _claimant(case),
        "accident": _accident(case),
        "claimantVehicle": _claimant_vehicle(case),
        "defendantVehicles": [_defendant(v) for v in case.defendant_vehicles.all()],
        "insurer": _insurer(case),
        "injuries": [_injury(i) for i in case.injuries.select_related("body_part")],
        "treatment": _treatment(case),
        "lossOfEarnings": _loss_of_earnings(case),
        "replacementVehicle": _replacement(case),
        "losses": [_loss(loss) for loss in case.losses.select_related("loss_type")],
        "statementOfTruth": {
            "firstName": acting_user.first_name,
            "lastName": acting_user.last_name,
            "jobTitle": acting_user.job_title,
        },
    }


def _claimant(case: Case) -> dict:
    client, vehicle = case.client, case.claimant_vehicle
    nino = {
        "employmentStatus": _code(client.employment_status),
        "employmentDescription": _text(client.occupation),
    }
    if client.ni_number:
        nino["nationalInsuranceNumber"] = client.ni_number
    else:
        nino["reasonForNoNino"] = client.no_ni_reason or None
    return {
        "title": client.title or None,
        "firstName": client.first_name,
        "lastName": client.last_name,
        "dateOfBirth": client.date_of_birth.isoformat() if client.date_of_birth else None,
        "address": {
            "line1": _text(client.address_line1),
            "line2": _text(client.address_line2),
            "town": _text(client.town),
            "county": _text(client.county),
            "postcode": _text(client.postcode),
        },
        "phoneNumber": _text(client.phone),
        "email": _text(client.email),
        "nino": nino,
        "occupation": _text(client.occupation),
        "involvement": _involvement(vehicle.involvement, vehicle.vehicle_type),
    }


def _involvement(involvement: str, vehicle_type: str) -> str:
    """ClaimDesk's "other road user" is sent as what the portal calls that kind of vulnerable road user."""
    if involvement != Involvement.OTHER:
        return involvement
    return {VehicleType.PEDESTRIAN: "Pedestrian", VehicleType.BICYCLE: "Cyclist"}.get(
        vehicle_type, "Motorcyclist"
    )


def _accident(case: Case) -> dict:
    accident = case.accident
    witnesses = [{"name": line.strip()} for line in accident.witness_details.splitlines() if line.strip()]
    return {
        "dateTime": accident.occurred_at.isoformat() if accident.occurred_at else None,
        "accidentType": _code(accident.accident_type),
        "description": _text(accident.description),
        "location": _text(accident.location),
        "inEnglandOrWales": accident.in_england_or_wales,
        "policeReported": accident.police_reported,
        "policeReference": _text(accident.police_reference),
        "witnesses": witnesses if accident.has_witnesses else [],
        "dashcamOrPhotos": accident.dashcam_or_photos,
    }


def _claimant_vehicle(case: Case) -> dict:
    vehicle = case.claimant_vehicle
    return {
        "registration": _text(vehicle.registration),
        "vehicleType": vehicle.vehicle_type,
        "ownership": vehicle.ownership,
        "seatBeltWorn": vehicle.seat_belt_worn == YesNo.YES
        if vehicle.seat_belt_worn != YesNo.UNKNOWN
        else None,
        "occupants": vehicle.occupants,
    }


def _defendant(vehicle) -> dict:
    return {
        "registration": _text(vehicle.registration),
        "make": _text(vehicle.make),
        "model": _text(vehicle.model),
        "colour": _text(vehicle.colour),
        "driverFirstName": _text(vehicle.driver_first_name),
        "driverLastName": _text(vehicle.driver_last_name),
    }


def _insurer(case: Case) -> dict:
    insurer = case.insurer
    return {
        "name": _text(insurer.name),
        "policyNumber": _text(insurer.policy_number),
        "reference": _text(insurer.reference),
        "claimHandler": _text(insurer.claim_handler),
    }


def _injury(injury) -> dict:
    return {
        "bodyPart": injury.body_part.code,
        "isWhiplash": injury.is_whiplash,
        "prognosisMonths": injury.prognosis_months,
        "minorPsychological": injury.minor_psychological,
        "exceptionallySevere": injury.exceptionally_severe,
        "exceptionallySevereDescription": _text(injury.exceptionally_severe_description),
        "exceptionalCircumstances": injury.exceptional_circumstances,
        "exceptionalCircumstancesDescription": _text(injury.exceptional_circumstances_description),
    }


def _treatment(case: Case) -> dict:
    treatment = case.treatment
    return {
        "medicalAttentionSought": treatment.medical_attention_sought
        or treatment.gp_attended
        or treatment.hospital_attended,
        "gpAttended": treatment.gp_attended,
        "hospitalAttended": treatment.hospital_attended,
        "hospitalName": _text(treatment.hospital_name),
        "nightsInHospital": nights_band(treatment.nights_in_hospital),
        "otherTreatment": _text(treatment.treatment_notes),
    }


def _loss_of_earnings(case: Case) -> dict:
    treatment = case.treatment
    return {
        "timeOffWork": treatment.time_off_work,
        "daysOff": treatment.days_off_work or None,
        "stillOffWork": treatment.still_off_work,
    }


def _replacement(case: Case) -> dict:
    replacement = case.replacement_vehicle
    return {
        "repairHelpNeeded": replacement.repair_help_needed,
        "noRepairReason": _code(replacement.no_repair_reason),
        "hireVehicleNeeded": replacement.hire_vehicle_needed,
        "noHireReason": _code(replacement.no_hire_reason),
    }


def _loss(loss) -> dict:
    return {
        "lossType": loss.loss_type.code,
        "amount": float(loss.amount.quantize(Decimal("0.01"))),
        "ongoing": loss.ongoing,
        "description": _text(loss.description),
        "evidenceAvailable": loss.evidence_available,
    }


# Where each SCNF field is edited in ClaimDesk: (tab, URL name, form field id). Indexes in paths
# ("injuries[1].bodyPart") map to form-set rows.
_DETAILS, _INJURY = ("Case Details", "cases:details"), ("OIC Injury", "cases:injury")
_REPLACEMENT = ("Replacement Vehicle", "cases:replacement_vehicle")
_FIELDS = {
    "claimant.title": (*_DETAILS, "id_client-title"),
    "claimant.firstName": (*_DETAILS, "id_client-first_name"),
    "claimant.lastName": (*_DETAILS, "id_client-last_name"),
    "claimant.dateOfBirth": (*_DETAILS, "id_client-date_of_birth"),
    "claimant.address.line1": (*_DETAILS, "id_client-address_line1"),
    "claimant.address.town": (*_DETAILS, "id_client-town"),
    "claimant.address.postcode": (*_DETAILS, "id_client-postcode"),
    "claimant.phoneNumber": (*_DETAILS, "id_client-phone"),
    "claimant.email": (*_DETAILS, "id_client-email"),
    "claimant.nino": (*_DETAILS, "id_client-ni_number"),
    "claimant.nino.nationalInsuranceNumber": (*_DETAILS, "id_client-ni_number"),
    "claimant.nino.reasonForNoNino": (*_DETAILS, "id_client-no_ni_reason"),
    "claimant.nino.employmentStatus": (*_DETAILS, "id_client-employment_status"),
    "claimant.involvement": (*_DETAILS, "id_vehicle-involvement"),
    "accident.dateTime": (*_DETAILS, "id_accident-occurred_at"),
    "accident.accidentType": (*_DETAILS, "id_accident-accident_type"),
    "accident.description": (*_DETAILS, "id_accident-description"),
    "accident.location": (*_DETAILS, "id_accident-location"),
    "accident.inEnglandOrWales": (*_DETAILS, "id_accident-in_england_or_wales"),
    "accident.policeReference": (*_DETAILS, "id_accident-police_reference"),
    "claimantVehicle.registration": (*_DETAILS, "id_vehicle-registration"),
    "claimantVehicle.vehicleType": (*_DETAILS, "id_vehicle-vehicle_type"),
    "claimantVehicle.ownership": (*_DETAILS, "id_vehicle-ownership"),
    "defendantVehicles": (*_DETAILS, "section-5"),
    "injuries": (*_INJURY, ""),
    "treatment.hospitalName": (*_INJURY, "id_treatment-hospital_name"),
    "lossOfEarnings.daysOff": (*_INJURY, "id_treatment-days_off_work"),
    "replacementVehicle.repairHelpNeeded": (*_REPLACEMENT, "id_repair_help_needed"),
    "replacementVehicle.noRepairReason": (*_REPLACEMENT, "id_no_repair_reason"),
    "replacementVehicle.hireVehicleNeeded": (*_REPLACEMENT, "id_hire_vehicle_needed"),
    "replacementVehicle.noHireReason": (*_REPLACEMENT, "id_no_hire_reason"),
}
_ROWS = {
    "defendantVehicles": (*_DETAILS, "id_defendants-{index}-{field}"),
    "injuries": (*_INJURY, "id_injuries-{index}-{field}"),
    "losses": ("Losses", "cases:losses", "id_losses-{index}-{field}"),
}
_ROW_FIELDS = {
    "registration": "registration",
    "bodyPart": "body_part",
    "prognosisMonths": "prognosis_months",
    "isWhiplash": "is_whiplash",
    "exceptionallySevereDescription": "exceptionally_severe_description",
    "exceptionalCircumstancesDescription": "exceptional_circumstances_description",
    "lossType": "loss_type",
    "amount": "amount",
    "description": "description",
}


def locate(path: str) -> FieldLocation:
    """Where the portal's field ``path`` is edited (the Case Details tab when not known)."""
    if path in _FIELDS:
        return FieldLocation(*_FIELDS[path])
    head, _, rest = path.partition("[")
    if head in _ROWS and "]." in rest:
        index, _, field = rest.partition("].")
        tab, url_name, pattern = _ROWS[head]
        return FieldLocation(tab, url_name, pattern.format(index=index, field=_ROW_FIELDS.get(field, field)))
    section = path.split(".")[0]
    return FieldLocation(*_FIELDS.get(section, (*_DETAILS, "")))

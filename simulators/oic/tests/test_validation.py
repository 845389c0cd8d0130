"""SCNF validation: every rule, and every problem reported at once."""

import pytest

from simulators.oic.tests.conftest import scnf

# (changes to a valid form, field expected in the errors, code expected)
CASES = [
    ({"claimant.phoneNumber": ...}, "claimant.phoneNumber", "required"),
    ({"claimant.phoneNumber": "12345"}, "claimant.phoneNumber", "invalid_format"),
    ({"claimant.email": ...}, "claimant.email", "required"),
    ({"claimant.email": "jane.example.com"}, "claimant.email", "invalid_format"),
    ({"claimant.address.postcode": "ZZ99 9ZZZ"}, "claimant.address.postcode", "invalid_format"),
    ({"claimant.address.postcode": ...}, "claimant.address.postcode", "required"),
    ({"claimant.dateOfBirth": "2010-01-01"}, "claimant.dateOfBirth", "too_young"),
    ({"claimant.dateOfBirth": "2007-03-04"}, "claimant.dateOfBirth", "too_young"),  # 18 tomorrow
    ({"claimant.dateOfBirth": "15/06/1985"}, "claimant.dateOfBirth", "invalid_format"),
    ({"claimant.title": "Lord"}, "claimant.title", "invalid_choice"),
    ({"claimant.firstName": "  "}, "claimant.firstName", "required"),
    ({"claimant.nino": {"employmentStatus": "Employed"}}, "claimant.nino", "required"),
    (
        {"claimant.nino.nationalInsuranceNumber": "QQ123456Z"},
        "claimant.nino.nationalInsuranceNumber",
        "invalid_format",
    ),
    ({"claimant.involvement": "Cyclist"}, "claimant.involvement", "vulnerable_road_user"),
    ({"claimant.involvement": "Pedestrian"}, "claimant.involvement", "vulnerable_road_user"),
    ({"claimantVehicle.vehicleType": "Motorcycle"}, "claimantVehicle.vehicleType", "vulnerable_road_user"),
    ({"claimantVehicle.vehicleType": "Bicycle"}, "claimantVehicle.vehicleType", "vulnerable_road_user"),
    ({"claimant.involvement": "PassengerBus"}, "claimantVehicle.vehicleType", "inconsistent"),
    ({"accident.dateTime": "2021-05-30T23:59:00+01:00"}, "accident.dateTime", "before_portal_start"),
    ({"accident.dateTime": "2025-03-04T09:00:00Z"}, "accident.dateTime", "in_future"),
    ({"accident.dateTime": "yesterday"}, "accident.dateTime", "invalid_format"),
    ({"accident.inEnglandOrWales": False}, "accident.inEnglandOrWales", "out_of_scope"),
    ({"accident.policeReported": True}, "accident.policeReference", "required"),
    ({"accident.accidentType": "Meteor"}, "accident.accidentType", "invalid_choice"),
    ({"injuries": []}, "injuries", "required"),
    (
        {"injuries": [{"bodyPart": "Neck", "isWhiplash": True, "prognosisMonths": 3}] * 21},
        "injuries",
        "out_of_range",
    ),
    ({"injuries.0.prognosisMonths": 25}, "injuries[0].prognosisMonths", "out_of_range"),
    ({"injuries.0.prognosisMonths": 0}, "injuries[0].prognosisMonths", "out_of_range"),
    ({"injuries.0.bodyPart": "Knee"}, "injuries[0].bodyPart", "inconsistent"),
    ({"injuries.0.exceptionallySevere": True}, "injuries[0].exceptionallySevereDescription", "required"),
    (
        {"injuries.0.exceptionalCircumstances": True},
        "injuries[0].exceptionalCircumstancesDescription",
        "required",
    ),
    ({"injuries.0.isWhiplash": "yes"}, "injuries[0].isWhiplash", "invalid_type"),
    ({"treatment.hospitalAttended": True}, "treatment.hospitalName", "required"),
    ({"replacementVehicle.noRepairReason": ...}, "replacementVehicle.noRepairReason", "required"),
    ({"replacementVehicle.noHireReason": "Lazy"}, "replacementVehicle.noHireReason", "invalid_choice"),
    ({"losses.0.amount": -1}, "losses[0].amount", "out_of_range"),
    ({"losses.0.lossType": "Other", "losses.0.description": ...}, "losses[0].description", "required"),
    ({"defendantVehicles": []}, "defendantVehicles", "required"),
    ({"statementOfTruth.jobTitle": ...}, "statementOfTruth.jobTitle", "required"),
    ({"consentConfirmed": False}, "consentConfirmed", "must_be_true"),
    ({"clientReference": "x" * 51}, "clientReference", "too_long"),
    ({"lossOfEarnings.daysOff": ...}, "lossOfEarnings.daysOff", "required"),
]


@pytest.mark.parametrize(("changes", "field", "code"), CASES, ids=[f"{c[1]}:{c[2]}" for c in CASES])
def test_each_rule_is_enforced(portal, changes, field, code):
    response = portal.post("/api/v1/claims", json=scnf(**changes))
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "validation_failed"
    assert {"field": field, "code": code} in [
        {"field": e["field"], "code": e["code"]} for e in body["errors"]
    ], body


def test_valid_variations_are_accepted(portal):
    forms = [
        scnf(**{"clientReference": "V1", "claimant.phoneNumber": "+44 113 496 0000"}),
        scnf(
            **{
                "clientReference": "V2",
                "claimant.nino": {"reasonForNoNino": "NotKnown", "employmentStatus": "Retired"},
            }
        ),
        scnf(
            **{
                "clientReference": "V3",
                "claimant.involvement": "PassengerBus",
                "claimantVehicle.vehicleType": "Bus",
                "claimantVehicle.registration": ...,
                "claimantVehicle.ownership": ...,
                "claimantVehicle.seatBeltWorn": ...,
            }
        ),
        scnf(**{"clientReference": "V4", "claimant.dateOfBirth": "2007-03-03"}),  # 18 today
        scnf(
            **{
                "clientReference": "V5",
                "accident.dateTime": "2021-05-31T00:00:00+01:00",
                "injuries.0.prognosisMonths": 24,
            }
        ),
        scnf(**{"clientReference": "V6", "claimant.address.postcode": "ec1a1bb"}),
    ]
    assert [portal.post("/api/v1/claims", json=form).status_code for form in forms] == [201] * len(forms)


def test_every_problem_is_reported_at_once(portal):
    form = scnf(
        **{
            "claimant.phoneNumber": ...,
            "claimant.email": "bad",
            "claimant.address.postcode": "nope",
            "accident.inEnglandOrWales": False,
            "consentConfirmed": ...,
        }
    )
    fields = {error["field"] for error in portal.post("/api/v1/claims", json=form).json()["errors"]}
    assert fields == {
        "claimant.phoneNumber",
        "claimant.email",
        "claimant.address.postcode",
        "accident.inEnglandOrWales",
        "consentConfirmed",
    }


def test_a_body_that_is_not_a_json_object_is_400(portal):
    assert (
        portal.post(
            "/api/v1/claims", content=b"[1, 2]", headers={"Content-Type": "application/json"}
        ).status_code
        == 400
    )
    broken = portal.post("/api/v1/claims", content=b"{nope", headers={"Content-Type": "application/json"})
    assert broken.status_code == 400
    assert broken.json()["error"] == "invalid_json"

"""addClaim: the CNF's validation (every problem at once, R7 codes) and what a good CNF creates."""

import re

from simulators.claims_portal.tests.conftest import cnf


def _errors(response) -> dict[str, str]:
    assert response.status_code == 422, response.text
    assert response.json()["error"] == "validation_failed"
    return {error["field"]: error["code"] for error in response.json()["errors"]}


def test_a_valid_cnf_is_sent_to_the_compensator(portal):
    response = portal.post("/api/v1/claims", json=cnf())
    info = response.json()["claimInfo"]
    assert response.status_code == 201
    assert re.fullmatch(r"\d{16}", info["applicationId"])
    assert re.fullmatch(r"[0-9a-f-]{36}", info["activityEngineGuid"])
    assert (info["phaseCacheId"], info["phaseCacheName"]) == ("ClaimSubmitted", "Claim submitted")
    assert response.headers["Location"] == f"/api/v1/claims/{info['applicationId']}"
    claim = portal.claim(info["applicationId"])
    assert claim["applicationData"]["insurerOrganisation"]["organisationName"] == "Aviva Insurance Limited"
    assert claim["claimNotificationForm"]["claimant"]["askCuePiReference"] == "CUE-123456"


def test_an_empty_cnf_reports_every_missing_section_at_once(portal):
    errors = _errors(portal.post("/api/v1/claims", json={}))
    expected = {
        "claimDetails",
        "claimantRepresentative",
        "defendant",
        "claimant",
        "medical",
        "accident",
        "liability",
    }
    assert expected <= set(errors)
    assert {errors[name] for name in expected} == {"MustBeProvided"}


def test_every_field_problem_is_reported_together(portal):
    form = cnf(
        **{
            "claimant.askCuePiReference": ...,
            "claimant.niNumber": ...,
            "claimant.address.postcode": "NOT A CODE",
            "claimant.surname": "S" * 26,
            "defendant.insurer.organisationId": "COMP999",
            "medical.softTissue": False,
            "medical.whiplash": False,
            "accident.date": ...,
            "accident.policeReported": True,
            "claimDetails.claimValue": 3,
        }
    )
    assert _errors(portal.post("/api/v1/claims", json=form)) == {
        "claimant.askCuePiReference": "MustBeProvided",
        "claimant.niNumber": "OtherMustBeProvided",
        "claimant.address.postcode": "FormatNotValid",
        "claimant.surname": "FormatNotValid",
        "defendant.insurer.organisationId": "InsurerNotSelected",
        "medical": "AtLeastOne",
        "accident.date": "MissingAccidentDate",
        "accident.policeReference": "OtherMustBeProvided",
        "claimDetails.claimValue": "WrongValue",
    }


def test_accident_dates_and_the_value_band(portal):
    future = _errors(portal.post("/api/v1/claims", json=cnf(**{"accident.date": "2025-03-04"})))
    before_portal = _errors(
        portal.post(
            "/api/v1/claims", json=cnf(**{"accident.date": "2010-04-29", "claimDetails.claimValue": 1})
        )
    )
    old_higher_band = _errors(portal.post("/api/v1/claims", json=cnf(**{"accident.date": "2013-07-30"})))
    assert future == {"accident.date": "FutureDate"}
    assert before_portal == {"accident.date": "WrongValue"}
    assert old_higher_band == {"claimDetails.claimValue": "WrongValue"}
    old = cnf(**{"accident.date": "2013-07-30", "claimDetails.claimValue": 1})
    assert portal.post("/api/v1/claims", json=old).status_code == 201
    assert portal.post("/api/v1/claims", json=cnf(**{"accident.date": "2013-07-31"})).status_code == 201


def test_seatbelts_and_insurer_types_must_fit(portal):
    pedestrian = cnf(**{"accident.claimantType": "Pedestrian"})
    passenger = cnf(**{"accident.claimantType": "Passenger", "accident.seatbeltWorn": ...})
    mib_as_insurer = cnf(**{"defendant.insurer.organisationId": "COMP009"})
    assert _errors(portal.post("/api/v1/claims", json=pedestrian)) == {
        "accident.seatbeltWorn": "MustNotBeProvided"
    }
    assert _errors(portal.post("/api/v1/claims", json=passenger)) == {
        "accident.seatbeltWorn": "MustBeProvided"
    }
    assert _errors(portal.post("/api/v1/claims", json=mib_as_insurer)) == {
        "defendant.insurer.insurerType": "WrongValue"
    }


def test_formats_of_references_and_the_oic_reference(portal):
    form = cnf(
        **{
            "claimantRepresentative.referenceNumber": "DLL<0001>",
            "claimantRepresentative.email": "not-an-email",
            "claimDetails.oicReferenceNumber": "ABC-1",
            "claimant.niNumber": "123",
        }
    )
    assert _errors(portal.post("/api/v1/claims", json=form)) == {
        "claimantRepresentative.referenceNumber": "FormatNotValid",
        "claimantRepresentative.email": "FormatNotValid",
        "claimDetails.oicReferenceNumber": "FormatNotValid",
        "claimant.niNumber": "FormatNotValid",
    }
    good = cnf(**{"claimDetails.oicReferenceNumber": "OIC-2025-0001"})
    assert portal.post("/api/v1/claims", json=good).status_code == 201


def test_a_body_that_is_not_json_is_400(portal):
    response = portal.post("/api/v1/claims", content=b"<DocumentInput/>")
    assert (response.status_code, response.json()["error"]) == (400, "invalid_json")


def test_compensators_can_be_searched_for_the_insurer_fields(portal):
    found = portal.get("/api/v1/compensators", params={"organisationName": "aviva"}).json()["compensators"]
    mib = portal.get("/api/v1/compensators", params={"compensatorType": "M"}).json()["compensators"]
    assert [item["organisationId"] for item in found] == ["COMP001"]
    assert [item["organisationPath"] for item in mib] == ["/COMP009"]

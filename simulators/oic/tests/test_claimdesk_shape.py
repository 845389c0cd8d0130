"""The default (claimdesk) shape is unchanged by the evidence shape: bodies, feeds and statuses."""

from simulators.oic.tests.conftest import at_status, submitted


def test_claim_details_keep_every_claimdesk_field(portal, control):
    claim = submitted(portal, control)
    assert set(claim) == {
        "claimID",
        "claimStatus",
        "clientReference",
        "createdDateTime",
        "claimType",
        "submittedDateTime",
        "lastUpdatedDateTime",
        "compensatorOrgName",
        "isCompensatorMIB",
        "isClaimWithinCluster",
        "liabilityDeadlineDateTime",
        "claimDetails",
        "offers",
        "offerRequestedDateTime",
        "settlement",
        "losses",
        "medicalReports",
        "courtPack",
        "relatedClaims",
        "scnf",
    }
    assert "removalReason" in claim["claimDetails"]
    assert claim["createdDateTime"] == "2025-03-03T09:00:00.000Z"


def test_feeds_stay_paged_with_ids_status_changes_and_iso_instants(portal, control):
    at_status(portal, control, "Pending-LiabilityRejected")
    notifications = portal.get(
        "/api/v1/notifications", params={"dateFrom": "2025-01-01", "pageSize": 2}
    ).json()
    assignments = portal.get("/api/v1/assignments", params={"dateFrom": "2025-01-01"}).json()
    assert {"page", "pageSize", "totalCount", "nextPage"} <= set(notifications)
    assert notifications["nextPage"] == 2
    assert notifications["notifications"][0]["notificationType"] == "StatusChanged"
    assert notifications["notifications"][0]["notificationID"].startswith("NTF-")
    assert assignments["assignments"][0]["status"] == "Open"
    assert assignments["assignments"][0]["createdDateTime"].endswith("Z")


def test_part_admissions_keep_the_claimdesk_statuses(portal, control):
    part = submitted(portal, control)["claimID"]
    causation = submitted(portal, control)["claimID"]
    control.act(part, "liability", decision="admitted_in_part", percentage=60, justification="Both to blame.")
    control.act(
        causation, "liability", decision="causation_disputed", percentage=60, justification="Low speed."
    )
    assert portal.claim(part)["claimStatus"] == "Pending-Medical"
    assert portal.claim(causation)["claimStatus"] == "Pending-MedCausation"


def test_the_claimdesk_reference_list_has_no_evidence_only_status(portal):
    codes = {item["code"] for item in portal.get("/api/v1/reference/claim-statuses").json()["results"]}
    assert "Pending-Removal" in codes
    assert not codes & {"Pending-MedicalPartLiable", "Pending-Acknowledgement", "Resolved-CourtOffer"}

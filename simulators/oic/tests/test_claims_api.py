"""Claims, messages, documents and value lists of the portal API."""

import base64

from simulators.oic.tests.conftest import scnf, submitted


def test_a_claim_can_be_found_by_the_firms_reference(portal):
    created = portal.create(scnf(clientReference="MAT/123"))
    found = portal.get("/api/v1/claims", params={"clientReference": "MAT/123"}).json()
    assert found == {"results": [created]}
    assert portal.get("/api/v1/claims", params={"clientReference": "NOPE"}).json() == {"results": []}
    assert portal.get("/api/v1/claims").status_code == 400


def test_a_second_create_with_the_same_reference_is_409_with_the_existing_id(portal):
    first = portal.create(scnf(clientReference="MAT/9"))
    again = portal.post("/api/v1/claims", json=scnf(clientReference="MAT/9"))
    assert again.status_code == 409
    assert again.json()["error"] == "duplicate_client_reference"
    assert again.json()["claimID"] == first["claimID"]


def test_create_answers_201_with_a_location(portal):
    response = portal.post("/api/v1/claims", json=scnf())
    assert response.status_code == 201
    assert response.headers["Location"] == f"/api/v1/claims/{response.json()['claimID']}"
    assert response.json()["createdDateTime"] == "2025-03-03T09:00:00.000Z"


def test_claim_details_carry_the_nahl_fields(portal, control):
    claim = submitted(portal, control)
    details = claim["claimDetails"]
    assert claim["submittedDateTime"] == "2025-03-03T09:02:00.000Z"
    assert claim["isClaimWithinCluster"] is False
    assert details["insurerId"] == "INS-AVIVA"
    assert details["insurerPolicyNumber"] == "POL-123"
    assert details["claimReferenceNumber"].endswith(claim["claimID"].removeprefix("OIC-"))
    assert details["claimHandlerEmail"].startswith("oic.claims@")
    assert details["liability"]["liabilityHistory"] == []
    assert claim["scnf"]["claimant"]["lastName"] == "Doe"


def test_unknown_ids_and_routes_are_json_404s(portal):
    assert portal.get("/api/v1/claims/OIC-99999999").json()["error"] == "not_found"
    assert portal.get("/api/v1/messages/MSG-00000099").status_code == 404
    assert portal.get("/api/v1/messages/whatever").status_code == 404
    assert portal.get("/api/v1/attachments/ATT-1").status_code == 404
    missing = portal.get("/api/v1/nothing-here")
    assert (missing.status_code, missing.json()["error"]) == (404, "not_found")
    wrong_method = portal.delete("/api/v1/claims")
    assert (wrong_method.status_code, wrong_method.json()["error"]) == (405, "method_not_allowed")


def test_messages_round_trip_as_escaped_html(portal, control):
    claim_id = portal.create()["claimID"]
    posted = portal.post(
        f"/api/v1/claims/{claim_id}/messages",
        json={"category": "General", "note": "Hi <b>there</b>\n\nThanks"},
    )
    assert posted.status_code == 201
    message = portal.get(f"/api/v1/messages/{posted.json()['id']}").json()
    assert message["author"] == "Demo Law LLP"
    assert message["note"] == "<p>Hi &lt;b&gt;there&lt;/b&gt;</p><p>Thanks</p>"
    assert message["messageInfo"]["category"] == "General"
    listed = portal.get(f"/api/v1/claims/{claim_id}/messages").json()["results"]
    assert listed == [
        {"id": posted.json()["id"], "category": "General", "createDateTime": "2025-03-03T09:00:00.000Z"}
    ]


def test_message_categories_are_checked(portal):
    claim_id = portal.create()["claimID"]
    system_only = portal.post(
        f"/api/v1/claims/{claim_id}/messages", json={"category": "Claim Removed", "note": "x"}
    )
    unknown = portal.post(f"/api/v1/claims/{claim_id}/messages", json={"category": "Gossip", "note": "x"})
    empty = portal.post(f"/api/v1/claims/{claim_id}/messages", json={"category": "General", "note": " "})
    assert [r.status_code for r in (system_only, unknown, empty)] == [422, 422, 422]


def test_compensator_messages_raise_new_message_notifications(portal, control):
    claim_id = submitted(portal, control)["claimID"]
    control.act(claim_id, "message", category="CompResponseCategory", note="Please call us.")
    notifications = portal.get("/api/v1/notifications", params={"dateFrom": "2025-01-01"}).json()[
        "notifications"
    ]
    assert [n["notificationType"] for n in notifications].count(
        "NewMessage"
    ) == 2  # the system message and this one


def test_documents_round_trip_with_size_and_hash(portal):
    claim_id = portal.create()["claimID"]
    content = b"%PDF-1.4 evidence of losses"
    body = {
        "fileName": "receipt.pdf",
        "category": "EvidenceOfLosses",
        "memo": "Taxi",
        "fileStream": base64.b64encode(content).decode(),
    }
    created = portal.post(f"/api/v1/claims/{claim_id}/attachments", json=body).json()
    fetched = portal.get(f"/api/v1/attachments/{created['id']}").json()
    assert base64.b64decode(fetched["fileStream"]) == content
    assert fetched["fileInfo"]["size"] == len(content)
    assert len(fetched["fileInfo"]["sha256"]) == 64
    assert fetched["fileInfo"]["subType"] == "UnsignedDocuments"
    assert fetched["fileInfo"]["memo"] == "Taxi"


def test_bad_documents_are_rejected(portal, control):
    control.ok("PUT", "/_sim/config", json={"maxAttachmentBytes": 10})
    claim_id = portal.create()["claimID"]

    def upload(**changes):
        body = {
            "fileName": "a.pdf",
            "category": "Other",
            "fileStream": base64.b64encode(b"12345").decode(),
            **changes,
        }
        return portal.post(f"/api/v1/claims/{claim_id}/attachments", json=body)

    assert upload(fileStream="not base64!").json()["errors"][0] == {
        "field": "fileStream",
        "code": "invalid_format",
        "message": "fileStream must be base64 (RFC 4648) encoded file content.",
    }
    assert upload(fileStream=base64.b64encode(b"x" * 11).decode()).status_code == 413
    assert upload(category="SCNF").status_code == 422
    assert upload(fileName="../../etc/passwd").status_code == 422
    assert upload(subType="Scribbles").status_code == 422
    assert upload().status_code == 201


def test_losses_raise_a_new_loss_notification(portal, control):
    claim_id = portal.create()["claimID"]
    portal.act(claim_id, "losses", losses=[{"lossType": "Medication", "amount": 12.99}])
    kinds = [
        n["notificationType"]
        for n in portal.get("/api/v1/notifications", params={"dateFrom": "2025-01-01"}).json()[
            "notifications"
        ]
    ]
    assert kinds == ["NewLoss"]
    assert (
        portal.post(
            f"/api/v1/claims/{claim_id}/losses", json={"losses": [{"lossType": "Yachts", "amount": 1}]}
        ).status_code
        == 422
    )


def test_value_lists(portal):
    reasons = portal.get("/api/v1/reference/withdrawal-reasons").json()["results"]
    categories = portal.get("/api/v1/reference/message-categories").json()["results"]
    documents = portal.get("/api/v1/reference/attachment-categories").json()
    statuses = portal.get("/api/v1/reference/claim-statuses").json()["results"]
    assert {"code": "ComplexIssues", "label": "Complex issues of fact or law"} in reasons
    assert {"code": "Claim Removed", "label": "Claim removed", "claimantMayPost": False} in categories
    assert documents["subTypes"] == ["UnsignedDocuments", "SignedDocuments"]
    assert {d["code"] for d in documents["results"]} >= {
        "SCNF",
        "SignedDocument",
        "MedicalReport",
        "CourtOrder",
        "Other",
    }
    assert {
        "code": "Pending-Liability",
        "label": "Waiting for the compensator's liability decision",
    } in statuses


def test_every_response_has_a_request_id(portal, control):
    responses = [
        portal.get("/api/v1/reference/withdrawal-reasons"),
        control.get("/_sim/clock"),
        portal.get("/api/v1/claims/x"),
    ]
    assert all(len(r.headers["X-Request-ID"]) == 32 for r in responses)
    assert portal.get("/api/v1/claims/x").json()["requestId"]

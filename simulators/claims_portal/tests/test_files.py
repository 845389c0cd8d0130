"""Attachments (4 MB a file, 20 MB a claim), printable documents as real PDFs, and notifications."""

import base64
import io

from pypdf import PdfReader

from simulators.claims_portal.tests.conftest import Portal, at_phase

MB = 1024 * 1024


def _upload(portal, application_id: str, content: bytes, title: str = "Photo"):
    body = {
        "dataAttachmentTitle": title,
        "dataAttachmentDesc": "Damage to the rear bumper",
        "dataAttachmentFileName": "photo.jpg",
        "dataAttachmentFileZip": base64.b64encode(content).decode(),
    }
    return portal.post(f"/api/v1/claims/{application_id}/attachments", json=body)


def test_an_attachment_round_trips(portal):
    application_id = portal.add()["applicationId"]
    created = _upload(portal, application_id, b"\xff\xd8 jpeg bytes")
    guid = created.json()["dataAttachmentGuid"]
    assert created.status_code == 201
    listed = portal.get(f"/api/v1/claims/{application_id}/attachments").json()["attachments"]
    fetched = portal.get(f"/api/v1/attachments/{guid}").json()
    assert [item["dataAttachmentGuid"] for item in listed] == [guid]
    assert (fetched["dataAttachmentTitle"], fetched["dataAttachmentOwner"]) == ("Photo", "jsmith")
    assert base64.b64decode(fetched["dataAttachmentFileZip"]) == b"\xff\xd8 jpeg bytes"
    item = portal.get("/api/v1/claims", params={"applicationId": application_id}).json()["claims"][0]
    assert item["attachmentsCount"] == 1


def test_a_file_may_be_4_mb_and_no_more(portal):
    application_id = portal.add()["applicationId"]
    assert _upload(portal, application_id, b"x" * (4 * MB)).status_code == 201
    too_big = _upload(portal, application_id, b"x" * (4 * MB + 1))
    assert (too_big.status_code, too_big.json()["error"], too_big.json()["maxBytes"]) == (
        413,
        "attachment_too_large",
        4 * MB,
    )


def test_a_claim_holds_20_mb_of_attachments(portal):
    application_id = portal.add()["applicationId"]
    for number in range(5):
        assert _upload(portal, application_id, bytes([number]) * (4 * MB)).status_code == 201
    full = _upload(portal, application_id, b"one more byte")
    body = full.json()
    assert (full.status_code, body["error"], body["usedBytes"], body["maxBytes"]) == (
        409,
        "attachment_limit_reached",
        20 * MB,
        20 * MB,
    )
    assert len(portal.get(f"/api/v1/claims/{application_id}/attachments").json()["attachments"]) == 5


def test_bad_attachment_bodies_list_every_problem(portal):
    application_id = portal.add()["applicationId"]
    body = {"dataAttachmentFileName": "../etc/passwd", "dataAttachmentFileZip": "not base64!"}
    response = portal.post(f"/api/v1/claims/{application_id}/attachments", json=body)
    assert {(error["field"], error["code"]) for error in response.json()["errors"]} == {
        ("dataAttachmentTitle", "MustBeProvided"),
        ("dataAttachmentFileName", "FormatNotValid"),
        ("dataAttachmentFileZip", "FormatNotValid"),
    }


def test_the_compensator_can_attach_files_too(portal, control):
    application_id = portal.add()["applicationId"]
    body = {"dataAttachmentTitle": "Engineer report", "dataAttachmentFileName": "report.pdf"}
    body["dataAttachmentFileZip"] = base64.b64encode(b"%PDF-1.4").decode()
    control.ok("POST", f"/_sim/claims/{application_id}/attachments", json=body)
    owner = portal.get(f"/api/v1/claims/{application_id}/attachments").json()["attachments"][0][
        "dataAttachmentOwner"
    ]
    assert owner == "Aviva Insurance Limited"
    assert portal.notifications()[-1]["notificationMessage"].endswith("new attachment from the compensator")


def _pdf_text(portal, document_id: str) -> str:
    response = portal.get(f"/api/v1/documents/{document_id}")
    assert response.headers["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_printable_documents_are_real_pdfs_at_each_step(portal, control):
    application_id = at_phase(portal, control, "Stage2SettlementPackDecision")
    documents = portal.get(f"/api/v1/claims/{application_id}/documents").json()["documents"]
    assert [item["documentType"] for item in documents] == ["CNF", "InsurerResponse", "S2SP"]
    cnf_text = _pdf_text(portal, documents[0]["printableDocumentId"])
    response_text = _pdf_text(portal, documents[1]["printableDocumentId"])
    assert "Claim Notification Form" in cnf_text
    assert application_id in cnf_text
    assert "CUE-123456" in cnf_text
    assert "Liability admitted" in response_text
    assert "3250" in _pdf_text(portal, documents[2]["printableDocumentId"])


def test_documents_of_another_organisation_are_not_found(sim, portal, control):
    application_id = portal.add()["applicationId"]
    document_id = portal.get(f"/api/v1/claims/{application_id}/documents").json()["documents"][0][
        "printableDocumentId"
    ]
    control.ok(
        "POST",
        "/_sim/clients",
        json={"clientId": "o", "clientSecret": "s", "organisation": "O", "loginAs": "u"},
    )
    with Portal(sim.url, "o", "s", login_as="u") as other:
        assert other.get(f"/api/v1/documents/{document_id}").status_code == 404


def test_notifications_tell_of_the_other_sides_changes_only(portal, control):
    application_id = portal.add()["applicationId"]
    assert portal.notifications() == []  # the representative's own change
    control.advance(minutes=5)
    control.act(application_id, "acceptClaim")
    [notification] = portal.notifications()
    assert notification["notificationMessage"] == f"Claim {application_id}: accepted by Compensator"
    assert notification["applicationId"] == application_id
    assert notification["notificationDateTime"] == "2025-03-03T09:05:00.000Z"
    assert notification["formattedDate"] == "03/03/2025 09:05"
    assert set(notification) == {
        "notificationGuid",
        "applicationId",
        "notificationDateTime",
        "formattedDate",
        "notificationMessage",
    }


def test_a_notification_can_be_removed(portal, control):
    application_id = portal.add()["applicationId"]
    control.act(application_id, "acceptClaim")
    guid = portal.notifications()[0]["notificationGuid"]
    assert portal.delete(f"/api/v1/notifications/{guid}").json() == {
        "notificationGuid": guid,
        "removed": True,
    }
    assert portal.notifications() == []
    assert portal.delete(f"/api/v1/notifications/{guid}").status_code == 404


def test_notifications_disappear_after_15_calendar_days(portal, control):
    application_id = at_phase(portal, control, "LiabilityAdmitted")  # no timeout, so no warnings later
    control.ok("POST", f"/_sim/claims/{application_id}/notifications", json={"message": "Please call us."})
    control.advance(days=14, hours=23, minutes=59)
    assert "Please call us." in [item["notificationMessage"] for item in portal.notifications()]
    control.advance(minutes=1)
    assert portal.notifications() == []

"""The full claim lifecycle, from the SCNF to settlement, over real HTTP."""

import base64
import io

from pypdf import PdfReader

from simulators.oic.tests.conftest import scnf


def test_it_takes_a_claim_from_create_to_settlement(portal, control):
    created = portal.create()
    claim_id = created["claimID"]
    assert created["claimStatus"] == "Pending-New"
    assert claim_id.startswith("OIC-")

    too_early = portal.post(f"/api/v1/claims/{claim_id}/complete-submission")
    assert too_early.status_code == 409
    assert too_early.json()["error"] == "claim_processing"
    assert too_early.json()["retryAfter"] == 120
    assert too_early.headers["Retry-After"] == "120"

    control.advance(minutes=2)
    claim = portal.act(claim_id, "complete-submission")
    assert claim["claimStatus"] == "Pending-Liability"
    assert claim["compensatorOrgName"] == "Aviva Insurance Limited"
    # 30 business days later, at the same London wall-clock time (09:02 GMT becomes 09:02 BST).
    assert claim["liabilityDeadlineDateTime"] == "2025-04-14T08:02:00.000Z"

    control.advance(minutes=3)
    documents = portal.get(f"/api/v1/claims/{claim_id}/attachments").json()["results"]
    scnf_doc = next(doc for doc in documents if doc["category"] == "SCNF")
    assert scnf_doc["subType"] == "UnsignedDocuments"

    control.act(claim_id, "liability", decision="admitted")
    assert portal.claim(claim_id)["claimStatus"] == "Pending-Medical"
    control.act(claim_id, "medical-report", prognosisMonths=6, examinationDate="2025-03-20")
    assert portal.claim(claim_id)["claimStatus"] == "Pending-CheckMedical"
    portal.act(claim_id, "medical-review", action="accept")
    portal.act(claim_id, "medical-review", action="proceed")
    control.act(claim_id, "offer", tariffAmount=520, nonTariffAmount=300, otherLossesAmount=250)
    assert portal.claim(claim_id)["claimStatus"] == "Pending-ReviewOffer"
    settled = portal.act(claim_id, "offer-response", action="accept")

    assert settled["claimStatus"] == "Resolved-Completed"
    assert settled["settlement"]["amount"] == 1070
    assert [child["type"] for child in settled["relatedClaims"]] == ["MED"]
    assert settled["relatedClaims"][0]["claimStatus"] == "Resolved-Completed"


def test_the_scnf_pdf_is_real_and_names_the_claim(portal, control):
    claim_id = portal.create()["claimID"]
    control.advance(minutes=4)
    assert portal.get(f"/api/v1/claims/{claim_id}/attachments").json()["results"] == []
    control.advance(minutes=1)

    listing = portal.get(f"/api/v1/claims/{claim_id}/attachments").json()["results"]
    document = portal.get(f"/api/v1/attachments/{listing[0]['id']}").json()
    content = base64.b64decode(document["fileStream"])
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)

    assert content.startswith(b"%PDF")
    assert document["fileInfo"]["category"] == "SCNF"
    assert claim_id in text
    assert "Jane" in text and "Aviva Insurance Ltd" in text and "Neck" in text
    kinds = [
        n["notificationType"]
        for n in portal.get("/api/v1/notifications", params={"dateFrom": "2025-01-01"}).json()[
            "notifications"
        ]
    ]
    assert kinds == ["NewDocument"]


def test_a_signed_scnf_can_be_uploaded_back(portal, control):
    claim_id = portal.create()["claimID"]
    body = {
        "fileName": "signed.pdf",
        "category": "SignedDocument",
        "fileStream": base64.b64encode(b"%PDF-1.4 signed").decode(),
    }
    response = portal.post(f"/api/v1/claims/{claim_id}/attachments", json=body)
    assert response.status_code == 201
    assert response.json()["subType"] == "SignedDocuments"


def test_an_unknown_insurer_waits_for_the_support_centre(portal, control):
    claim_id = portal.create(scnf(**{"insurer.name": "Acme Mutual of Nowhere"}))["claimID"]
    control.advance(minutes=2)
    assert portal.act(claim_id, "complete-submission")["claimStatus"] == "Pending-CompensatorAssignment"

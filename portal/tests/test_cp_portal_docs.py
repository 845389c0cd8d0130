"""View Portal Docs on a Claims Portal claim: attachments both ways, the 4 MB and 20 MB limits, the portal's
printable documents as PDFs, and no notes (the portal has no messages). Over real HTTP."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from lookups.models import ValueList
from portal.models import PortalClaim, PortalDocument, PortalOperation
from portal.registry import adapter_for
from portal.services.claims import claim_submit
from portal.services.correspondence import portal_note_send
from tests.factories import lookup

MB = 2**20


def _pdf(size: int = 0) -> bytes:
    """A PDF ClaimDesk's content check accepts, padded to ``size`` bytes."""
    head, tail = b"%PDF-1.4\n1 0 obj<<>>endobj\n", b"\ntrailer<<>>\n%%EOF\n"
    return head + b"%" * max(0, size - len(head) - len(tail)) + tail


def _on_portal(case, user) -> PortalClaim:
    assert claim_submit(case=case, acting_user=user).ok
    return PortalClaim.objects.get(case=case)


def _send(client, case, content: bytes, name: str = "report.pdf", category: str = "MedicalReport", memo=""):
    return client.post(
        f"/cases/{case.reference}/portal/docs/",
        {
            "file-file": SimpleUploadedFile(name, content),
            "file-memo": memo,
            "file-category": lookup(ValueList.CP_DOCUMENT_CATEGORY, category).pk,
        },
        follow=True,
    )


def test_portal_docs_offer_files_but_no_notes(alice_client, alice, cp_case, claims_portal, cp_control):
    _on_portal(cp_case, alice)
    page = alice_client.get(f"/cases/{cp_case.reference}/portal/docs/").content.decode()
    assert "Send a file" in page and "Send a note" not in page and "Notes and messages" not in page
    assert "Claims Portal has no messages" in page
    assert "Medical report" in page and "Signed Document" not in page  # the Claims Portal's categories


def test_a_note_is_refused_with_the_reason(alice, cp_case, claims_portal, cp_control):
    _on_portal(cp_case, alice)
    general = lookup(ValueList.MESSAGE_CATEGORY, "General")
    result = portal_note_send(case=cp_case, category=general, text="Hello", acting_user=alice)
    assert not result.ok and "The Claims Portal has no messages: send a document instead." in result.message


def test_a_file_goes_to_the_portal_with_its_category_as_the_title(
    alice_client, alice, cp_case, claims_portal, cp_control
):
    claim = _on_portal(cp_case, alice)
    page = _send(alice_client, cp_case, _pdf(), memo="Dr Shah's report").content.decode()
    assert "report.pdf sent to the portal." in page
    sent = PortalDocument.objects.get(direction="out")
    adapter = adapter_for("claims_portal")
    [ref] = [a for a in adapter.attachments(claim.claim_id) if a.portal_id == sent.portal_id]
    adapter.close()
    assert (ref.category, ref.memo, ref.file_name) == ("MedicalReport", "Dr Shah's report", "report.pdf")
    alice_client.post(f"/cases/{cp_case.reference}/portal/resync/")
    assert PortalDocument.objects.filter(claim=claim, portal_id=sent.portal_id).count() == 1  # not twice


def test_a_file_over_4_mb_is_refused_with_the_portals_limit(
    alice_client, alice, cp_case, claims_portal, cp_control
):
    _on_portal(cp_case, alice)
    page = _send(alice_client, cp_case, _pdf(4 * MB + 1)).content.decode()
    assert "The Claims Portal takes files of up to 4 MB only" in page
    assert PortalOperation.objects.get(kind="document").state == PortalOperation.State.REJECTED
    assert not PortalDocument.objects.filter(direction="out").exists()


def test_a_claim_takes_20_mb_of_files_in_all(alice_client, alice, cp_case, claims_portal, cp_control):
    _on_portal(cp_case, alice)
    for number in range(5):
        assert (
            "sent to the portal"
            in _send(alice_client, cp_case, _pdf(4 * MB), f"part{number}.pdf").content.decode()
        )
    page = _send(alice_client, cp_case, _pdf(1024), "one-more.pdf").content.decode()
    assert "The Claims Portal takes up to 20 MB of files per claim, and 20 MB are already there." in page
    assert PortalDocument.objects.filter(direction="out").count() == 5


def test_the_compensators_file_and_the_portals_printable_documents_arrive_as_new(
    alice_client, alice, cp_case, claims_portal, cp_control
):
    import base64

    claim = _on_portal(cp_case, alice)
    cp_control.act(claim.claim_id, "acceptClaim")
    cp_control.act(claim.claim_id, "applyArticle75", isArticle75=False)
    cp_control.act(claim.claim_id, "sendLiabilityDecision", liabilityDecision="A")
    cp_control.ok(
        "POST",
        f"/_sim/claims/{claim.claim_id}/attachments",
        json={
            "dataAttachmentTitle": "Engineer's report",
            "dataAttachmentDesc": "Our engineer's report",
            "dataAttachmentFileName": "engineer.pdf",
            "dataAttachmentFileZip": base64.b64encode(_pdf()).decode(),
        },
    )
    alice_client.post(f"/cases/{cp_case.reference}/portal/resync/")
    received = {d.category: d for d in PortalDocument.objects.filter(claim=claim, direction="in")}
    assert set(received) == {"CNF", "InsurerResponse", "Other"}
    assert all(d.is_new and d.document.content_type == "application/pdf" for d in received.values())
    page = alice_client.get(f"/cases/{cp_case.reference}/portal/docs/").content.decode()
    assert "Claim Notification Form with the insurer&#x27;s response" in page and "engineer.pdf" in page
    cnf = received["CNF"]
    download = alice_client.get(f"/cases/{cp_case.reference}/portal/documents/{cnf.pk}/")
    text = PdfReader(io.BytesIO(b"".join(download.streaming_content))).pages[0].extract_text()
    assert claim.claim_id in text

"""View Portal Docs, Re-Sync with Portal and the compensator's side, over real HTTP."""

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from lookups.models import ValueList
from portal.models import PortalClaim, PortalDocument, PortalMessage, PortalUpdate
from portal.registry import adapter_for
from portal.services.claims import claim_complete, claim_submit
from tests.factories import lookup
from worklist.models import Task


def _on_portal(case, user, sim_control, *, complete=True) -> PortalClaim:
    assert claim_submit(case=case, acting_user=user).ok
    if complete:
        sim_control.advance(minutes=3)
        assert claim_complete(case=case, acting_user=user).ok
    return PortalClaim.objects.get(case=case)


def test_the_scnf_arrives_as_a_new_unsigned_pdf(alice_client, alice, ready_case, oic, sim_control):
    _on_portal(ready_case, alice, sim_control)
    sim_control.advance(minutes=6)
    alice_client.post(f"/cases/{ready_case.reference}/portal/resync/")
    scnf = PortalDocument.objects.get(sub_type="UnsignedDocuments")
    assert scnf.is_new and scnf.document.content_type == "application/pdf"
    page = alice_client.get(f"/cases/{ready_case.reference}/portal/docs/").content.decode()
    assert 'class="unread"' in page and scnf.file_name in page and "Print" in page
    download = alice_client.get(f"/cases/{ready_case.reference}/portal/documents/{scnf.pk}/")
    content = b"".join(download.streaming_content)
    assert ready_case.reference in PdfReader(io.BytesIO(content)).pages[0].extract_text()
    scnf.refresh_from_db()
    assert not scnf.is_new
    assert ready_case.events.filter(kind="document.viewed").exists()


def test_a_signed_copy_is_sent_back_as_a_signed_document(alice_client, alice, ready_case, oic, sim_control):
    claim = _on_portal(ready_case, alice, sim_control)
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    response = alice_client.post(
        f"/cases/{ready_case.reference}/portal/docs/",
        {
            "file-file": SimpleUploadedFile("signed-scnf.pdf", pdf),
            "file-memo": "Signed by the client",
            "file-category": lookup(ValueList.DOCUMENT_CATEGORY, "SignedDocument").pk,
        },
        follow=True,
    )
    assert "sent" in response.content.decode()
    sent = PortalDocument.objects.get(direction="out")
    assert sent.category == "SignedDocument" and not sent.is_new
    adapter = adapter_for("oic")  # the portal's own list, read the way the sync reads it
    [ref] = [a for a in adapter.attachments(claim.claim_id) if a.category == "SignedDocument"]
    adapter.close()
    assert ref.sub_type == "SignedDocuments" and ref.file_name == "signed-scnf.pdf"
    assert ref.portal_id == sent.portal_id


def test_a_note_is_sent_with_its_category(alice_client, alice, ready_case, oic, sim_control):
    claim = _on_portal(ready_case, alice, sim_control)
    alice_client.post(
        f"/cases/{ready_case.reference}/portal/docs/",
        {
            "note-category": lookup(ValueList.MESSAGE_CATEGORY, "General").pk,
            "note-text": "Client is recovering.",
        },
    )
    sent = PortalMessage.objects.get(direction="out")
    assert sent.body == "Client is recovering." and not sent.is_new
    adapter = adapter_for("oic")
    texts = [adapter.message(ref.portal_id).body_html for ref in adapter.messages(claim.claim_id)]
    adapter.close()
    assert any("Client is recovering." in text for text in texts)


def test_the_compensators_message_and_admission_arrive_on_resync(
    alice_client, alice, ready_case, oic, sim_control
):
    claim = _on_portal(ready_case, alice, sim_control)
    sim_control.act(
        claim.claim_id,
        "message",
        category="CompResponseCategory",
        note="We act for the defendant & will respond shortly.",
    )
    sim_control.act(claim.claim_id, "liability", decision="admitted")
    page = alice_client.post(f"/cases/{ready_case.reference}/portal/resync/", follow=True)
    text = page.content.decode()
    assert "Re-synced with the portal" in text
    claim.refresh_from_db()
    assert claim.status == "Pending-Medical" and claim.liability_decision
    ready_case.refresh_from_db()
    assert ready_case.portal_status == "Pending-Medical"
    message = PortalMessage.objects.get(category="CompResponseCategory")
    assert message.body == "We act for the defendant & will respond shortly." and message.is_new
    assert 'class="unread"' in text
    action = Task.objects.get(portal_key__contains=":assignment:")
    assert action.assignee == ready_case.fee_earner and action.is_open and action.is_unread
    assert dt.date.today() < action.due_date <= action.deadline  # due at the portal's goal, deadline beside
    kinds = set(PortalUpdate.objects.filter(case=ready_case).values_list("kind", flat=True))
    assert {"status", "message", "action"} <= kinds  # each change announced, with the change itself
    assert ready_case.events.filter(kind="portal.sync", summary__contains="Pending-Medical").exists()


def test_resync_twice_adds_nothing_the_second_time(alice_client, alice, ready_case, oic, sim_control):
    claim = _on_portal(ready_case, alice, sim_control)
    sim_control.act(claim.claim_id, "message", category="CompResponseCategory", note="Hello")
    sim_control.act(claim.claim_id, "liability", decision="admitted")
    for _ in range(2):
        alice_client.post(f"/cases/{ready_case.reference}/portal/resync/")
    assert PortalMessage.objects.filter(category="CompResponseCategory").count() == 1
    assert Task.objects.filter(portal_key__contains=":assignment:").count() == 1


def test_opening_a_message_makes_it_normal_weight(alice_client, alice, ready_case, oic, sim_control):
    claim = _on_portal(ready_case, alice, sim_control)
    sim_control.act(claim.claim_id, "message", category="CompResponseCategory", note="Read me")
    alice_client.post(f"/cases/{ready_case.reference}/portal/resync/")
    message = PortalMessage.objects.get(category="CompResponseCategory")
    assert (
        "Read me"
        in alice_client.get(f"/cases/{ready_case.reference}/portal/messages/{message.pk}/").content.decode()
    )
    message.refresh_from_db()
    assert not message.is_new and message.opened_by == alice


def test_manage_on_portal_opens_the_claims_page_on_the_portal(
    alice_client, alice, ready_case, oic, sim_control, sim
):
    claim = _on_portal(ready_case, alice, sim_control, complete=False)
    response = alice_client.get(f"/cases/{ready_case.reference}/portal/manage/")
    assert response.status_code == 302
    assert response["Location"] == f"{sim.url}/portal/claims/{claim.claim_id}"
    details = alice_client.get(f"/cases/{ready_case.reference}/details/").content.decode()
    assert 'target="_blank"' in details and "Manage on Portal" in details


def test_the_view_portal_docs_button_downloads_new_items_and_moves_last_synced(
    alice_client, alice, ready_case, oic, sim_control
):
    claim = _on_portal(ready_case, alice, sim_control)
    fetch = f"/cases/{ready_case.reference}/portal/docs/fetch/"
    first = alice_client.post(fetch, follow=True).content.decode()
    assert "No documents yet" in first  # the SCNF is not produced yet: "wait and try again later"
    sim_control.advance(minutes=6)
    PortalClaim.objects.filter(pk=claim.pk).update(last_synced_at=None)
    later = alice_client.post(fetch, follow=True).content.decode()
    assert "Downloaded from the portal" in later and "UnsignedDocuments" in later
    assert PortalDocument.objects.filter(sub_type="UnsignedDocuments").count() == 1
    claim.refresh_from_db()
    assert claim.last_synced_at is not None


def test_reading_the_portal_docs_page_does_not_call_the_portal(
    alice_client, alice, ready_case, oic, sim_control
):
    _on_portal(ready_case, alice, sim_control)
    sim_control.ok("POST", "/_sim/stats/reset")
    assert alice_client.get(f"/cases/{ready_case.reference}/portal/docs/").status_code == 200
    assert sim_control.ok("GET", "/_sim/stats")["totalRequests"] == 0


def test_view_portal_docs_still_opens_when_the_portal_is_down(
    alice_client, alice, ready_case, oic, sim_control
):
    _on_portal(ready_case, alice, sim_control)
    sim_control.ok("PUT", "/_sim/faults", json={"errorRate": 1.0})
    response = alice_client.post(f"/cases/{ready_case.reference}/portal/docs/fetch/", follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "View Portal Docs did not go through" in page and "shows what ClaimDesk already has" in page

"""View Portal Docs as a fee earner reads it, at 1280 and 320 px wide, and what the portal refuses."""

import datetime as dt
import re

from django.utils import timezone
from playwright.sync_api import expect

from lookups.models import LookupValue, ValueList
from portal.models import PortalClaim
from tests.browser.conftest import sign_in_browser
from tests.factories import PASSWORD
from tests.simulator import claims_on_portal

LONG_NOTE = (
    "Our insured says the lights were red. " * 12 + "We will write again after speaking to the witness."
)
LONG_NAME = "signed-small-claim-notification-form-returned-by-the-client-on-the-fourteenth.pdf"


def _docs(page, case):
    page.goto(f"/cases/{case.reference}/portal/docs/")


def _inside(inner, outer) -> bool:
    a, b = inner.bounding_box(), outer.bounding_box()
    return a["x"] >= b["x"] - 0.5 and a["x"] + a["width"] <= b["x"] + b["width"] + 0.5


def test_view_portal_docs_reads_well_at_1280_and_320_px(
    page, alice, oic, sim_control, axe, screenshot, tmp_path
):
    [claim] = claims_on_portal(alice, sim_control, 1)
    case = claim.case
    sim_control.advance(minutes=6)  # the portal produces the Small Claim Notification Form
    sim_control.act(claim.claim_id, "message", category="CompResponseCategory", note=LONG_NOTE)
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in_browser(page, "alice", PASSWORD)
    page.goto(f"/cases/{case.reference}/details/")

    # Last synced moves when the View Portal Docs button downloads what is new.
    PortalClaim.objects.filter(pk=claim.pk).update(last_synced_at=timezone.now() - dt.timedelta(hours=3))
    page.get_by_role("region", name="Case summary").get_by_role(
        "button", name=re.compile("View Portal Docs")
    ).click()
    expect(page.get_by_test_id("last-synced")).to_have_text(timezone.localtime().strftime("%d/%m/%Y %H:%M"))
    expect(page.get_by_text("Liability deadline")).to_be_visible()  # not decided yet

    # A long note is shortened in the list and read in full in place.
    note = page.get_by_test_id("portal-messages").locator("li", has_text="Our insured says")
    expect(note.get_by_text("We will write again after speaking to the witness.")).to_be_hidden()
    note.get_by_text("Read all").click()
    expect(note.get_by_text("We will write again after speaking to the witness.")).to_be_visible()
    expect(note.get_by_text("Show less")).to_be_visible()

    # Our own file and note say who sent them; a long file name stays inside the table.
    signed = tmp_path / LONG_NAME
    signed.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    page.locator("#id_file-file").set_input_files(str(signed))
    page.locator("#id_file-category").select_option(label="Signed Document")
    page.get_by_label("Memo").fill("Signed by the client at our office; the original is on the paper file.")
    page.get_by_role("button", name="Send file").click()
    expect(page.get_by_text(f"{LONG_NAME} sent to the portal.")).to_be_visible()
    page.locator("#id_note-category").select_option(label="General")
    page.get_by_label("Note", exact=True).fill("The signed claim form is attached.")
    page.get_by_role("button", name="Send note").click()
    expect(
        page.get_by_test_id("portal-messages").locator("li", has_text="The signed claim form")
    ).to_contain_text("Sent by Alice Tester")
    documents = page.get_by_test_id("portal-documents")
    ours = documents.locator("tr", has_text=LONG_NAME)
    expect(ours).to_contain_text("Sent by the firm")
    cell = ours.locator("td.file-cell")
    name, printed, memo = (
        cell.locator(".file-name"),
        cell.get_by_role("link", name="Print"),
        cell.locator(".memo"),
    )
    assert (
        memo.bounding_box()["y"] >= name.bounding_box()["y"] + name.bounding_box()["height"] - 1
    )  # own line
    assert printed.bounding_box()["height"] < 2 * 16  # "Print" never breaks over lines
    for part in (name, printed, memo):
        assert _inside(part, cell), part
    box = page.locator(".docs-lists")
    assert _inside(documents, box) and _inside(page.get_by_test_id("portal-messages"), box)
    assert documents.evaluate(
        "t => t.parentElement.scrollWidth <= t.parentElement.clientWidth"
    )  # no scrolling
    axe(page, "View Portal Docs at 1280 px")
    screenshot(page, "21-view-portal-docs-long-items")

    page.set_viewport_size({"width": 320, "height": 700})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320  # the table scrolls in its own box
    assert _inside(page.locator(".table-scroll").first, page.locator(".docs-lists"))
    axe(page, "View Portal Docs at 320 px")
    screenshot(page, "21b-view-portal-docs-320px")

    # Once liability is decided its deadline is no longer shown.
    sim_control.act(claim.claim_id, "liability", decision="admitted")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("region", name="Case summary").get_by_role("button", name="Re-Sync with Portal").click()
    expect(page.get_by_test_id("portal-status")).to_have_text("Pending-Medical")
    expect(page.get_by_text("Liability deadline")).to_have_count(0)


def test_the_portals_refusal_is_shown_next_to_the_field(page, alice, oic, sim_control, axe, screenshot):
    [claim] = claims_on_portal(alice, sim_control, 1)
    # An administrator added a category to the value list that the portal does not take.
    LookupValue.objects.create(value_list=ValueList.MESSAGE_CATEGORY, code="Complaint", label="Complaint")
    sign_in_browser(page, "alice", PASSWORD)
    _docs(page, claim.case)
    offered = page.locator("#id_note-category option").all_inner_texts()
    for receive_only in (
        "Claim removed",
        "Liability decision",
        "System notification",
        "Compensator response",
    ):
        assert receive_only not in offered  # only what the firm can send
    page.locator("#id_note-category").select_option(label="Complaint")
    page.get_by_label("Note", exact=True).fill("Please call the client.")
    page.get_by_role("button", name="Send note").click()

    category = page.locator("#id_note-category")
    field = page.locator(".field", has=category)
    expect(field.locator(".errors")).to_contain_text("The portal says: category must be one of")
    expect(category).to_have_attribute("aria-invalid", "true")
    expect(category).to_have_attribute("aria-describedby", re.compile("id_note-category_error"))
    expect(page.get_by_role("alert").first).to_contain_text("Not sent.")
    expect(page.get_by_label("Note", exact=True)).to_have_value("Please call the client.")  # kept to resend
    axe(page, "View Portal Docs with the portal's refusal")
    screenshot(page, "22-send-a-note-refused")

    page.locator("#id_note-category").select_option(label="General")
    page.get_by_role("button", name="Send note").click()
    expect(page.get_by_text("Note sent to the portal.")).to_be_visible()

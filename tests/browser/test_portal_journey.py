"""The cManager guide's OIC workflow end to end in a real browser, against the simulator over real HTTP."""

import re

from playwright.sync_api import expect

from cases.models import Case
from portal.models import PortalClaim
from tests.browser.conftest import sign_in_browser
from tests.browser.steps import fill_case_details, fill_injury, fill_replacement_vehicle, open_new_case
from tests.factories import PASSWORD


def _header_button(page, name):
    return page.get_by_role("region", name="Case summary").get_by_role("button", name=name)


def _header_link(page, name):
    return page.get_by_role("region", name="Case summary").get_by_role("link", name=name)


def test_submit_complete_docs_resync_exit_and_reset(page, alice, oic, sim_control, screenshot, axe, tmp_path):
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in_browser(page, "alice", PASSWORD)
    open_new_case(page, first_name="Tom", last_name="Okonjo")
    _header_link(page, "Submit to OIC Portal").click()  # too soon: the check lists everything missing
    problems = page.get_by_test_id("submission-problems")
    expect(problems).to_contain_text("a phone number is required by the portal")
    expect(problems).to_contain_text("add at least one injury")
    screenshot(page, "06-pre-submission-check")
    problems.get_by_role("link").first.click()
    fill_case_details(page)
    fill_injury(page)
    fill_replacement_vehicle(page)
    case = Case.objects.get(client__last_name="Okonjo")

    _header_link(page, "Submit to OIC Portal").click()
    expect(page.get_by_text("Every detail the portal needs is present.")).to_be_visible()
    page.get_by_label("The client has consented").check()
    page.get_by_label("I sign the statement of truth").check()
    screenshot(page, "07-submit-to-oic-portal")
    page.get_by_role("button", name="Submit to OIC Portal").click()
    expect(page.get_by_text(re.compile(r"Claim OIC-\d+ submitted: status Pending-New"))).to_be_visible()
    expect(page.get_by_test_id("portal-status")).to_have_text("Pending-New")

    _header_button(page, "Complete Submission").click()  # too early: the portal is still processing
    expect(
        page.get_by_text("Wait a couple of minutes, then click Complete Submission again.")
    ).to_be_visible()
    screenshot(page, "07b-complete-submission-too-early")
    sim_control.advance(minutes=3)
    _header_button(page, "Complete Submission").click()
    expect(page.get_by_text(re.compile("Submission complete: Pending-Liability"))).to_be_visible()
    expect(page.get_by_test_id("compensator")).to_contain_text("Aviva")

    sim_control.advance(minutes=6)  # the portal produces the Small Claim Notification Form
    _header_button(page, "Re-Sync with Portal").click()
    scnf_row = page.get_by_test_id("portal-documents").locator("tr", has_text="UnsignedDocuments")
    expect(scnf_row).to_have_class(re.compile("unread"))
    expect(scnf_row.get_by_role("link", name="Print")).to_be_visible()

    signed = tmp_path / "scnf-signed.pdf"
    signed.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    page.locator("#id_file-file").set_input_files(str(signed))
    page.locator("#id_file-category").select_option(label="Signed Document")
    page.get_by_role("button", name="Send file").click()
    expect(page.get_by_text("scnf-signed.pdf sent to the portal.")).to_be_visible()
    page.locator("#id_note-category").select_option(label="General")
    page.get_by_label("Note", exact=True).fill("The signed SCNF is attached.")
    page.get_by_role("button", name="Send note").click()
    expect(page.get_by_text("Note sent to the portal.")).to_be_visible()

    claim_id = PortalClaim.objects.get(case=case).claim_id
    sim_control.act(
        claim_id, "message", category="CompResponseCategory", note="We admit liability for our insured."
    )
    sim_control.act(claim_id, "liability", decision="admitted")
    _header_button(page, "Re-Sync with Portal").click()
    expect(page.get_by_test_id("portal-status")).to_have_text("Pending-Medical")
    new_message = page.get_by_test_id("portal-messages").locator("li", has_text="We admit liability")
    expect(new_message).to_have_class(re.compile("unread"))
    screenshot(page, "08-view-portal-docs")
    new_message.get_by_role("link", name="Mark as read").click()
    expect(page.get_by_text("We admit liability for our insured.")).to_be_visible()

    page.get_by_role("navigation", name="Main").get_by_role("link", name=re.compile("My tasks")).click()
    expect(
        page.get_by_role("link", name=re.compile("Portal action: Liability has been admitted"))
    ).to_be_visible()  # 09-my-tasks is taken by test_my_tasks, with the overnight digest

    page.goto(f"/cases/{case.reference}/portal/exit/")
    page.get_by_label("Reason for exiting the portal").select_option(label="Complex issues of fact or law")
    page.get_by_label("I understand the claim will leave the portal process").check()
    screenshot(page, "10-exit-portal")
    page.get_by_role("button", name="Exit Portal").click()
    expect(page.get_by_text("Exit sent. The claim is now Pending-Withdrawal")).to_be_visible()

    # Exit requested: the header says so instead of offering Exit again, and Portal Reset waits.
    expect(page.get_by_test_id("exit-requested")).to_have_text("Exit requested, waiting for the compensator")
    expect(_header_link(page, "Exit Portal")).to_have_count(0)
    page.get_by_role("link", name="Options", exact=True).click()
    expect(page.get_by_test_id("reset-waits")).to_have_text("Exit requested, waiting for the compensator")
    expect(page.get_by_role("button", name="Portal Reset")).to_have_count(0)
    axe(page, "Options while the exit waits for the compensator")
    sim_control.act(claim_id, "acknowledge-withdrawal")
    _header_button(page, "Re-Sync with Portal").click()
    expect(page.get_by_test_id("portal-status")).to_have_text("Resolved-Withdrawn")
    page.get_by_role("link", name="Options", exact=True).click()
    page.get_by_label("Change the portal to").select_option(label="Claims Portal")
    page.get_by_role("button", name="Portal Reset").click()
    expect(page.get_by_text("Portal Reset done: this case is now for the Claims Portal.")).to_be_visible()
    screenshot(page, "11-options-portal-reset")

    # The old claim's correspondence stays readable, marked with the portal and claim it came from.
    expect(page.get_by_test_id("portal-unavailable")).to_contain_text("Claims Portal")
    _header_button(page, "View Portal Docs").click()
    earlier = page.get_by_role("region", name=f"Earlier claim · OIC Portal claim {claim_id}")
    expect(earlier).to_contain_text("Read-only: kept from before the Portal Reset.")
    expect(earlier.get_by_test_id("portal-messages")).to_contain_text("We admit liability for our insured.")
    expect(earlier.get_by_test_id("portal-documents")).to_contain_text("scnf-signed.pdf")
    expect(page.get_by_role("heading", name="Send a note")).to_have_count(0)
    axe(page, "View Portal Docs of an earlier claim")
    screenshot(page, "20-portal-docs-earlier-claim")
    page.get_by_role("link", name="History", exact=True).click()
    for event in (
        "Submitted to OIC Portal",
        "Complete Submission: the portal is still processing",
        "Exit Portal (Complex issues of fact or law)",
        "Portal Reset",
    ):
        expect(page.get_by_text(event).first).to_be_visible()


def test_an_administrator_tests_the_connection(page, ada, oic, screenshot):
    sign_in_browser(page, "ada", PASSWORD)
    page.goto("/portal-settings/oic/")
    page.get_by_role("button", name="Test connection").click()
    expect(page.get_by_text(re.compile("Connected: the portal issued a token")).first).to_be_visible()
    expect(page.get_by_test_id("parameters")).to_contain_text("ACCESSTOKEN")
    screenshot(page, "12-advanced-settings")


def test_an_administrator_watches_the_nightly_sync(page, ada, alice, oic, sim_control, screenshot):
    from portal.services import nightly
    from tests.simulator import claims_on_portal

    claims_on_portal(alice, sim_control, 1)
    nightly.run_portal(portal="oic", threads=1)
    sign_in_browser(page, "ada", PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_text("Administration").click()
    page.get_by_role("link", name="Operations").click()
    runs = page.get_by_test_id("sync-runs")
    expect(runs).to_contain_text("Succeeded")
    expect(runs).to_contain_text("1 synced of 1")
    screenshot(page, "13-operations")

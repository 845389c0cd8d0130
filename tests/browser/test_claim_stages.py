"""One OIC claim from submission to Resolved-Completed by ClaimDesk's screens alone: the Claim stage tab
answers every step; the simulator's control API plays the compensator."""

import re

from playwright.sync_api import expect

from portal.models import PortalClaim
from tests.browser.conftest import sign_in_browser
from tests.factories import PASSWORD, fill_case, make_case

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _header_button(page, name):
    return page.get_by_role("region", name="Case summary").get_by_role("button", name=name)


def _action(page, code):
    """Open one action's card on the Claim stage tab and return it."""
    card = page.get_by_test_id(f"action-{code}")
    card.locator("summary").click()
    return card


def _stage_tab(page):
    page.get_by_role("navigation", name="Case tabs").get_by_role("link", name="Claim stage").click()


def test_a_claim_from_submission_to_settlement_by_the_ui_alone(
    page, alice, oic, sim_control, screenshot, tmp_path
):
    case = fill_case(make_case(fee_earner=alice, first_name="Priya", last_name="Shah"))
    sign_in_browser(page, "alice", PASSWORD)
    page.goto(f"/cases/{case.reference}/details/")
    page.get_by_role("region", name="Case summary").get_by_role("link", name="Submit to OIC Portal").click()
    page.get_by_label("The client has consented").check()
    page.get_by_label("I sign the statement of truth").check()
    page.get_by_role("button", name="Submit to OIC Portal").click()
    expect(page.get_by_text(re.compile(r"Claim OIC-\d+ submitted"))).to_be_visible()
    sim_control.advance(minutes=6)
    _header_button(page, "Complete Submission").click()
    expect(page.get_by_text(re.compile("Submission complete: Pending-Liability"))).to_be_visible()
    claim_id = PortalClaim.objects.get(case=case).claim_id

    # Liability: admitted by the compensator; the claim waits for our medical report.
    sim_control.act(claim_id, "liability", decision="admitted", justification="Our insured was at fault")
    _header_button(page, "Re-Sync with Portal").click()
    _stage_tab(page)
    expect(page.get_by_test_id("stage")).to_have_text("Medical")
    expect(page.get_by_test_id("next-actor")).to_have_text("You")
    expect(page.get_by_test_id("valuation-total")).to_contain_text("£")
    screenshot(page, "30-claim-stage-medical")

    report = tmp_path / "medco-report.pdf"
    report.write_bytes(PDF)
    card = _action(page, "medical.upload")
    card.get_by_label("The report (PDF)").set_input_files(str(report))
    card.get_by_label("MedCo case reference").fill("MC-2026-0042")
    card.get_by_label("Expert's name").fill("Dr Helen Okafor")
    card.get_by_label("Date of the report").fill("2026-11-20")
    card.get_by_label("Prognosis (months)").fill("9")
    card.get_by_role("button", name="Upload the MedCo report").click()
    expect(page.get_by_text("The claim is now Pending-CheckMedical")).to_be_visible()
    _action(page, "medical.accept").get_by_role("button", name="Accept the report").click()
    expect(page.get_by_text("The claim is now Pending-ProceedClaim")).to_be_visible()

    card = _action(page, "losses.add")
    card.get_by_label("Type of loss").select_option(label="Policy excess")
    card.get_by_label("Amount (£)").fill("250.00")
    card.get_by_role("button", name="Add an item of loss").click()
    expect(page.get_by_test_id("losses")).to_contain_text("Policy excess")
    expect(page.get_by_test_id("losses")).to_contain_text("£250.00")

    card = _action(page, "medical.release")
    card.get_by_label("I understand this cannot be undone").check()
    card.get_by_role("button", name="Release the report and ask for an offer").click()
    expect(page.get_by_text("The claim is now Pending-FirstOffer")).to_be_visible()
    expect(page.get_by_test_id("next-actor")).to_have_text("The compensator")

    # Offers: the compensator offers too little; we counter by head; it comes back; we accept.
    sim_control.act(claim_id, "offer", tariffAmount=700, otherLossesAmount=250)
    _header_button(page, "Re-Sync with Portal").click()
    _stage_tab(page)
    expect(page.get_by_test_id("offer-comparison")).to_contain_text("below our valuation")
    screenshot(page, "31-claim-stage-offer")
    card = _action(page, "offer.counter")
    card.get_by_label("Tariff amount (£)").fill("840.00")
    card.get_by_label("Special damages (£)").fill("250.00")
    card.get_by_label("Why (your reasons)").fill("Nine months' prognosis: the 2025 tariff band.")
    card.get_by_role("button", name="Make a counter-offer").click()
    expect(page.get_by_text("The claim is now Pending-RespondCounter")).to_be_visible()
    revised = {
        "action": "reject",
        "tariffAmount": 800,
        "otherLossesAmount": 250,
        "comment": "Our final figure.",
    }
    sim_control.ok("POST", f"/_sim/claims/{claim_id}/counter-response", json=revised)
    _header_button(page, "Re-Sync with Portal").click()
    _stage_tab(page)
    expect(page.get_by_test_id("offers").locator("tbody tr")).to_have_count(3)
    card = _action(page, "offer.accept")
    card.get_by_label("I understand this cannot be undone").check()
    card.get_by_role("button", name="Accept the offer").click()
    expect(page.get_by_text("The claim is now Resolved-Completed")).to_be_visible()
    expect(page.get_by_test_id("settled-amount")).to_have_text("£1,050.00")
    # the tariff £965 + the £250 loss
    expect(page.get_by_test_id("valuation-total")).to_have_text("£1,215.00")
    expect(page.get_by_test_id("case-status")).to_have_text("Settled")
    screenshot(page, "32-claim-stage-settled")

    page.get_by_role("link", name="History", exact=True).click()
    expect(
        page.get_by_text("Make a counter-offer: the claim is now Pending-RespondCounter").first
    ).to_be_visible()
    expect(page.get_by_text("£840.00").first).to_be_visible()

"""A Claims Portal claim end to end in a real browser, against the Claims Portal simulator over real HTTP:
a new case, its details, the submission, the compensator's acknowledgement and admission, the Stage 2
Settlement Pack, the offer, a counter-offer and the agreement."""

import re

from playwright.sync_api import expect

from cases.models import Case
from portal.models import PortalClaim
from tests.browser.conftest import sign_in_browser
from tests.browser.steps import fill_case_details, fill_injury, open_new_case, saved
from tests.factories import PASSWORD


def _header(page, role, name):
    return page.get_by_role("region", name="Case summary").get_by_role(role, name=name)


def _resync(page):
    _header(page, "button", "Re-Sync with Portal").click()
    expect(page.get_by_text(re.compile("Re-synced with the portal"))).to_be_visible()


def _action(page, code):
    """An action's form on the Claim stage tab, opened."""
    action = page.get_by_test_id(f"action-{code}")
    action.locator("summary").click()
    return action


def test_a_claims_portal_claim_from_new_case_to_agreed_settlement(
    page, alice, claims_portal, cp_control, screenshot
):
    sign_in_browser(page, "alice", PASSWORD)
    open_new_case(page, first_name="Amir", last_name="Haddad", portal="Claims Portal")
    _header(page, "link", "Submit to Claims Portal").click()
    problems = page.get_by_test_id("submission-problems")
    expect(problems).to_contain_text("choose the value of the claim")
    expect(problems).to_contain_text("the AskCUE PI search reference is required")
    screenshot(page, "cp-01-pre-submission-check")
    problems.get_by_role("link").first.click()

    fill_case_details(page)
    page.locator("#id_vehicle-vehicle_type").select_option(
        label="Motorcycle or moped"
    )  # outside the OIC's rules
    page.locator("#id_cp-value_band").select_option(label="Up to £10,000")
    page.get_by_label("AskCUE PI search reference").fill("CUE-448812")
    page.get_by_label("Why the defendant is at fault").fill(
        "The defendant drove into the back of the client's car."
    )
    page.locator("#id_defendants-0-driver_last_name").fill("Morgan")
    page.get_by_role("button", name="Save").click()
    saved(page)
    page.locator("fieldset", has_text="Claims Portal").first.scroll_into_view_if_needed()
    screenshot(page, "cp-02-case-details")
    fill_injury(page, tab="Injury")
    case = Case.objects.get(client__last_name="Haddad")

    _header(page, "link", "Submit to Claims Portal").click()
    expect(page.get_by_text("Every detail the portal needs is present.")).to_be_visible()
    expect(page.get_by_text("the claim becomes ClaimSubmitted")).to_be_visible()
    page.get_by_label("The client has consented").check()
    page.get_by_label("I sign the statement of truth").check()
    screenshot(page, "cp-03-submit-to-claims-portal")
    page.get_by_role("button", name="Submit to Claims Portal").click()
    expect(page.get_by_text(re.compile(r"Claim \d{16} submitted: status ClaimSubmitted"))).to_be_visible()
    expect(page.get_by_test_id("portal-status")).to_have_text("ClaimSubmitted")
    expect(_header(page, "button", "Complete Submission")).to_have_count(0)  # one step on this portal

    claim_id = PortalClaim.objects.get(case=case).claim_id
    cp_control.act(claim_id, "acceptClaim", insurerClaimReferenceNumber="AV-2291")
    _resync(page)
    expect(page.get_by_test_id("portal-status")).to_have_text("Article75Decision")
    expect(page.get_by_test_id("compensator")).to_contain_text("Aviva Insurance Limited")
    cp_control.act(claim_id, "applyArticle75", isArticle75=False)
    cp_control.act(claim_id, "sendLiabilityDecision", liabilityDecision="A")
    _resync(page)
    expect(page.get_by_test_id("portal-status")).to_have_text("LiabilityAdmitted")

    expect(page.get_by_test_id("portal-unavailable")).to_have_count(0)
    expect(page.get_by_role("alert").filter(has_text="OIC Portal")).to_have_count(0)
    page.get_by_role("link", name="Claim stage", exact=True).click()
    expect(page.get_by_test_id("next-actor")).to_have_text("You")
    expect(page.get_by_test_id("deadline")).to_have_count(0)  # the protocol sets none here; the goal shows
    screenshot(page, "cp-04-liability-admitted")
    _action(page, "liability.acknowledge").get_by_role("button", name="Acknowledge the admission").click()
    expect(
        page.get_by_text("Acknowledge the admission: done. The claim is now StartOfStage21")
    ).to_be_visible()

    _action(page, "stage2.start").get_by_role("button", name="Go on to the Stage 2 Settlement Pack").click()
    expect(page.get_by_text(re.compile("The claim is now Stage2SettlementPackForm"))).to_be_visible()
    pack = _action(page, "stage2.pack")
    pack.get_by_label("General damages claimed (£)").fill("3200.00")
    pack.get_by_label("Medical reports (number)").fill("1")
    pack.get_by_label("A soft tissue injury claim").check()
    pack.get_by_label("MedCo case ID").fill("MC-7781204")
    screenshot(page, "cp-05-stage-2-settlement-pack")
    pack.get_by_role("button", name="Send the Stage 2 Settlement Pack").click()
    expect(page.get_by_text(re.compile("Send the Stage 2 Settlement Pack: done"))).to_be_visible()
    expect(page.get_by_test_id("losses")).to_contain_text("£3,200.00")
    expect(page.get_by_test_id("next-actor")).to_have_text("The compensator")

    cp_control.act(
        claim_id, "addStage2SPFResponse", settlementPackDecision="CO", grossAmount=2000, comments="Our offer."
    )
    _resync(page)
    page.get_by_role("link", name="Claim stage", exact=True).click()
    expect(page.get_by_test_id("offers")).to_contain_text("£2,000.00")
    expect(page.get_by_test_id("deadline")).to_be_visible()  # the negotiation period, in business days
    counter = _action(page, "offer.counter")
    counter.get_by_label("Your counter-offer (£)").fill("2600.00")
    counter.get_by_label("Comments").fill("General damages for a nine-month injury, and the excess.")
    screenshot(page, "cp-06-offer-and-counter-offer")
    counter.get_by_role("button", name="Make a counter-offer").click()
    expect(page.get_by_text(re.compile("Make a counter-offer: done"))).to_be_visible()

    cp_control.act(claim_id, "acknowledgeStage2SPFAgreed")
    _resync(page)
    expect(page.get_by_test_id("portal-status")).to_have_text("Stage2SettlementPackAgreedEnd")
    expect(page.get_by_test_id("case-status")).to_have_text("Settled")
    page.get_by_role("link", name="Claim stage", exact=True).click()
    expect(page.get_by_test_id("settled-amount")).to_have_text("£2,600.00")
    screenshot(page, "cp-07-agreed")
    _header(page, "button", re.compile("View Portal Docs")).click()
    expect(page.get_by_test_id("portal-documents")).to_contain_text("Stage 2 Settlement Pack")
    expect(page.get_by_role("heading", name="Send a note")).to_have_count(0)
    screenshot(page, "cp-08-portal-documents")
    assert page.console_errors == []

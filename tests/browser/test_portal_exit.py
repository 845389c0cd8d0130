"""Exit Portal and what a case says about a portal that cannot be used, in a real browser."""

import re

from playwright.sync_api import expect

from cases.models import Portal
from portal.models import PortalConnection
from portal.services.claims import claim_resync
from tests.browser.conftest import sign_in_browser
from tests.factories import PASSWORD, fill_case, make_case
from tests.simulator import claims_on_portal


def _header(page):
    return page.get_by_role("region", name="Case summary")


def test_the_exit_closes_the_denial_task_and_the_case_says_it_waits(
    page, alice, oic, sim_control, axe, screenshot
):
    [claim] = claims_on_portal(alice, sim_control, 1)
    case = claim.case
    sim_control.act(claim.claim_id, "liability", decision="denied", justification="Not our driver")
    claim_resync(case=case, acting_user=alice)
    sign_in_browser(page, "alice", PASSWORD)
    page.goto(f"/cases/{case.reference}/tasks/")
    denial = page.locator("tr", has_text=re.compile("denied liability"))
    expect(denial).to_contain_text("Open")

    _header(page).get_by_role("link", name="Exit Portal").click()
    page.get_by_role("button", name="Exit Portal").click()  # no reason, no confirmation: nothing sent
    expect(page.locator(".field", has=page.get_by_label("Reason for exiting the portal"))).to_contain_text(
        "This field is required"
    )
    expect(page.get_by_text("Tick the confirmation to exit the portal.")).to_be_visible()
    axe(page, "Exit Portal with errors")
    page.get_by_label("Reason for exiting the portal").select_option(label="Complex issues of fact or law")
    page.get_by_label("I understand the claim will leave the portal process").check()
    page.get_by_role("button", name="Exit Portal").click()
    expect(page.get_by_text("Exit sent.")).to_be_visible()

    expect(_header(page).get_by_test_id("exit-requested")).to_have_text(
        "Exit requested, waiting for the compensator"
    )
    expect(_header(page).get_by_role("link", name="Exit Portal")).to_have_count(0)
    screenshot(page, "23-exit-requested")
    page.get_by_role("link", name="Tasks", exact=True).click()
    expect(page.locator("tr", has_text=re.compile("denied liability"))).not_to_contain_text("Open")
    page.get_by_role("link", name="Options", exact=True).click()
    expect(page.get_by_test_id("reset-waits")).to_be_visible()
    expect(page.get_by_role("button", name="Portal Reset")).to_have_count(0)


def test_a_portal_that_cannot_be_used_says_so_on_the_case(page, alice, axe, screenshot):
    claims_portal = fill_case(make_case(fee_earner=alice, portal=Portal.CLAIMS_PORTAL, last_name="Adeyemi"))
    oic_case = fill_case(make_case(fee_earner=alice, last_name="Brennan"))
    PortalConnection.objects.filter(portal=Portal.OIC).delete()  # OIC installed but not set up
    # The Claims Portal's connection lacks the loginAs user it must act as: not usable either.
    PortalConnection.objects.update_or_create(
        portal=Portal.CLAIMS_PORTAL,
        defaults={"url": "https://claims-portal.example", "client_id": "id", "client_secret": "secret"},
    )
    sign_in_browser(page, "alice", PASSWORD)

    page.goto(f"/cases/{claims_portal.reference}/details/")
    reason = _header(page).get_by_test_id("portal-unavailable")
    expect(reason).to_have_text(
        "The Claims Portal connection is not set up yet: an administrator must enter it in Portal settings."
    )
    expect(_header(page).get_by_role("link", name=re.compile("Submit to"))).to_have_count(0)
    axe(page, "a Claims Portal case")
    screenshot(page, "24-portal-not-available")

    page.goto(f"/cases/{oic_case.reference}/details/")
    expect(_header(page).get_by_test_id("portal-unavailable")).to_contain_text(
        "The OIC Portal connection is not set up yet: an administrator must enter it in Portal settings."
    )
    expect(_header(page).get_by_role("link", name=re.compile("Submit to"))).to_have_count(0)

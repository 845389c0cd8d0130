"""WCAG 2.1 AA: every main page passes axe-core, reflows at 320 px, and shows where the focus is."""

import re

import pytest
from playwright.sync_api import expect

from portal.services import nightly
from tests.browser.conftest import sign_in_browser
from tests.browser.steps import contrast
from tests.factories import PASSWORD, fill_case, make_case
from tests.simulator import claims_on_portal
from worklist.services import task_create


@pytest.fixture
def firm_at_work(alice, sue, ada, oic, sim_control):
    """A case on the portal with correspondence, an action and news for its fee earner; a fresh case."""
    [claim] = claims_on_portal(alice, sim_control, 1)
    sim_control.advance(minutes=6)  # the Small Claim Notification Form
    sim_control.act(
        claim.claim_id, "message", category="CompResponseCategory", note="We deny liability. " * 30
    )
    sim_control.act(claim.claim_id, "liability", decision="denied", justification="Not our driver")
    nightly.run_portal(portal="oic", threads=1)
    fresh = make_case(fee_earner=alice, first_name="Nia", last_name="Fresh")
    filled = fill_case(make_case(fee_earner=alice, first_name="Ola", last_name="Ready"))
    task_create(
        case=fresh, title="Call the client", due_date=fresh.opened_at.date(), assignee=alice, acting_user=sue
    )
    return claim.case, fresh, filled


CASE_TABS = (
    "details",
    "injury",
    "replacement-vehicle",
    "losses",
    "notes",
    "documents",
    "tasks",
    "history",
    "options",
)


def _visit(page, axe, url: str, what: str) -> None:
    page.goto(url)
    expect(page.locator("main")).to_be_visible()
    axe(page, what)


def test_every_main_page_passes_axe(page, axe, alice, ada, firm_at_work):
    on_portal, fresh, filled = firm_at_work
    _visit(page, axe, "/accounts/login/", "the sign-in page")
    page.get_by_role("button", name="Sign in").click()  # nothing entered: the page with its errors
    axe(page, "the sign-in page with errors")

    sign_in_browser(page, "alice", PASSWORD)
    axe(page, "the case list")
    _visit(page, axe, "/cases/?q=zzz-nothing", "the case list, nothing found")
    _visit(page, axe, "/cases/new/", "New case")
    page.get_by_role("button", name="Open case").click()
    axe(page, "New case with errors")
    for tab in CASE_TABS:
        _visit(page, axe, f"/cases/{on_portal.reference}/{tab}/", f"the {tab} tab of a case on the portal")
    page.goto(f"/cases/{fresh.reference}/details/")
    page.get_by_label("Postcode").fill("LS6 XYZ")
    page.get_by_role("button", name="Save").click()
    axe(page, "Case Details with field errors")
    _visit(page, axe, f"/cases/{fresh.reference}/history/?day_from=nonsense", "History with a refused filter")
    _visit(page, axe, f"/cases/{fresh.reference}/portal/submit/", "the pre-submission check with problems")
    _visit(page, axe, f"/cases/{filled.reference}/portal/submit/", "Submit to OIC Portal")
    _visit(page, axe, f"/cases/{on_portal.reference}/portal/docs/", "View Portal Docs")
    page.get_by_role("button", name="Send note").click()
    axe(page, "View Portal Docs with a refused note")
    _visit(page, axe, f"/cases/{on_portal.reference}/portal/exit/", "Exit Portal")
    page.get_by_role("button", name="Exit Portal").click()
    axe(page, "Exit Portal with errors")
    _visit(page, axe, "/tasks/", "My tasks with portal updates")
    _visit(page, axe, "/tasks/?due=soon", "My tasks with a refused filter")
    _visit(page, axe, "/accounts/account/", "Your account")

    page.get_by_role("button", name="Sign out").click()
    sign_in_browser(page, "ada", PASSWORD)
    for url, what in (
        ("/tasks/team/", "Team tasks"),
        ("/tasks/team/?due=week", "Team tasks, due this week"),
        ("/operations/", "Operations"),
        ("/portal-settings/oic/", "Portal settings"),
        ("/value-lists/", "Value lists"),
        ("/value-lists/message_category/", "a value list"),
        ("/accounts/users/", "Users"),
        ("/accounts/teams/", "Teams"),
    ):
        _visit(page, axe, url, what)


NARROW_PAGES = (
    "/cases/",
    "/cases/new/",
    "/tasks/",
    "/tasks/team/",
    "/accounts/account/",
)


def test_pages_reflow_at_320_px_with_the_account_and_sign_out_on_screen(page, axe, ada, firm_at_work):
    on_portal, fresh, _filled = firm_at_work
    page.set_viewport_size({"width": 320, "height": 640})
    sign_in_browser(page, "ada", PASSWORD)
    urls = [
        *NARROW_PAGES,
        *(f"/cases/{on_portal.reference}/{tab}/" for tab in CASE_TABS),
        f"/cases/{on_portal.reference}/portal/docs/",
        f"/cases/{on_portal.reference}/portal/exit/",
        f"/cases/{fresh.reference}/portal/submit/",
        "/operations/",
        "/portal-settings/oic/",
        "/value-lists/message_category/",
    ]
    for url in urls:
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{url} is {width} px wide at 320 px, because of: {_too_wide(page)}"
        for control in (
            page.get_by_role("link", name=re.compile("Ada")),
            page.get_by_role("button", name="Sign out"),
        ):
            box = control.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= 320, f"{url}: {control} is off-screen"
    axe(page, "a value list at 320 px")


def _too_wide(page) -> list[str]:
    """The outermost elements that stick out beyond the right edge of a narrow window."""
    return page.evaluate(
        """() => [...document.querySelectorAll("body *")]
            .filter(e => e.getClientRects().length && e.getBoundingClientRect().right > innerWidth + 1)
            .filter(e => !(e.parentElement && e.parentElement.getBoundingClientRect().right > innerWidth + 1))
            .slice(0, 5)
            .map(e => `${e.tagName.toLowerCase()}.${e.className} ${e.textContent.slice(0, 40)}`)"""
    )


def test_the_focus_and_the_skip_link_can_be_seen(page, alice):
    sign_in_browser(page, "alice", PASSWORD)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    colours = skip.evaluate("e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]")
    assert contrast(*colours) >= 4.5, colours
    search = page.get_by_label("Search")
    search.focus()
    ring = search.evaluate("e => [getComputedStyle(e).outlineColor, getComputedStyle(e).outlineStyle]")
    assert ring[1] == "solid" and contrast(ring[0], "rgb(244, 246, 249)") >= 3, ring  # on the page's grey
    assert contrast(ring[0], "rgb(255, 255, 255)") >= 3, ring  # and on a white card
    border = search.evaluate("e => getComputedStyle(e).borderTopColor")
    assert contrast(border, "rgb(255, 255, 255)") >= 3, border  # 1.4.11: a field's edge can be seen
    nav_link = page.get_by_role("navigation", name="Main").get_by_role("link", name="Cases")
    nav_link.focus()
    on_bar = nav_link.evaluate("e => getComputedStyle(e).outlineColor")
    assert contrast(on_bar, "rgb(29, 58, 95)") >= 3, on_bar  # on the dark top bar


def test_the_audit_itself_fails_on_a_violation(page, axe):
    """A guard against an audit that passes everything (axe-core not really running)."""
    page.set_content(
        '<html lang="en"><head><title>Faint</title></head><body><main>'
        '<p style="color: #aaa; background: #fff">Faint text</p><img src="x.png"></main></body></html>'
    )
    with pytest.raises(AssertionError) as failure:
        axe(page, "a page made to fail")
    assert "color-contrast" in str(failure.value) and "image-alt" in str(failure.value)

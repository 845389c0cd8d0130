"""A supervisor reads the team dashboard, drills into a figure, exports the list, reviews a drift line;
a fee earner sees the case's limitation and overrides it with a reason."""

import datetime as dt
from decimal import Decimal

from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from cases.models import Case
from supervision.services.drift import drift_report_run
from supervision.tests.builders import make_claim, portal_task, status_of, task
from tests.browser.conftest import sign_in_browser
from tests.factories import PASSWORD, fill_case, make_case


def _team_at_work(alice, bob):
    now, today = timezone.now(), timezone.localdate()
    waiting = status_of("oic", stage="Liability", next_actor="compensator")
    for days, person in ((3, alice), (12, bob), (25, alice)):
        claim = make_claim(make_case(fee_earner=person), waiting, since=now - dt.timedelta(days=days))
    claim.liability_deadline = now - dt.timedelta(days=2)
    claim.save()
    medical = status_of("oic", stage="Medical", next_actor="us")
    for days in (8, 40):
        case = make_case(fee_earner=bob)
        portal_task(case, make_claim(case, medical, since=now - dt.timedelta(days=days)), due=today)
    make_claim(make_case(fee_earner=alice), medical, since=now - dt.timedelta(days=5))  # no task: drift
    settled = status_of("oic", stage="Closed", outcome="settled")
    valued = fill_case(make_case(fee_earner=alice))
    make_claim(valued, settled, since=now, settled_amount=Decimal("2150.00"), settled_at=now)
    for due in (today - dt.timedelta(days=3), today, today + dt.timedelta(days=20)):
        task(make_case(fee_earner=alice), due=due)
    near = fill_case(make_case(fee_earner=alice, first_name="Nadia", last_name="Limit"))
    Case.objects.filter(pk=near.pk).update(
        limitation_date=today + dt.timedelta(days=20), limitation_checked_at=timezone.now()
    )
    drift_report_run()
    cache.clear()


def test_a_supervisor_drills_into_the_dashboard_and_reviews_drift(page, alice, bob, sue, screenshot):
    _team_at_work(alice, bob)
    sign_in_browser(page, "sue", PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Supervision").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Supervision · Alpha")
    stages = page.get_by_test_id("stages-oic")
    expect(stages.get_by_role("row", name="Liability")).to_contain_text("3")
    expect(page.get_by_test_id("tile-liability-overdue")).to_contain_text("1")
    expect(page.get_by_test_id("settlements")).to_contain_text("£2,150.00")
    expect(page.get_by_test_id("tile-limitation-1m")).to_contain_text("1")
    expect(page.locator("svg[role=img]").first).to_be_visible()
    screenshot(page, "14-supervision-dashboard")

    stages.get_by_role("row", name="Liability").get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("OIC Portal: claims in the Liability stage")
    expect(page.get_by_test_id("row-count")).to_contain_text("3 rows")
    screenshot(page, "15-supervision-drill-down")
    with page.expect_download() as download:
        page.get_by_role("link", name="Export Excel").click()
    assert download.value.suggested_filename.startswith("claimdesk-stage-alpha-")
    assert download.value.suggested_filename.endswith(".xlsx")
    page.get_by_test_id("list").get_by_role("link").first.click()
    expect(page.get_by_test_id("limitation")).to_be_visible()

    page.goto("/supervision/")
    page.get_by_role("link", name="Drift report").click()
    drift = page.get_by_test_id("drift")
    expect(drift).to_contain_text("The portal waits on us")
    screenshot(page, "16-drift-report")
    drift.get_by_placeholder("What was done (optional)").first.fill("Task added for the medical report")
    drift.get_by_role("button", name="Mark reviewed").first.click()
    expect(page.get_by_text("marked as reviewed")).to_be_visible()
    assert not page.console_errors


def test_a_fee_earner_sees_and_overrides_the_limitation_date(page, alice, screenshot):
    case = fill_case(make_case(fee_earner=alice, first_name="Omar", last_name="Begum"))
    make_claim(case, status_of("oic", stage="Liability", next_actor="compensator"))
    sign_in_browser(page, "alice", PASSWORD)
    page.goto(f"/cases/{case.reference}/details/")
    section = page.get_by_test_id("limitation")
    expect(section).to_contain_text("Three years from the accident")
    expect(page.get_by_test_id("portal-limitation-warning")).to_contain_text("does not stop time running")
    page.get_by_label("Override the date").fill("2030-01-15")
    page.get_by_role("button", name="Record limitation").click()
    expect(page.get_by_text("Give the reason for overriding the date.")).to_be_visible()
    page.get_by_label("Override the date").fill("2030-01-15")
    page.get_by_label("Why").fill("Date of knowledge: diagnosis on 15/01/2027")
    page.get_by_role("button", name="Record limitation").click()
    expect(section).to_contain_text("Tuesday 15 January 2030")
    page.get_by_test_id("limitation").scroll_into_view_if_needed()
    screenshot(page, "17-case-limitation")
    page.get_by_role("link", name="History", exact=True).click()
    expect(page.get_by_text("Date of knowledge: diagnosis on 15/01/2027")).to_be_visible()

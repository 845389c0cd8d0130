"""My tasks and Team tasks in a real browser: the overnight digest, the filters, the deadlines and the
badge."""

import re

from playwright.sync_api import expect

from portal.services import nightly
from tests.browser.conftest import sign_in_browser
from tests.factories import PASSWORD, make_case
from tests.simulator import claims_on_portal
from worklist.services import task_create


def test_the_overnight_digest_filters_and_badge(page, alice, bob, sue, oic, sim_control, axe, screenshot):
    first, second = claims_on_portal(alice, sim_control, 2)
    sim_control.act(
        first.claim_id, "message", category="CompResponseCategory", note="Please send the photos."
    )
    sim_control.act(first.claim_id, "liability", decision="denied", justification="Not our driver")
    sim_control.act(
        second.claim_id, "message", category="CompResponseCategory", note="Our insured is abroad."
    )
    nightly.run_portal(portal="oic", threads=1)  # overnight: news for Alice, and a task with a deadline
    quiet = make_case(fee_earner=alice, first_name="Ivy", last_name="Quiet")
    task_create(
        case=quiet, title="Call the client", due_date=quiet.opened_at.date(), assignee=alice, acting_user=bob
    )
    task_create(case=quiet, title="For Bob", due_date=quiet.opened_at.date(), assignee=bob, acting_user=bob)

    sign_in_browser(page, "alice", PASSWORD)
    badge = page.get_by_test_id("task-badge")
    expect(badge).to_contain_text(re.compile(r"\(\d+ tasks? needs? you: .*new or updated"))
    page.get_by_role("navigation", name="Main").get_by_role("link", name=re.compile("My tasks")).click()
    expect(page.get_by_test_id("badge-note")).to_contain_text(
        "counts your open tasks that are new or updated"
    )

    digest = page.get_by_test_id("portal-digest")
    expect(digest.get_by_role("heading", name="Today")).to_be_visible()
    expect(digest.get_by_role("link", name=re.compile(first.case.reference))).to_have_count(1)
    expect(digest).to_contain_text("Please send the photos.")
    expect(digest).to_contain_text("Our insured is abroad.")
    denial = page.locator("tr", has_text=re.compile("denied liability"))
    expect(denial.get_by_test_id("task-deadline")).to_contain_text(
        re.compile(r"Portal deadline \d\d/\d\d/\d{4}")
    )
    axe(page, "My tasks with the overnight digest")
    screenshot(page, "09-my-tasks")

    # Opening a case from the digest marks its updates seen; "Mark all as seen" clears the rest.
    digest.get_by_role("link", name=re.compile(first.case.reference)).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(first.case.client.last_name)
    page.go_back()
    page.reload()
    expect(
        page.get_by_test_id("portal-digest").get_by_role("link", name=re.compile(first.case.reference))
    ).to_have_count(0)
    page.get_by_role("button", name="Mark all as seen").click()
    expect(page.get_by_text("Portal updates marked as seen on 1 case(s).")).to_be_visible()
    expect(page.get_by_test_id("portal-digest")).to_have_count(0)

    # Filters: due today, by case; a value the form refuses is explained, never a crash.
    page.get_by_label("When").select_option(label="Due today")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("link", name="Call the client")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("denied liability"))).to_have_count(0)
    page.get_by_label("When").select_option(label="Any day")
    page.get_by_label("Case").select_option(first.case.reference)
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("link", name=re.compile("denied liability"))).to_be_visible()
    expect(page.get_by_role("link", name="Call the client")).to_have_count(0)
    page.goto("/tasks/?due=someday")
    expect(page.locator(".field", has=page.get_by_label("When"))).to_contain_text("Select a valid choice")
    page.get_by_role("link", name="Clear the filters").click()
    expect(page.get_by_role("link", name="Call the client")).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    sign_in_browser(page, "sue", PASSWORD)
    page.goto("/tasks/team/")
    page.get_by_label("For").select_option(label="Bob Tester")
    page.get_by_label("When").select_option(label="Due this week")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("link", name="For Bob")).to_be_visible()
    expect(page.get_by_role("link", name="Call the client")).to_have_count(0)
    axe(page, "Team tasks, filtered")
    screenshot(page, "25-team-tasks-filtered")

"""My tasks and Team tasks: the day's portal updates as one digest, the filters, the deadline beside
the due date, and a badge that says what it counts."""

import datetime as dt
import re

import pytest
import time_machine
from django.utils import timezone

from portal.models import PortalClaim, PortalUpdate
from portal.services.updates import update_record
from tests.factories import make_case
from worklist.models import Task
from worklist.services import task_create

MONDAY = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)


def _claim(case, claim_id):
    return PortalClaim.objects.create(case=case, portal="oic", claim_id=claim_id, status="Pending-Liability")


def _update(claim, summary, *, days_ago=0):
    update = update_record(claim=claim, kind=PortalUpdate.Kind.MESSAGE, summary=summary)
    if days_ago:
        when = timezone.now() - dt.timedelta(days=days_ago)
        PortalUpdate.objects.filter(pk=update.pk).update(created_at=when)
    return update


@pytest.fixture
def news(alice, bob):
    first = make_case(fee_earner=alice, first_name="Tom", last_name="Okonjo")
    second = make_case(fee_earner=alice, first_name="Ann", last_name="Lee")
    bobs = make_case(fee_earner=bob, first_name="Bob's", last_name="Client")
    a, b, c = _claim(first, "OIC-1"), _claim(second, "OIC-2"), _claim(bobs, "OIC-3")
    _update(a, "Status now Pending-Liability", days_ago=1)
    _update(a, "New message: we deny liability")
    for n in range(7):
        _update(b, f"New document: photo-{n}.pdf")
    _update(c, "Not Alice's news")
    return first, second


def test_my_tasks_shows_one_digest_per_day_grouped_by_case(alice_client, news):
    first, _second = news
    response = alice_client.get("/tasks/")
    page = response.content.decode()
    digest = page.split('data-testid="portal-digest"', 1)[1].split("</section>\n{% endif", 1)[0]
    days = response.context["digest"]
    assert [len(day.cases) for day in days] == [2, 1]  # today: two cases; yesterday: one
    assert "Today" in digest and "Yesterday" in digest
    assert digest.count(f'href="/cases/{first.reference}/details/"') == 2  # once a day
    assert "we deny liability" in digest and "Not Alice&#x27;s news" not in digest
    assert "photo-6.pdf" in digest and "photo-1.pdf" not in digest and "and 2 more" in digest


def test_opening_a_case_from_the_digest_marks_its_updates_seen(alice_client, news):
    first, second = news
    alice_client.get(f"/cases/{first.reference}/details/")
    days = alice_client.get("/tasks/").context["digest"]
    assert [entry.case for day in days for entry in day.cases] == [second]


def test_mark_all_as_seen_empties_the_digest_of_her_cases_only(alice_client, news):
    response = alice_client.post("/tasks/portal-updates/seen/", follow=True)
    assert "Portal updates marked as seen on 2 case(s)." in response.content.decode()
    assert response.context["digest"] == []
    assert PortalUpdate.objects.filter(seen_at__isnull=True).get().summary == "Not Alice's news"


def test_portal_actions_show_the_deadline_beside_the_goal_date(alice_client, alice, alice_case):
    task = task_create(
        case=alice_case,
        title="Respond to the offer",
        due_date=dt.date(2030, 1, 7),
        assignee=alice,
        acting_user=alice,
    )
    Task.objects.filter(pk=task.pk).update(deadline=dt.date(2030, 1, 14), source=Task.Source.PORTAL)
    page = alice_client.get("/tasks/").content.decode()
    assert re.search(r"07/01/2030\s*<div class=\"deadline\"[^>]*>Portal deadline 14/01/2030</div>", page)


def test_the_badge_says_what_it_counts(client, sign_in, alice, bob, alice_case):
    with time_machine.travel(MONDAY):
        task_create(
            case=alice_case, title="From Bob", due_date=dt.date(2030, 1, 1), assignee=alice, acting_user=bob
        )
        task_create(
            case=alice_case, title="Late", due_date=dt.date(2026, 11, 20), assignee=alice, acting_user=alice
        )
        task_create(
            case=alice_case, title="Later", due_date=dt.date(2030, 1, 1), assignee=alice, acting_user=alice
        )
        page = sign_in(client, alice).get("/cases/").content.decode()
        badge = re.search(
            r'<span class="badge badge-alert" data-testid="task-badge".*?</span></span>', page
        ).group(0)
        assert '<span aria-hidden="true">2</span>' in badge
        assert "(2 tasks need you: 1 new or updated and 1 overdue)" in badge
        note = client.get("/tasks/").content.decode()
        assert "counts your open tasks that are new or updated" in note


@pytest.fixture
def week_of_tasks(alice, bob, alice_case):
    other = make_case(fee_earner=alice, first_name="Ann", last_name="Lee")
    days = {
        "late": dt.date(2026, 11, 27),  # last Friday
        "today": dt.date(2026, 11, 30),  # Monday
        "sunday": dt.date(2026, 12, 6),
        "next week": dt.date(2026, 12, 7),
    }
    for title, day in days.items():
        task_create(case=alice_case, title=title, due_date=day, assignee=alice, acting_user=alice)
    task_create(case=other, title="other case", due_date=days["today"], assignee=alice, acting_user=alice)
    task_create(case=other, title="bob's", due_date=days["today"], assignee=bob, acting_user=bob)
    return alice_case, other


def _titles(client, url, **params):
    response = client.get(url, params)
    return response.status_code, sorted(task.title for task in response.context["page"])


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["late", "next week", "other case", "sunday", "today"]),
        ({"due": "today"}, ["other case", "today"]),
        ({"due": "overdue"}, ["late"]),
        ({"due": "week"}, ["other case", "sunday", "today"]),
        ({"due": "week", "show": "open"}, ["other case", "sunday", "today"]),
    ],
)
def test_my_tasks_filters_by_when_they_are_due(client, sign_in, alice, week_of_tasks, params, expected):
    with time_machine.travel(MONDAY):
        assert _titles(sign_in(client, alice), "/tasks/", **params) == (200, expected)


def test_my_tasks_filters_by_case(client, sign_in, alice, week_of_tasks):
    _first, other = week_of_tasks
    with time_machine.travel(MONDAY):
        assert _titles(sign_in(client, alice), "/tasks/", case=other.reference) == (200, ["other case"])


def test_team_tasks_filter_by_person_case_and_when(client, sign_in, sue, bob, week_of_tasks):
    _first, other = week_of_tasks
    with time_machine.travel(MONDAY):
        sign_in(client, sue)
        assert _titles(client, "/tasks/team/", assignee=bob.pk) == (200, ["bob's"])
        assert _titles(client, "/tasks/team/", case=other.reference, due="today") == (
            200,
            ["bob's", "other case"],
        )


@pytest.mark.parametrize(
    "params",
    [
        {"due": "tomorrow"},
        {"case": "CD-1999-000001"},
        {"show": "everything"},
        {"due": "today", "case": "x" * 500},
    ],
)
def test_a_bad_filter_is_explained_never_a_crash(client, sign_in, sue, week_of_tasks, params):
    with time_machine.travel(MONDAY):
        sign_in(client, sue)
        for url in ("/tasks/", "/tasks/team/"):
            response = client.get(url, params)
            assert response.status_code == 400, (url, params)
            assert response.context["form"].errors
            assert 'class="errors"' in response.content.decode()
        assert client.get("/tasks/team/", {"assignee": "not-a-number"}).status_code == 400


def test_another_teams_case_cannot_be_chosen(client, sign_in, charlie, week_of_tasks):
    first, _other = week_of_tasks
    sign_in(client, charlie)
    response = client.get("/tasks/team/", {"case": first.reference})
    assert response.status_code in (400, 403)
    response = client.get("/tasks/", {"case": first.reference})
    assert response.status_code == 400 and response.context["page"].paginator.count == 0


def test_my_tasks_costs_the_same_queries_however_much_there_is(alice_client, alice, news):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert alice_client.get("/tasks/", {"due": "week"}).status_code == 200
        return len(ctx.captured_queries)

    task_create(title="Lonely", due_date=timezone.localdate(), assignee=alice, acting_user=alice)
    before = queries()
    for n in range(5):
        case = make_case(fee_earner=alice)
        _update(_claim(case, f"OIC-9{n}"), "Status now Pending-Medical")
        task_create(
            case=case, title=f"Task {n}", due_date=timezone.localdate(), assignee=alice, acting_user=alice
        )
    assert queries() == before

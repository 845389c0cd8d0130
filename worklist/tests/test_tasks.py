import datetime as dt

import time_machine

from worklist.models import Task
from worklist.services import task_create


def test_a_task_due_in_business_days_skips_bank_holidays(client, sign_in, alice, alice_case):
    with time_machine.travel(dt.datetime(2026, 12, 23, 12, 0, tzinfo=dt.UTC)):
        sign_in(client, alice)
        response = client.post(
            f"/cases/{alice_case.reference}/tasks/",
            {"title": "Chase the medical report", "assignee": alice.pk, "due_in_business_days": "3"},
        )
    assert response.status_code == 302
    task = Task.objects.get()
    assert task.due_date == dt.date(2026, 12, 30)  # 24th, then 25/28 Dec holidays: 29th, 30th
    assert task.team == alice_case.team


def test_a_task_needs_exactly_one_way_of_saying_when(alice_client, alice, alice_case):
    url = f"/cases/{alice_case.reference}/tasks/"
    neither = alice_client.post(url, {"title": "X", "assignee": alice.pk})
    both = alice_client.post(
        url, {"title": "X", "assignee": alice.pk, "due_date": "2026-12-01", "due_in_business_days": "2"}
    )
    assert neither.status_code == both.status_code == 400
    assert not Task.objects.exists()


def test_tasks_cannot_go_to_another_team(alice_client, alice_case, charlie):
    response = alice_client.post(
        f"/cases/{alice_case.reference}/tasks/",
        {"title": "X", "assignee": charlie.pk, "due_date": "2026-12-01"},
    )
    assert response.status_code == 400
    assert not Task.objects.exists()


def test_overdue_tasks_are_flagged_and_can_be_done(client, sign_in, alice, alice_case):
    with time_machine.travel(dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)):
        alice_client = sign_in(client, alice)
        task = task_create(
            case=alice_case, title="Late", due_date=dt.date(2026, 11, 20), assignee=alice, acting_user=alice
        )
        assert task.is_overdue
        page = alice_client.get("/tasks/").content.decode()
        assert 'class="overdue' in page and "Late" in page
        alice_client.post(f"/tasks/{task.pk}/done/")
    task.refresh_from_db()
    assert task.status == Task.Status.DONE and task.completed_by == alice
    assert alice_case.events.filter(kind="task.completed").exists()


def test_a_task_set_by_someone_else_is_bold_until_opened(alice_client, alice, bob, alice_case):
    task = task_create(
        case=alice_case, title="From Bob", due_date=dt.date(2030, 1, 1), assignee=alice, acting_user=bob
    )
    assert task.is_unread
    assert 'class=" unread"' in alice_client.get("/tasks/").content.decode()
    alice_client.get(f"/tasks/{task.pk}/")
    task.refresh_from_db()
    assert not task.is_unread


def test_the_supervisor_view_lists_the_whole_team(client, sign_in, sue, alice, bob, alice_case, charlie):
    for user in (alice, bob):
        task_create(
            title=f"For {user.username}", due_date=dt.date(2030, 1, 1), assignee=user, acting_user=user
        )
    task_create(title="Bravo's", due_date=dt.date(2030, 1, 1), assignee=charlie, acting_user=charlie)
    sign_in(client, sue)
    titles = {t.title for t in client.get("/tasks/team/").context["page"]}
    assert titles == {"For alice", "For bob"}


def test_another_teams_task_cannot_be_completed(client, sign_in, alice, charlie):
    task = task_create(title="Bravo's", due_date=dt.date(2030, 1, 1), assignee=charlie, acting_user=charlie)
    sign_in(client, alice)
    assert client.post(f"/tasks/{task.pk}/done/").status_code == 404
    task.refresh_from_db()
    assert task.is_open

"""Every dashboard figure against hand-built data: counts, days and amounts, and its list agrees."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from cases.models import Case
from cases.services import case_event_record, note_add
from lib.audit import change
from lib.business_days import add_business_days
from supervision.selectors.dashboard import dashboard_build
from supervision.selectors.measures import local_midnight, week_end
from supervision.selectors.scope import scope_for
from supervision.tests.builders import age_history, at, make_claim, portal_task, status_of, task
from tests import factories
from valuation.services import case_valuation

LIABILITY_WAIT = dict(stage="Liability", next_actor="compensator")
MEDICAL_US = dict(stage="Medical", next_actor="us")


def _case(user, **kwargs):
    return factories.make_case(fee_earner=user, **kwargs)


def _stage(data, stage, portal="oic"):
    rows = next(p for p in data["portals"] if p["portal"] == portal)["stages"]
    return next(s for s in rows if s["stage"] == stage)


def _list_count(client, key, **params):
    response = client.get(f"/supervision/lists/{key}/", params)
    assert response.status_code == 200
    return response.context["page"].paginator.count


@pytest.fixture
def sue_client(client, sue, sign_in):
    return sign_in(client, sue)


def test_claims_by_stage_ageing_and_past_the_deadline(alice, bob, sue, charlie, sue_client):
    now = timezone.now()
    waiting = status_of("oic", **LIABILITY_WAIT)
    late = make_claim(
        _case(alice), waiting, since=now - dt.timedelta(days=9), liability_deadline=now - dt.timedelta(days=1)
    )
    make_claim(_case(bob), waiting, since=now - dt.timedelta(days=4))
    decided = make_claim(
        _case(alice), waiting, since=now - dt.timedelta(days=2), liability_deadline=now - dt.timedelta(days=3)
    )
    decided.liability_decision = "Admitted"
    decided.save()
    medical = status_of("oic", **MEDICAL_US)
    overdue_action = make_claim(_case(alice), medical, since=now - dt.timedelta(days=20))
    portal_task(
        overdue_action.case,
        overdue_action,
        due=timezone.localdate(),
        deadline=timezone.localdate() - dt.timedelta(days=1),
    )
    in_time = make_claim(_case(bob), medical, since=now - dt.timedelta(days=10))
    portal_task(
        in_time.case, in_time, due=timezone.localdate(), deadline=timezone.localdate() + dt.timedelta(days=1)
    )
    make_claim(_case(alice), status_of("oic", stage="Closed"), since=now - dt.timedelta(days=50))
    _case(alice)  # not submitted yet
    make_claim(_case(charlie), waiting, since=now - dt.timedelta(days=300))  # another team: never counted

    data = dashboard_build(scope_for(sue))

    liability = _stage(data, "Liability")
    assert (liability["claims"], liability["median_days"], liability["worst_days"]) == (3, 4, 9)
    assert liability["past_deadline"] == 1
    medical_row = _stage(data, "Medical")
    assert (medical_row["claims"], medical_row["median_days"], medical_row["worst_days"]) == (2, 15, 20)
    assert medical_row["past_deadline"] == 1
    oic = data["portals"][0]
    assert oic["total"] == 5 and oic["not_submitted"] == 1
    assert data["liability_overdue"] == 1
    assert _list_count(sue_client, "stage", portal="oic", stage="Liability") == 3
    assert _list_count(sue_client, "past_deadline", portal="oic", stage="Liability") == 1
    assert _list_count(sue_client, "past_deadline", portal="oic", stage="Medical") == 1
    assert _list_count(sue_client, "liability_overdue") == 1
    assert _list_count(sue_client, "not_submitted", portal="oic") == 1
    rows = sue_client.get("/supervision/lists/liability_overdue/").context["lines"]
    assert rows[0][0] == late.case


def test_a_fee_earner_sees_the_same_figures_for_her_own_cases(alice, bob, sue):
    now = timezone.now()
    waiting = status_of("oic", **LIABILITY_WAIT)
    make_claim(_case(alice), waiting, since=now - dt.timedelta(days=3))
    make_claim(_case(bob), waiting, since=now - dt.timedelta(days=7))
    mine = dashboard_build(scope_for(alice))
    team = dashboard_build(scope_for(sue))
    assert _stage(mine, "Liability")["claims"] == 1 and _stage(mine, "Liability")["worst_days"] == 3
    assert _stage(team, "Liability")["claims"] == 2 and _stage(team, "Liability")["worst_days"] == 7
    assert mine["whole_team"] is False and team["whole_team"] is True


def test_overdue_and_due_this_week_tasks_per_fee_earner(alice, bob, sue, charlie, sue_client):
    today = timezone.localdate()
    case = _case(alice)
    for due in (today - dt.timedelta(days=1), today - dt.timedelta(days=8)):
        task(case, due=due)
    for due in (today, week_end(today)):
        task(case, due=due)
    task(case, due=week_end(today) + dt.timedelta(days=1))
    task(case, due=today - dt.timedelta(days=3), status="done")
    task(_case(bob), due=today - dt.timedelta(days=2))
    task(_case(charlie), due=today - dt.timedelta(days=2))

    rows = {row["name"]: row for row in dashboard_build(scope_for(sue))["tasks"]}
    assert set(rows) == {"Alice Tester", "Bob Tester"}
    assert (
        rows["Alice Tester"]["overdue"],
        rows["Alice Tester"]["due_this_week"],
        rows["Alice Tester"]["open"],
    ) == (2, 2, 5)
    assert (rows["Bob Tester"]["overdue"], rows["Bob Tester"]["due_this_week"]) == (1, 0)
    assert _list_count(sue_client, "tasks_overdue", fee_earner=alice.pk) == 2
    assert _list_count(sue_client, "tasks_week", fee_earner=alice.pk) == 2
    assert _list_count(sue_client, "tasks_overdue") == 3


def test_claims_waiting_for_complete_submission_more_than_two_business_days(alice, sue, sue_client):
    today = timezone.localdate()
    pending = status_of("oic", awaits_completion=True)
    two_back = add_business_days(today, -2)
    make_claim(
        _case(alice), pending, since=local_midnight(two_back) - dt.timedelta(minutes=1)
    )  # 3 business days
    make_claim(_case(alice), pending, since=local_midnight(two_back) + dt.timedelta(hours=10))  # exactly 2
    make_claim(_case(alice), pending, since=timezone.now())
    assert dashboard_build(scope_for(sue))["pending_new"] == 1
    assert _list_count(sue_client, "pending_new") == 1


def test_dormant_cases_by_30_60_and_90_days(alice, sue, sue_client):
    now = timezone.now()
    very_quiet, quiet, busy, noted, closed = (_case(alice) for _ in range(5))
    age_history(very_quiet, now - dt.timedelta(days=95))
    age_history(quiet, now - dt.timedelta(days=45))
    age_history(noted, now - dt.timedelta(days=95))
    note_add(case=noted, body="Spoke to the client.", acting_user=alice)
    age_history(closed, now - dt.timedelta(days=95))
    Case.objects.filter(pk=closed.pk).update(status=Case.Status.CLOSED)
    dormant = {d["days"]: d["cases"] for d in dashboard_build(scope_for(sue))["dormant"]}
    assert dormant == {30: 2, 60: 1, 90: 1}
    assert _list_count(sue_client, "dormant", days=30) == 2
    assert busy not in sue_client.get("/supervision/lists/dormant/", {"days": 30}).context["page"].object_list


def test_settlements_this_month_against_the_tariff_valuation(alice, sue, sue_client):
    now = timezone.now()
    settled = status_of("oic", stage="Closed", outcome="settled")
    valued_case = factories.make_case(fee_earner=alice, complete=True)
    expected_valuation = case_valuation(valued_case)
    assert expected_valuation.available
    make_claim(valued_case, settled, since=now, settled_amount=Decimal("1234.56"), settled_at=now)
    make_claim(_case(alice), settled, since=now, settled_amount=Decimal("2000.00"), settled_at=now)
    last_month = local_midnight(timezone.localdate().replace(day=1)) - dt.timedelta(days=2)
    make_claim(
        _case(alice), settled, since=last_month, settled_amount=Decimal("999.99"), settled_at=last_month
    )

    figures = dashboard_build(scope_for(sue))["settlements"]
    assert figures["count"] == 2
    assert figures["amount"] == Decimal("3234.56")
    assert figures["valued"] == 1
    assert figures["valued_amount"] == Decimal("1234.56")
    assert figures["valuation_total"] == expected_valuation.total
    assert figures["difference"] == Decimal("1234.56") - expected_valuation.total
    assert _list_count(sue_client, "settled") == 2
    page = sue_client.get("/supervision/").content.decode()
    assert "£3,234.56" in page and "£1,234.56" in page


def test_limitation_bands(alice, sue, sue_client):
    today = timezone.localdate()
    dates = {
        "passed": today - dt.timedelta(days=1),
        "1m": today + dt.timedelta(days=10),
        "3m": today + dt.timedelta(days=62),
        "6m": today + dt.timedelta(days=150),
        None: today + dt.timedelta(days=250),
    }
    for date in dates.values():
        Case.objects.filter(pk=_case(alice).pk).update(
            limitation_date=date, limitation_checked_at=timezone.now()
        )
    Case.objects.filter(pk=_case(alice).pk).update(
        limitation_date=today, lacks_capacity=True, limitation_checked_at=timezone.now()
    )
    Case.objects.filter(pk=_case(alice).pk).update(
        limitation_date=today, status=Case.Status.SETTLED, limitation_checked_at=timezone.now()
    )
    bands = {b["band"]: b["cases"] for b in dashboard_build(scope_for(sue))["limitation"]}
    assert bands == {"passed": 1, "1m": 1, "3m": 1, "6m": 1}
    for band in bands:
        assert _list_count(sue_client, "limitation", band=band) == 1


def _decided(claim, *, started: dt.datetime, decided: dt.datetime, compensator: str):
    claim.completed_at, claim.compensator_name, claim.liability_decision = started, compensator, "Admitted"
    claim.save()
    event = case_event_record(
        case=claim.case,
        kind="portal.sync",
        acting_user=None,
        actor_label="Portal sync",
        changes=[change("Portal", "Liability decision", "", "Admitted")],
    )
    type(event)._base_manager.filter(pk=event.pk).update(created_at=decided)


def test_time_to_liability_decision_per_compensator(alice, sue, sue_client):
    admitted = status_of("oic", **MEDICAL_US)
    monday = timezone.localdate() - dt.timedelta(days=timezone.localdate().weekday() + 35)  # a Monday
    for compensator, business_days in (("Aviva", 5), ("Aviva", 11), ("Direct Line", 3)):
        claim = make_claim(_case(alice), admitted, since=timezone.now())
        decided_on = add_business_days(monday, business_days)
        _decided(claim, started=at(monday), decided=at(decided_on), compensator=compensator)
    rows = {r["compensator"]: r for r in dashboard_build(scope_for(sue))["liability_times"]}
    assert (rows["Aviva"]["claims"], rows["Aviva"]["median_days"], rows["Aviva"]["worst_days"]) == (2, 8, 11)
    assert (rows["Direct Line"]["claims"], rows["Direct Line"]["median_days"]) == (1, 3)
    assert _list_count(sue_client, "liability_time", compensator="Aviva") == 2

"""Limitation at the edges: leap days, birthdays, capacity, overrides; bank holidays never move it;
escalation tasks raised once each, to the right people, and closed when no longer right."""

import datetime as dt

import pytest
from django.utils import timezone

from cases.models import Case, CaseEvent
from lib.business_days import is_business_day
from lib.errors import Refused
from supervision.limitation import limitation_for, months_before, years_after
from supervision.models import LimitationWarning
from supervision.services.limitation import limitation_escalate, limitation_refresh_due, limitation_set
from supervision.tests.builders import at, make_claim, status_of
from tests import factories
from worklist.models import Task

D = dt.date


@pytest.mark.parametrize(
    ("accident", "expected"),
    [
        (D(2026, 9, 14), D(2029, 9, 14)),  # the anniversary: the accident day itself is not counted
        (D(2024, 2, 29), D(2027, 2, 28)),  # a leap day: 28 February in a common year (Dodds v Walker)
        (D(2025, 2, 28), D(2028, 2, 28)),  # never pushed to the leap day
        (D(2025, 3, 1), D(2028, 3, 1)),
        (D(2023, 12, 25), D(2026, 12, 25)),  # Christmas Day: a bank holiday does not move it
        (D(2023, 5, 6), D(2026, 5, 6)),
    ],
)
def test_three_years_from_the_accident(accident, expected):
    assert limitation_for(accident_date=accident, date_of_birth=D(1980, 1, 1)).date == expected


def test_weekends_and_bank_holidays_do_not_move_the_date():
    # Christmas Day 2026 (a Friday), the spring bank holiday 2027, a Saturday: the date stays put.
    for accident in (D(2023, 12, 25), D(2024, 5, 31), D(2023, 10, 3)):
        date = limitation_for(accident_date=accident, date_of_birth=None).date
        assert not is_business_day(date)
        assert date == D(accident.year + 3, accident.month, accident.day)


@pytest.mark.parametrize(
    ("birth", "accident", "expected"),
    [
        (D(2010, 6, 15), D(2024, 3, 1), D(2031, 6, 15)),  # a child: the 21st birthday
        (D(2006, 6, 15), D(2024, 6, 14), D(2027, 6, 15)),  # the day before the 18th birthday: a child
        (D(2006, 6, 15), D(2024, 6, 15), D(2027, 6, 15)),  # on the 18th birthday: an adult (same date)
        (D(2006, 6, 15), D(2024, 6, 16), D(2027, 6, 16)),  # an adult: from the accident
        (D(2008, 2, 29), D(2020, 5, 1), D(2029, 2, 28)),  # leap-day birthday: 18 on 28/02/2026
        (D(2008, 2, 29), D(2026, 2, 28), D(2029, 2, 28)),  # on that 18th birthday: an adult
        (D(2005, 2, 28), D(2020, 1, 1), D(2026, 2, 28)),
    ],
)
def test_a_child_has_three_years_from_the_18th_birthday(birth, accident, expected):
    assert limitation_for(accident_date=accident, date_of_birth=birth).date == expected


def test_capacity_override_and_missing_dates():
    assert limitation_for(accident_date=D(2025, 1, 1), date_of_birth=None, lacks_capacity=True).date is None
    override = limitation_for(accident_date=D(2025, 1, 1), date_of_birth=None, override=D(2029, 4, 1))
    assert override.date == D(2029, 4, 1) and "date of knowledge" in override.basis
    assert limitation_for(accident_date=None, date_of_birth=D(1990, 1, 1)).date is None


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2029, 8, 31), 6, D(2029, 2, 28)),
        (D(2028, 8, 31), 6, D(2028, 2, 29)),
        (D(2029, 3, 31), 1, D(2029, 2, 28)),
        (D(2029, 1, 15), 3, D(2028, 10, 15)),
        (D(2029, 1, 15), -1, D(2029, 2, 15)),
    ],
)
def test_months_before(day, months, expected):
    assert months_before(day, months) == expected


def test_years_after_a_leap_day():
    assert years_after(D(2024, 2, 29), 4) == D(2028, 2, 29)
    assert years_after(D(2024, 2, 29), 1) == D(2025, 2, 28)


# -- Stored on the case, overridden with a reason, recorded --------------------------------------------


def _with_accident(case: Case, day: dt.date, birth: dt.date | None = None) -> Case:
    case.accident.occurred_at = at(day)
    case.accident.save()
    case.client.date_of_birth = birth
    case.client.save()
    Case.objects.filter(pk=case.pk).update(updated_at=timezone.now())
    return case


def test_the_daily_refresh_stores_the_date_and_records_a_move(alice_case):
    _with_accident(alice_case, D(2025, 3, 1))
    assert limitation_refresh_due() == 1
    alice_case.refresh_from_db()
    assert alice_case.limitation_date == D(2028, 3, 1)
    assert limitation_refresh_due() == 0  # nothing changed since
    _with_accident(alice_case, D(2025, 3, 1), birth=D(2010, 1, 1))  # the client was a child
    assert limitation_refresh_due() == 1
    alice_case.refresh_from_db()
    assert alice_case.limitation_date == D(2031, 1, 1)
    line = CaseEvent.objects.filter(case=alice_case, kind="limitation.changed").get()
    assert line.changes[0]["before"] == "01/03/2028" and line.changes[0]["after"] == "01/01/2031"


def test_an_override_needs_a_reason_and_is_recorded(alice_case, alice):
    _with_accident(alice_case, D(2025, 3, 1))
    with pytest.raises(Refused):
        limitation_set(
            case=alice_case,
            override=D(2029, 1, 1),
            override_reason=" ",
            lacks_capacity=False,
            acting_user=alice,
        )
    limitation_set(
        case=alice_case,
        override=D(2029, 1, 1),
        override_reason="Date of knowledge: diagnosis on 01/01/2026",
        lacks_capacity=False,
        acting_user=alice,
    )
    alice_case.refresh_from_db()
    assert alice_case.limitation_date == D(2029, 1, 1)
    line = CaseEvent.objects.filter(case=alice_case, kind="limitation.changed").get()
    assert line.actor == alice
    assert {row["field"] for row in line.changes} >= {"Limitation date (override)", "Limitation date"}


def test_the_case_details_form_saves_limitation(alice_client, alice_case):
    _with_accident(alice_case, D(2025, 3, 1))
    response = alice_client.post(
        f"/supervision/cases/{alice_case.reference}/limitation/",
        {"limitation_override": "", "limitation_override_reason": "", "lacks_capacity": "on"},
    )
    assert response.status_code == 302
    alice_case.refresh_from_db()
    assert alice_case.lacks_capacity and alice_case.limitation_date is None
    page = alice_client.get(f"/cases/{alice_case.reference}/details/").content.decode()
    assert "No limitation period runs while the client lacks capacity" in page


def test_another_team_cannot_set_a_cases_limitation(client, sign_in, charlie, alice_case):
    sign_in(client, charlie)
    response = client.post(f"/supervision/cases/{alice_case.reference}/limitation/", {"lacks_capacity": "on"})
    assert response.status_code == 404


def test_the_case_says_a_portal_claim_does_not_stop_time(alice_client, alice_case):
    _with_accident(alice_case, D(2025, 3, 1))
    make_claim(alice_case, status_of("oic", stage="Liability", next_actor="compensator"))
    page = alice_client.get(f"/cases/{alice_case.reference}/details/").content.decode()
    assert "A claim on the portal does not stop time running" in page
    assert "Weekends and bank holidays do not move the date" in page


# -- Escalation ----------------------------------------------------------------------------------------


def _dated(case: Case, limitation: dt.date) -> Case:
    Case.objects.filter(pk=case.pk).update(limitation_date=limitation, limitation_checked_at=timezone.now())
    case.refresh_from_db()
    return case


def _open_warning_tasks(case):
    return Task.objects.filter(case=case, status=Task.Status.OPEN, limitation_warning__isnull=False)


def test_escalation_at_6_3_and_1_month_once_each(alice_case, alice, sue):
    limitation = D(2029, 9, 14)
    _dated(alice_case, limitation)
    assert limitation_escalate(today=D(2029, 3, 13)).raised == 0  # a day before the 6-month mark
    assert limitation_escalate(today=D(2029, 3, 14)).raised == 1
    assert limitation_escalate(today=D(2029, 3, 15)).raised == 0  # never twice
    six = _open_warning_tasks(alice_case).get()
    assert six.assignee == alice and "14/09/2029" in six.title

    assert limitation_escalate(today=D(2029, 6, 14)).raised == 1
    three = _open_warning_tasks(alice_case).get()
    assert "3 months" in three.title
    six.refresh_from_db()
    assert six.status == Task.Status.CANCELLED  # superseded

    assert limitation_escalate(today=D(2029, 8, 14)).raised == 2  # the fee earner and the supervisor
    tasks = _open_warning_tasks(alice_case)
    assert {t.assignee for t in tasks} == {alice, sue}
    assert all("protective proceedings" in t.title for t in tasks)
    assert limitation_escalate(today=D(2029, 8, 20)).raised == 0


def test_a_case_found_late_gets_only_the_most_urgent_warning(alice_case, sue):
    _dated(alice_case, D(2029, 9, 14))
    assert limitation_escalate(today=D(2029, 9, 1)).raised == 2
    assert set(LimitationWarning.objects.values_list("level", flat=True)) == {"1m"}


def test_warnings_close_when_the_date_moves_or_the_case_closes(alice_case, alice):
    _dated(alice_case, D(2029, 9, 14))
    limitation_escalate(today=D(2029, 4, 1))
    limitation_set(
        case=alice_case,
        override=D(2031, 1, 1),
        override_reason="Date of knowledge",
        lacks_capacity=False,
        acting_user=alice,
    )
    assert not _open_warning_tasks(alice_case).exists()
    assert LimitationWarning.objects.get().closed_at is not None
    assert limitation_escalate(today=D(2029, 4, 2)).raised == 0  # the new date is years away

    other = _dated(factories.make_case(fee_earner=alice), D(2029, 9, 14))
    limitation_escalate(today=D(2029, 4, 1))
    Case.objects.filter(pk=other.pk).update(status=Case.Status.CLOSED)
    assert limitation_escalate(today=D(2029, 4, 2)).closed == 1
    assert not _open_warning_tasks(other).exists()


def test_the_task_on_a_portal_case_prompts_protective_proceedings(alice_case):
    make_claim(alice_case, status_of("oic", stage="Liability", next_actor="compensator"))
    _dated(alice_case, D(2029, 9, 14))
    limitation_escalate(today=D(2029, 8, 20))
    description = _open_warning_tasks(alice_case).first().description
    assert "does not stop time running" in description and "protective proceedings" in description


def test_the_nightly_command_is_idempotent(alice_case, sue):
    from django.core.management import call_command

    _dated(alice_case, timezone.localdate() + dt.timedelta(days=20))
    call_command("supervision_daily", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("supervision_daily", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert LimitationWarning.objects.count() == 2  # the fee earner and the supervisor, once

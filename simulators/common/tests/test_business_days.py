"""Business days in England and Wales."""

from datetime import UTC, date, datetime

import pytest

from simulators.common.business_days import add_business_days, is_business_day


def london(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2024, 12, 25), False),
        (date(2024, 12, 26), False),
        (date(2025, 4, 18), False),
        (date(2025, 4, 21), False),
        (date(2025, 5, 5), False),
        (date(2025, 3, 8), False),
        (date(2025, 3, 10), True),
        (date(2024, 12, 27), True),
    ],
)
def test_weekends_and_bank_holidays_are_not_business_days(day, expected):
    assert is_business_day(day) is expected


def test_thirty_business_days_across_christmas():
    # Fri 20 Dec 2024: Christmas Day, Boxing Day and New Year's Day do not count.
    assert add_business_days(london("2024-12-20T10:00:00"), 30) == london("2025-02-05T10:00:00")


def test_thirty_business_days_across_easter():
    # Tue 1 Apr 2025: Good Friday, Easter Monday and the May Day holiday do not count; BST keeps 10:00 local.
    assert add_business_days(london("2025-04-01T09:00:00"), 30) == london("2025-05-16T09:00:00")


def test_forty_business_days_across_christmas_and_new_year():
    assert add_business_days(london("2024-12-20T10:00:00"), 40) == london("2025-02-19T10:00:00")


def test_counting_starts_the_day_after_even_on_a_holiday():
    assert add_business_days(london("2024-12-25T12:00:00"), 1) == london("2024-12-27T12:00:00")
    assert add_business_days(london("2025-03-08T12:00:00"), 0) == london("2025-03-08T12:00:00")


def test_the_local_wall_clock_time_is_kept_over_a_clock_change():
    # 23:30 UTC on Fri 28 Mar is still Friday in London (GMT); the result is 23:30 BST = 22:30 UTC.
    assert add_business_days(london("2025-03-28T23:30:00"), 1) == london("2025-03-31T22:30:00")

import datetime as dt

import pytest

from lib.business_days import add_business_days, business_days_between, is_business_day


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (dt.date(2026, 11, 20), 1, dt.date(2026, 11, 23)),  # Friday → Monday
        (dt.date(2026, 12, 24), 1, dt.date(2026, 12, 29)),  # Christmas (Fri), Boxing Day substitute (Mon 28)
        (dt.date(2026, 4, 2), 1, dt.date(2026, 4, 7)),  # Good Friday 3 April, Easter Monday 6 April
        (dt.date(2026, 5, 1), 1, dt.date(2026, 5, 5)),  # Early May bank holiday, Monday 4 May
        (dt.date(2026, 11, 23), 0, dt.date(2026, 11, 23)),
        (dt.date(2026, 12, 29), -1, dt.date(2026, 12, 24)),
    ],
)
def test_it_skips_weekends_and_england_and_wales_bank_holidays(start, days, expected):
    assert add_business_days(start, days) == expected


def test_thirty_business_days_across_christmas():
    # 1 Dec 2026 + 30 business days: 22 weekdays in Dec after the 1st, minus 25 and 28 Dec (holidays)
    # = 20, then 1 Jan 2027 is a holiday, so the 10 remaining land on 15 Jan 2027.
    assert add_business_days(dt.date(2026, 12, 1), 30) == dt.date(2027, 1, 15)


def test_scotland_only_holidays_are_business_days():
    assert is_business_day(dt.date(2026, 11, 30))  # St Andrew's Day: a Scottish holiday only
    assert is_business_day(dt.date(2027, 1, 4))  # 2 January substitute: Scotland only


def test_business_days_between_counts_what_add_adds():
    start = dt.date(2026, 12, 18)
    assert business_days_between(start, add_business_days(start, 12)) == 12

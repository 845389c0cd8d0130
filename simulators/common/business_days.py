"""Business days in England and Wales: Monday to Friday, except bank holidays.

The protocol periods (30 business days for a liability decision, and so on) are counted on
the London calendar, so a claim accepted at 23:30 UTC in summer counts from the next day.
Bank holidays come from the offline ``holidays`` package (``UK``, subdivision ``ENG``).
"""

import threading
from datetime import date, datetime, timedelta

import holidays

from simulators.common.timeutil import LONDON

_lock = threading.Lock()
_bank_holidays_by_year: dict[int, frozenset[date]] = {}


def bank_holidays(year: int) -> frozenset[date]:
    """England and Wales bank holidays of one year (cached; safe across threads)."""
    with _lock:
        if year not in _bank_holidays_by_year:
            calendar = holidays.UK(subdiv="ENG", years=year)
            _bank_holidays_by_year[year] = frozenset(calendar.keys())
        return _bank_holidays_by_year[year]


def is_business_day(day: date) -> bool:
    """True on a weekday that is not an England and Wales bank holiday."""
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def add_business_days(instant: datetime, count: int) -> datetime:
    """Return the instant ``count`` business days after ``instant``.

    The result keeps the London wall-clock time of ``instant`` (so a deadline set at
    10:15 falls due at 10:15 local time even across a clock change). The start day
    itself never counts, whether or not it is a business day.
    """
    if count < 0:
        raise ValueError("count must not be negative")
    local = instant.astimezone(LONDON)
    day = local.date()
    remaining = count
    while remaining:
        day += timedelta(days=1)
        if is_business_day(day):
            remaining -= 1
    wall_clock = local.time().replace(tzinfo=None)
    return datetime.combine(day, wall_clock, tzinfo=LONDON).astimezone(instant.tzinfo)

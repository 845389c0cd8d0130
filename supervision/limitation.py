"""The limitation date of a personal injury claim in England & Wales: pure date rules, no database.

Limitation Act 1980 (docs/limitation.md has the sources):

- s.11(4): three years from the date the cause of action accrued (the accident), or from the date of
  knowledge if later (s.14): a fee earner records that as an override, with the reason.
- s.28: a claimant under a disability when the cause accrued (a child, or lacking capacity) has three
  years from the day the disability ends: a child from the 18th birthday; while capacity is lacking no
  period runs at all (the case's flag).
- "Three years from" a day excludes that day (Marren v Dawson Bentley [1961]), so the period ends on
  the anniversary: an accident on 14 September 2026 must be issued by 14 September 2029.
- A day with no anniversary (29 February in a common year) takes the last day of the month,
  28 February: the corresponding date rule of Dodds v Walker [1981] 1 WLR 1027 (HL). It is also the
  earlier of the two readings (the other being 1 March), which is the safe side for a firm: a leap-day
  birthday is taken as 28 February in a common year, so a child born on 29 February 2008 turns 18 on
  28 February 2026 and the period ends on 28 February 2029.
- Weekends and bank holidays never move the date. (Pritam Kaur v S Russell & Sons [1973] lets a claim
  be issued on the next day the court office opens, but courts now take claims online every day; we do
  not rely on it.) The screens say: issue protective proceedings before the date.
"""

import calendar
import datetime as dt
from dataclasses import dataclass

LIMITATION_YEARS = 3
MAJORITY = 18


def years_after(day: dt.date, years: int) -> dt.date:
    """The anniversary of ``day`` ``years`` later; 28 February when the anniversary would be 29th."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a common year: the last day of that month
        return day.replace(year=day.year + years, day=28)


def months_before(day: dt.date, months: int) -> dt.date:
    """The corresponding day ``months`` earlier, or the last day of that month when it has none."""
    index = day.year * 12 + day.month - 1 - months
    year, month = index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Limitation:
    """The date by which proceedings must be issued, and how it was reached (in words, for the screen)."""

    date: dt.date | None
    basis: str


def limitation_for(
    *,
    accident_date: dt.date | None,
    date_of_birth: dt.date | None,
    lacks_capacity: bool = False,
    override: dt.date | None = None,
) -> Limitation:
    """The limitation date of a claim (None when no period runs, or nothing to count from yet)."""
    if lacks_capacity:
        return Limitation(None, "No limitation period runs while the client lacks capacity (s.28).")
    if override is not None:
        return Limitation(override, "Set by the fee earner (for example the date of knowledge, s.14).")
    if accident_date is None:
        return Limitation(None, "Enter the accident date to work out the limitation date.")
    if date_of_birth is not None:
        coming_of_age = years_after(date_of_birth, MAJORITY)
        if accident_date < coming_of_age:
            return Limitation(
                years_after(coming_of_age, LIMITATION_YEARS),
                f"Three years from the client's 18th birthday ({coming_of_age:%d/%m/%Y}): "
                "a child at the accident (s.28).",
            )
    return Limitation(
        years_after(accident_date, LIMITATION_YEARS),
        f"Three years from the accident ({accident_date:%d/%m/%Y}, s.11).",
    )

"""The whiplash tariff: fixed damages for whiplash injuries, by prognosis, for accidents in England and Wales.

Source: the Whiplash Injury Regulations 2021 (SI 2021/642), regulation 2 and its table, for
accidents from 31 May 2021; as substituted by the Whiplash Injury (Amendment) Regulations 2025 for
accidents on or after 31 May 2025. The table is chosen by the date of the accident (when the cause
of action accrued), never by the date of the claim or of the settlement. The amounts are data, in
one place; nothing else in ClaimDesk holds a tariff figure.

Each row covers an injury whose duration (the medical prognosis) is more than the previous row's
months and not more than its own; whiplash lasting more than two years is outside the tariff, and so
is any injury that is not whiplash (valued at common law).
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

# A court may raise the tariff amount by up to this much for exceptional severity or circumstances
# (regulation 3; kept at 20% by the 2025 review).
MAX_UPLIFT_PERCENT = Decimal("20")
MAX_TARIFF_MONTHS = 24


@dataclass(frozen=True)
class Band:
    up_to_months: int
    whiplash: Decimal
    with_psychological: Decimal  # whiplash with minor psychological injury

    @property
    def label(self) -> str:
        return "not more than 3 months" if self.up_to_months == 3 else f"up to {self.up_to_months} months"


@dataclass(frozen=True)
class TariffTable:
    name: str
    applies_from: dt.date
    applies_until: dt.date | None  # last accident day the table covers
    source: str
    bands: tuple[Band, ...]

    def band_for(self, months: int) -> Band | None:
        return next((band for band in self.bands if months <= band.up_to_months), None)


def _bands(rows) -> tuple[Band, ...]:
    return tuple(Band(months, Decimal(whiplash), Decimal(psych)) for months, whiplash, psych in rows)


TABLE_2021 = TariffTable(
    name="2021 tariff",
    applies_from=dt.date(2021, 5, 31),
    applies_until=dt.date(2025, 5, 30),
    source="Whiplash Injury Regulations 2021 (SI 2021/642), reg. 2",
    bands=_bands(
        [
            (3, "240", "260"),
            (6, "495", "520"),
            (9, "840", "895"),
            (12, "1320", "1390"),
            (15, "2040", "2125"),
            (18, "3005", "3100"),
            (24, "4215", "4345"),
        ]
    ),
)

TABLE_2025 = TariffTable(
    name="2025 tariff",
    applies_from=dt.date(2025, 5, 31),
    applies_until=None,
    source="Whiplash Injury (Amendment) Regulations 2025",
    bands=_bands(
        [
            (3, "275", "300"),
            (6, "565", "595"),
            (9, "965", "1025"),
            (12, "1510", "1595"),
            (15, "2335", "2435"),
            (18, "3445", "3550"),
            (24, "4830", "4975"),
        ]
    ),
)

TABLES = (TABLE_2021, TABLE_2025)


def table_for(accident_day: dt.date) -> TariffTable | None:
    """The tariff table for an accident on ``accident_day``; None before the tariff began."""
    for table in TABLES:
        if table.applies_from <= accident_day and (
            table.applies_until is None or accident_day <= table.applies_until
        ):
            return table
    return None

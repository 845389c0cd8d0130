"""Instants on the wire: UTC, ISO 8601, millisecond precision."""

import re
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")

# A '+' in an unencoded query string arrives as a space: "…T09:00:00 01:00".
_SPACE_OFFSET = re.compile(r"(T[\d:.]+) (\d{2}:?\d{2})$")


def truncate_ms(instant: datetime) -> datetime:
    """Drop sub-millisecond digits, so stored and displayed instants are identical."""
    return instant.replace(microsecond=instant.microsecond // 1000 * 1000)


def format_instant(instant: datetime) -> str:
    """Format as ISO 8601 in UTC with milliseconds, e.g. ``2025-03-03T09:00:00.000Z``.

    The fixed width makes the stored text sort in time order, which the indexes rely on.
    """
    utc = instant.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def parse_instant(text: str) -> datetime:
    """Parse an ISO 8601 instant (extended or basic form) into an aware UTC datetime.

    A value without an offset is taken as UTC. NAHL's integration sends
    ``20191001T000000.000 GMT``, so a trailing " GMT" is accepted too.
    Raises ``ValueError`` for anything else.
    """
    cleaned = text.strip()
    if cleaned.endswith(" GMT"):
        cleaned = cleaned[:-4]
    if cleaned[-1:] in ("Z", "z"):
        cleaned = cleaned[:-1] + "+00:00"
    cleaned = _SPACE_OFFSET.sub(r"\1+\2", cleaned)
    value = datetime.fromisoformat(cleaned)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def london_date(instant: datetime) -> date:
    """The calendar date in England at that instant."""
    return instant.astimezone(LONDON).date()

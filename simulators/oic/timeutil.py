"""Instants on the wire: UTC, ISO 8601, millisecond precision (and the Pega form of the evidence shape)."""

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


# The form NAHL's integration sends ("20191001T000000.000 GMT"), strictly.
_PEGA = re.compile(r"^(\d{8})T(\d{6})\.(\d{3}) GMT$")
_CLOCK_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d):([0-5]\d)$")


def format_pega(instant: datetime) -> str:
    """Format as ``yyyyMMdd'T'HHmmss.fff GMT`` in UTC, e.g. ``20250303T090000.000 GMT``."""
    utc = instant.astimezone(UTC)
    return utc.strftime("%Y%m%dT%H%M%S.") + f"{utc.microsecond // 1000:03d} GMT"


def pega_from_stamp(stamp: str | None) -> str | None:
    """A stored ISO stamp (``format_instant`` output) in the Pega form; None stays None."""
    return None if stamp is None else format_pega(parse_instant(stamp))


def parse_pega(text: str) -> datetime:
    """Parse exactly ``yyyyMMdd'T'HHmmss.fff GMT`` as UTC; raise ``ValueError`` for anything else."""
    match = _PEGA.match(text.strip())
    if match is None:
        raise ValueError(f"{text!r} is not in the form yyyyMMdd'T'HHmmss.fff GMT")
    day, time_of_day, millis = match.groups()
    value = datetime.strptime(day + time_of_day, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    return value.replace(microsecond=int(millis) * 1000)


def parse_clock_time(text: str) -> tuple[int, int, int]:
    """``HH:mm:ss`` as (hours, minutes, seconds); raise ``ValueError`` for anything else."""
    match = _CLOCK_TIME.match(text.strip())
    if match is None:
        raise ValueError(f"{text!r} is not a time of day in the form HH:mm:ss")
    hours, minutes, seconds = (int(part) for part in match.groups())
    return hours, minutes, seconds

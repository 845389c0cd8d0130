"""Instants in Pega's ``yyyyMMdd'T'HHmmss.fff GMT`` form and clock times, as the evidence shape uses them."""

import re
from datetime import UTC, datetime

from simulators.common.timeutil import parse_instant

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

"""The simulated clock: real time plus a persisted offset, or a frozen instant.

Everything time-based in the simulator (token expiry, processing delay, deadlines, due
events, the HTTP Date header) reads this clock, so tests and demos can move a claim
through weeks of portal time in a few requests.
"""

import threading
from datetime import UTC, datetime, timedelta

from simulators.common.business_days import add_business_days
from simulators.common.store import Store
from simulators.common.timeutil import format_instant, parse_instant, truncate_ms

META_KEY = "clock"


class SimClock:
    """Portal time. Changes are persisted so they survive a restart."""

    def __init__(self, store: Store):
        self._store = store
        self._lock = threading.Lock()
        self._offset = timedelta(0)
        self._frozen_at: datetime | None = None
        self.load()

    def load(self) -> None:
        """Read the persisted state (after a reset or at start-up)."""
        state = self._store.get_meta(META_KEY, {})
        with self._lock:
            self._offset = timedelta(microseconds=state.get("offsetMicroseconds", 0))
            frozen = state.get("frozenAt")
            self._frozen_at = parse_instant(frozen) if frozen else None

    def now(self) -> datetime:
        """The current portal time, to the millisecond."""
        with self._lock:
            if self._frozen_at is not None:
                return self._frozen_at
            return truncate_ms(datetime.now(UTC) + self._offset)

    def set(self, instant: datetime) -> None:
        """Jump to ``instant`` (frozen there if the clock is frozen, else running from there)."""
        with self._lock:
            if self._frozen_at is not None:
                self._frozen_at = truncate_ms(instant)
            else:
                self._offset = instant - datetime.now(UTC)
        self._save()

    def advance(self, delta: timedelta = timedelta(0), business_days: int = 0) -> None:
        """Move forward by ``business_days`` (England and Wales) and then by ``delta``."""
        target = add_business_days(self.now(), business_days) + delta
        self.set(target)

    def freeze(self, frozen: bool) -> None:
        """Stop the clock at the current instant, or let it run on from there."""
        current = self.now()
        with self._lock:
            if frozen:
                self._frozen_at = current
            else:
                self._frozen_at = None
                self._offset = current - datetime.now(UTC)
        self._save()

    def reset(self) -> None:
        """Back to real time, running."""
        with self._lock:
            self._offset = timedelta(0)
            self._frozen_at = None
        self._save()

    def state(self) -> dict:
        """The clock as the control API shows it."""
        now = self.now()
        with self._lock:
            frozen = self._frozen_at is not None
            offset = self._offset
        return {
            "now": format_instant(now),
            "frozen": frozen,
            "offsetSeconds": 0 if frozen else round(offset.total_seconds(), 3),
        }

    def _save(self) -> None:
        with self._lock:
            state = {
                "offsetMicroseconds": self._offset // timedelta(microseconds=1),
                "frozenAt": format_instant(self._frozen_at) if self._frozen_at else None,
            }
        self._store.set_meta(META_KEY, state)

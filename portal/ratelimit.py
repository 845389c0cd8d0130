"""Pacing calls to a portal: at most N requests a second, and a shared pause when it says 429.

One gate per process and portal connection, shared by every thread of the nightly sync, so the
sync never outruns the portal's limit (which would waste requests on 429s) and backs off as one
when the portal asks it to slow down.
"""

import threading
import time
from collections.abc import Callable


class RateGate:
    def __init__(
        self,
        per_second: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ):
        if per_second <= 0:
            raise ValueError("per_second must be positive")
        self.interval = 1.0 / per_second
        self.clock, self.sleep = clock, sleep
        self._next = 0.0
        self._lock = threading.Lock()

    def wait(self) -> None:
        """Block until this caller may send its request."""
        with self._lock:
            now = self.clock()
            slot = max(now, self._next)
            self._next = slot + self.interval
        if slot > now:
            self.sleep(slot - now)

    def pause(self, seconds: float) -> None:
        """Nobody sends for ``seconds`` (the portal's Retry-After)."""
        with self._lock:
            self._next = max(self._next, self.clock() + seconds)


_gates: dict[tuple[str, float], RateGate] = {}
_gates_lock = threading.Lock()


def gate_for(name: str, per_second: float) -> RateGate:
    with _gates_lock:
        return _gates.setdefault((name, per_second), RateGate(per_second))

"""Request counters for benchmarks and tests (``GET /_sim/stats``), kept in memory."""

import threading
from collections import Counter, defaultdict
from datetime import datetime

from simulators.common.timeutil import format_instant


class Stats:
    """Counts portal requests per route template and outcome."""

    def __init__(self, now: datetime):
        self._lock = threading.Lock()
        self.reset(now)

    def reset(self, now: datetime) -> None:
        """Start counting afresh."""
        with self._lock:
            self._since = format_instant(now)
            self._routes: dict[str, Counter] = defaultdict(Counter)
            self._totals: Counter = Counter()

    def record(self, route: str, outcome: str, fault: str | None = None) -> None:
        """One request: ``route`` like ``GET /api/v1/claims/{claimID}``, ``outcome`` a status or "dropped"."""
        with self._lock:
            self._routes[route][outcome] += 1
            self._totals["requests"] += 1
            if route.endswith(" /oauth/token"):
                self._totals["tokenRequests"] += 1
            if outcome == "429":
                self._totals["rateLimited"] += 1
            if fault:
                self._totals[f"fault:{fault}"] += 1

    def snapshot(self) -> dict:
        """The counters as JSON."""
        with self._lock:
            faults = {
                key.removeprefix("fault:"): value
                for key, value in self._totals.items()
                if key.startswith("fault:")
            }
            return {
                "since": self._since,
                "totalRequests": self._totals["requests"],
                "tokenRequests": self._totals["tokenRequests"],
                "rateLimited": self._totals["rateLimited"],
                "faults": faults,
                "routes": {route: dict(outcomes) for route, outcomes in sorted(self._routes.items())},
            }

"""A circuit breaker per portal: after repeated failures, stop calling for a while.

While open, calls fail at once with PortalCircuitOpen (so pages stay fast and the sync does not
hammer a portal that is down); after the cool-off one call is let through, and its success closes
the circuit. State lives in Django's cache, shared by every process when the cache is Redis.
"""

import time

from django.core.cache import cache

from portal.errors import PortalCircuitOpen

FAILURE_THRESHOLD = 5
RESET_SECONDS = 60


class CircuitBreaker:
    def __init__(
        self, name: str, *, threshold: int = FAILURE_THRESHOLD, reset_seconds: float = RESET_SECONDS
    ):
        self.key = f"portal-breaker:{name}"
        self.threshold = threshold
        self.reset_seconds = reset_seconds

    @classmethod
    def for_portal(cls, portal: str) -> "CircuitBreaker":
        return cls(portal)

    def state(self) -> dict:
        return cache.get(self.key) or {"failures": 0, "open_until": 0.0, "since": None}

    def is_open(self) -> bool:
        return self.state()["open_until"] > time.time()

    def failing_since(self) -> float | None:
        """When the current run of failures began (a Unix time), or None when the portal answers."""
        return self.state().get("since")

    def before_call(self) -> None:
        remaining = self.state()["open_until"] - time.time()
        if remaining > 0:
            raise PortalCircuitOpen(
                f"The portal has not been answering; ClaimDesk will try it again in {int(remaining) + 1} s.",
                retry_after=remaining,
            )

    def record_success(self) -> None:
        if self.state()["failures"]:
            cache.delete(self.key)

    def record_failure(self) -> None:
        state = self.state()
        state["failures"] += 1
        state["since"] = state.get("since") or time.time()
        if state["failures"] >= self.threshold:
            state["open_until"] = time.time() + self.reset_seconds
        cache.set(self.key, state, timeout=int(self.reset_seconds * 10))

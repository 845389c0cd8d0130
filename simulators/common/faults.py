"""Faults on demand for the portal API (``/oauth/token`` and ``/api/v1/*``), off by default.

Two kinds:

* Standing switches (``PUT /_sim/faults``): latency with jitter, a 5xx error rate, a
  timeout rate, a "commit then drop the response" rate, a token revocation rate, a
  "hold before processing" (slow commit) rate and a per-client token-bucket rate limit.
  Random draws come from one ``random.Random(seed)``, one draw per switch per request in a
  fixed order, so a run is reproducible. The slow-commit draw is taken only while its rate
  is above 0, so runs seeded before it existed draw exactly as they did.
* One-shot rules (``POST /_sim/faults/next``): the next N requests matching a method and a
  path regex get a given fault. Tests use these for exact, deterministic failures.
"""

import math
import random
import re
import threading
import time
from dataclasses import dataclass

from simulators.common.config import Settings
from simulators.common.store import Store

META_KEY = "faults"
KINDS = ("error", "timeout", "rate_limit", "drop_before_commit", "drop_after_commit", "slow_commit")


@dataclass(frozen=True)
class FaultSettings(Settings):
    """The standing fault switches; rates are probabilities in [0, 1]."""

    latency_ms: int = 0
    latency_jitter_ms: int = 0
    error_rate: float = 0.0
    error_status: int = 503
    timeout_rate: float = 0.0
    timeout_seconds: float = 30.0
    drop_after_commit_rate: float = 0.0
    token_revocation_rate: float = 0.0
    rate_limit_per_second: float = 0.0
    rate_limit_burst: int = 10
    slow_commit_rate: float = 0.0
    slow_commit_seconds: float = 5.0
    seed: int | None = None

    def checked(self, key: str, name: str, value: object, problems: list[str]) -> object:
        """``value`` if the switch exists and the value suits it."""
        rule = _RULES.get(name)
        if rule is None:
            problems.append(f"{key}: unknown fault setting")
        elif not rule(value):
            problems.append(f"{key}: {_EXPLAIN[name]}")
        return value


def _number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _rate(value) -> bool:
    return _number(value) and 0 <= value <= 1


def _count(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


_RULES = {
    "latency_ms": _count,
    "latency_jitter_ms": _count,
    "error_rate": _rate,
    "error_status": lambda value: isinstance(value, int) and 500 <= value <= 599,
    "timeout_rate": _rate,
    "timeout_seconds": lambda value: _number(value) and 0 < value <= 600,
    "drop_after_commit_rate": _rate,
    "token_revocation_rate": _rate,
    "rate_limit_per_second": lambda value: _number(value) and value >= 0,
    "rate_limit_burst": lambda value: _count(value) and value >= 1,
    "slow_commit_rate": _rate,
    "slow_commit_seconds": lambda value: _number(value) and 0 < value <= 600,
    "seed": lambda value: value is None or (isinstance(value, int) and not isinstance(value, bool)),
}
_EXPLAIN = {
    "error_status": "must be a 5xx status",
    "timeout_seconds": "must be a number of seconds in (0, 600]",
    "slow_commit_seconds": "must be a number of seconds in (0, 600]",
    "rate_limit_burst": "must be an integer >= 1",
    "seed": "must be an integer or null",
    "rate_limit_per_second": "must be a number >= 0 (0 switches the limit off)",
}
for _name in _RULES:
    _EXPLAIN.setdefault(
        _name, "must be a probability in [0, 1]" if _name.endswith("rate") else "must be an integer >= 0"
    )


@dataclass(frozen=True)
class Decision:
    """What to do to one request instead of (or after) answering it normally."""

    kind: str  # one of KINDS, or "revoke_token"
    status: int = 503
    retry_after: int | None = None
    seconds: float = 0.0  # how long a timeout waits, or a slow commit holds the request


@dataclass
class OneShot:
    """A queued deterministic fault."""

    method: str | None
    path: re.Pattern
    decision: Decision
    times: int

    def to_json(self) -> dict:
        """As the control API lists it."""
        rule = {
            "method": self.method,
            "path": self.path.pattern,
            "fault": self.decision.kind,
            "status": self.decision.status,
            "retryAfter": self.decision.retry_after,
            "remaining": self.times,
        }
        if self.decision.kind == "slow_commit":
            rule["delaySeconds"] = self.decision.seconds
        return rule


class TokenBucket:
    """``rate`` requests a second with bursts up to ``burst``, on the real (monotonic) clock."""

    def __init__(self, rate: float, burst: int):
        self.rate = rate
        self.burst = burst
        self.tokens = float(burst)
        self.updated = time.monotonic()

    def take(self) -> float:
        """Spend a token; return 0 if allowed, else the seconds until one is available."""
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens >= 1:
            self.tokens -= 1
            return 0.0
        return (1 - self.tokens) / self.rate


class FaultInjector:
    """Decides, per portal request, whether and how to misbehave."""

    def __init__(self, store: Store):
        self._store = store
        self._lock = threading.Lock()
        self._one_shots: list[OneShot] = []
        self._buckets: dict[str, TokenBucket] = {}
        self.settings = FaultSettings().updated(store.get_meta(META_KEY, {}))
        self._random = random.Random(self.settings.seed)  # noqa: S311 - reproducible faults, not security

    def configure(self, changes: dict) -> FaultSettings:
        """Change the standing switches (persisted); the random sequence restarts from the seed."""
        with self._lock:
            self.settings = self.settings.updated(changes)
            self._random = random.Random(self.settings.seed)  # noqa: S311
            self._buckets.clear()
        self._store.set_meta(META_KEY, self.settings.to_json())
        return self.settings

    def reset(self) -> None:
        """Everything off, no one-shot rules."""
        with self._lock:
            self._one_shots.clear()
        self.configure(FaultSettings().to_json())

    def add_one_shot(self, method: str | None, path: str, decision: Decision, times: int) -> OneShot:
        """Queue a deterministic fault for the next ``times`` matching requests."""
        rule = OneShot(method.upper() if method else None, re.compile(path), decision, times)
        with self._lock:
            self._one_shots.append(rule)
        return rule

    def clear_one_shots(self) -> None:
        """Forget every queued one-shot rule."""
        with self._lock:
            self._one_shots.clear()

    def describe(self) -> dict:
        """Standing switches plus the queued one-shot rules."""
        with self._lock:
            return {**self.settings.to_json(), "next": [rule.to_json() for rule in self._one_shots]}

    def latency(self) -> float:
        """Seconds to delay this request."""
        settings = self.settings
        if not settings.latency_ms and not settings.latency_jitter_ms:
            return 0.0
        with self._lock:
            jitter = self._random.uniform(-settings.latency_jitter_ms, settings.latency_jitter_ms)
        return max(0.0, settings.latency_ms + jitter) / 1000

    def decide(self, method: str, path: str, client_key: str) -> Decision | None:
        """The fault for this request, if any: one-shot rules first, then the rate limit, then chance."""
        with self._lock:
            return self._one_shot(method, path) or self._rate_limited(client_key) or self._chance()

    def _one_shot(self, method: str, path: str) -> Decision | None:
        for rule in self._one_shots:
            if (rule.method in (None, method)) and rule.path.search(path):
                rule.times -= 1
                if rule.times <= 0:
                    self._one_shots.remove(rule)
                return rule.decision
        return None

    def _rate_limited(self, client_key: str) -> Decision | None:
        settings = self.settings
        if settings.rate_limit_per_second <= 0:
            return None
        bucket = self._buckets.get(client_key)
        if bucket is None:
            bucket = self._buckets[client_key] = TokenBucket(
                settings.rate_limit_per_second, settings.rate_limit_burst
            )
        wait = bucket.take()
        if wait == 0:
            return None
        return Decision("rate_limit", 429, max(1, math.ceil(wait)))

    def _chance(self) -> Decision | None:
        settings = self.settings
        draws = [self._random.random() for _ in range(4)]  # always four draws: reproducible across switches
        if settings.slow_commit_rate > 0:
            draws.append(self._random.random())
        if draws[0] < settings.error_rate:
            return Decision("error", settings.error_status)
        if draws[1] < settings.timeout_rate:
            return Decision("timeout", seconds=settings.timeout_seconds)
        if draws[2] < settings.drop_after_commit_rate:
            return Decision("drop_after_commit")
        if draws[3] < settings.token_revocation_rate:
            return Decision("revoke_token")
        if settings.slow_commit_rate > 0 and draws[4] < settings.slow_commit_rate:
            return Decision("slow_commit", seconds=settings.slow_commit_seconds)
        return None

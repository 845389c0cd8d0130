"""What can go wrong talking to a portal: one small family, each saying whether a retry can help.

    PortalError
    ├── PortalNotConfigured   settings missing (URL, client id or secret): an administrator must act
    ├── PortalUnavailable     timeouts, connection errors, 5xx, 429: retryable (``retry_after`` when told)
    │   ├── PortalOutcomeUnknown  a write was sent but no answer came: it may have been applied,
    │   │                         so reconcile (look it up) before any retry
    │   └── PortalCircuitOpen     we stopped calling after repeated failures; it resumes by itself
    ├── PortalAuthError       credentials refused even after a fresh token: an administrator must act
    ├── PortalRejected        the portal refused this request (4xx): permanent for this payload
    │   ├── PortalNotFound        404
    │   └── PortalConflict        409 (e.g. "still processing", "invalid status", duplicate reference)
    └── PortalBadResponse     the answer did not have the shape we expect

Each error keeps the HTTP status, the portal's error code and request id, and a short excerpt of
the body for logs — never the request's credentials.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldProblem:
    """One field the portal refused, with the portal's own path (e.g. ``claimant.phoneNumber``)."""

    field: str
    code: str
    message: str


class PortalError(Exception):
    retryable = False

    def __init__(
        self,
        message: str,
        *,
        status_code: int | None = None,
        code: str = "",
        request_id: str = "",
        body_excerpt: str = "",
    ):
        super().__init__(message)
        self.message = message
        self.status_code = status_code
        self.code = code
        self.request_id = request_id
        self.body_excerpt = body_excerpt[:300]

    def __str__(self) -> str:
        parts = [f"[request {self.request_id}]"] if self.request_id else []
        if self.status_code:
            parts.append(f"HTTP {self.status_code}")
        if self.code:
            parts.append(self.code)
        parts.append(self.message)
        return " ".join(parts)


class PortalNotConfigured(PortalError):
    pass


class PortalUnavailable(PortalError):
    retryable = True

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs):
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class PortalOutcomeUnknown(PortalUnavailable):
    pass


class PortalCircuitOpen(PortalUnavailable):
    pass


class PortalAuthError(PortalError):
    pass


class PortalRejected(PortalError):
    def __init__(self, message: str, *, problems: list[FieldProblem] | None = None, **kwargs):
        super().__init__(message, **kwargs)
        self.problems = problems or []


class PortalNotFound(PortalRejected):
    pass


class PortalConflict(PortalRejected):
    def __init__(
        self, message: str, *, retry_after: float | None = None, details: dict | None = None, **kwargs
    ):
        super().__init__(message, **kwargs)
        self.retry_after = retry_after
        self.details = details or {}


class PortalBadResponse(PortalError):
    pass

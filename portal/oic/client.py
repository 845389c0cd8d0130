"""The OIC portal API client: one method per endpoint of the contract in simulators/oic/openapi.yaml.

Everything HTTP-specific stays here. Responses are parsed into portal.base types (oic.schemas);
failures become the portal.errors family, mapped once in ``_request``:

- timeouts and connection failures: PortalUnavailable, or PortalOutcomeUnknown for a write that may
  have reached the portal; 5xx likewise; 429 is PortalUnavailable with the portal's Retry-After;
- 401 after one token refresh: PortalAuthError; 404: PortalNotFound; 409: PortalConflict;
  other 4xx: PortalRejected with the portal's field problems.

Only reads are retried here (bounded, with jittered backoff); writes are never resent blindly —
the services look on the portal for a write's effect before sending it again.
"""

import base64
import datetime as dt
import email.utils
import random
import time
from collections.abc import Callable

import httpx

from portal import errors
from portal.base import (
    Attachment,
    AttachmentRef,
    ChangesPage,
    ClaimState,
    Message,
    MessageRef,
)
from portal.breaker import CircuitBreaker
from portal.oic import schemas
from portal.ratelimit import RateGate
from portal.tokens import Token, TokenSource

DEFAULT_TIMEOUT = httpx.Timeout(10.0, connect=5.0)
DOCUMENT_TIMEOUT = httpx.Timeout(120.0, connect=5.0)
MAX_RETRIES = 2
MAX_RETRY_AFTER = 30.0
USER_AGENT = "ClaimDesk/1.0 (+OIC integration)"


def backoff_seconds(attempt: int, *, rng: Callable[[], float] = random.random) -> float:
    """Sleep before retry ``attempt`` (1, 2, ...): 0.5 s doubling, capped at 4 s, jittered into [s/2, s]."""
    ceiling = min(0.5 * 2 ** (attempt - 1), 4.0)
    return ceiling / 2 + rng() * ceiling / 2


def retry_after_seconds(header: str | None) -> float | None:
    """Parse Retry-After (seconds or an HTTP date), clamped to MAX_RETRY_AFTER."""
    if not header:
        return None
    try:
        seconds = float(header)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(header)
        except (TypeError, ValueError):
            return None
        seconds = (when - dt.datetime.now(dt.UTC)).total_seconds()
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)


class _BearerAuth(httpx.Auth):
    """Adds the cached token; on a 401 refreshes it once and resends — never loops."""

    def __init__(self, tokens: TokenSource):
        self.tokens = tokens

    def auth_flow(self, request):
        token = self.tokens.current()
        request.headers["Authorization"] = f"Bearer {token}"
        response = yield request
        if response.status_code == 401:
            request.headers["Authorization"] = f"Bearer {self.tokens.refresh(stale=token)}"
            yield request


class OICClient:
    def __init__(
        self,
        base_url: str,
        *,
        client_id: str,
        client_secret: str,
        connection_pk: int,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        transport: httpx.BaseTransport | None = None,
        breaker: CircuitBreaker | None = None,
        sleep: Callable[[float], None] = time.sleep,
        max_retries: int = MAX_RETRIES,
        gate: RateGate | None = None,
    ):
        if not base_url or not client_id or not client_secret:
            raise errors.PortalNotConfigured(
                "The OIC connection is not set up: an administrator must enter URL, CLIENTID and "
                "CLIENTSECRET."
            )
        self._credentials = (client_id, client_secret)
        self.tokens = TokenSource(connection_pk, self.fetch_token)
        self.breaker = breaker or CircuitBreaker(f"oic:{connection_pk}")
        self.sleep = sleep
        self.max_retries = max_retries
        self.gate = gate
        self._http = httpx.Client(
            base_url=base_url.rstrip("/") + "/",
            timeout=timeout,
            transport=transport,
            headers={"Accept": "application/json", "User-Agent": USER_AGENT},
            follow_redirects=False,
        )
        self._auth = _BearerAuth(self.tokens)

    def close(self) -> None:
        self._http.close()

    # -- Authentication ---------------------------------------------------------------------------

    def fetch_token(self) -> Token:
        """POST /oauth/token (OAuth2 client credentials). Reference: openapi.yaml#/paths/~1oauth~1token"""
        client_id, secret = self._credentials
        form = {
            "grant_type": "client_credentials",
            "scope": "api",
            "client_id": client_id,
            "client_secret": secret,
        }
        if self.gate is not None:
            self.gate.wait()
        try:
            response = self._http.post("oauth/token", data=form)
        except httpx.HTTPError as exc:
            raise errors.PortalUnavailable(
                f"The portal's sign-in service did not answer ({type(exc).__name__})."
            ) from None
        body = _json_or_none(response)
        if response.status_code in (400, 401):
            complaint = (
                (body or {}).get("error_description") or (body or {}).get("error") or response.reason_phrase
            )
            raise errors.PortalAuthError(
                f"The portal refused ClaimDesk's credentials: {complaint}",
                status_code=response.status_code,
                code=(body or {}).get("error", ""),
                request_id=response.headers.get("X-Request-ID", ""),
            )
        self._raise_for_status(response, body, idempotent=True)
        if not isinstance(body, dict) or not isinstance(body.get("access_token"), str):
            raise errors.PortalBadResponse("The portal's token answer has no access_token.")
        lifetime = body.get("expires_in") if isinstance(body.get("expires_in"), int) else 300
        return Token(body["access_token"], dt.datetime.now(dt.UTC) + dt.timedelta(seconds=lifetime))

    # -- Claims -----------------------------------------------------------------------------------

    def create_claim(self, scnf: dict) -> ClaimState:
        """POST /api/v1/claims: send the Small Claim Notification Form (status Pending-New)."""
        return schemas.claim_summary(self._request("POST", "api/v1/claims", json=scnf))

    def search_claims(self, client_reference: str) -> list[ClaimState]:
        """GET /api/v1/claims?clientReference=: our own claim, to recover from a lost answer."""
        body = self._request("GET", "api/v1/claims", params={"clientReference": client_reference})
        return schemas.search_results(body)

    def get_claim(self, claim_id: str) -> ClaimState:
        """GET /api/v1/claims/{claimID}: status, compensator and liability."""
        return schemas.claim_details(self._request("GET", f"api/v1/claims/{_segment(claim_id)}"))

    def complete_submission(self, claim_id: str) -> ClaimState:
        """POST /api/v1/claims/{claimID}/complete-submission (409 claim_processing while processing)."""
        return schemas.claim_details(
            self._request("POST", f"api/v1/claims/{_segment(claim_id)}/complete-submission", json={})
        )

    def withdraw(self, claim_id: str, *, reason: str, motivation: str) -> ClaimState:
        """POST /api/v1/claims/{claimID}/withdraw: the claimant's exit from the portal."""
        body = {"withdrawalReason": reason, "withdrawalMotivation": motivation}
        return schemas.claim_details(
            self._request("POST", f"api/v1/claims/{_segment(claim_id)}/withdraw", json=body)
        )

    # -- Messages and attachments -----------------------------------------------------------------

    def list_messages(self, claim_id: str) -> list[MessageRef]:
        """GET /api/v1/claims/{claimID}/messages"""
        return schemas.message_refs(self._request("GET", f"api/v1/claims/{_segment(claim_id)}/messages"))

    def get_message(self, message_id: str) -> Message:
        """GET /api/v1/messages/{id}"""
        return schemas.message(self._request("GET", f"api/v1/messages/{_segment(message_id)}"))

    def add_message(self, claim_id: str, *, category: str, note: str) -> MessageRef:
        """POST /api/v1/claims/{claimID}/messages"""
        body = {"category": category, "note": note}
        return schemas.message_info(
            self._request("POST", f"api/v1/claims/{_segment(claim_id)}/messages", json=body)
        )

    def list_attachments(self, claim_id: str) -> list[AttachmentRef]:
        """GET /api/v1/claims/{claimID}/attachments (metadata only)"""
        return schemas.attachment_refs(
            self._request("GET", f"api/v1/claims/{_segment(claim_id)}/attachments")
        )

    def get_attachment(self, attachment_id: str) -> Attachment:
        """GET /api/v1/attachments/{id}: the file as base64."""
        path = f"api/v1/attachments/{_segment(attachment_id)}"
        return schemas.attachment(self._request("GET", path, timeout=DOCUMENT_TIMEOUT))

    def add_attachment(
        self, claim_id: str, *, file_name: str, content: bytes, category: str, memo: str, sub_type: str = ""
    ) -> AttachmentRef:
        """POST /api/v1/claims/{claimID}/attachments (base64 fileStream)."""
        body = {
            "fileName": file_name,
            "category": category,
            "memo": memo,
            "fileStream": base64.b64encode(content).decode("ascii"),
        }
        if sub_type:
            body["subType"] = sub_type
        path = f"api/v1/claims/{_segment(claim_id)}/attachments"
        return schemas.attachment_info(self._request("POST", path, json=body, timeout=DOCUMENT_TIMEOUT))

    # -- Change feeds and reference lists ---------------------------------------------------------

    def notifications(
        self,
        *,
        date_from: dt.datetime,
        date_to: dt.datetime | None = None,
        page: int = 1,
        page_size: int = 500,
    ) -> ChangesPage:
        """GET /api/v1/notifications: what changed in [dateFrom, dateTo), oldest first."""
        body, as_of = self._feed("api/v1/notifications", date_from, date_to, page, page_size)
        return schemas.notifications(body, as_of)

    def assignments(
        self,
        *,
        date_from: dt.datetime,
        date_to: dt.datetime | None = None,
        page: int = 1,
        page_size: int = 500,
        claim_id: str | None = None,
    ) -> ChangesPage:
        """GET /api/v1/assignments: actions for the firm (or one claim), by last update, with deadlines."""
        extra = {"claimID": claim_id} if claim_id else {}
        body, as_of = self._feed("api/v1/assignments", date_from, date_to, page, page_size, extra)
        return schemas.assignments(body, as_of)

    def withdrawal_reasons(self) -> list[tuple[str, str]]:
        """GET /api/v1/reference/withdrawal-reasons"""
        return schemas.choices(self._request("GET", "api/v1/reference/withdrawal-reasons"))

    def _feed(self, path, date_from, date_to, page, page_size, extra=None) -> tuple[dict, dt.datetime | None]:
        params = {"dateFrom": _iso(date_from), "page": page, "pageSize": page_size, **(extra or {})}
        if date_to is not None:
            params["dateTo"] = _iso(date_to)
        response_date: list[dt.datetime | None] = []
        body = self._request(
            "GET", path, params=params, on_response=lambda r: response_date.append(_date_of(r))
        )
        return body, response_date[-1] if response_date else None

    # -- The one place HTTP outcomes become results or errors -------------------------------------

    def _request(self, method: str, path: str, *, json=None, params=None, timeout=None, on_response=None):
        idempotent = method == "GET"
        attempt = 0
        while True:
            attempt += 1
            try:
                return self._send_once(
                    method, path, json=json, params=params, timeout=timeout, on_response=on_response
                )
            except errors.PortalUnavailable as exc:
                if exc.status_code == 429 and self.gate is not None:
                    self.gate.pause(exc.retry_after or 1.0)  # every thread slows down, not just this one
                if not idempotent or isinstance(exc, errors.PortalCircuitOpen) or attempt > self.max_retries:
                    raise
                if self.gate is None or exc.status_code != 429:
                    self.sleep(exc.retry_after if exc.retry_after is not None else backoff_seconds(attempt))

    def _send_once(self, method, path, *, json, params, timeout, on_response):
        self.breaker.before_call()
        if self.gate is not None:
            self.gate.wait()
        idempotent = method == "GET"
        try:
            response = self._http.request(
                method,
                path,
                json=json,
                params=params,
                auth=self._auth,
                timeout=timeout or httpx.USE_CLIENT_DEFAULT,
            )
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
            self.breaker.record_failure()
            raise errors.PortalUnavailable(f"Could not reach the portal ({type(exc).__name__}).") from None
        except httpx.HTTPError as exc:
            self.breaker.record_failure()
            kind = errors.PortalUnavailable if idempotent else errors.PortalOutcomeUnknown
            raise kind(f"The portal did not answer ({type(exc).__name__}).") from None
        body = _json_or_none(response)
        self._raise_for_status(response, body, idempotent=idempotent)
        self.breaker.record_success()
        if body is None:
            raise errors.PortalBadResponse("The portal's answer is not JSON.", **_context(response))
        if on_response is not None:
            on_response(response)
        return body

    def _raise_for_status(self, response: httpx.Response, body, *, idempotent: bool) -> None:
        status = response.status_code
        if status < 400:
            return
        context = _context(response)
        detail = body if isinstance(body, dict) else {}
        message = detail.get("message") or detail.get("error_description") or response.reason_phrase
        code = detail.get("error", "") if isinstance(detail.get("error", ""), str) else ""
        if status == 429:
            raise errors.PortalUnavailable(
                "The portal asked ClaimDesk to slow down.",
                retry_after=retry_after_seconds(response.headers.get("Retry-After")) or 1.0,
                code=code,
                **context,
            )
        if status >= 500:
            self.breaker.record_failure()
            kind = errors.PortalUnavailable if idempotent else errors.PortalOutcomeUnknown
            raise kind(f"The portal had a problem ({status}): {message}", code=code, **context)
        self.breaker.record_success()
        if status == 401:
            raise errors.PortalAuthError(
                f"The portal refused the access token: {message}", code=code, **context
            )
        if status == 404:
            raise errors.PortalNotFound(message, code=code, **context)
        if status == 409:
            raise errors.PortalConflict(
                message,
                code=code,
                retry_after=retry_after_seconds(response.headers.get("Retry-After")),
                details=detail,
                **context,
            )
        raise errors.PortalRejected(message, code=code, problems=_problems(detail), **context)


def _problems(detail: dict) -> list[errors.FieldProblem]:
    items = detail.get("errors")
    if not isinstance(items, list):
        return []
    return [
        errors.FieldProblem(str(i.get("field", "")), str(i.get("code", "")), str(i.get("message", "")))
        for i in items
        if isinstance(i, dict)
    ]


def _json_or_none(response: httpx.Response):
    try:
        return response.json()
    except ValueError:
        return None


def _context(response: httpx.Response) -> dict:
    return {
        "status_code": response.status_code,
        "request_id": response.headers.get("X-Request-ID", ""),
        "body_excerpt": response.text[:300],
    }


def _date_of(response: httpx.Response) -> dt.datetime | None:
    header = response.headers.get("Date")
    try:
        return email.utils.parsedate_to_datetime(header) if header else None
    except (TypeError, ValueError):
        return None


def _iso(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def _segment(value: str) -> str:
    """A path segment from an id, refusing anything that could change the path."""
    if not value or any(ch in value for ch in "/?#%\\") or value in {".", ".."}:
        raise errors.PortalRejected(f"{value!r} is not a portal id.")
    return value

"""The OIC portal API client: one method per operation of the endpoint table (portal/oic/endpoints.py).

Everything HTTP-specific stays here. Responses are parsed into portal.base types (oic.schemas);
failures become the portal.errors family, mapped once in ``_raise_for_status``:

- timeouts and connection failures: PortalUnavailable, or PortalOutcomeUnknown for a write that may
  have reached the portal; 5xx likewise; 429 is PortalUnavailable with the portal's Retry-After;
- a refused token (401, or a body saying "Invalid token.", as public integration code checks) is
  refreshed and the call repeated, once per attempt; PortalAuthError when the refusal persists;
- 404: PortalNotFound; 409: PortalConflict; other 4xx: PortalRejected with the portal's field problems.

Reads are retried (bounded, jittered backoff). A write is repeated only where that is known to be
safe: after a refused token (the portal did nothing), or with the same Idempotency-Key, which the
portal answers instead of redoing. Otherwise the services look on the portal before sending again.
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
from portal.oic.endpoints import Endpoint, endpoint_table
from portal.ratelimit import RateGate
from portal.tokens import Token, TokenSource

DEFAULT_TIMEOUT = httpx.Timeout(10.0, connect=5.0)
DOCUMENT_TIMEOUT = httpx.Timeout(120.0, connect=5.0)
MAX_RETRIES = 2
MAX_RETRY_AFTER = 30.0
USER_AGENT = "ClaimDesk/1.0 (+OIC integration)"
INVALID_TOKEN = "Invalid token."  # noqa: S105  # the portal's words, not a secret


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


_ERROR_KEYS = ("message", "Message", "error", "error_description", "errorMessage")


def _token_refused(response: httpx.Response) -> bool:
    """A 401, or an answer whose error text says "Invalid token." (never the text of a note)."""
    if response.status_code == 401:
        return True
    body = _json_or_none(response)
    if isinstance(body, dict):
        return any(INVALID_TOKEN in str(body.get(key, "")) for key in _ERROR_KEYS)
    return INVALID_TOKEN in response.text and (response.status_code >= 400 or isinstance(body, str))


class _TokenRefused(Exception):
    """The portal refused a freshly fetched token too (this attempt is over; the next may refresh again)."""

    def __init__(self, response: httpx.Response):
        super().__init__("token refused")
        self.response = response


class _BearerAuth(httpx.Auth):
    """Adds the cached token; when the portal refuses it, refreshes it once and resends — never loops."""

    requires_response_body = True  # "Invalid token." may come in the body of any answer

    def __init__(self, tokens: TokenSource):
        self.tokens = tokens

    def auth_flow(self, request):
        token = self.tokens.current()
        request.headers["Authorization"] = f"Bearer {token}"
        response = yield request
        if _token_refused(response):
            request.headers["Authorization"] = f"Bearer {self.tokens.refresh(stale=token)}"
            response = yield request
            if _token_refused(response):
                raise _TokenRefused(response)


class OICClient:
    def __init__(
        self,
        base_url: str,
        *,
        client_id: str,
        client_secret: str,
        connection_pk: int,
        endpoints: dict | None = None,
        token_url: str = "",
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
        self.endpoints: dict[str, Endpoint] = endpoint_table(endpoints)
        self._token_url = token_url
        self.tokens = TokenSource(connection_pk, self.fetch_token)
        self.breaker = breaker or CircuitBreaker.for_portal("oic")
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
        """The token operation (OAuth2 client credentials, form-encoded, scope api)."""
        client_id, secret = self._credentials
        form = {
            "grant_type": "client_credentials",
            "scope": "api",
            "client_id": client_id,
            "client_secret": secret,
        }
        if self.gate is not None:
            self.gate.wait()
        url = self._token_url or self.endpoints["token"].url_path()
        try:
            response = self._http.post(url, data=form)
        except httpx.HTTPError as exc:
            raise errors.PortalUnavailable(
                f"The portal's sign-in service did not answer ({type(exc).__name__})."
            ) from None
        body = _json_or_none(response)
        if response.status_code in (400, 401):
            detail = body if isinstance(body, dict) else {}
            complaint = detail.get("error_description") or detail.get("error") or response.reason_phrase
            raise errors.PortalAuthError(
                f"The portal refused ClaimDesk's credentials: {complaint}",
                status_code=response.status_code,
                code=str(detail.get("error", "")),
                request_id=response.headers.get("X-Request-ID", ""),
            )
        self._raise_for_status(response, body, idempotent=True)
        return schemas.token(body)

    # -- Claims -----------------------------------------------------------------------------------

    def create_claim(self, scnf: dict, *, idempotency_key: str) -> ClaimState:
        """Create claim: send the Small Claim Notification Form (status Pending-New)."""
        return schemas.claim_summary(self._call("create_claim", json=scnf, idempotency_key=idempotency_key))

    def search_claims(self, client_reference: str) -> list[ClaimState]:
        """Find our own claim by our reference, to recover from a lost answer."""
        return schemas.search_results(self._call("find_claims", params={"clientReference": client_reference}))

    def get_claim(self, claim_id: str) -> ClaimState:
        """Get Claim Details: status, compensator, liability, claimant, related claims."""
        return schemas.claim_details(self._call("claim_details", claim_id), claim_id)

    def get_claim_raw(self, claim_id: str) -> dict:
        """Get Claim Details as the portal sent it (the stage panel reads offers, reports, packs)."""
        return self._call("claim_details", claim_id)

    def complete_submission(self, claim_id: str, *, idempotency_key: str) -> ClaimState:
        """Complete Submission (409 claim_processing while the portal is still processing)."""
        body = self._call("complete_submission", claim_id, json={}, idempotency_key=idempotency_key)
        return schemas.claim_details(body, claim_id)

    def claim_action(self, operation: str, claim_id: str, body: dict, *, idempotency_key: str) -> ClaimState:
        """A claimant action on a claim that answers with the claim (withdraw …)."""
        return schemas.claim_details(
            self.post(operation, claim_id, body, idempotency_key=idempotency_key), claim_id
        )

    def post(self, operation: str, claim_id: str, body: dict, *, idempotency_key: str) -> dict:
        """Any write on a claim (the stage actions' calls), its answer as the portal sent it."""
        timeout = DOCUMENT_TIMEOUT if "fileStream" in body else None
        return self._call(operation, claim_id, json=body, idempotency_key=idempotency_key, timeout=timeout)

    # -- Messages and attachments -----------------------------------------------------------------

    def list_messages(self, claim_id: str) -> list[MessageRef]:
        return schemas.message_refs(self._call("message_list", claim_id))

    def get_message(self, message_id: str) -> Message:
        return schemas.message(self._call("message", message_id))

    def add_message(self, claim_id: str, *, category: str, note: str, idempotency_key: str) -> str:
        body = {"category": category, "note": note}
        return schemas.created_id(
            self._call("add_message", claim_id, json=body, idempotency_key=idempotency_key)
        )

    def list_attachments(self, claim_id: str) -> list[AttachmentRef]:
        return schemas.attachment_refs(self._call("attachment_list", claim_id))

    def get_attachment(self, attachment_id: str) -> Attachment:
        return schemas.attachment(self._call("attachment", attachment_id, timeout=DOCUMENT_TIMEOUT))

    def add_attachment(
        self,
        claim_id: str,
        *,
        file_name: str,
        content: bytes,
        category: str,
        memo: str,
        sub_type: str,
        idempotency_key: str,
    ) -> str:
        body = {
            "fileName": file_name,
            "category": category,
            "memo": memo,
            "fileStream": base64.b64encode(content).decode("ascii"),
        }
        if sub_type:
            body["subType"] = sub_type
        answer = self._call(
            "add_attachment", claim_id, json=body, idempotency_key=idempotency_key, timeout=DOCUMENT_TIMEOUT
        )
        return schemas.created_id(answer)

    # -- Change feeds and reference lists ---------------------------------------------------------

    def notifications(
        self, *, date_from: dt.datetime, date_to: dt.datetime | None = None, page: int = 1
    ) -> ChangesPage:
        """What changed in [dateFrom, dateTo), oldest first (paged where the portal pages)."""
        params = {"dateFrom": schemas.pega_datetime(date_from), "page": page, "pageSize": 500}
        if date_to is not None:
            params["dateTo"] = schemas.pega_datetime(date_to)
        body, as_of = self._feed("notifications", params)
        return schemas.notifications(body, as_of)

    def assignments(
        self, *, date_from: dt.datetime, date_to: dt.datetime | None = None, page: int = 1, claim_id: str = ""
    ) -> ChangesPage:
        """Actions for the firm from ``date_from`` (dateFrom + timeFrom), with goal and deadline."""
        params = {
            "dateFrom": schemas.pega_datetime(date_from),
            "timeFrom": date_from.astimezone(dt.UTC).strftime("%H:%M:%S"),
            "page": page,
            "pageSize": 500,
        }
        if date_to is not None:
            params["dateTo"] = schemas.pega_datetime(date_to)
        if claim_id:
            params["claimID"] = claim_id
        body, as_of = self._feed("assignments", params)
        return schemas.assignments(body, as_of)

    def withdrawal_reasons(self) -> list[tuple[str, str]]:
        return schemas.choices(self._call("withdrawal_reasons"))

    def _feed(self, operation: str, params: dict) -> tuple[dict, dt.datetime | None]:
        response_date: list[dt.datetime | None] = []
        body = self._call(operation, params=params, on_response=lambda r: response_date.append(_date_of(r)))
        return body, response_date[-1] if response_date else None

    # -- The one place HTTP outcomes become results or errors -------------------------------------

    def _call(
        self,
        operation: str,
        identifier: str | None = None,
        *,
        json=None,
        params=None,
        timeout=None,
        idempotency_key: str = "",
        on_response=None,
    ):
        endpoint = self.endpoints[operation]
        path = endpoint.url_path(_segment(identifier) if identifier is not None else None)
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else {}
        # A read, or a write the portal deduplicates by its key, can be repeated safely.
        repeatable = endpoint.method == "GET" or bool(idempotency_key)
        attempt = 0
        while True:
            attempt += 1
            try:
                return self._send_once(
                    endpoint, path, json, params, headers, timeout, repeatable, on_response
                )
            except _TokenRefused as refused:
                if (
                    attempt > self.max_retries
                ):  # until then repeat: the portal did nothing with a refused token
                    raise errors.PortalAuthError(
                        "The portal keeps refusing ClaimDesk's access token, even a new one.",
                        **_context(refused.response),
                    ) from None
            except errors.PortalUnavailable as exc:
                if exc.status_code == 429 and self.gate is not None:
                    self.gate.pause(exc.retry_after or 1.0)  # every thread slows down, not just this one
                if not repeatable or isinstance(exc, errors.PortalCircuitOpen) or attempt > self.max_retries:
                    raise
                if self.gate is None or exc.status_code != 429:
                    self.sleep(exc.retry_after if exc.retry_after is not None else backoff_seconds(attempt))

    def _send_once(self, endpoint, path, json, params, headers, timeout, repeatable, on_response):
        self.breaker.before_call()
        if self.gate is not None:
            self.gate.wait()
        try:
            response = self._http.request(
                endpoint.method,
                path,
                json=json,
                params=params,
                headers=headers,
                auth=self._auth,
                timeout=timeout or httpx.USE_CLIENT_DEFAULT,
            )
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
            self.breaker.record_failure()
            raise errors.PortalUnavailable(f"Could not reach the portal ({type(exc).__name__}).") from None
        except httpx.HTTPError as exc:
            self.breaker.record_failure()
            kind = errors.PortalUnavailable if endpoint.method == "GET" else errors.PortalOutcomeUnknown
            raise kind(f"The portal did not answer ({type(exc).__name__}).") from None
        body = _json_or_none(response)
        self._raise_for_status(response, body, idempotent=endpoint.method == "GET")
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
        message = str(detail.get("message") or detail.get("error_description") or response.reason_phrase)
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


def _segment(value: str) -> str:
    """A path segment from an id, refusing anything that could change the path."""
    if not value or any(ch in value for ch in "/?#%\\") or value in {".", ".."}:
        raise errors.PortalRejected(f"{value!r} is not a portal id.")
    return value

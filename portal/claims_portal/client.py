"""The Claims Portal API client: one method per operation of the simulator's contract.

Reference: simulators/claims_portal/openapi.yaml (docs/claims-portal-simulator.md). Method and
field names are the public R7 A2A contract's (``addClaim``, ``getClaim``, the workflow methods …);
the paths are the REST shape our simulator gives them, because the current API's endpoint list
is behind CPL's developer-portal login (docs/claims-portal.md).

Every call but the token request carries the bearer token **and** the ``loginAs`` user. Responses
are parsed into portal.base types (claims_portal.schemas); failures become the portal.errors
family, mapped once in ``_raise_for_status``:

- timeouts, connection failures and 5xx: PortalUnavailable, or PortalOutcomeUnknown for a write
  that may have reached the portal; 429 is PortalUnavailable with the portal's Retry-After;
- 401 refreshes the token and repeats the call, once; PortalAuthError when the refusal persists,
  and for a ``loginAs`` user the portal does not accept (an administrator must fix the settings);
- 409 for a stale ``activityEngineGuid`` or a method the phase does not allow: PortalConflict with
  code ``invalid_status`` (the claim moved on); other 409s keep the portal's code;
- 404: PortalNotFound; 413 and other 4xx: PortalRejected, with every field problem the portal lists.

Reads are retried (bounded, jittered backoff). A write is repeated only with the same
Idempotency-Key, which the portal answers instead of redoing (our simulator's contract).
"""

import base64
import datetime as dt
import email.utils
import time
from collections.abc import Callable

import httpx

from portal import errors
from portal.base import Attachment, AttachmentRef, ChangesPage, ClaimState
from portal.breaker import CircuitBreaker
from portal.claims_portal import schemas
from portal.oic.client import backoff_seconds, retry_after_seconds  # the same policy for every portal
from portal.ratelimit import RateGate
from portal.tokens import Token, TokenSource

DEFAULT_TIMEOUT = httpx.Timeout(10.0, connect=5.0)
DOCUMENT_TIMEOUT = httpx.Timeout(120.0, connect=5.0)
MAX_RETRIES = 2
USER_AGENT = "ClaimDesk/1.0 (+Claims Portal integration)"
TOKEN_PATH = "oauth/token"  # noqa: S105  # a path, not a secret
API = "api/v1"
# The portal's answers to a write quoting an old version, or a method the phase does not allow.
MOVED_ON = {"stale_activity_engine_guid", "invalid_phase"}
INVALID_STATUS = "invalid_status"  # what the services read as "the claim has moved on"
LOGIN_AS_REFUSED = {"login_as_required", "login_as_forbidden"}


class _TokenRefused(Exception):
    def __init__(self, response: httpx.Response):
        super().__init__("token refused")
        self.response = response


class _BearerAuth(httpx.Auth):
    """Adds the cached token; a 401 refreshes it once and resends the request, never more."""

    def __init__(self, tokens: TokenSource):
        self.tokens = tokens

    def auth_flow(self, request):
        token = self.tokens.current()
        request.headers["Authorization"] = f"Bearer {token}"
        response = yield request
        if response.status_code == 401:
            request.headers["Authorization"] = f"Bearer {self.tokens.refresh(stale=token)}"
            response = yield request
            if response.status_code == 401:
                raise _TokenRefused(response)


class ClaimsPortalClient:
    def __init__(
        self,
        base_url: str,
        *,
        client_id: str,
        client_secret: str,
        login_as: str,
        connection_pk: int,
        token_url: str = "",
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        transport: httpx.BaseTransport | None = None,
        breaker: CircuitBreaker | None = None,
        sleep: Callable[[float], None] = time.sleep,
        max_retries: int = MAX_RETRIES,
        gate: RateGate | None = None,
    ):
        if not (base_url and client_id and client_secret and login_as):
            raise errors.PortalNotConfigured(
                "The Claims Portal connection is not set up: an administrator must enter URL, CLIENTID, "
                "CLIENTSECRET and loginAs."
            )
        self._credentials = (client_id, client_secret)
        self._token_url = token_url or TOKEN_PATH
        self.tokens = TokenSource(connection_pk, self.fetch_token)
        self.breaker = breaker or CircuitBreaker.for_portal("claims_portal")
        self.sleep, self.max_retries, self.gate = sleep, max_retries, gate
        self._http = httpx.Client(
            base_url=base_url.rstrip("/") + "/",
            timeout=timeout,
            transport=transport,
            headers={"Accept": "application/json", "User-Agent": USER_AGENT, "loginAs": login_as},
            follow_redirects=False,
        )
        self._auth = _BearerAuth(self.tokens)

    def close(self) -> None:
        self._http.close()

    # -- Authentication ---------------------------------------------------------------------------

    def fetch_token(self) -> Token:
        """``POST /oauth/token``: OAuth2 client credentials; the token lives 3600 s (CPL's devportal)."""
        client_id, secret = self._credentials
        form = {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}
        if self.gate is not None:
            self.gate.wait()
        try:
            response = self._http.post(self._token_url, data=form)
        except httpx.HTTPError as exc:
            raise errors.PortalUnavailable(
                f"The Claims Portal's sign-in service did not answer ({type(exc).__name__})."
            ) from None
        body = _json_or_none(response)
        if response.status_code in (400, 401):
            detail = body if isinstance(body, dict) else {}
            complaint = detail.get("error_description") or detail.get("error") or response.reason_phrase
            raise errors.PortalAuthError(
                f"The Claims Portal refused ClaimDesk's credentials: {complaint}",
                status_code=response.status_code,
                code=str(detail.get("error", "")),
                request_id=response.headers.get("X-Request-ID", ""),
            )
        self._raise_for_status(response, body, idempotent=True)
        return schemas.token(body)

    # -- Claims -----------------------------------------------------------------------------------

    def add_claim(self, cnf: dict, *, idempotency_key: str) -> ClaimState:
        """``addClaim``: ``POST /api/v1/claims`` with the CNF → 201 ``{claimInfo}``."""
        body = self._call("POST", f"{API}/claims", json=cnf, idempotency_key=idempotency_key)
        return schemas.claim_info_state(body)

    def search_claims(self, **criteria) -> list[dict]:
        """``searchClaims``: ``GET /api/v1/claims?crReferenceNumber=…&updatedFrom=…`` → list items."""
        params = {key: value for key, value in criteria.items() if value not in (None, "")}
        return schemas.claim_items(self._call("GET", f"{API}/claims", params=params))

    def get_claim(self, application_id: str) -> dict:
        """``getClaim``: ``GET /api/v1/claims/{applicationId}`` → the whole claim document."""
        return schemas.claim_document(self._call("GET", f"{API}/claims/{_segment(application_id)}"))

    def claim_status(self, application_id: str) -> ClaimState:
        """``getClaimsStatus``: the current ``claimInfo`` (its activityEngineGuid is the claim's version)."""
        path = f"{API}/claims/{_segment(application_id)}/status"
        return schemas.claim_info_state(self._call("GET", path))

    def workflow(
        self, application_id: str, method: str, fields: dict, *, version: str, idempotency_key: str
    ) -> ClaimState:
        """A workflow method (``acknowledge…``, ``add…SPF…``, ``set…``, ``exitProcess`` …):
        ``POST /api/v1/claims/{applicationId}/actions/{method}`` with ``{activityEngineGuid, …}``."""
        path = f"{API}/claims/{_segment(application_id)}/actions/{_segment(method)}"
        body = {"activityEngineGuid": version, **fields}
        return schemas.claim_info_state(self._call("POST", path, json=body, idempotency_key=idempotency_key))

    # -- Attachments and printable documents --------------------------------------------------------

    def attachments(self, application_id: str) -> list[AttachmentRef]:
        """``getAttachmentsList``: ``GET /api/v1/claims/{applicationId}/attachments``."""
        path = f"{API}/claims/{_segment(application_id)}/attachments"
        return schemas.attachment_refs(self._call("GET", path))

    def attachment(self, guid: str) -> Attachment:
        """``getAttachment``: ``GET /api/v1/attachments/{guid}``, the file in ``dataAttachmentFileZip``."""
        path = f"{API}/attachments/{_segment(guid)}"
        return schemas.attachment(self._call("GET", path, timeout=DOCUMENT_TIMEOUT))

    def add_attachment(
        self, application_id: str, *, title: str, description: str, file_name: str, content: bytes, key: str
    ) -> str:
        """``addAttachment``: ``POST /api/v1/claims/{applicationId}/attachments`` → ``dataAttachmentGuid``.

        The portal takes up to 4 MB a file and 20 MB a claim (413 / 409 ``attachment_limit_reached``).
        """
        body = {
            "dataAttachmentTitle": title,
            "dataAttachmentDesc": description,
            "dataAttachmentFileName": file_name,
            "dataAttachmentFileZip": base64.b64encode(content).decode("ascii"),
        }
        path = f"{API}/claims/{_segment(application_id)}/attachments"
        answer = self._call("POST", path, json=body, idempotency_key=key, timeout=DOCUMENT_TIMEOUT)
        return schemas.attachment_guid(answer)

    def printable_documents(self, application_id: str) -> list[AttachmentRef]:
        """``getPrintableDocumentsList``: ``GET /api/v1/claims/{applicationId}/documents``."""
        path = f"{API}/claims/{_segment(application_id)}/documents"
        return schemas.printable_refs(self._call("GET", path))

    def printable_document(self, document_id: str) -> bytes:
        """``getPrintableDocument``: ``GET /api/v1/documents/{printableDocumentId}`` → the PDF itself."""
        path = f"{API}/documents/{_segment(document_id)}"
        return self._call("GET", path, timeout=DOCUMENT_TIMEOUT, raw=True)

    # -- Notifications and reference data ------------------------------------------------------------

    def notifications(self) -> tuple[dict, dt.datetime | None]:
        """``getNotificationsList``: ``GET /api/v1/notifications`` (15 days kept), and the portal's time."""
        dated: list[dt.datetime | None] = []
        body = self._call("GET", f"{API}/notifications", on_response=lambda r: dated.append(_date_of(r)))
        return body, dated[-1] if dated else None

    def compensators(self, name: str = "", compensator_type: str = "") -> list[dict]:
        """``searchCompensators``: ``GET /api/v1/compensators?organisationName=&compensatorType=``."""
        params = {"organisationName": name, "compensatorType": compensator_type}
        body = self._call("GET", f"{API}/compensators", params={k: v for k, v in params.items() if v})
        return schemas.compensators(body)

    def reference(self, list_name: str) -> list[tuple[str, str]]:
        """A value list: ``GET /api/v1/reference/{exit-reasons, loss-types, phases, …}``."""
        return schemas.choices(self._call("GET", f"{API}/reference/{_segment(list_name)}"))

    def changes(self, since: dt.datetime) -> tuple[ChangesPage, list[dict]]:
        """Notifications, and the claims updated since ``since`` (``updatedFrom``: our contract's)."""
        body, as_of = self.notifications()
        updated = self.search_claims(updatedFrom=schemas.iso(since), sortField="UpdateDate")
        return schemas.notifications(body, as_of), updated

    # -- The one place HTTP outcomes become results or errors -------------------------------------

    def _call(
        self,
        method: str,
        path: str,
        *,
        json=None,
        params=None,
        timeout=None,
        idempotency_key: str = "",
        on_response=None,
        raw: bool = False,
    ):
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else {}
        repeatable = method == "GET" or bool(idempotency_key)
        attempt = 0
        while True:
            attempt += 1
            try:
                return self._send_once(method, path, json, params, headers, timeout, on_response, raw)
            except _TokenRefused as refused:
                if attempt > self.max_retries:
                    raise errors.PortalAuthError(
                        "The Claims Portal keeps refusing ClaimDesk's access token, even a new one.",
                        **_context(refused.response),
                    ) from None
            except errors.PortalUnavailable as exc:
                if exc.status_code == 429 and self.gate is not None:
                    self.gate.pause(exc.retry_after or 1.0)
                if not repeatable or isinstance(exc, errors.PortalCircuitOpen) or attempt > self.max_retries:
                    raise
                if self.gate is None or exc.status_code != 429:
                    self.sleep(exc.retry_after if exc.retry_after is not None else backoff_seconds(attempt))

    def _send_once(self, method, path, json, params, headers, timeout, on_response, raw):
        self.breaker.before_call()
        if self.gate is not None:
            self.gate.wait()
        try:
            response = self._http.request(
                method,
                path,
                json=json,
                params=params,
                headers=headers,
                auth=self._auth,
                timeout=timeout or httpx.USE_CLIENT_DEFAULT,
            )
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
            self.breaker.record_failure()
            raise errors.PortalUnavailable(
                f"Could not reach the Claims Portal ({type(exc).__name__})."
            ) from None
        except httpx.HTTPError as exc:
            self.breaker.record_failure()
            kind = errors.PortalUnavailable if method == "GET" else errors.PortalOutcomeUnknown
            raise kind(f"The Claims Portal did not answer ({type(exc).__name__}).") from None
        body = None if raw and response.status_code < 400 else _json_or_none(response)
        self._raise_for_status(response, body, idempotent=method == "GET")
        self.breaker.record_success()
        if on_response is not None:
            on_response(response)
        if raw:
            return response.content
        if body is None:
            raise errors.PortalBadResponse("The Claims Portal's answer is not JSON.", **_context(response))
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
                "The Claims Portal asked ClaimDesk to slow down.",
                retry_after=retry_after_seconds(response.headers.get("Retry-After")) or 1.0,
                code=code,
                **context,
            )
        if status >= 500:
            self.breaker.record_failure()
            kind = errors.PortalUnavailable if idempotent else errors.PortalOutcomeUnknown
            raise kind(f"The Claims Portal had a problem ({status}): {message}", code=code, **context)
        self.breaker.record_success()
        if status == 401:
            raise errors.PortalAuthError(f"The Claims Portal refused the access token: {message}", **context)
        if code in LOGIN_AS_REFUSED:
            raise errors.PortalAuthError(
                f"The Claims Portal does not accept the loginAs user: {message}", code=code, **context
            )
        if status == 404:
            raise errors.PortalNotFound(message, code=code, **context)
        if status == 409:
            raise errors.PortalConflict(
                _conflict_message(code, message, detail),
                code=INVALID_STATUS if code in MOVED_ON else code,
                retry_after=retry_after_seconds(response.headers.get("Retry-After")),
                details=detail,
                **context,
            )
        if status == 413:
            limit = detail.get("maxBytes")
            size = f" of up to {_megabytes(limit)}" if isinstance(limit, int) else ""
            message = f"The Claims Portal takes files{size} only: this one is larger."
        raise errors.PortalRejected(message, code=code, problems=_problems(detail), **context)


def _conflict_message(code: str, message: str, detail: dict) -> str:
    if code == "attachment_limit_reached" and isinstance(detail.get("maxBytes"), int):
        used = detail.get("usedBytes") if isinstance(detail.get("usedBytes"), int) else 0
        return (
            f"The Claims Portal takes up to {_megabytes(detail['maxBytes'])} of files per claim, and "
            f"{_megabytes(used)} are already there."
        )
    return message


def _megabytes(size: int) -> str:
    return f"{size / 2**20:.1f} MB".replace(".0 MB", " MB")


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
        "body_excerpt": response.text[:300] if "json" in response.headers.get("Content-Type", "") else "",
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
        raise errors.PortalRejected(f"{value!r} is not a Claims Portal id.")
    return value

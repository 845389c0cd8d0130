"""The portal API: ``POST /oauth/token`` and ``/api/v1/*`` (contract: ``openapi.yaml``)."""

import base64
import binascii

from simulators.oic import auth, claimant, offers, queries, reference
from simulators.oic.documents import claimant_categories, message_post, upload_read
from simulators.oic.errors import ApiError, not_found, require_parent_claim, validation_failed
from simulators.oic.queries import END_OF_TIME, Window, claim_json, claim_summary
from simulators.oic.records import Claim, attachment_add, claim_load
from simulators.oic.scnf import validate_scnf
from simulators.oic.timeutil import format_instant, parse_instant
from simulators.oic.wsgi import Call, Route, json_response, query_int

MAX_PAGE_SIZE = 500


def token(call: Call):
    """OAuth2 client credentials (form body, or HTTP Basic for the client)."""
    scope = _checked_grant(call.request.form)
    client_id, secret = client_credentials(call)
    client = auth.client_authenticate(call.conn, client_id, secret) if client_id and secret else None
    if client is None:
        challenge = {"WWW-Authenticate": 'Basic realm="oic"'}
        raise _oauth_error(401, "invalid_client", "Client authentication failed.", challenge)
    lifetime = call.sim.config.token_lifetime_seconds
    with call.sim.transaction() as tx:
        access_token = auth.token_issue(tx.conn, client=client, now=tx.now, lifetime_seconds=lifetime)
    return {"access_token": access_token, "token_type": "Bearer", "expires_in": lifetime, "scope": scope}


def _checked_grant(form) -> str:
    """The scope of a well-formed client-credentials request (raises an OAuth error otherwise)."""
    grant = form.get("grant_type")
    if not grant:
        raise _oauth_error(400, "invalid_request", "grant_type is required.")
    if grant != "client_credentials":
        raise _oauth_error(400, "unsupported_grant_type", "Only client_credentials is supported.")
    scope = form.get("scope") or "api"
    if scope != "api":
        raise _oauth_error(400, "invalid_scope", "The only scope is api.")
    return scope


def _oauth_error(status: int, code: str, description: str, headers: dict | None = None) -> ApiError:
    """An RFC 6749 error body (``error``, ``error_description``) plus our ``message`` and ``requestId``."""
    return ApiError(status, code, description, headers=headers, error_description=description)


def client_credentials(call: Call) -> tuple[str | None, str | None]:
    """client_id and client_secret from the form, or from an HTTP Basic header."""
    header = call.request.headers.get("Authorization", "")
    if header.lower().startswith("basic "):
        try:
            client_id, _, secret = base64.b64decode(header[6:]).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return None, None
        return client_id, secret
    return call.request.form.get("client_id"), call.request.form.get("client_secret")


def _claim(call: Call, claim_id: str) -> Claim:
    claim = claim_load(call.conn, claim_id, call.organisation)
    if claim is None:
        raise not_found(f"Claim {claim_id}")
    return claim


def _act(call: Call, claim_id: str, action) -> dict:
    """Run a claimant action on a claim in one transaction and answer with the claim."""
    body = call.body()
    with call.sim.transaction() as tx:
        claim = claim_load(tx.conn, claim_id, call.organisation)
        if claim is None:
            raise not_found(f"Claim {claim_id}")
        require_parent_claim(claim.claim_id, claim.parent_claim_id, "this action")
        action(tx, claim, body)
    return claim_json(call.conn, _claim(call, claim_id))


def claims_create(call: Call):
    """Create a claim from the SCNF (status Pending-New)."""
    form = call.body()
    errors = validate_scnf(form, call.now)
    if errors:
        raise validation_failed(errors, "The claim form has errors. Correct them all and submit again.")
    with call.sim.transaction() as tx:
        claim = claimant.claim_create(tx, call.organisation, form, call.sim.default_scenario())
    return json_response(claim_summary(claim), 201, {"Location": f"/api/v1/claims/{claim.claim_id}"})


def claims_search(call: Call):
    """Find the organisation's claim by its own reference (to recover from a lost response)."""
    reference_value = call.query("clientReference")
    if not reference_value:
        raise ApiError(400, "invalid_parameter", "clientReference is required.", parameter="clientReference")
    return {"results": queries.claims_by_reference(call.conn, call.organisation, reference_value)}


def claim_get(call: Call, claim_id: str):
    """Get Claim Details."""
    return claim_json(call.conn, _claim(call, claim_id))


def complete_submission(call: Call, claim_id: str):
    """Complete Submission (step 2)."""
    return _act(call, claim_id, lambda tx, claim, body: claimant.complete_submission(tx, claim))


def withdraw(call: Call, claim_id: str):
    """Withdraw the claim (claimant exit)."""
    return _act(call, claim_id, claimant.withdraw)


def liability_reply(call: Call, claim_id: str):
    """Answer a liability decision."""
    return _act(
        call,
        claim_id,
        lambda tx, claim, body: claimant.liability_reply(tx, claim, body, actor=call.organisation),
    )


def offer_response(call: Call, claim_id: str):
    """Answer an offer."""
    return _act(call, claim_id, offers.offer_respond)


def medical_report(call: Call, claim_id: str):
    """Upload the representative's own medical report."""

    def upload(tx, claim, body):
        """Read the file, then hand it to the claimant's medical report route."""
        document = upload_read(
            body, max_bytes=tx.config.max_attachment_bytes, categories=(), category="MedicalReport"
        )
        claimant.medical_report_upload(tx, claim, document, body, author=call.organisation)

    return _act(call, claim_id, upload)


def medical_review(call: Call, claim_id: str):
    """Decide on a medical report."""
    return _act(call, claim_id, claimant.medical_review)


def court_pack(call: Call, claim_id: str):
    """The claimant's court-pack steps."""
    return _act(call, claim_id, claimant.court_pack)


def reopen(call: Call, claim_id: str):
    """Reopen after court on liability."""
    return _act(call, claim_id, claimant.reopen_after_court)


def acknowledge_removal(call: Call, claim_id: str):
    """Acknowledge the compensator's removal."""
    return _act(call, claim_id, lambda tx, claim, body: claimant.removal_acknowledge(tx, claim))


def losses_add(call: Call, claim_id: str):
    """Add losses (until an offer is requested)."""
    return _act(call, claim_id, claimant.losses_add)


def messages_list(call: Call, claim_id: str):
    """Get Message List."""
    return {"results": queries.messages_list(call.conn, _claim(call, claim_id).claim_id)}


def message_create(call: Call, claim_id: str):
    """Send a message on a claim."""
    body = call.body()
    with call.sim.transaction() as tx:
        claim = _claim(call, claim_id)
        message_id = message_post(tx, claim, body, author=call.organisation)
    return json_response(queries.message_get(call.conn, message_id, call.organisation)["messageInfo"], 201)


def message_get(call: Call, message_id: str):
    """Get Message."""
    message = queries.message_get(call.conn, message_id, call.organisation)
    if message is None:
        raise not_found(f"Message {message_id}")
    return message


def attachments_list(call: Call, claim_id: str):
    """Get Attachment List."""
    return {"results": queries.attachments_list(call.conn, _claim(call, claim_id).claim_id)}


def attachment_create(call: Call, claim_id: str):
    """Upload a document."""
    body = call.body()
    categories = claimant_categories(reference.ATTACHMENT_CATEGORIES)
    upload = upload_read(body, max_bytes=call.sim.config.max_attachment_bytes, categories=categories)
    with call.sim.transaction() as tx:
        attachment_id = attachment_add(tx, _claim(call, claim_id), upload, author=call.organisation)
    row = queries.attachment_row(call.conn, attachment_id, call.organisation)
    return json_response(queries.attachment_json(row)["fileInfo"], 201)


def attachment_get(call: Call, attachment_id: str):
    """Get Attachment (base64 content)."""
    row = queries.attachment_row(call.conn, attachment_id, call.organisation)
    if row is None:
        raise not_found(f"Attachment {attachment_id}")
    return queries.attachment_json(row)


def _window(call: Call) -> Window:
    """dateFrom (required, inclusive), dateTo (optional, exclusive), page, pageSize, claimID (optional)."""
    bounds = {}
    for name in ("dateFrom", "dateTo"):
        raw = call.query(name)
        if not raw:
            if name == "dateFrom":
                raise ApiError(400, "invalid_parameter", "dateFrom is required (ISO 8601).", parameter=name)
            bounds[name] = END_OF_TIME
            continue
        try:
            bounds[name] = format_instant(parse_instant(raw))
        except ValueError as error:
            raise ApiError(
                400, "invalid_parameter", f"{name} must be an ISO 8601 date and time.", parameter=name
            ) from error
    page = query_int(call, "page", 1, 1, 1_000_000)
    size = query_int(call, "pageSize", 100, 1, MAX_PAGE_SIZE)
    claim_id = call.query("claimID") or None
    return Window(call.organisation, bounds["dateFrom"], bounds["dateTo"], page, size, claim_id)


def notifications(call: Call):
    """Get Notifications."""
    return queries.notifications_page(call.conn, _window(call))


def assignments(call: Call):
    """Get Assignments."""
    return queries.assignments_page(call.conn, _window(call))


def withdrawal_reasons(call: Call):
    """The exit reasons."""
    return {"results": reference.code_list(reference.EXIT_REASONS)}


def message_categories(call: Call):
    """Message categories, and whether a representative may use each."""
    items = reference.MESSAGE_CATEGORIES.items()
    return {
        "results": [{"code": code, "label": label, "claimantMayPost": may} for code, (label, may) in items]
    }


def attachment_categories(call: Call):
    """Attachment categories with their default subType, and the subTypes."""
    items = reference.ATTACHMENT_CATEGORIES.items()
    results = [
        {"code": code, "label": label, "claimantMayUpload": may, "defaultSubType": sub_type}
        for code, (label, may, sub_type) in items
    ]
    return {"results": results, "subTypes": list(reference.SUB_TYPES)}


def claim_statuses(call: Call):
    """Every status the simulated portal uses, with a label."""
    return {"results": reference.code_list(reference.STATUS_LABELS)}


_CLAIM = "/api/v1/claims/<claim_id>"

ROUTES = [
    Route("/oauth/token", ("POST",), token, "token"),
    Route("/api/v1/claims", ("POST",), claims_create, "api"),
    Route("/api/v1/claims", ("GET",), claims_search, "api"),
    Route(_CLAIM, ("GET",), claim_get, "api"),
    Route(f"{_CLAIM}/complete-submission", ("POST",), complete_submission, "api"),
    Route(f"{_CLAIM}/withdraw", ("POST",), withdraw, "api"),
    Route(f"{_CLAIM}/liability-reply", ("POST",), liability_reply, "api"),
    Route(f"{_CLAIM}/offer-response", ("POST",), offer_response, "api"),
    Route(f"{_CLAIM}/medical-report", ("POST",), medical_report, "api"),
    Route(f"{_CLAIM}/medical-review", ("POST",), medical_review, "api"),
    Route(f"{_CLAIM}/court-pack", ("POST",), court_pack, "api"),
    Route(f"{_CLAIM}/reopen", ("POST",), reopen, "api"),
    Route(f"{_CLAIM}/acknowledge-removal", ("POST",), acknowledge_removal, "api"),
    Route(f"{_CLAIM}/losses", ("POST",), losses_add, "api"),
    Route(f"{_CLAIM}/messages", ("GET",), messages_list, "api"),
    Route(f"{_CLAIM}/messages", ("POST",), message_create, "api"),
    Route("/api/v1/messages/<message_id>", ("GET",), message_get, "api"),
    Route(f"{_CLAIM}/attachments", ("GET",), attachments_list, "api"),
    Route(f"{_CLAIM}/attachments", ("POST",), attachment_create, "api"),
    Route("/api/v1/attachments/<attachment_id>", ("GET",), attachment_get, "api"),
    Route("/api/v1/notifications", ("GET",), notifications, "api"),
    Route("/api/v1/assignments", ("GET",), assignments, "api"),
    Route("/api/v1/reference/withdrawal-reasons", ("GET",), withdrawal_reasons, "api"),
    Route("/api/v1/reference/message-categories", ("GET",), message_categories, "api"),
    Route("/api/v1/reference/attachment-categories", ("GET",), attachment_categories, "api"),
    Route("/api/v1/reference/claim-statuses", ("GET",), claim_statuses, "api"),
]

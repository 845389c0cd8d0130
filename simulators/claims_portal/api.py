"""The portal API: ``POST /oauth/token`` and ``/api/v1/*`` (contract: ``openapi.yaml``).

Paths follow the REST shape of claims-portal.md section 6 (our design) under ``/api/v1``;
operation, document and field names follow the R7 A2A contract. Every call but the token
request carries a bearer token and the ``loginAs`` header.
"""

import base64
import binascii

from werkzeug.wrappers import Response

from simulators.claims_portal import claimant, queries, reference
from simulators.claims_portal.cnf import raise_if_errors
from simulators.claims_portal.phases import END_PHASES, PHASES
from simulators.claims_portal.records import Claim, Upload, attachment_add, attachment_bytes, claim_load
from simulators.claims_portal.workflow import perform
from simulators.claims_portal.wsgi import Call
from simulators.common import auth
from simulators.common.checks import Checker
from simulators.common.errors import ApiError, not_found
from simulators.common.timeutil import format_instant, parse_instant
from simulators.common.wsgi import Route, json_response, query_int


def token(call: Call):
    """OAuth2 client credentials (form body, or HTTP Basic for the client); the token lives 3600 s."""
    grant = call.request.form.get("grant_type")
    if grant != "client_credentials":
        code = "invalid_request" if not grant else "unsupported_grant_type"
        raise auth.oauth_error(400, code, "grant_type must be client_credentials.")
    client_id, secret = auth.client_credentials(call.request)
    client = auth.client_authenticate(call.conn, client_id, secret) if client_id and secret else None
    if client is None:
        challenge = {"WWW-Authenticate": 'Basic realm="claims-portal"'}
        raise auth.oauth_error(401, "invalid_client", "Client authentication failed.", challenge)
    lifetime = call.sim.config.token_lifetime_seconds
    with call.sim.transaction() as tx:
        access_token = auth.token_issue(tx.conn, client=client, now=tx.now, lifetime_seconds=lifetime)
    return {"access_token": access_token, "token_type": "Bearer", "expires_in": lifetime}


def _claim(call: Call, application_id: str) -> Claim:
    claim = claim_load(call.conn, application_id, call.organisation)
    if claim is None:
        raise not_found(f"Claim {application_id}")
    return claim


def claim_add(call: Call):
    """addClaim: validate the CNF and send it to the compensator."""
    form = call.body()
    with call.sim.transaction() as tx:
        claim = claimant.claim_create(tx, call.organisation, call.login_as, form)
    headers = {"Location": f"/api/v1/claims/{claim.application_id}"}
    return json_response({"claimInfo": queries.claim_info(claim)}, 201, headers)


def claim_action(call: Call, application_id: str, method: str):
    """A claimant representative's workflow method, quoting the claim's activityEngineGuid."""
    entry = claimant.METHODS.get(method)
    if entry is None:
        raise ApiError(404, "unknown_method", f"{method} is not a claimant representative method.")
    body = call.body()
    user = call.login_as
    with call.sim.transaction() as tx:
        claim = claim_load(tx.conn, application_id, call.organisation)
        if claim is None:
            raise not_found(f"Claim {application_id}")
        claim.current_user = user
        perform(tx, claim, method, entry, body, actor=user, guid_optional=False)
    return {"claimInfo": queries.claim_info(claim)}


def claim_get(call: Call, application_id: str):
    """getClaim: the whole claim."""
    return queries.claim_json(_claim(call, application_id), call.sim.config)


def claim_status(call: Call, application_id: str):
    """getClaimsStatus: the current claimInfo."""
    return queries.claim_status(_claim(call, application_id))


def worklist(call: Call):
    """getClaimsList: claims waiting for the claimant representative."""
    return {"claims": queries.worklist(call.conn, call.organisation)}


# searchClaims criteria: query parameter -> (column, operator, is a date).
_CRITERIA = {
    "applicationId": ("c.application_id", "=", False),
    "crReferenceNumber": ("c.cr_reference", "=", False),
    "cmReferenceNumber": ("json_extract(c.details, '$.insurerClaimReferenceNumber')", "=", False),
    "phaseCacheId": ("c.phase", "=", False),
    "startDateFrom": ("c.created_at", ">=", True),
    "startDateTo": ("c.created_at", "<", True),
    "sentDateFrom": ("c.sent_at", ">=", True),
    "sentDateTo": ("c.sent_at", "<", True),
    "updatedFrom": ("c.updated_at", ">=", True),
}
_SORTS = {**queries.SORT_COLUMNS, "Priority": "COALESCE(c.timeout_at, '9999')"}


def claims_search(call: Call):
    """searchClaims: filter by reference, phase and dates, sorted; ``limit`` caps the list (ours)."""
    filters = []
    for name, (column, operator, is_date) in _CRITERIA.items():
        raw = call.query(name)
        if raw:
            value = _instant(name, raw) if is_date else raw
            if name == "applicationId" and raw.isdigit():
                value = raw.zfill(16)
            filters.append((column, operator, value))
    sort = call.query("sortField", "ApplicationId")
    order = call.query("sortOrder", "Asc")
    if sort not in _SORTS or order not in ("Asc", "Desc"):
        message = f"sortField is one of {', '.join(_SORTS)}; sortOrder Asc or Desc."
        raise ApiError(400, "invalid_parameter", message, parameter="sortField")
    search = queries.Search(call.organisation, tuple(filters), _SORTS[sort], order == "Desc")
    return {"claims": queries.claims_search(call.conn, search, query_int(call, "limit", 1000, 1, 10_000))}


def _instant(name: str, raw: str) -> str:
    try:
        return format_instant(parse_instant(raw))
    except ValueError as error:
        raise ApiError(
            400, "invalid_parameter", f"{name} must be an ISO 8601 date.", parameter=name
        ) from error


def attachments_list(call: Call, application_id: str):
    """getAttachmentsList."""
    return {"attachments": queries.attachments_list(call.conn, _claim(call, application_id).application_id)}


def attachment_add_route(call: Call, application_id: str):
    """addAttachment: up to 4 MB a file and 20 MB a claim (claims-portal.md 5.7)."""
    upload = upload_read(call.body(), call.sim.config.max_attachment_bytes)
    with call.sim.transaction() as tx:
        claim = _claim(call, application_id)
        attachment_check_room(tx.conn, claim, len(upload.content), tx.config.max_claim_attachment_bytes)
        guid = attachment_add(tx, claim, upload, owner=call.login_as)
    return json_response(queries.attachment_info(queries.attachment_row(call.conn, guid, None)), 201)


def upload_read(body: dict, max_bytes: int) -> Upload:
    """Check an attachment body (R7 names); 422 for field problems, 413 for a file over the limit."""
    check = Checker()
    title = check.text(body, "dataAttachmentTitle", "dataAttachmentTitle", max_length=100)
    description = check.text(body, "dataAttachmentDesc", "dataAttachmentDesc", required=False, max_length=500)
    file_name = check.text(body, "dataAttachmentFileName", "dataAttachmentFileName", max_length=255)
    if file_name and any(char in file_name for char in "\\/\x00"):
        check.add("dataAttachmentFileName", "invalid_format", "A plain file name, without folders.")
    encoded = check.text(body, "dataAttachmentFileZip", "dataAttachmentFileZip", max_length=64 * 1024 * 1024)
    content = b""
    try:
        content = base64.b64decode(encoded or "", validate=True)
    except (binascii.Error, ValueError):
        check.add(
            "dataAttachmentFileZip", "invalid_format", "dataAttachmentFileZip must be base64 file content."
        )
    raise_if_errors(check)
    if len(content) > max_bytes:
        raise ApiError(
            413,
            "attachment_too_large",
            f"Attachments are limited to {max_bytes} bytes a file.",
            maxBytes=max_bytes,
        )
    return Upload(title=title, file_name=file_name, content=content, description=description or "")


def attachment_check_room(conn, claim: Claim, size: int, max_claim_bytes: int) -> None:
    """409 when the claim is closed or the new file would pass the per-claim total."""
    if claim.phase in END_PHASES:
        raise ApiError(
            409, "claim_closed", f"The claim is in end phase {claim.phase}.", phaseCacheId=claim.phase
        )
    used = attachment_bytes(conn, claim.application_id)
    if used + size > max_claim_bytes:
        raise ApiError(
            409,
            "attachment_limit_reached",
            f"A claim's attachments are limited to {max_claim_bytes} bytes in all; {used} are used.",
            usedBytes=used,
            maxBytes=max_claim_bytes,
        )


def attachment_get(call: Call, attachment_guid: str):
    """getAttachment (content as base64)."""
    row = queries.attachment_row(call.conn, attachment_guid, call.organisation)
    if row is None:
        raise not_found(f"Attachment {attachment_guid}")
    return queries.attachment_json(row)


def documents_list(call: Call, application_id: str):
    """getPrintableDocumentsList."""
    return {"documents": queries.documents_list(call.conn, _claim(call, application_id).application_id)}


def document_get(call: Call, document_id: str):
    """getPrintableDocument: the PDF itself."""
    row = queries.document_row(call.conn, document_id, call.organisation)
    if row is None:
        raise not_found(f"Printable document {document_id}")
    return pdf_response(row)


def pdf_response(row) -> Response:
    """A stored PDF as a download."""
    headers = {"Content-Disposition": f'attachment; filename="{row["file_name"]}"'}
    return Response(row["content"], mimetype="application/pdf", headers=headers)


def notifications(call: Call):
    """getNotificationsList: kept 15 calendar days unless removed."""
    days = call.sim.config.notification_retention_days
    return {"notifications": queries.notifications_list(call.conn, call.organisation, call.now, days)}


def notification_remove(call: Call, notification_guid: str):
    """removeNotification."""
    with call.sim.transaction() as tx:
        removed = tx.conn.execute(
            "DELETE FROM notifications WHERE guid = ? AND organisation = ?",
            (notification_guid, call.organisation),
        ).rowcount
    if not removed:
        raise not_found(f"Notification {notification_guid}")
    return {"notificationGuid": notification_guid, "removed": True}


def compensators(call: Call):
    """searchCompensators: by part of the name and by type (I insurer, M MIB)."""
    name = (call.query("organisationName") or "").lower()
    kind = call.query("compensatorType")
    found = [
        compensator.to_json()
        for compensator in reference.COMPENSATORS
        if name in compensator.name.lower() and kind in (None, "", compensator.insurer_type)
    ]
    return {"compensators": found}


def code_list(call: Call, list_name: str):
    """A value list: phases, exit reasons, liability decisions, loss types, ..."""
    if list_name == "phases":
        items = [
            {"code": p.code, "label": p.name, "stage": p.stage, "turn": p.turn, "end": p.turn is None}
            for p in PHASES.values()
        ]
        return {"results": items}
    values = reference.CODE_LISTS.get(list_name)
    if values is None:
        raise not_found(f"Value list {list_name}")
    return {"results": [{"code": code, "label": label} for code, label in values.items()]}


def process_version(call: Call):
    """getSystemProcessVersion."""
    return reference.PROCESS_VERSION


_CLAIM = "/api/v1/claims/<application_id>"

ROUTES = [
    Route("/oauth/token", ("POST",), token, "token"),
    Route("/api/v1/claims", ("POST",), claim_add, "api"),
    Route("/api/v1/claims", ("GET",), claims_search, "api"),
    Route("/api/v1/claims/worklist", ("GET",), worklist, "api"),
    Route(_CLAIM, ("GET",), claim_get, "api"),
    Route(f"{_CLAIM}/status", ("GET",), claim_status, "api"),
    Route(f"{_CLAIM}/actions/<method>", ("POST",), claim_action, "api"),
    Route(f"{_CLAIM}/attachments", ("GET",), attachments_list, "api"),
    Route(f"{_CLAIM}/attachments", ("POST",), attachment_add_route, "api"),
    Route("/api/v1/attachments/<attachment_guid>", ("GET",), attachment_get, "api"),
    Route(f"{_CLAIM}/documents", ("GET",), documents_list, "api"),
    Route("/api/v1/documents/<document_id>", ("GET",), document_get, "api"),
    Route("/api/v1/notifications", ("GET",), notifications, "api"),
    Route("/api/v1/notifications/<notification_guid>", ("DELETE",), notification_remove, "api"),
    Route("/api/v1/compensators", ("GET",), compensators, "api"),
    Route("/api/v1/reference/<list_name>", ("GET",), code_list, "api"),
    Route("/api/v1/system/version", ("GET",), process_version, "api"),
]

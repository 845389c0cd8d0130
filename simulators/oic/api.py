"""The portal API: ``POST /oauth/token`` and ``/api/v1/*`` (contract: ``openapi.yaml``).

One handler per operation; ``shapes.py`` decides its path and the body of its answer in each
API shape, so the handlers here never ask which shape they serve.
"""

from simulators.common import auth
from simulators.common.errors import ApiError, not_found, validation_failed
from simulators.common.wsgi import Route, json_response
from simulators.oic import claimant, offers, queries, reference
from simulators.oic.documents import claimant_categories, message_post, upload_read
from simulators.oic.errors import require_parent_claim
from simulators.oic.records import Claim, attachment_add, claim_load
from simulators.oic.scnf import validate_scnf
from simulators.oic.shapes import ENDPOINTS, EXTRA_ENDPOINTS, SHAPES
from simulators.oic.wsgi import OPENAPI_PARAMS, Call


def token(call: Call):
    """OAuth2 client credentials (form body, or HTTP Basic for the client)."""
    scope = _checked_grant(call.request.form)
    client_id, secret = auth.client_credentials(call.request)
    client = auth.client_authenticate(call.conn, client_id, secret) if client_id and secret else None
    if client is None:
        challenge = {"WWW-Authenticate": 'Basic realm="oic"'}
        raise auth.oauth_error(401, "invalid_client", "Client authentication failed.", challenge)
    lifetime = call.sim.config.token_lifetime_seconds
    with call.sim.transaction() as tx:
        access_token = auth.token_issue(tx.conn, client=client, now=tx.now, lifetime_seconds=lifetime)
    return {"access_token": access_token, "token_type": "Bearer", "expires_in": lifetime, "scope": scope}


def _checked_grant(form) -> str:
    """The scope of a well-formed client-credentials request (raises an OAuth error otherwise)."""
    grant = form.get("grant_type")
    if not grant:
        raise auth.oauth_error(400, "invalid_request", "grant_type is required.")
    if grant != "client_credentials":
        raise auth.oauth_error(400, "unsupported_grant_type", "Only client_credentials is supported.")
    scope = form.get("scope") or "api"
    if scope != "api":
        raise auth.oauth_error(400, "invalid_scope", "The only scope is api.")
    return scope


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
    return call.shape.claim(call.conn, _claim(call, claim_id))


def claims_create(call: Call):
    """Create a claim from the SCNF (status Pending-New)."""
    form = call.body()
    errors = validate_scnf(form, call.now)
    if errors:
        raise validation_failed(errors, "The claim form has errors. Correct them all and submit again.")
    with call.sim.transaction() as tx:
        claim = claimant.claim_create(tx, call.organisation, form, call.sim.default_scenario())
    location = call.shape.claim_location(claim.claim_id)
    return json_response(call.shape.summary(claim), 201, {"Location": location})


def claims_search(call: Call):
    """Find the organisation's claim by its own reference (to recover from a lost response)."""
    reference_value = call.query("clientReference")
    if not reference_value:
        raise ApiError(400, "invalid_parameter", "clientReference is required.", parameter="clientReference")
    claims = queries.claims_by_reference(call.conn, call.organisation, reference_value)
    return {"results": [call.shape.summary(claim) for claim in claims]}


def claim_get(call: Call, claim_id: str):
    """Get Claim Details."""
    return call.shape.claim(call.conn, _claim(call, claim_id))


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
    return call.shape.messages(call.conn, _claim(call, claim_id).claim_id)


def message_create(call: Call, claim_id: str):
    """Send a message on a claim."""
    body = call.body()
    with call.sim.transaction() as tx:
        claim = _claim(call, claim_id)
        message_id = message_post(tx, claim, body, author=call.organisation)
    return json_response(
        call.shape.message_created(queries.message_get(call.conn, message_id, call.organisation)), 201
    )


def message_get(call: Call, message_id: str):
    """Get Message."""
    message = queries.message_get(call.conn, message_id, call.organisation)
    if message is None:
        raise not_found(f"Message {message_id}")
    return call.shape.message(message)


def attachments_list(call: Call, claim_id: str):
    """Get Attachment List."""
    return call.shape.attachments(call.conn, _claim(call, claim_id).claim_id)


def attachment_create(call: Call, claim_id: str):
    """Upload a document."""
    body = call.body()
    categories = claimant_categories(reference.ATTACHMENT_CATEGORIES)
    upload = upload_read(body, max_bytes=call.sim.config.max_attachment_bytes, categories=categories)
    with call.sim.transaction() as tx:
        attachment_id = attachment_add(tx, _claim(call, claim_id), upload, author=call.organisation)
    row = queries.attachment_row(call.conn, attachment_id, call.organisation)
    return json_response(call.shape.attachment_created(row), 201)


def attachment_get(call: Call, attachment_id: str):
    """Get Attachment (base64 content)."""
    row = queries.attachment_row(call.conn, attachment_id, call.organisation)
    if row is None:
        raise not_found(f"Attachment {attachment_id}")
    return call.shape.attachment(row)


def notifications(call: Call):
    """Get Notifications."""
    return call.shape.notifications(call)


def assignments(call: Call):
    """Get Assignments."""
    return call.shape.assignments(call)


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


HANDLERS = {
    "token": token,
    "create_claim": claims_create,
    "find_claims": claims_search,
    "claim_details": claim_get,
    "complete_submission": complete_submission,
    "withdraw": withdraw,
    "liability_reply": liability_reply,
    "offer_response": offer_response,
    "medical_report": medical_report,
    "medical_review": medical_review,
    "court_pack": court_pack,
    "reopen": reopen,
    "acknowledge_removal": acknowledge_removal,
    "add_losses": losses_add,
    "message_list": messages_list,
    "message": message_get,
    "add_message": message_create,
    "attachment_list": attachments_list,
    "attachment": attachment_get,
    "add_attachment": attachment_create,
    "notifications": notifications,
    "assignments": assignments,
    "withdrawal_reasons": withdrawal_reasons,
    "message_categories": message_categories,
    "attachment_categories": attachment_categories,
    "claim_statuses": claim_statuses,
}


def _rule(path: str) -> str:
    """/api/v1/claimdetails/{claimID} -> /api/v1/claimdetails/<claim_id> (werkzeug's rule syntax)."""
    for rule_name, portal_name in OPENAPI_PARAMS.items():
        path = path.replace("{" + portal_name + "}", f"<{rule_name}>")
    return path


def routes(shape: str) -> list[Route]:
    """The portal API routes of one shape (only that shape's paths are served)."""
    table = {**ENDPOINTS[shape], **EXTRA_ENDPOINTS[shape]}
    return [
        Route(_rule(path), (method,), HANDLERS[operation], "token" if operation == "token" else "api")
        for operation, (method, path) in table.items()
    ]


ROUTES = {shape: routes(shape) for shape in SHAPES}

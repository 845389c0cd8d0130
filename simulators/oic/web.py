"""The portal's own web pages (what ClaimDesk's "Manage on Portal" opens).

Plain server-rendered pages, inline CSS only, every value escaped by Jinja2's autoescape.
Forms perform the claimant-side actions through the same functions as the API, acting as
the claim's organisation. There is no login: this is a local simulator.
"""

import base64
from contextlib import suppress
from urllib.parse import quote

from werkzeug.utils import redirect
from werkzeug.wrappers import Response

from simulators.common.errors import ApiError, not_found
from simulators.common.store import Tx
from simulators.common.wsgi import Route, query_int
from simulators.oic import claimant, offers, queries, reference
from simulators.oic.documents import MEDICAL_REPORT_STATUSES, claimant_categories, message_post, upload_read
from simulators.oic.errors import require_parent_claim
from simulators.oic.lifecycle import MEDICAL_FLOW, open_child
from simulators.oic.records import attachment_add, claim_children, claim_load
from simulators.oic.wsgi import Call

PAGE_SIZE = 50
_INTEGER_FIELDS = ("percentage", "prognosisMonths")
_DECIMAL_FIELDS = ("amount",)


def claims_page(call: Call):
    """GET /portal/: claims, newest first, filterable by organisation, status and text."""
    filters, params = ["parent_claim_id IS NULL"], []
    for column, name in (("organisation", "organisation"), ("status", "status")):
        if call.query(name):
            filters.append(f"{column} = ?")
            params.append(call.query(name))
    if call.query("q"):
        filters.append("(claim_id LIKE ? OR client_reference LIKE ?)")
        params += [f"%{call.query('q')}%"] * 2
    page = query_int(call, "page", 1, 1, 1_000_000)
    where = " AND ".join(filters)
    columns = "claim_id, organisation, client_reference, status, compensator_org_name, updated_at"
    sql = f"SELECT {columns} FROM claims WHERE {where} ORDER BY number DESC LIMIT ? OFFSET ?"  # noqa: S608 # nosec B608
    rows = call.conn.execute(sql, [*params, PAGE_SIZE + 1, (page - 1) * PAGE_SIZE]).fetchall()
    organisations = [
        row[0] for row in call.conn.execute("SELECT DISTINCT organisation FROM clients ORDER BY 1")
    ]
    context = {
        "rows": rows[:PAGE_SIZE],
        "page": page,
        "has_next": len(rows) > PAGE_SIZE,
        "filters": dict(call.request.args),
        "organisations": organisations,
        "statuses": {**reference.STATUS_LABELS, **reference.EVIDENCE_STATUS_LABELS},
    }
    return _render(call, "claims.html", context)


def claim_page(call: Call, claim_id: str):
    """GET /portal/claims/{claimID}: the claim, its documents, messages and pending actions."""
    claim = claim_load(call.conn, claim_id)
    if claim is None:
        raise not_found(f"Claim {claim_id}")
    messages = [
        queries.message_get(call.conn, item["id"], None)
        for item in queries.messages_list(call.conn, claim_id)
    ]
    assignments = call.conn.execute(
        "SELECT instructions, goal_at, deadline_at FROM assignments WHERE claim_id = ? AND status = 'Open'",
        (claim_id,),
    ).fetchall()
    context = {
        "claim": claim,
        "details": queries.claim_json(call.conn, claim),
        "label": reference.status_label(claim.status),
        "assignments": assignments,
        "attachments": queries.attachments_list(call.conn, claim_id),
        "messages": list(reversed(messages)),
        "children": claim_children(call.conn, claim_id),
        "forms": _forms(call, claim),
        "reference": reference,
        "notice": call.query("notice"),
        "error": call.query("error"),
    }
    return _render(call, "claim.html", context)


def _forms(call: Call, claim) -> set[str]:
    """Which action forms make sense in the claim's current status."""
    if claim.parent_claim_id:
        return set()  # a child claim is acted on through its parent
    status = claim.status
    rules = {
        "complete-submission": status == "Pending-New",
        "liability-denied": status == "Pending-LiabilityRejected",
        "challenge-partial": status in MEDICAL_FLOW
        and claim.liability.get("liabilityDecision") == "Liability admitted in part",
        "medical-report": status in MEDICAL_REPORT_STATUSES,
        "medical-review": status
        in {"Pending-CheckMedical", "Pending-ProceedClaim", "Pending-WaitPrognosisMedical"},
        "offer-response": status
        in {
            "Pending-ReviewOffer",
            "Pending-CausationNoOffer",
            "Pending-CausationFinalOffer",
            "Pending-Acknowledgement",
        },
        "court-pack": status.endswith(("CourtList", "ListAmend", "ListAccept")),
        "reopen": status == "Resolved-CourtLiability",
        "acknowledge-removal": status == "Pending-Removal",
        "withdraw": not reference.is_resolved(status)
        and status not in {"Pending-Withdrawal", "Pending-Removal"},
    }
    challenge = open_child(call.conn, claim, "CL")
    rules["review-partial"] = challenge is not None and challenge.status == "Pending-ReviewPartialLiability"
    rules["challenge-partial"] = rules["challenge-partial"] and challenge is None
    return {name for name, shown in rules.items() if shown}


def claim_action(call: Call, claim_id: str, action: str):
    """POST /portal/claims/{claimID}/actions/{action}: a claimant action from a page form."""
    handler = _ACTIONS.get(action)
    if handler is None:
        raise not_found(f"Action {action}")
    body = _form_body(call)
    try:
        with call.sim.transaction() as tx:
            claim = claim_load(tx.conn, claim_id)
            if claim is None:
                raise not_found(f"Claim {claim_id}")
            if action not in _CHILD_CLAIM_ACTIONS:
                require_parent_claim(claim.claim_id, claim.parent_claim_id, "this action")
            handler(tx, claim, body)
    except ApiError as error:
        if error.status == 404:
            raise
        problems = "; ".join(item["message"] for item in error.extra.get("errors", []))
        return redirect(_claim_url(claim_id, error=f"{error.message} {problems}".strip()), 303)
    return redirect(_claim_url(claim_id, notice="Done."), 303)


def _claim_url(claim_id: str, **message: str) -> str:
    ((key, text),) = message.items()
    return f"/portal/claims/{quote(claim_id)}?{key}={quote(text)}"


def _form_body(call: Call) -> dict:
    """Form fields as the JSON body the API takes (numbers converted, a file as base64)."""
    form = call.request.form
    body: dict = {key: value for key, value in form.items() if value != ""}
    for key in _INTEGER_FIELDS:
        if key in body and body[key].isdigit():
            body[key] = int(body[key])
    for key in _DECIMAL_FIELDS:
        if key in body:
            with suppress(ValueError):  # left as text, so validation reports it
                body[key] = float(body[key])
    if form.getlist("documentIDs"):
        body["documentIDs"] = form.getlist("documentIDs")
    upload = call.request.files.get("file")
    if upload is not None and upload.filename:
        body["fileName"] = upload.filename
        body["fileStream"] = base64.b64encode(upload.read()).decode("ascii")
    return body


def _medical_report(tx: Tx, claim, body: dict) -> None:
    document = upload_read(
        body, max_bytes=tx.config.max_attachment_bytes, categories=(), category="MedicalReport"
    )
    claimant.medical_report_upload(tx, claim, document, body, author=claim.organisation)


def _attachment(tx: Tx, claim, body: dict) -> None:
    categories = claimant_categories(reference.ATTACHMENT_CATEGORIES)
    upload = upload_read(body, max_bytes=tx.config.max_attachment_bytes, categories=categories)
    attachment_add(tx, claim, upload, author=claim.organisation)


# Messages and documents can go on a child claim too; everything else is done on the parent.
_CHILD_CLAIM_ACTIONS = frozenset({"message", "attachment"})

_ACTIONS = {
    "complete-submission": lambda tx, claim, body: claimant.complete_submission(tx, claim),
    "withdraw": claimant.withdraw,
    "liability-reply": lambda tx, claim, body: claimant.liability_reply(
        tx, claim, body, actor=claim.organisation
    ),
    "offer-response": offers.offer_respond,
    "medical-report": _medical_report,
    "medical-review": claimant.medical_review,
    "court-pack": claimant.court_pack,
    "reopen": claimant.reopen_after_court,
    "acknowledge-removal": lambda tx, claim, body: claimant.removal_acknowledge(tx, claim),
    "message": lambda tx, claim, body: message_post(tx, claim, body, author=claim.organisation),
    "attachment": _attachment,
}


def attachment_download(call: Call, attachment_id: str):
    """GET /portal/attachments/{attachmentID}: the file itself."""
    row = queries.attachment_row(call.conn, attachment_id, None)
    if row is None:
        raise not_found(f"Attachment {attachment_id}")
    mimetype = "application/pdf" if row["file_name"].lower().endswith(".pdf") else "application/octet-stream"
    disposition = f"attachment; filename*=UTF-8''{quote(row['file_name'])}"
    return Response(row["content"], mimetype=mimetype, headers={"Content-Disposition": disposition})


def _render(call: Call, template: str, context: dict) -> Response:
    html = call.sim.templates.get_template(template).render(now=call.now, **context)
    return Response(html, mimetype="text/html", headers={"Cache-Control": "no-store"})


ROUTES = [
    Route("/portal/", ("GET",), claims_page, "web"),
    Route("/portal/claims/<claim_id>", ("GET",), claim_page, "web"),
    Route("/portal/claims/<claim_id>/actions/<action>", ("POST",), claim_action, "web"),
    Route("/portal/attachments/<attachment_id>", ("GET",), attachment_download, "web"),
]

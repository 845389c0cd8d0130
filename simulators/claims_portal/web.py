"""The portal's own web pages: where ClaimDesk's "Manage on Portal" lands.

Read-only, server-rendered, inline CSS only, every value escaped by Jinja2's autoescape, under
a banner saying this is the simulated portal. There is no login: it is a local simulator.
"""

from werkzeug.wrappers import Response

from simulators.claims_portal import queries
from simulators.claims_portal.api import pdf_response
from simulators.claims_portal.phases import PHASES, phase_name
from simulators.claims_portal.records import claim_load
from simulators.claims_portal.reference import COMPENSATORS_BY_ID
from simulators.claims_portal.wsgi import Call
from simulators.common.errors import not_found
from simulators.common.wsgi import Route, query_int

PAGE_SIZE = 50


def _render(call: Call, template: str, context: dict) -> Response:
    html = call.sim.templates.get_template(template).render(now=call.now, **context)
    return Response(html, mimetype="text/html")


def claims_page(call: Call):
    """GET /portal/: claims, newest first, filterable by organisation, phase and reference."""
    filters, params = [], []
    for column, name in (("organisation", "organisation"), ("phase", "phase")):
        if call.query(name):
            filters.append(f"c.{column} = ?")
            params.append(call.query(name))
    if call.query("q"):
        filters.append("(c.application_id LIKE ? OR c.cr_reference LIKE ?)")
        params += [f"%{call.query('q')}%"] * 2
    where = " WHERE " + " AND ".join(filters) if filters else ""
    page = query_int(call, "page", 1, 1, 1_000_000)
    # The WHERE clause is built from the fixed column names above only.
    sql = f"{queries.LIST_SELECT}{where} ORDER BY c.number DESC LIMIT ? OFFSET ?"  # nosec B608
    rows = call.conn.execute(sql, [*params, PAGE_SIZE + 1, (page - 1) * PAGE_SIZE]).fetchall()
    items = [{**queries.claim_item(row), "organisation": row["organisation"]} for row in rows[:PAGE_SIZE]]
    context = {
        "items": items,
        "page": page,
        "has_next": len(rows) > PAGE_SIZE,
        "filters": dict(call.request.args),
    }
    return _render(call, "claims.html", {**context, "phases": PHASES})


def claim_page(call: Call, application_id: str):
    """GET /portal/claims/{applicationId}: phase, timeouts, forms, history, documents and files."""
    claim = claim_load(call.conn, application_id)
    if claim is None:
        raise not_found(f"Claim {application_id}")
    context = {
        "claim": claim,
        "document": queries.claim_json(claim, call.sim.config),
        "phase_label": phase_name(claim.phase),
        "turn": PHASES[claim.phase].turn,
        "compensator": COMPENSATORS_BY_ID.get(claim.compensator_id),
        "attachments": queries.attachments_list(call.conn, claim.application_id),
        "documents": queries.documents_list(call.conn, claim.application_id),
    }
    return _render(call, "claim.html", context)


def attachment_download(call: Call, attachment_guid: str):
    """An attachment's file."""
    row = queries.attachment_row(call.conn, attachment_guid, None)
    if row is None:
        raise not_found(f"Attachment {attachment_guid}")
    headers = {"Content-Disposition": f'attachment; filename="{row["file_name"]}"'}
    return Response(row["content"], mimetype="application/octet-stream", headers=headers)


def document_download(call: Call, document_id: str):
    """A printable document (PDF)."""
    row = queries.document_row(call.conn, document_id, None)
    if row is None:
        raise not_found(f"Printable document {document_id}")
    return pdf_response(row)


ROUTES = [
    Route("/portal/", ("GET",), claims_page, "web"),
    Route("/portal/claims/<application_id>", ("GET",), claim_page, "web"),
    Route("/portal/attachments/<attachment_guid>", ("GET",), attachment_download, "web"),
    Route("/portal/documents/<document_id>", ("GET",), document_download, "web"),
]

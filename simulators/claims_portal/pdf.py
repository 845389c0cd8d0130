"""Printable documents the portal generates at each step, as real PDFs.

Built by ``simulators.common.pdf``, so the same content always gives byte-identical files.
CPL tells users to save every version (claims-portal.md 5.7), so each step stores a new
document rather than replacing the last.
"""

from simulators.claims_portal.phases import phase_name
from simulators.claims_portal.records import Claim
from simulators.claims_portal.reference import COMPENSATORS_BY_ID
from simulators.common import pdf

DOCUMENT_TYPES = {
    "CNF": "Claim Notification Form",
    "InsurerResponse": "Claim Notification Form with Insurer Response",
    "ISP": "Interim Settlement Pack",
    "S2SP": "Stage 2 Settlement Pack",
    "S2SPResponse": "Stage 2 Settlement Pack with Compensator Response",
}

_AUTHOR = "Claims Portal (simulated)"
_COLUMNS_MM = (60, 110)


def _flatten(data: dict, prefix: str = "") -> list[tuple[str, object]]:
    """Nested form data as (dotted label, value) rows."""
    rows: list[tuple[str, object]] = []
    for key, value in data.items():
        label = f"{prefix}{key}"
        if isinstance(value, dict):
            rows += _flatten(value, f"{label}.")
        elif isinstance(value, list):
            for index, item in enumerate(value):
                rows += _flatten(item, f"{label}[{index}].") if isinstance(item, dict) else [(label, item)]
        else:
            rows.append((label, value))
    return rows


def claim_document(claim: Claim, document_type: str) -> bytes:
    """The printable document of ``document_type`` for the claim as it stands now."""
    compensator = COMPENSATORS_BY_ID.get(claim.compensator_id)
    header = [
        ("Application ID", claim.application_id),
        ("Claimant representative reference", claim.cr_reference),
        ("Compensator", compensator.name if compensator else claim.compensator_id),
        ("Sent", claim.sent_at),
        ("Phase", f"{claim.phase} ({phase_name(claim.phase)})"),
    ]
    flowables = pdf.section("Claim", header, _COLUMNS_MM)
    for title, data in _parts(claim, document_type):
        flowables += pdf.section(title, _flatten(data) or [("", "")], _COLUMNS_MM)
    return _render(DOCUMENT_TYPES[document_type], claim.application_id, flowables)


def _parts(claim: Claim, document_type: str) -> list[tuple[str, dict]]:
    details = claim.details
    parts = [("Claim Notification Form", claim.cnf)] if document_type in ("CNF", "InsurerResponse") else []
    if document_type == "InsurerResponse":
        parts.append(("Insurer response", details.get("insurerResponse") or {}))
    if document_type == "ISP":
        parts.append(("Interim settlement pack", (details.get("interimSettlementPacks") or [{}])[-1]))
    if document_type in ("S2SP", "S2SPResponse"):
        stage2 = details.get("stage2") or {}
        parts.append(("Stage 2 settlement pack", stage2.get("request") or {}))
        if document_type == "S2SPResponse":
            parts.append(("Compensator response", stage2.get("response") or {}))
    return parts


def _render(title: str, application_id: str, flowables: list) -> bytes:
    subtitle = f"Application {application_id} - simulated Claims Portal"
    return pdf.render(title, subtitle, flowables, author=_AUTHOR)


def placeholder_document(title: str) -> bytes:
    """A small document with a title only (bulk seeding shares one)."""
    return _render(title, "seeded", [])

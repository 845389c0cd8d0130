"""Read side of the portal API: claim info, list items, the claim document, files and notifications.

Field names follow the R7 models in claims-portal.md 5.4 and 5.6, in camelCase JSON.
"""

import base64
import sqlite3
from dataclasses import dataclass
from datetime import timedelta

from simulators.claims_portal.config import SimConfig
from simulators.claims_portal.lifecycle import period_end
from simulators.claims_portal.phases import CR_TURN, phase_name
from simulators.claims_portal.records import Claim
from simulators.claims_portal.reference import COMPENSATORS_BY_ID
from simulators.common.timeutil import LONDON, format_instant, london_date, parse_instant


def claim_info(claim: Claim) -> dict:
    """``claimInfo``: what every state-changing call returns."""
    return {
        "applicationId": claim.application_id,
        "activityEngineGuid": claim.guid,
        "phaseCacheId": claim.phase,
        "phaseCacheName": phase_name(claim.phase),
    }


_COUNTS = (
    "(SELECT COUNT(*) FROM attachments a WHERE a.application_id = c.application_id) AS attachments_count, "
    "(SELECT COUNT(*) FROM documents d WHERE d.application_id = c.application_id) AS documents_count"
)
LIST_SELECT = f"SELECT c.*, {_COUNTS} FROM claims c"  # noqa: S608 # nosec B608 - constant text


def claim_item(row: sqlite3.Row) -> dict:
    """An item of the work list or a search (the R7 ``claim`` list model)."""
    claim = Claim.from_row(row)
    return {
        **claim_info(claim),
        "applicationReferences": {
            "crReferenceNumber": claim.cr_reference,
            "cmReferenceNumber": claim.details.get("insurerClaimReferenceNumber"),
        },
        "attachmentsCount": row["attachments_count"],
        "printableDocumentsCount": row["documents_count"],
        "creationTime": claim.created_at,
        "sentDate": claim.sent_at,
        "updateTime": claim.updated_at,
        "currentUserID": claim.current_user,
        "gdprClaimDeleted": False,
        "lockStatus": False,
        "lockUserId": None,
        "versionMajor": claim.details.get("versionMajor", 7),
        "versionMinor": claim.details.get("versionMinor", 0),
    }


def claim_status(claim: Claim) -> dict:
    """getClaimsStatus: the current claimInfo (read it before any update for the current guid)."""
    return {"claimInfo": claim_info(claim), "gdprClaimDeleted": False}


def claim_json(claim: Claim, config: SimConfig) -> dict:
    """getClaim: the whole claim, in the sections of the R7 claim document (5.6)."""
    details = claim.details
    compensator = COMPENSATORS_BY_ID.get(claim.compensator_id)
    return {
        "claimInfo": claim_info(claim),
        "applicationData": {
            "applicationId": claim.application_id,
            "crReferenceNumber": claim.cr_reference,
            "insurerClaimReferenceNumber": details.get("insurerClaimReferenceNumber"),
            "representativeOrganisation": claim.organisation,
            "insurerOrganisation": compensator.to_json() if compensator else None,
            "isMIB": claim.is_mib,
            "article75": details.get("article75", False),
            "claimValue": claim.cnf.get("claimDetails", {}).get("claimValue"),
            "askCuePiReference": claim.cnf.get("claimant", {}).get("askCuePiReference"),
            "creationTime": claim.created_at,
            "sentDate": claim.sent_at,
            "updateTime": claim.updated_at,
            "currentUserID": claim.current_user,
            "stage1Paid": details.get("stage1Paid"),
            "interimPaymentTimeoutExtended": details.get("interimPaymentTimeoutExtended", False),
            "fraudStated": details.get("fraudStated"),
            "rejection": details.get("rejection"),
            "exitProcess": details.get("exitProcess", {}),
            "versionMajor": details.get("versionMajor", 7),
            "versionMinor": details.get("versionMinor", 0),
        },
        "claimNotificationForm": claim.cnf,
        "insurerResponse": details.get("insurerResponse"),
        "interimSettlementPackList": details.get("interimSettlementPacks", []),
        "stage2SettlementPack": details.get("stage2"),
        "timeouts": timeouts_json(claim, config),
        "processHistory": details.get("history", []),
    }


def timeouts_json(claim: Claim, config: SimConfig) -> dict:
    """``Timeouts``: the current one (its date is the day the claim times out) and pre-calculated ones."""
    current = None
    if claim.timeout_at:
        end = parse_instant(claim.timeout_at)
        current = {
            "selectedTimeOut": london_date(end).isoformat(),
            "timeOutDateTime": claim.timeout_at,
            "timeOutType": claim.timeout_type,
        }
    sent = parse_instant(claim.sent_at)
    return {
        "currentTimeout": current,
        "preCalculatedTimeouts": {
            "cnf": {
                "insurer": {
                    "liabilityDecisionTimeout": _day(period_end(sent, config.liability_business_days))
                },
                "mibOrArt75": {
                    "liabilityDecisionTimeout": _day(period_end(sent, config.liability_business_days_mib))
                },
            }
        },
        "lastExtendedTime": claim.details.get("lastExtendedTime"),
    }


def _day(instant) -> str:
    return london_date(instant).isoformat()


@dataclass(frozen=True)
class Search:
    """searchClaims criteria (5.4); ``updatedFrom`` is our addition for incremental syncs."""

    organisation: str
    filters: tuple[tuple[str, str, str], ...]  # (column, operator, value)
    sort_column: str
    descending: bool


SORT_COLUMNS = {
    "StartDate": "c.created_at",
    "UpdateDate": "c.updated_at",
    "ApplicationId": "c.number",
    "DispatchDate": "c.sent_at",
}


def claims_search(conn: sqlite3.Connection, search: Search, limit: int) -> list[dict]:
    """Claims of the organisation matching every criterion, sorted (no paging in the contract)."""
    where = ["c.organisation = ?"] + [f"{column} {operator} ?" for column, operator, _ in search.filters]
    params = [search.organisation] + [value for _, _, value in search.filters]
    order = f"{search.sort_column} {'DESC' if search.descending else 'ASC'}, c.number"
    # Columns and operators come from fixed tables in api.py, never from the request.
    sql = f"{LIST_SELECT} WHERE {' AND '.join(where)} ORDER BY {order} LIMIT ?"  # nosec B608
    return [claim_item(row) for row in conn.execute(sql, [*params, limit])]


def worklist(conn: sqlite3.Connection, organisation: str) -> list[dict]:
    """getClaimsList: the organisation's claims waiting for the claimant representative."""
    marks = ", ".join("?" * len(CR_TURN))
    where = f"c.organisation = ? AND c.phase IN ({marks})"
    sql = f"{LIST_SELECT} WHERE {where} ORDER BY c.updated_at, c.number"  # nosec B608
    return [claim_item(row) for row in conn.execute(sql, [organisation, *sorted(CR_TURN)])]


def attachment_info(row: sqlite3.Row) -> dict:
    """Attachment metadata (the R7 ``attachment`` model without the file)."""
    return {
        "dataAttachmentGuid": row["guid"],
        "applicationId": row["application_id"],
        "dataAttachmentTitle": row["title"],
        "dataAttachmentDesc": row["description"],
        "dataAttachmentFileName": row["file_name"],
        "dataAttachmentDate": row["created_at"],
        "dataAttachmentOwner": row["owner"],
        "size": row["size"],
        "sha256": row["sha256"],
    }


def attachments_list(conn: sqlite3.Connection, application_id: str) -> list[dict]:
    """getAttachmentsList."""
    rows = conn.execute("SELECT * FROM attachments WHERE application_id = ? ORDER BY id", (application_id,))
    return [attachment_info(row) for row in rows]


def attachment_row(conn: sqlite3.Connection, guid: str, organisation: str | None) -> sqlite3.Row | None:
    """An attachment with its content (None if unknown or another organisation's)."""
    row = conn.execute(
        "SELECT a.*, c.organisation FROM attachments a JOIN claims c ON c.application_id = a.application_id "
        "WHERE a.guid = ?",
        (guid,),
    ).fetchone()
    if row is None or (organisation is not None and row["organisation"] != organisation):
        return None
    return row


def attachment_json(row: sqlite3.Row) -> dict:
    """getAttachment: metadata plus the file, base64, in ``dataAttachmentFileZip`` (the R7 name)."""
    return {**attachment_info(row), "dataAttachmentFileZip": base64.b64encode(row["content"]).decode("ascii")}


def documents_list(conn: sqlite3.Connection, application_id: str) -> list[dict]:
    """getPrintableDocumentsList."""
    rows = conn.execute(
        "SELECT id, application_id, document_type, title, file_name, size, created_at FROM documents "
        "WHERE application_id = ? ORDER BY id",
        (application_id,),
    )
    return [
        {
            "printableDocumentId": str(row["id"]),
            "applicationId": row["application_id"],
            "documentType": row["document_type"],
            "documentTitle": row["title"],
            "fileName": row["file_name"],
            "size": row["size"],
            "creationTime": row["created_at"],
        }
        for row in rows
    ]


def document_row(conn: sqlite3.Connection, document_id: str, organisation: str | None) -> sqlite3.Row | None:
    """A printable document with its PDF (None if unknown or another organisation's)."""
    if not document_id.isdigit():
        return None
    row = conn.execute(
        "SELECT d.*, c.organisation FROM documents d JOIN claims c ON c.application_id = d.application_id "
        "WHERE d.id = ?",
        (int(document_id),),
    ).fetchone()
    if row is None or (organisation is not None and row["organisation"] != organisation):
        return None
    return row


def notifications_list(conn: sqlite3.Connection, organisation: str, now, retention_days: int) -> list[dict]:
    """getNotificationsList: the organisation's notifications of the last ``retention_days`` days."""
    since = format_instant(now - timedelta(days=retention_days))
    rows = conn.execute(
        "SELECT guid, application_id, message, created_at FROM notifications "
        "WHERE organisation = ? AND created_at > ? ORDER BY created_at, id",
        (organisation, since),
    )
    return [
        {
            "notificationGuid": row["guid"],
            "applicationId": row["application_id"],
            "notificationDateTime": row["created_at"],
            "formattedDate": _formatted(row["created_at"]),
            "notificationMessage": row["message"],
        }
        for row in rows
    ]


def _formatted(stamp: str) -> str:
    """The date as the portal shows it to users (UK style, London time)."""
    return parse_instant(stamp).astimezone(LONDON).strftime("%d/%m/%Y %H:%M")

"""Read side of the portal API: claims, messages, documents and the two change feeds."""

import base64
import sqlite3
from dataclasses import dataclass

from simulators.oic.records import Claim, claim_children, claim_load, parse_public_id, public_id


def claim_summary(claim: Claim) -> dict:
    """The short form used by create, search and actions."""
    return {
        "claimID": claim.claim_id,
        "claimStatus": claim.status,
        "clientReference": claim.client_reference,
        "createdDateTime": claim.created_at,
    }


def claim_json(conn: sqlite3.Connection, claim: Claim) -> dict:
    """Get Claim Details: the fields seen in NAHL's integration, plus the submitted SCNF."""
    details = claim.details
    body = {
        **claim_summary(claim),
        "claimType": claim.claim_type,
        "submittedDateTime": claim.submitted_at,
        "lastUpdatedDateTime": claim.updated_at,
        "compensatorOrgName": claim.compensator_org_name,
        "isCompensatorMIB": claim.is_mib,
        "isClaimWithinCluster": bool(details.get("isClaimWithinCluster")),
        "liabilityDeadlineDateTime": claim.liability_deadline,
        "claimDetails": _claim_details(claim),
        "offers": details.get("offers", []),
        "offerRequestedDateTime": details.get("offerRequestedDateTime"),
        "settlement": details.get("settlement"),
        "losses": details.get("losses", []),
        "medicalReports": details.get("medicalReports", []),
        "courtPack": details.get("courtPack"),
        "relatedClaims": [
            {"claimID": child.claim_id, "type": child.claim_type, "claimStatus": child.status}
            for child in claim_children(conn, claim.claim_id)
        ],
        "scnf": claim.scnf,
    }
    body.update(_child_parts(conn, claim))
    return body


def _claim_details(claim: Claim) -> dict:
    details = claim.details
    liability = claim.details.get("liability") or {"liabilityHistory": []}
    keys = (
        "claimReferenceNumber",
        "claimHandlerName",
        "claimHandlerPhone",
        "claimHandlerEmail",
        "insurerPolicyNumber",
    )
    return {
        **{key: details.get(key) for key in keys},
        "insurerId": claim.insurer_id,
        "isCompensatorMIB": claim.is_mib,
        "withdrawalReason": details.get("withdrawalReason"),
        "withdrawalMotivation": details.get("withdrawalMotivation"),
        "removalReason": details.get("removalReason"),
        "liability": {
            **{key: liability.get(key) for key in _LIABILITY_KEYS},
            "liabilityHistory": liability.get("liabilityHistory", []),
        },
    }


_LIABILITY_KEYS = (
    "liabilityDecision",
    "liabilityPercentage",
    "liabilityJustification",
    "reasonForCausationDispute",
    "admittingFault",
    "comments",
    "claimantDecisionOnLiability",
    "claimantCommentOnLiabilityDecision",
    "disagreeingPartialLiabilityJustification",
    "courtDecisionOnLiability",
    "courtClaimNumber",
    "officialCourtOrder",
)


def _child_parts(conn: sqlite3.Connection, claim: Claim) -> dict:
    """MED and CL claims carry their parent's id the way NAHL's code reads them."""
    if claim.claim_type == "MED":
        return {
            "medicalClaimDetails": {"medicalClaimID": claim.claim_id, "parentClaimID": claim.parent_claim_id}
        }
    if claim.claim_type == "CL":
        parent = claim_load(conn, claim.parent_claim_id)
        return {
            "parentClaimDetails": {
                "claimID": parent.claim_id,
                "claimStatus": parent.status,
                "claimDetails": _claim_details(parent),
            },
            "challengeLiabilityDetails": {"content": claim.details.get("challenge", {})},
        }
    return {}


def claims_by_reference(conn: sqlite3.Connection, organisation: str, client_reference: str) -> list[Claim]:
    """Claims of an organisation with this client reference (zero or one)."""
    rows = conn.execute(
        "SELECT * FROM claims WHERE organisation = ? AND client_reference = ?",
        (organisation, client_reference),
    ).fetchall()
    return [Claim.from_row(row) for row in rows]


def messages_list(conn: sqlite3.Connection, claim_id: str) -> list[dict]:
    """Get Message List."""
    rows = conn.execute(
        "SELECT id, category, created_at FROM messages WHERE claim_id = ? ORDER BY id", (claim_id,)
    )
    return [
        {"id": public_id("message", r["id"]), "category": r["category"], "createDateTime": r["created_at"]}
        for r in rows
    ]


def message_get(conn: sqlite3.Connection, message_id: str, organisation: str | None) -> dict | None:
    """Get Message (None if unknown or another organisation's)."""
    number = parse_public_id("message", message_id)
    row = conn.execute(
        "SELECT m.*, c.organisation FROM messages m JOIN claims c ON c.claim_id = m.claim_id WHERE m.id = ?",
        (number,),
    ).fetchone()
    if row is None or (organisation is not None and row["organisation"] != organisation):
        return None
    return {
        "messageInfo": {"id": message_id, "category": row["category"], "createdDateTime": row["created_at"]},
        "claimID": row["claim_id"],
        "author": row["author"],
        "note": row["note"],
    }


def _attachment_info(row: sqlite3.Row) -> dict:
    return {
        "id": public_id("attachment", row["id"]),
        "category": row["category"],
        "subType": row["sub_type"],
        "fileName": row["file_name"],
        "memo": row["memo"],
        "author": row["author"],
        "size": row["size"],
        "sha256": row["sha256"],
    }


def attachments_list(conn: sqlite3.Connection, claim_id: str) -> list[dict]:
    """Get Attachment List (metadata only)."""
    rows = conn.execute(
        "SELECT id, category, sub_type, file_name, memo, author, size, sha256, created_at FROM attachments "
        "WHERE claim_id = ? ORDER BY id",
        (claim_id,),
    )
    return [{**_attachment_info(row), "createDateTime": row["created_at"]} for row in rows]


def attachment_row(
    conn: sqlite3.Connection, attachment_id: str, organisation: str | None
) -> sqlite3.Row | None:
    """An attachment with its content (None if unknown or another organisation's)."""
    number = parse_public_id("attachment", attachment_id)
    row = conn.execute(
        "SELECT a.*, c.organisation FROM attachments a "
        "JOIN claims c ON c.claim_id = a.claim_id WHERE a.id = ?",
        (number,),
    ).fetchone()
    if row is None or (organisation is not None and row["organisation"] != organisation):
        return None
    return row


def attachment_json(row: sqlite3.Row) -> dict:
    """Get Attachment: file info plus the base64 content."""
    info = {**_attachment_info(row), "createdDateTime": row["created_at"], "claimID": row["claim_id"]}
    return {"fileInfo": info, "fileStream": base64.b64encode(row["content"]).decode("ascii")}


# An open window ends at the end of time, so each feed has one static statement on its index.
END_OF_TIME = "9999-12-31T23:59:59.999Z"


@dataclass(frozen=True)
class Window:
    """A page of a date-windowed feed: [date_from, date_to), 1-based page."""

    organisation: str
    date_from: str
    date_to: str
    page: int
    page_size: int
    claim_id: str | None = None

    @property
    def params(self) -> list:
        """The parameters of a feed's WHERE clause."""
        base = [self.organisation, self.date_from, self.date_to]
        return [*base, self.claim_id] if self.claim_id else base

    def sql(self, template: str) -> str:
        """The feed's statement, narrowed to one claim when asked (our assumption, see openapi.yaml)."""
        return template.format(claim=" AND claim_id = ?" if self.claim_id else "")


@dataclass(frozen=True)
class Feed:
    """The two statements behind a feed: its total count and one page."""

    count_sql: str
    page_sql: str


NOTIFICATIONS = Feed(
    "SELECT COUNT(*) FROM notifications WHERE organisation = ? AND created_at >= ? AND created_at < ?{claim}",
    "SELECT id, claim_id, notification_type, description, created_at FROM notifications "
    "WHERE organisation = ? AND created_at >= ? AND created_at < ?{claim} "
    "ORDER BY created_at, id LIMIT ? OFFSET ?",
)
ASSIGNMENTS = Feed(
    "SELECT COUNT(*) FROM assignments WHERE organisation = ? AND updated_at >= ? AND updated_at < ?{claim}",
    "SELECT id, claim_id, claim_status, instructions, status, created_at, updated_at, goal_at, deadline_at "
    "FROM assignments WHERE organisation = ? AND updated_at >= ? AND updated_at < ?{claim} "
    "ORDER BY updated_at, id LIMIT ? OFFSET ?",
)


def _page(conn: sqlite3.Connection, feed: Feed, window: Window) -> tuple[list, dict]:
    total = conn.execute(window.sql(feed.count_sql), window.params).fetchone()[0]
    offset = (window.page - 1) * window.page_size
    rows = conn.execute(window.sql(feed.page_sql), [*window.params, window.page_size, offset]).fetchall()
    more = offset + len(rows) < total
    paging = {
        "page": window.page,
        "pageSize": window.page_size,
        "totalCount": total,
        "nextPage": window.page + 1 if more else None,
    }
    return rows, paging


def notifications_page(conn: sqlite3.Connection, window: Window) -> dict:
    """Get Notifications: one page, ordered by createdDateTime then id."""
    rows, paging = _page(conn, NOTIFICATIONS, window)
    items = [
        {
            "notificationID": public_id("notification", row["id"]),
            "claimID": row["claim_id"],
            "notificationType": row["notification_type"],
            "description": row["description"],
            "createdDateTime": row["created_at"],
        }
        for row in rows
    ]
    return {"notifications": items, **paging}


def assignments_page(conn: sqlite3.Connection, window: Window) -> dict:
    """Get Assignments: one page, ordered by updatedDateTime then id."""
    rows, paging = _page(conn, ASSIGNMENTS, window)
    items = [
        {
            "assignmentID": public_id("assignment", row["id"]),
            "claimID": row["claim_id"],
            "claimStatus": row["claim_status"],
            "instructions": row["instructions"],
            "status": row["status"],
            "createdDateTime": row["created_at"],
            "updatedDateTime": row["updated_at"],
            "goalDateTime": row["goal_at"],
            "deadlineDateTime": row["deadline_at"],
        }
        for row in rows
    ]
    return {"assignments": items, **paging}

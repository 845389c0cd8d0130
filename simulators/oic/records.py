"""Rows of the simulator database and the small writes every portal action is made of.

Every row written through a ``Tx`` (``simulators.common.store``) is stamped with ``tx.now``.
Side effects that the portal always raises together live here: adding a message raises a
NewMessage notification, adding a document a NewDocument one.
"""

import hashlib
import json
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime

from simulators.common.store import Tx
from simulators.common.timeutil import format_instant
from simulators.oic.reference import NOTIFICATION_TYPES

ID_PREFIXES = {"message": "MSG", "attachment": "ATT", "notification": "NTF", "assignment": "ASG"}


@dataclass
class Claim:
    """A claim (or a MED / CL child claim) as stored."""

    claim_id: str
    organisation: str
    status: str
    created_at: str
    updated_at: str
    client_reference: str | None = None
    claim_type: str = "OIC"
    parent_claim_id: str | None = None
    submitted_at: str | None = None
    compensator_org_name: str | None = None
    insurer_id: str | None = None
    is_mib: bool = False
    liability_started_at: str | None = None
    liability_deadline: str | None = None
    scnf: dict | None = None
    details: dict = field(default_factory=dict)

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> "Claim":
        """Build from a ``claims`` row."""
        values = {key: row[key] for key in row.keys() if key != "number"}  # noqa: SIM118 - sqlite3.Row
        values["is_mib"] = bool(values["is_mib"])
        values["scnf"] = json.loads(values["scnf"]) if values["scnf"] else None
        values["details"] = json.loads(values["details"])
        return cls(**values)

    @property
    def liability(self) -> dict:
        """The liability part of the details, created on first use."""
        return self.details.setdefault("liability", {"liabilityHistory": []})


def public_id(kind: str, number: int) -> str:
    """MSG-00000012 and friends: opaque ids for messages, attachments and so on."""
    return f"{ID_PREFIXES[kind]}-{number:08d}"


def parse_public_id(kind: str, text: str) -> int | None:
    """The row id behind a public id, or None if it is not one of ours."""
    prefix, _, digits = text.partition("-")
    if prefix != ID_PREFIXES[kind] or not digits.isdigit():
        return None
    return int(digits)


def claim_values(claim: Claim) -> tuple:
    """The claim as a tuple in ``CLAIM_INSERT`` order (for inserts, including bulk seeding)."""
    return (
        claim.claim_id,
        claim.organisation,
        claim.client_reference,
        claim.claim_type,
        claim.parent_claim_id,
        claim.status,
        claim.created_at,
        claim.submitted_at,
        claim.updated_at,
        claim.compensator_org_name,
        claim.insurer_id,
        int(claim.is_mib),
        claim.liability_started_at,
        claim.liability_deadline,
        _compact(claim.scnf) if claim.scnf is not None else None,
        _compact(claim.details),
    )


def _compact(value) -> str:
    return json.dumps(value, separators=(",", ":"))


CLAIM_INSERT = (
    "INSERT INTO claims (claim_id, organisation, client_reference, claim_type, parent_claim_id, status, "
    "created_at, submitted_at, updated_at, compensator_org_name, insurer_id, is_mib, liability_started_at, "
    "liability_deadline, scnf, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def next_claim_number(conn: sqlite3.Connection) -> int:
    """The number the next claim will get (callers hold the write lock)."""
    return conn.execute("SELECT COALESCE(MAX(number), 0) + 1 FROM claims").fetchone()[0]


def claim_insert(tx: Tx, claim: Claim) -> Claim:
    """Store a new claim."""
    tx.conn.execute(CLAIM_INSERT, claim_values(claim))
    return claim


def claim_save(tx: Tx, claim: Claim) -> None:
    """Write back every mutable field and stamp the claim as updated now."""
    claim.updated_at = tx.stamp
    tx.conn.execute(
        "UPDATE claims SET status = ?, submitted_at = ?, updated_at = ?, compensator_org_name = ?, "
        "insurer_id = ?, is_mib = ?, liability_started_at = ?, liability_deadline = ?, details = ? "
        "WHERE claim_id = ?",
        (
            claim.status,
            claim.submitted_at,
            claim.updated_at,
            claim.compensator_org_name,
            claim.insurer_id,
            int(claim.is_mib),
            claim.liability_started_at,
            claim.liability_deadline,
            _compact(claim.details),
            claim.claim_id,
        ),
    )


def claim_load(conn: sqlite3.Connection, claim_id: str, organisation: str | None = None) -> Claim | None:
    """A claim by id, optionally only if it belongs to ``organisation``."""
    row = conn.execute("SELECT * FROM claims WHERE claim_id = ?", (claim_id,)).fetchone()
    if row is None or (organisation is not None and row["organisation"] != organisation):
        return None
    return Claim.from_row(row)


def claim_children(conn: sqlite3.Connection, claim_id: str) -> list[Claim]:
    """The MED and CL child claims of a claim, oldest first."""
    rows = conn.execute(
        "SELECT * FROM claims WHERE parent_claim_id = ? ORDER BY number", (claim_id,)
    ).fetchall()
    return [Claim.from_row(row) for row in rows]


def notification_add(tx: Tx, claim: Claim, notification_type: str, description: str | None = None) -> None:
    """Raise a notification on a claim for its organisation."""
    tx.conn.execute(
        "INSERT INTO notifications (organisation, claim_id, notification_type, description, created_at) "
        "VALUES (?, ?, ?, ?, ?)",
        (
            claim.organisation,
            claim.claim_id,
            notification_type,
            description or NOTIFICATION_TYPES[notification_type],
            tx.stamp,
        ),
    )


def message_add(tx: Tx, claim: Claim, *, category: str, note_html: str, author: str) -> str:
    """Add a message to a claim (raising NewMessage) and return its id."""
    cursor = tx.conn.execute(
        "INSERT INTO messages (claim_id, category, author, note, created_at) VALUES (?, ?, ?, ?, ?)",
        (claim.claim_id, category, author, note_html, tx.stamp),
    )
    notification_add(tx, claim, "NewMessage")
    return public_id("message", cursor.lastrowid)


@dataclass(frozen=True)
class Upload:
    """A document to attach."""

    file_name: str
    category: str
    sub_type: str
    content: bytes
    memo: str = ""


def attachment_add(tx: Tx, claim: Claim, upload: Upload, *, author: str) -> str:
    """Attach a document to a claim (raising NewDocument) and return its id."""
    cursor = tx.conn.execute(
        "INSERT INTO attachments (claim_id, category, sub_type, file_name, memo, author, size, sha256, "
        "content, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            claim.claim_id,
            upload.category,
            upload.sub_type,
            upload.file_name,
            upload.memo,
            author,
            len(upload.content),
            hashlib.sha256(upload.content).hexdigest(),
            upload.content,
            tx.stamp,
        ),
    )
    notification_add(tx, claim, "NewDocument")
    return public_id("attachment", cursor.lastrowid)


def attachment_ids(conn: sqlite3.Connection, claim_id: str, category: str | None = None) -> list[str]:
    """Public ids of a claim's documents, optionally of one category."""
    query = "SELECT id FROM attachments WHERE claim_id = ?"
    params: list = [claim_id]
    if category:
        query += " AND category = ?"
        params.append(category)
    return [public_id("attachment", row["id"]) for row in conn.execute(query + " ORDER BY id", params)]


def assignment_open(tx: Tx, claim: Claim, instructions: str, goal: datetime, deadline: datetime) -> None:
    """Open a work item for the claimant representative."""
    tx.conn.execute(
        "INSERT INTO assignments (organisation, claim_id, claim_status, instructions, status, created_at, "
        "updated_at, goal_at, deadline_at) VALUES (?, ?, ?, ?, 'Open', ?, ?, ?, ?)",
        (
            claim.organisation,
            claim.claim_id,
            claim.status,
            instructions,
            tx.stamp,
            tx.stamp,
            format_instant(goal),
            format_instant(deadline),
        ),
    )


def assignments_close(tx: Tx, claim: Claim, outcome: str) -> None:
    """Mark the claim's open assignments Completed or Cancelled."""
    tx.conn.execute(
        "UPDATE assignments SET status = ?, updated_at = ? WHERE claim_id = ? AND status = 'Open'",
        (outcome, tx.stamp, claim.claim_id),
    )

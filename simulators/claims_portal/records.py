"""Rows of the simulator database and the small writes every portal action is made of.

Every row written through a ``Tx`` (``simulators.common.store``) is stamped with ``tx.now``.
"""

import hashlib
import json
import sqlite3
import uuid
from dataclasses import dataclass, field

from simulators.common.store import Tx


@dataclass
class Claim:
    """A claim ("application") as stored."""

    application_id: str
    organisation: str
    cr_reference: str
    phase: str
    guid: str
    compensator_id: str
    created_at: str
    sent_at: str
    updated_at: str
    cnf: dict
    is_mib: bool = False
    current_user: str | None = None
    timeout_at: str | None = None
    timeout_type: str | None = None
    details: dict = field(default_factory=dict)

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> "Claim":
        """Build from a ``claims`` row."""
        values = {key: row[key] for key in _FIELDS}
        values["is_mib"] = bool(values["is_mib"])
        values["cnf"] = json.loads(values["cnf"])
        values["details"] = json.loads(values["details"])
        return cls(**values)

    def history(self, tx: Tx, action: str, by: str, **facts) -> None:
        """Append a step to the claim's process history (shown on the portal page)."""
        entry = {"at": tx.stamp, "action": action, "by": by, "phaseCacheId": self.phase, **facts}
        self.details.setdefault("history", []).append(entry)


_FIELDS = tuple(Claim.__dataclass_fields__)


def new_guid() -> str:
    """A fresh activityEngineGuid (or attachment / notification GUID)."""
    return str(uuid.uuid4())


def _compact(value) -> str:
    return json.dumps(value, separators=(",", ":"))


CLAIM_INSERT = (
    "INSERT INTO claims (application_id, organisation, cr_reference, phase, guid, compensator_id, is_mib, "
    "current_user, created_at, sent_at, updated_at, timeout_at, timeout_type, cnf, details) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def claim_values(claim: Claim) -> tuple:
    """The claim as a tuple in ``CLAIM_INSERT`` order (also used by bulk seeding)."""
    return (
        claim.application_id,
        claim.organisation,
        claim.cr_reference,
        claim.phase,
        claim.guid,
        claim.compensator_id,
        int(claim.is_mib),
        claim.current_user,
        claim.created_at,
        claim.sent_at,
        claim.updated_at,
        claim.timeout_at,
        claim.timeout_type,
        _compact(claim.cnf),
        _compact(claim.details),
    )


def next_application_id(conn: sqlite3.Connection) -> str:
    """The 16-digit, zero-padded id of the next claim (callers hold the write lock)."""
    number = conn.execute("SELECT COALESCE(MAX(number), 0) + 1 FROM claims").fetchone()[0]
    return f"{number:016d}"


def claim_insert(tx: Tx, claim: Claim) -> Claim:
    """Store a new claim."""
    tx.conn.execute(CLAIM_INSERT, claim_values(claim))
    return claim


def claim_save(tx: Tx, claim: Claim, *, new_version: bool = True) -> None:
    """Write back every mutable field; a state change also gets a new activityEngineGuid."""
    claim.updated_at = tx.stamp
    if new_version:
        claim.guid = new_guid()
    tx.conn.execute(
        "UPDATE claims SET phase = ?, guid = ?, compensator_id = ?, is_mib = ?, current_user = ?, "
        "sent_at = ?, updated_at = ?, timeout_at = ?, timeout_type = ?, cnf = ?, details = ? "
        "WHERE application_id = ?",
        (
            claim.phase,
            claim.guid,
            claim.compensator_id,
            int(claim.is_mib),
            claim.current_user,
            claim.sent_at,
            claim.updated_at,
            claim.timeout_at,
            claim.timeout_type,
            _compact(claim.cnf),
            _compact(claim.details),
            claim.application_id,
        ),
    )


def claim_load(
    conn: sqlite3.Connection, application_id: str, organisation: str | None = None
) -> Claim | None:
    """A claim by id (leading zeros optional), optionally only if it belongs to ``organisation``."""
    if application_id.isdigit():
        application_id = application_id.zfill(16)
    row = conn.execute("SELECT * FROM claims WHERE application_id = ?", (application_id,)).fetchone()
    if row is None or (organisation is not None and row["organisation"] != organisation):
        return None
    return Claim.from_row(row)


def notification_add(tx: Tx, claim: Claim, message: str) -> None:
    """Raise a notification for the claim's organisation (the portal's polled "push")."""
    tx.conn.execute(
        "INSERT INTO notifications (guid, organisation, application_id, message, created_at) "
        "VALUES (?, ?, ?, ?, ?)",
        (new_guid(), claim.organisation, claim.application_id, message, tx.stamp),
    )


@dataclass(frozen=True)
class Upload:
    """An attachment to store."""

    title: str
    file_name: str
    content: bytes
    description: str = ""


def attachment_bytes(conn: sqlite3.Connection, application_id: str) -> int:
    """Bytes already attached to a claim (the per-claim limit counts them)."""
    row = conn.execute(
        "SELECT COALESCE(SUM(size), 0) FROM attachments WHERE application_id = ?", (application_id,)
    ).fetchone()
    return row[0]


def attachment_add(tx: Tx, claim: Claim, upload: Upload, *, owner: str) -> str:
    """Attach a file to a claim and return its GUID."""
    guid = new_guid()
    tx.conn.execute(
        "INSERT INTO attachments (guid, application_id, title, description, file_name, owner, size, sha256, "
        "content, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            guid,
            claim.application_id,
            upload.title,
            upload.description,
            upload.file_name,
            owner,
            len(upload.content),
            hashlib.sha256(upload.content).hexdigest(),
            upload.content,
            tx.stamp,
        ),
    )
    return guid


def document_add(tx: Tx, claim: Claim, document_type: str, title: str, content: bytes) -> int:
    """Store a printable document the portal generated; returns its id."""
    file_name = f"{claim.application_id}-{document_type}-{tx.now:%Y%m%d%H%M%S}.pdf"
    cursor = tx.conn.execute(
        "INSERT INTO documents (application_id, document_type, title, file_name, size, content, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (claim.application_id, document_type, title, file_name, len(content), content, tx.stamp),
    )
    return cursor.lastrowid

"""Time-based portal behaviour, run lazily from an indexed queue of due events.

Nothing polls in the background: each request (and each clock change) first runs every
event whose time has come, oldest first, each at its own due instant, so a notification
raised by a deadline carries the deadline's time even if the clock jumped far past it.
Only due rows are read (``due_events_due`` index), never the whole claims table.
"""

import json
import logging

from simulators.oic import compensator, pdf, scenarios
from simulators.oic.config import SimConfig
from simulators.oic.records import Claim, Tx, Upload, attachment_add, claim_load
from simulators.oic.reference import SYSTEM_AUTHOR
from simulators.oic.store import Store
from simulators.oic.timeutil import format_instant, parse_instant

logger = logging.getLogger(__name__)

BATCH = 200


def _scnf(tx: Tx, claim: Claim, payload: dict) -> None:
    """The portal produces the Small Claim Notification Form a few minutes after create."""
    upload = Upload(
        file_name=f"{claim.claim_id}-SCNF.pdf",
        category="SCNF",
        sub_type="UnsignedDocuments",
        content=pdf.scnf_pdf(claim),
        memo="Small Claim Notification Form",
    )
    attachment_add(tx, claim, upload, author=SYSTEM_AUTHOR)


def _when_status(status: str, action):
    """An event that performs ``action`` only if the claim is still in ``status``."""

    def handler(tx: Tx, claim: Claim, payload: dict) -> None:
        """Skip the event if the claim has moved on."""
        if claim.status == status:
            action(tx, claim, {})

    return handler


HANDLERS = {
    "scnf": _scnf,
    "psc_assign": lambda tx, claim, payload: compensator.psc_assign_due(tx, claim),
    "deemed_admission": lambda tx, claim, payload: compensator.deemed_admission_due(
        tx, claim, payload["deadline"]
    ),
    "withdrawal_ack": _when_status("Pending-Withdrawal", compensator.acknowledge_withdrawal),
    "denial_ack": _when_status("Pending-RejectedLiability", compensator.acknowledge_denial),
    "transfer_complete": _when_status("Open-Transferred", compensator.transfer_complete),
    "scenario_step": lambda tx, claim, payload: scenarios.run_step(tx, claim, payload["index"]),
}


def has_due(store: Store, now) -> bool:
    """True if some event is due at or before ``now`` (one index probe)."""
    row = store.connection().execute(
        "SELECT 1 FROM due_events WHERE due_at <= ? LIMIT 1", (format_instant(now),)
    )
    return row.fetchone() is not None


def run_due(store: Store, now, config: SimConfig) -> int:
    """Run every event due at or before ``now``; return how many ran.

    Events queued by an event (a transfer queuing a deemed admission already past its
    deadline, say) are picked up by the same call.
    """
    ran = 0
    stamp = format_instant(now)
    while True:
        rows = (
            store.connection()
            .execute("SELECT * FROM due_events WHERE due_at <= ? ORDER BY due_at, id LIMIT ?", (stamp, BATCH))
            .fetchall()
        )
        if not rows:
            return ran
        for row in rows:
            _run_one(store, row, config)
            ran += 1


def _run_one(store: Store, row, config: SimConfig) -> None:
    with store.write() as conn:
        if conn.execute("DELETE FROM due_events WHERE id = ?", (row["id"],)).rowcount == 0:
            return
        claim = claim_load(conn, row["claim_id"]) if row["claim_id"] else None
        if claim is None:
            return
        tx = Tx(conn, parse_instant(row["due_at"]), config)
        conn.execute("SAVEPOINT due_event")
        try:
            HANDLERS[row["kind"]](tx, claim, json.loads(row["payload"]))
        except Exception:
            # A broken event must not block every later request: drop it and say so.
            conn.execute("ROLLBACK TO due_event")
            logger.exception(
                "Due event %s (%s) on %s failed and was dropped", row["id"], row["kind"], row["claim_id"]
            )
        conn.execute("RELEASE due_event")

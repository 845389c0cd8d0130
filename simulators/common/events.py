"""Time-based portal behaviour, run lazily from an indexed queue of due events.

Nothing polls in the background: each request (and each clock change) first runs every
event whose time has come, oldest first, each at its own due instant, so whatever an event
writes (a notification raised by a deadline, say) carries the event's own time even if the
clock jumped far past it. Only due rows are read (``due_events_due`` index), never the whole
claims table. Each simulator names its kinds of event and their handlers (``DueEvents``).
"""

import json
import logging
import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from simulators.common.store import Store, Tx
from simulators.common.timeutil import format_instant, parse_instant

logger = logging.getLogger(__name__)

BATCH = 200


def event_schedule(
    tx: Tx, due: datetime, kind: str, claim_id: str | None, payload: dict | None = None
) -> None:
    """Queue a time-based event; it runs once portal time reaches ``due``."""
    tx.conn.execute(
        "INSERT INTO due_events (due_at, claim_id, kind, payload) VALUES (?, ?, ?, ?)",
        (format_instant(due), claim_id, kind, json.dumps(payload or {})),
    )


def events_cancel(tx: Tx, claim_id: str, *kinds: str) -> None:
    """Drop a claim's queued events of the given kinds."""
    for kind in kinds:
        tx.conn.execute("DELETE FROM due_events WHERE claim_id = ? AND kind = ?", (claim_id, kind))


def has_due(store: Store, now: datetime) -> bool:
    """True if some event is due at or before ``now`` (one index probe)."""
    row = store.connection().execute(
        "SELECT 1 FROM due_events WHERE due_at <= ? LIMIT 1", (format_instant(now),)
    )
    return row.fetchone() is not None


@dataclass(frozen=True)
class DueEvents:
    """A simulator's kinds of event: the handler of each, and how to load the claim an event is about."""

    handlers: Mapping[str, Callable[[Tx, Any, dict], None]]
    claim_load: Callable[[sqlite3.Connection, str], Any]

    def run_due(self, store: Store, now: datetime, config) -> int:
        """Run every event due at or before ``now``; return how many ran.

        Events queued by an event (a transfer queuing a deemed admission already past its
        deadline, say) are picked up by the same call.
        """
        ran = 0
        stamp = format_instant(now)
        while True:
            rows = (
                store.connection()
                .execute(
                    "SELECT * FROM due_events WHERE due_at <= ? ORDER BY due_at, id LIMIT ?", (stamp, BATCH)
                )
                .fetchall()
            )
            if not rows:
                return ran
            for row in rows:
                self._run_one(store, row, config)
                ran += 1

    def _run_one(self, store: Store, row, config) -> None:
        with store.write() as conn:
            if conn.execute("DELETE FROM due_events WHERE id = ?", (row["id"],)).rowcount == 0:
                return
            claim = self.claim_load(conn, row["claim_id"]) if row["claim_id"] else None
            if claim is None:
                return
            tx = Tx(conn, parse_instant(row["due_at"]), config)
            conn.execute("SAVEPOINT due_event")
            try:
                self.handlers[row["kind"]](tx, claim, json.loads(row["payload"]))
            except Exception:
                # A broken event must not block every later request: drop it and say so.
                conn.execute("ROLLBACK TO due_event")
                logger.exception(
                    "Due event %s (%s) on %s failed and was dropped", row["id"], row["kind"], row["claim_id"]
                )
            conn.execute("RELEASE due_event")

"""Time-based portal behaviour, run lazily from an indexed queue of due events.

Nothing polls in the background: each request (and each clock change) first runs every
event whose time has come, oldest first, each at its own due instant, so a timeout reached
while the clock jumped weeks ahead is stamped with the timeout's own time.
"""

import json
import logging

from simulators.claims_portal import compensator, scenarios
from simulators.claims_portal.config import SimConfig
from simulators.claims_portal.lifecycle import TIMEOUT_TARGETS, phase_change, timeout_due
from simulators.claims_portal.records import Claim, Tx, claim_load, notification_add
from simulators.claims_portal.store import Store
from simulators.claims_portal.workflow import perform
from simulators.oic.timeutil import format_instant, parse_instant

logger = logging.getLogger(__name__)

BATCH = 200

# Warning texts (claims-portal.md 5.9), by timeout type.
_WARNINGS = {
    "LiabilityDecisionTimeout": "Liability decision for claim {id}",
    "InterimPaymentTimeout": "Stage 2.1 Interim Payment needed for claim {id}",
    "Stage2DecisionOrCounterOfferTimeout": "Stage 2 Settlement Pack response needed for claim {id}",
}
_COUNTER_OFFER_WARNING = "Stage 2 Settlement Pack counter offer needed for claim {id}"


def _warning_text(claim: Claim, kind: str) -> str:
    counter = kind == "Stage2DecisionOrCounterOfferTimeout" and claim.phase != "Stage2SettlementPackDecision"
    return (_COUNTER_OFFER_WARNING if counter else _WARNINGS[kind]).format(id=claim.application_id)


def _timeout(tx: Tx, claim: Claim, payload: dict) -> None:
    """The period ran out: the claim goes back to the claimant representative (3.2)."""
    if not timeout_due(claim, payload):
        return
    kind = payload["type"]
    notification_add(tx, claim, f"{_warning_text(claim, kind)}: time limit reached")
    phase_change(tx, claim, TIMEOUT_TARGETS[kind], by="PORTAL", action="timeout", timeoutType=kind)


def _warning(tx: Tx, claim: Claim, payload: dict) -> None:
    if timeout_due(claim, payload):
        notification_add(
            tx, claim, f"{_warning_text(claim, payload['type'])}: {payload['daysLeft']} days left"
        )


def _auto_acknowledge(tx: Tx, claim: Claim, payload: dict) -> None:
    """The simulated compensator acknowledges a CNF it has not yet answered (config, 0 = never)."""
    if claim.phase == "ClaimSubmitted" and claim.sent_at == payload["sentAt"]:
        compensator.accept_claim(tx, claim, {}, "auto")


def _exit_acknowledge(tx: Tx, claim: Claim, payload: dict) -> None:
    if claim.phase == "ExitProcessByCR" and claim.guid == payload["guid"]:
        compensator.acknowledge_exit(tx, claim, {}, "auto")


HANDLERS = {
    "timeout": _timeout,
    "timeout_warning": _warning,
    "auto_acknowledge": _auto_acknowledge,
    "exit_acknowledge": _exit_acknowledge,
    "scenario_step": lambda tx, claim, payload: scenarios.run_step(
        tx, claim, payload, compensator.METHODS, perform
    ),
}


def has_due(store: Store, now) -> bool:
    """True if some event is due at or before ``now`` (one index probe)."""
    row = store.connection().execute(
        "SELECT 1 FROM due_events WHERE due_at <= ? LIMIT 1", (format_instant(now),)
    )
    return row.fetchone() is not None


def run_due(store: Store, now, config: SimConfig) -> int:
    """Run every event due at or before ``now`` (including ones queued by those events); return how many."""
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

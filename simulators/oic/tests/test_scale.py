"""Scale: the feeds and the event queue are served from indexes, and bulk seeding is fast."""

import httpx

from simulators.common.clock import SimClock
from simulators.common.testing import SSL_CONTEXT
from simulators.oic.queries import ASSIGNMENTS, NOTIFICATIONS, Window
from simulators.oic.seed import seed_claims
from simulators.oic.server import run_in_thread
from simulators.oic.shapes import ASSIGNMENTS_SQL, NOTIFICATIONS_SQL
from simulators.oic.store import Store
from simulators.oic.tests.conftest import Portal


def _plan(store: Store, sql: str, params) -> str:
    return " | ".join(
        row["detail"] for row in store.connection().execute("EXPLAIN QUERY PLAN " + sql, params)
    )


def test_feed_queries_use_their_window_indexes(tmp_path):
    store = Store(tmp_path / "oic.sqlite3")
    window = Window("Demo Law LLP", "2025-01-01T00:00:00.000Z", "2025-02-01T00:00:00.000Z", 3, 500)
    for feed, index in ((NOTIFICATIONS, "notifications_window"), (ASSIGNMENTS, "assignments_window")):
        page = _plan(store, window.sql(feed.page_sql), [*window.params, 500, 1000])
        count = _plan(store, window.sql(feed.count_sql), window.params)
        assert f"USING INDEX {index}" in page
        assert "TEMP B-TREE" not in page  # ordered by the index, no sort step
        assert f"USING COVERING INDEX {index}" in count


def test_evidence_feed_queries_use_the_same_indexes_without_sorting(tmp_path):
    store = Store(tmp_path / "oic.sqlite3")
    start, end = "2025-01-01T00:00:00.000Z", "2025-02-01T00:00:00.000Z"
    notifications = _plan(store, NOTIFICATIONS_SQL, ["Demo Law LLP", start, end])
    assignments = _plan(store, ASSIGNMENTS_SQL, ["Demo Law LLP", start])
    assert "USING INDEX notifications_window" in notifications
    assert "USING INDEX assignments_window" in assignments
    assert "TEMP B-TREE" not in notifications + assignments


def test_due_events_and_claim_lookups_use_indexes(tmp_path):
    store = Store(tmp_path / "oic.sqlite3")
    due = _plan(
        store, "SELECT * FROM due_events WHERE due_at <= ? ORDER BY due_at, id LIMIT 200", ["2025-01-01"]
    )
    by_reference = _plan(
        store, "SELECT * FROM claims WHERE organisation = ? AND client_reference = ?", ["o", "r"]
    )
    messages = _plan(store, "SELECT * FROM messages WHERE claim_id = ? ORDER BY id", ["OIC-1"])
    assert "due_events_due" in due and "TEMP B-TREE" not in due
    assert "claims_client_reference" in by_reference
    assert "messages_claim" in messages


def test_seeded_claims_are_plausible_and_served(tmp_path):
    db = tmp_path / "oic.sqlite3"
    store = Store(db)
    summary = seed_claims(store, SimClock(store).now(), "Demo Law LLP", 3000, seed=1)
    store.close()
    assert summary["claims"] == 3000
    assert len(summary["statuses"]) >= 12
    assert summary["notifications"] > 6000 and summary["assignments"] > 1000

    with run_in_thread(db) as sim:
        httpx.post(
            sim.url + "/_sim/clients",
            json={"clientId": "c", "clientSecret": "s", "organisation": "Demo Law LLP"},
            verify=SSL_CONTEXT,
        )
        with Portal(sim.url, "c", "s") as portal:
            page = portal.get(
                "/api/v1/notifications", params={"dateFrom": "2000-01-01", "pageSize": 500, "page": 3}
            ).json()
            claim = portal.claim("OIC-00000042")
            bulk = httpx.post(
                sim.url + "/_sim/bulk/activity",
                json={"organisation": "Demo Law LLP", "count": 150, "seed": 2},
                verify=SSL_CONTEXT,
            ).json()
    assert page["totalCount"] == summary["notifications"]
    assert len(page["notifications"]) == 500
    assert claim["clientReference"] == "SEED-00000042"
    assert bulk["count"] == 150

"""SQLite storage of the Claims Portal simulator: its schema on the OIC simulator's store.

The connection pool, the process-wide write lock, WAL mode and the meta table are the OIC
simulator's (``simulators.oic.store.Store``); only the schema differs. The ``clients``,
``tokens`` and ``due_events`` tables keep the OIC shapes so its auth and event-queue helpers
work here unchanged.
"""

import threading
from pathlib import Path

from simulators.oic import store as oic_store

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE IF NOT EXISTS clients (
    client_id TEXT PRIMARY KEY,
    organisation TEXT NOT NULL,
    secret_salt TEXT NOT NULL,
    secret_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    secret_rotated_at TEXT
);

CREATE TABLE IF NOT EXISTS tokens (
    token_hash TEXT PRIMARY KEY,
    client_id TEXT NOT NULL REFERENCES clients (client_id) ON DELETE CASCADE,
    issued_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE INDEX IF NOT EXISTS tokens_client ON tokens (client_id);

CREATE TABLE IF NOT EXISTS portal_users (
    user_id TEXT PRIMARY KEY,
    organisation TEXT NOT NULL,
    name TEXT NOT NULL,
    enabled INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS claims (
    number INTEGER PRIMARY KEY,
    application_id TEXT NOT NULL UNIQUE,
    organisation TEXT NOT NULL,
    cr_reference TEXT NOT NULL,
    phase TEXT NOT NULL,
    guid TEXT NOT NULL,
    compensator_id TEXT NOT NULL,
    is_mib INTEGER NOT NULL DEFAULT 0,
    current_user TEXT,
    created_at TEXT NOT NULL,
    sent_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    timeout_at TEXT,
    timeout_type TEXT,
    cnf TEXT NOT NULL,
    details TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS claims_org_reference ON claims (organisation, cr_reference);
CREATE INDEX IF NOT EXISTS claims_org_phase ON claims (organisation, phase);
CREATE INDEX IF NOT EXISTS claims_org_updated ON claims (organisation, updated_at);

CREATE TABLE IF NOT EXISTS attachments (
    id INTEGER PRIMARY KEY,
    guid TEXT NOT NULL UNIQUE,
    application_id TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    file_name TEXT NOT NULL,
    owner TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    content BLOB NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS attachments_claim ON attachments (application_id, id);

CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY,
    application_id TEXT NOT NULL,
    document_type TEXT NOT NULL,
    title TEXT NOT NULL,
    file_name TEXT NOT NULL,
    size INTEGER NOT NULL,
    content BLOB NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_claim ON documents (application_id, id);

CREATE TABLE IF NOT EXISTS notifications (
    id INTEGER PRIMARY KEY,
    guid TEXT NOT NULL UNIQUE,
    organisation TEXT NOT NULL,
    application_id TEXT NOT NULL,
    message TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS notifications_org ON notifications (organisation, created_at, id);

CREATE TABLE IF NOT EXISTS idempotency_keys (
    client_id TEXT NOT NULL,
    key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    state TEXT NOT NULL,
    status INTEGER,
    body TEXT,
    headers TEXT,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    PRIMARY KEY (client_id, key)
);
CREATE INDEX IF NOT EXISTS idempotency_expiry ON idempotency_keys (expires_at);

CREATE TABLE IF NOT EXISTS due_events (
    id INTEGER PRIMARY KEY,
    due_at TEXT NOT NULL,
    claim_id TEXT,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS due_events_due ON due_events (due_at, id);
CREATE INDEX IF NOT EXISTS due_events_claim ON due_events (claim_id);
"""

# What a reset deletes, children first.
ACTIVITY_DELETES = (
    "DELETE FROM due_events",
    "DELETE FROM idempotency_keys",
    "DELETE FROM notifications",
    "DELETE FROM documents",
    "DELETE FROM attachments",
    "DELETE FROM claims",
    "DELETE FROM tokens",
)


class Store(oic_store.Store):
    """The simulator database. Create one per process and share it between threads."""

    def __init__(self, path: str | Path):
        # Same pool and lock set-up as the parent, with this simulator's schema instead of OIC's.
        self.path = str(path)
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._lock = threading.RLock()
        self._pool_lock = threading.Lock()
        self._idle = []
        self._connections = []
        with self._lock:
            self.connection().executescript(SCHEMA)

    def clear_activity(self, *, include_clients: bool) -> None:
        """Delete claims and everything that hangs off them (and clients and users if asked)."""
        with self.write() as conn:
            for statement in ACTIVITY_DELETES:
                conn.execute(statement)
            if include_clients:
                conn.execute("DELETE FROM clients")
                conn.execute("DELETE FROM portal_users")

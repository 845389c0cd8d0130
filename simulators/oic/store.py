"""SQLite storage of the OIC simulator: its own tables on the shared ``simulators.common.store``."""

from simulators.common import store

TABLES = """
CREATE TABLE IF NOT EXISTS claims (
    number INTEGER PRIMARY KEY,
    claim_id TEXT NOT NULL UNIQUE,
    organisation TEXT NOT NULL,
    client_reference TEXT,
    claim_type TEXT NOT NULL DEFAULT 'OIC',
    parent_claim_id TEXT,
    status TEXT NOT NULL,
    created_at TEXT NOT NULL,
    submitted_at TEXT,
    updated_at TEXT NOT NULL,
    compensator_org_name TEXT,
    insurer_id TEXT,
    is_mib INTEGER NOT NULL DEFAULT 0,
    liability_started_at TEXT,
    liability_deadline TEXT,
    scnf TEXT,
    details TEXT NOT NULL DEFAULT '{}'
);
CREATE UNIQUE INDEX IF NOT EXISTS claims_client_reference ON claims (organisation, client_reference);
CREATE INDEX IF NOT EXISTS claims_org_status ON claims (organisation, status);
CREATE INDEX IF NOT EXISTS claims_parent ON claims (parent_claim_id);

CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY,
    claim_id TEXT NOT NULL,
    category TEXT NOT NULL,
    author TEXT NOT NULL,
    note TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS messages_claim ON messages (claim_id, id);

CREATE TABLE IF NOT EXISTS attachments (
    id INTEGER PRIMARY KEY,
    claim_id TEXT NOT NULL,
    category TEXT NOT NULL,
    sub_type TEXT NOT NULL,
    file_name TEXT NOT NULL,
    memo TEXT NOT NULL DEFAULT '',
    author TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    content BLOB NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS attachments_claim ON attachments (claim_id, id);

CREATE TABLE IF NOT EXISTS notifications (
    id INTEGER PRIMARY KEY,
    organisation TEXT NOT NULL,
    claim_id TEXT NOT NULL,
    notification_type TEXT NOT NULL,
    description TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS notifications_window ON notifications (organisation, created_at, id);

CREATE TABLE IF NOT EXISTS assignments (
    id INTEGER PRIMARY KEY,
    organisation TEXT NOT NULL,
    claim_id TEXT NOT NULL,
    claim_status TEXT NOT NULL,
    instructions TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    goal_at TEXT NOT NULL,
    deadline_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS assignments_window ON assignments (organisation, updated_at, id);
CREATE INDEX IF NOT EXISTS assignments_claim ON assignments (claim_id, status);

CREATE TABLE IF NOT EXISTS idempotency_keys (
    client_id TEXT NOT NULL,
    key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    state TEXT NOT NULL,
    status INTEGER,
    headers TEXT,
    body TEXT,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    PRIMARY KEY (client_id, key)
);
CREATE INDEX IF NOT EXISTS idempotency_keys_expiry ON idempotency_keys (expires_at);
"""


class Store(store.Store):
    """The OIC simulator's database. Create one per process and share it between threads."""

    SCHEMA = store.CORE_SCHEMA + TABLES
    ACTIVITY_DELETES = (
        "DELETE FROM idempotency_keys",
        "DELETE FROM due_events",
        "DELETE FROM assignments",
        "DELETE FROM notifications",
        "DELETE FROM attachments",
        "DELETE FROM messages",
        "DELETE FROM claims",
        "DELETE FROM tokens",
    )

"""SQLite storage of the Claims Portal simulator: its own tables on the shared ``simulators.common.store``."""

from simulators.common import store

TABLES = """
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
"""


class Store(store.Store):
    """The Claims Portal simulator's database. Create one per process and share it between threads."""

    SCHEMA = store.CORE_SCHEMA + TABLES
    ACTIVITY_DELETES = (
        "DELETE FROM due_events",
        "DELETE FROM idempotency_keys",
        "DELETE FROM notifications",
        "DELETE FROM documents",
        "DELETE FROM attachments",
        "DELETE FROM claims",
        "DELETE FROM tokens",
    )
    CLIENT_DELETES = ("DELETE FROM clients", "DELETE FROM portal_users")

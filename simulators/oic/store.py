"""SQLite storage of the simulator: schema, connections and serialised writes.

Every thread uses its own connection (sqlite3 connections must not be shared). The
threaded server starts a thread per request, so a request thread hands its connection
back to a small pool when it finishes (``release``) rather than leaking one per request.
The database runs in WAL mode so readers never block, and every write transaction holds
one process-wide lock so writers never meet SQLITE_BUSY. The lock is re-entrant: a
function that writes may call another that writes, and only the outermost commits.
"""

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

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

CREATE TABLE IF NOT EXISTS due_events (
    id INTEGER PRIMARY KEY,
    due_at TEXT NOT NULL,
    claim_id TEXT,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS due_events_due ON due_events (due_at, id);
CREATE INDEX IF NOT EXISTS due_events_claim ON due_events (claim_id);

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

# What a reset deletes, children first.
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


class Store:
    """The simulator database. Create one per process and share it between threads."""

    def __init__(self, path: str | Path):
        self.path = str(path)
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._lock = threading.RLock()
        self._pool_lock = threading.Lock()
        self._idle: list[sqlite3.Connection] = []
        self._connections: list[sqlite3.Connection] = []
        with self._lock:  # executescript manages its own transaction
            self.connection().executescript(SCHEMA)

    @property
    def lock(self) -> threading.RLock:
        """The write lock; hold it to see a moment when no write is in flight."""
        return self._lock

    def connection(self) -> sqlite3.Connection:
        """This thread's connection, taken from the pool (or opened) on first use."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            with self._pool_lock:
                conn = self._idle.pop() if self._idle else None
            conn = conn or self._open()
            self._local.conn = conn
            self._local.depth = 0
        return conn

    def release(self) -> None:
        """Give this thread's connection back to the pool (at the end of a request)."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            return
        if self._local.depth:
            raise RuntimeError("release() inside a write transaction")
        del self._local.conn
        with self._pool_lock:
            self._idle.append(conn)

    def _open(self) -> sqlite3.Connection:
        # check_same_thread is off only so close() can run from the stopping thread.
        conn = sqlite3.connect(self.path, isolation_level=None, timeout=30, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        with self._pool_lock:
            self._connections.append(conn)
        return conn

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """A serialised write transaction; nested calls join the outer one."""
        with self._lock:
            conn = self.connection()
            if self._local.depth:
                self._local.depth += 1
                try:
                    yield conn
                finally:
                    self._local.depth -= 1
                return
            conn.execute("BEGIN IMMEDIATE")
            self._local.depth = 1
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            else:
                conn.execute("COMMIT")
            finally:
                self._local.depth = 0

    def get_meta(self, key: str, default=None):
        """A JSON value stored under ``key`` in the meta table."""
        row = self.connection().execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return json.loads(row["value"]) if row else default

    def set_meta(self, key: str, value) -> None:
        """Store a JSON value under ``key``."""
        with self.write() as conn:
            conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, json.dumps(value)),
            )

    def clear_activity(self, *, include_clients: bool) -> None:
        """Delete claims and everything that hangs off them (and clients if asked)."""
        with self.write() as conn:
            for statement in ACTIVITY_DELETES:
                conn.execute(statement)
            if include_clients:
                conn.execute("DELETE FROM clients")

    def close(self) -> None:
        """Close every connection this store opened."""
        with self._pool_lock:
            connections, self._connections, self._idle = self._connections, [], []
        for conn in connections:
            conn.close()

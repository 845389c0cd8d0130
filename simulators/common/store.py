"""SQLite storage shared by the simulators: connections, serialised writes and the common tables.

Every thread uses its own connection (sqlite3 connections must not be shared). The
threaded server starts a thread per request, so a request thread hands its connection
back to a small pool when it finishes (``release``) rather than leaking one per request.
The database runs in WAL mode so readers never block, and every write transaction holds
one process-wide lock so writers never meet SQLITE_BUSY. The lock is re-entrant: a
function that writes may call another that writes, and only the outermost commits.

Each simulator subclasses ``Store`` with its schema (``CORE_SCHEMA`` plus its own tables) and
what a reset deletes.
"""

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from simulators.common.timeutil import format_instant

# The tables the shared code uses: settings and state (meta), OAuth clients and tokens (auth.py)
# and the queue of time-based events (events.py).
CORE_SCHEMA = """
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


@dataclass
class Tx:
    """A write transaction at one portal instant: every row written through it is stamped ``now``."""

    conn: sqlite3.Connection
    now: datetime
    config: Any  # the simulator's SimConfig

    @property
    def stamp(self) -> str:
        """``now`` as stored and shown."""
        return format_instant(self.now)


class Store:
    """A simulator database. Create one per process and share it between threads."""

    SCHEMA: str  # CORE_SCHEMA and the simulator's own tables
    ACTIVITY_DELETES: tuple[str, ...]  # what a reset deletes, children first
    CLIENT_DELETES: tuple[str, ...] = ("DELETE FROM clients",)  # and with ``include_clients``

    def __init__(self, path: str | Path):
        self.path = str(path)
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._lock = threading.RLock()
        self._pool_lock = threading.Lock()
        self._idle: list[sqlite3.Connection] = []
        self._connections: list[sqlite3.Connection] = []
        with self._lock:  # executescript manages its own transaction
            self.connection().executescript(self.SCHEMA)

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
            for statement in self.ACTIVITY_DELETES:
                conn.execute(statement)
            if include_clients:
                for statement in self.CLIENT_DELETES:
                    conn.execute(statement)

    def close(self) -> None:
        """Close every connection this store opened."""
        with self._pool_lock:
            connections, self._connections, self._idle = self._connections, [], []
        for conn in connections:
            conn.close()

"""Idempotency keys on portal API POSTs (OUR ASSUMPTION: the real portal has none, 7).

The contract, shared with the OIC simulator's:

* ``Idempotency-Key`` is 1-100 characters of ``[A-Za-z0-9._:-]`` (else 400
  ``invalid_idempotency_key``), scoped per registered client, kept 24 hours of portal time.
* The first request with a key is recorded as in flight before it is processed; its response
  (status and JSON body, any status below 500) is stored when it is committed.
* A repeat with the same method, path and body gets the stored response unchanged, with
  ``Idempotent-Replayed: true``, and changes nothing. A different method, path or body is 422
  ``idempotency_key_reused``; a repeat while the first is in flight is 409
  ``idempotency_in_progress`` with ``Retry-After: 1``.
* A request answered without being processed (a fault, a 5xx) leaves no stored response.
"""

import hashlib
import json
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta

from simulators.common.errors import ApiError
from simulators.common.timeutil import format_instant

HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"
KEY = re.compile(r"^[A-Za-z0-9._:-]{1,100}$")
# Response headers worth replaying with the body.
KEPT_HEADERS = ("Location", "Retry-After")


@dataclass(frozen=True)
class Stored:
    """A response stored under a key."""

    status: int
    body: str
    headers: dict


def checked_key(raw: str | None) -> str | None:
    """The key of a request (None without the header); 400 if it is malformed."""
    if raw is None:
        return None
    if not KEY.match(raw):
        raise ApiError(
            400,
            "invalid_idempotency_key",
            "Idempotency-Key must be 1 to 100 characters of letters, digits and . _ : -",
        )
    return raw


def fingerprint(method: str, path: str, body: bytes) -> str:
    """What makes two requests "the same": method, path and exact body bytes."""
    return hashlib.sha256(b"\n".join([method.encode(), path.encode(), body])).hexdigest()


def begin(
    conn: sqlite3.Connection, client_id: str, key: str, print_: str, now: datetime, hours: int
) -> Stored | None:
    """Record the key as in flight, or return the stored response to replay (raises 409/422).

    Call under the write lock, in a transaction of its own, so the in-flight mark is visible
    to a concurrent repeat before the first request is processed.
    """
    stamp = format_instant(now)
    conn.execute("DELETE FROM idempotency_keys WHERE expires_at <= ?", (stamp,))
    row = conn.execute(
        "SELECT * FROM idempotency_keys WHERE client_id = ? AND key = ?", (client_id, key)
    ).fetchone()
    if row is None:
        expires = format_instant(now + timedelta(hours=hours))
        conn.execute(
            "INSERT INTO idempotency_keys (client_id, key, fingerprint, state, created_at, expires_at) "
            "VALUES (?, ?, ?, 'in_flight', ?, ?)",
            (client_id, key, print_, stamp, expires),
        )
        return None
    if row["fingerprint"] != print_:
        raise ApiError(
            422,
            "idempotency_key_reused",
            "This Idempotency-Key was used for a different request (method, path or body).",
        )
    if row["state"] == "in_flight":
        raise ApiError(
            409,
            "idempotency_in_progress",
            "A request with this Idempotency-Key is still being processed. Retry shortly.",
            headers={"Retry-After": "1"},
        )
    return Stored(row["status"], row["body"], json.loads(row["headers"]))


def complete(conn: sqlite3.Connection, client_id: str, key: str, status: int, body: bytes, headers) -> None:
    """Store the response of a processed request (in the transaction that committed its changes)."""
    kept = {name: headers[name] for name in KEPT_HEADERS if name in headers}
    conn.execute(
        "UPDATE idempotency_keys SET state = 'done', status = ?, body = ?, headers = ? "
        "WHERE client_id = ? AND key = ?",
        (status, body.decode(), json.dumps(kept), client_id, key),
    )


def forget(conn: sqlite3.Connection, client_id: str, key: str) -> None:
    """Drop an in-flight key whose request was not processed, so the key can be used again."""
    conn.execute(
        "DELETE FROM idempotency_keys WHERE client_id = ? AND key = ? AND state = 'in_flight'",
        (client_id, key),
    )

"""Idempotency keys on portal API POSTs (our assumption; the Claims Portal simulator does the same).

The contract (docs/oic-simulator.md, "Idempotency keys"):

* Any ``POST /api/v1/*`` may carry ``Idempotency-Key`` (1-100 characters of ``[A-Za-z0-9._:-]``,
  else 400 ``invalid_idempotency_key``). Keys belong to one registered client and are kept for
  24 hours of portal time from their first request.
* The first request with a key is recorded as in flight before it is processed; the answer it
  produces (status, headers and JSON body, any status below 500) is stored in the transaction
  that commits its effect. A 5xx frees the key.
* A repeat with the same method, path and body gets the stored answer unchanged, plus
  ``Idempotent-Replayed: true``, and changes nothing. A different method, path or body is
  422 ``idempotency_key_reused``; a repeat while the first is in flight is 409
  ``idempotency_in_progress`` with ``Retry-After: 1``.
"""

import hashlib
import json
import re
import sqlite3
from datetime import datetime, timedelta

from werkzeug.wrappers import Request, Response

from simulators.common.errors import ApiError
from simulators.common.timeutil import format_instant

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
RETENTION = timedelta(hours=24)
_VALID_KEY = re.compile(r"^[A-Za-z0-9._:-]{1,100}$")
# Headers of a stored answer that are rebuilt, not replayed.
_NOT_STORED = frozenset({"content-length", "content-type", "date", "x-request-id"})


def key_of(request: Request) -> str | None:
    """The request's Idempotency-Key, None without one; 400 ``invalid_idempotency_key`` if malformed."""
    key = request.headers.get(HEADER)
    if key is None:
        return None
    if not _VALID_KEY.match(key):
        raise ApiError(
            400,
            "invalid_idempotency_key",
            "Idempotency-Key must be 1 to 100 characters of A-Z, a-z, 0-9, '.', '_', ':' and '-'.",
        )
    return key


def fingerprint(request: Request) -> str:
    """What makes two requests "the same": method, path and body (JSON compared as JSON)."""
    raw = request.get_data(cache=True)
    try:
        body = json.dumps(json.loads(raw), sort_keys=True, separators=(",", ":")).encode()
    except ValueError:
        body = raw
    return hashlib.sha256(b"\n".join([request.method.encode(), request.path.encode(), body])).hexdigest()


def claim(conn: sqlite3.Connection, client_id: str, key: str, print_: str, now: datetime) -> Response | None:
    """Record the key as in flight and return None; or return the stored answer to replay; or raise
    ``idempotency_key_reused`` (422) or ``idempotency_in_progress`` (409).

    Callers hold the write lock, so of two simultaneous first requests exactly one wins.
    """
    stamp = format_instant(now)
    conn.execute("DELETE FROM idempotency_keys WHERE expires_at <= ?", (stamp,))
    row = conn.execute(
        "SELECT * FROM idempotency_keys WHERE client_id = ? AND key = ?", (client_id, key)
    ).fetchone()
    if row is None:
        conn.execute(
            "INSERT INTO idempotency_keys (client_id, key, fingerprint, state, created_at, expires_at) "
            "VALUES (?, ?, ?, 'in_flight', ?, ?)",
            (client_id, key, print_, stamp, format_instant(now + RETENTION)),
        )
        return None
    if row["fingerprint"] != print_:
        raise ApiError(
            422,
            "idempotency_key_reused",
            "This Idempotency-Key was used for a different request (method, path or body). Use a new key.",
        )
    if row["state"] == "in_flight":
        message = "A request with this Idempotency-Key is still being processed. Retry shortly."
        raise ApiError(409, "idempotency_in_progress", message, headers={"Retry-After": "1"})
    return _replay(row)


def finish(conn: sqlite3.Connection, client_id: str, key: str, response: Response) -> None:
    """Store the answer (below 500) in the caller's transaction, or free the key (5xx)."""
    if response.status_code >= 500:
        release(conn, client_id, key)
        return
    headers = [(name, value) for name, value in response.headers.items() if name.lower() not in _NOT_STORED]
    conn.execute(
        "UPDATE idempotency_keys SET state = 'done', status = ?, headers = ?, body = ? "
        "WHERE client_id = ? AND key = ?",
        (response.status_code, json.dumps(headers), response.get_data(as_text=True), client_id, key),
    )


def release(conn: sqlite3.Connection, client_id: str, key: str) -> None:
    """Forget an in-flight key (its request was not processed, or failed), so it can be used again."""
    conn.execute(
        "DELETE FROM idempotency_keys WHERE client_id = ? AND key = ? AND state = 'in_flight'",
        (client_id, key),
    )


def forget_in_flight(conn: sqlite3.Connection) -> None:
    """At start-up no request can be in flight: free keys a stopped process left behind."""
    conn.execute("DELETE FROM idempotency_keys WHERE state = 'in_flight'")


def _replay(row: sqlite3.Row) -> Response:
    headers = [*json.loads(row["headers"]), (REPLAYED_HEADER, "true")]
    return Response(row["body"], status=row["status"], headers=headers, mimetype="application/json")

"""OAuth2 client credentials: registered clients, their secrets and bearer tokens.

Secrets and tokens are stored only as hashes. A token lives for the configured lifetime
measured on the simulated clock, and can be revoked. Rotating a secret makes the old one
fail at once; tokens already issued stay valid until they expire or are revoked.
"""

import base64
import binascii
import hashlib
import hmac
import secrets
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta

from werkzeug.wrappers import Request

from simulators.common.errors import ApiError
from simulators.common.timeutil import format_instant


@dataclass(frozen=True)
class Client:
    """An integration client of one organisation (a law firm)."""

    client_id: str
    organisation: str


def _hash_secret(salt: str, secret: str) -> str:
    return hashlib.sha256(f"{salt}:{secret}".encode()).hexdigest()


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def client_register(
    conn: sqlite3.Connection, *, client_id: str, secret: str, organisation: str, now: datetime
) -> Client:
    """Create a client, or update the secret and organisation of an existing one."""
    salt = secrets.token_hex(8)
    conn.execute(
        "INSERT INTO clients (client_id, organisation, secret_salt, secret_hash, created_at) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (client_id) DO UPDATE SET "
        "organisation = excluded.organisation, secret_salt = excluded.secret_salt, "
        "secret_hash = excluded.secret_hash, secret_rotated_at = excluded.created_at",
        (client_id, organisation, salt, _hash_secret(salt, secret), format_instant(now)),
    )
    return Client(client_id, organisation)


def client_rotate_secret(conn: sqlite3.Connection, *, client_id: str, now: datetime) -> str | None:
    """Give the client a new random secret and return it (None if there is no such client)."""
    client = client_get(conn, client_id)
    if client is None:
        return None
    secret = secrets.token_urlsafe(24)
    client_register(conn, client_id=client_id, secret=secret, organisation=client.organisation, now=now)
    return secret


def client_get(conn: sqlite3.Connection, client_id: str) -> Client | None:
    """A registered client by id."""
    row = conn.execute(
        "SELECT client_id, organisation FROM clients WHERE client_id = ?", (client_id,)
    ).fetchone()
    return Client(row["client_id"], row["organisation"]) if row else None


def client_list(conn: sqlite3.Connection) -> list[dict]:
    """Every client, for the control API (never the secrets)."""
    rows = conn.execute(
        "SELECT client_id, organisation, created_at FROM clients ORDER BY client_id"
    ).fetchall()
    return [
        {"clientId": r["client_id"], "organisation": r["organisation"], "createdDateTime": r["created_at"]}
        for r in rows
    ]


def client_credentials(request: Request) -> tuple[str | None, str | None]:
    """client_id and client_secret from an HTTP Basic header, or else from the form."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("basic "):
        try:
            client_id, _, secret = base64.b64decode(header[6:]).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return None, None
        return client_id, secret
    return request.form.get("client_id"), request.form.get("client_secret")


def oauth_error(status: int, code: str, description: str, headers: dict | None = None) -> ApiError:
    """An RFC 6749 error body (``error``, ``error_description``) plus our ``message`` and ``requestId``."""
    return ApiError(status, code, description, headers=headers, error_description=description)


def client_authenticate(conn: sqlite3.Connection, client_id: str, secret: str) -> Client | None:
    """The client if the secret is its current one, else None (constant-time compare)."""
    row = conn.execute("SELECT * FROM clients WHERE client_id = ?", (client_id,)).fetchone()
    if row is None:
        return None
    if not hmac.compare_digest(row["secret_hash"], _hash_secret(row["secret_salt"], secret)):
        return None
    return Client(row["client_id"], row["organisation"])


def token_issue(conn: sqlite3.Connection, *, client: Client, now: datetime, lifetime_seconds: int) -> str:
    """A new opaque bearer token for the client."""
    token = secrets.token_urlsafe(32)
    expires = now + timedelta(seconds=lifetime_seconds)
    conn.execute(
        "INSERT INTO tokens (token_hash, client_id, issued_at, expires_at) VALUES (?, ?, ?, ?)",
        (_hash_token(token), client.client_id, format_instant(now), format_instant(expires)),
    )
    return token


def token_verify(conn: sqlite3.Connection, token: str, now: datetime) -> Client | None:
    """The client a live token belongs to, or None if unknown, expired or revoked."""
    row = conn.execute(
        "SELECT c.client_id, c.organisation, t.expires_at, t.revoked_at FROM tokens t "
        "JOIN clients c ON c.client_id = t.client_id WHERE t.token_hash = ?",
        (_hash_token(token),),
    ).fetchone()
    if row is None or row["revoked_at"] is not None or row["expires_at"] <= format_instant(now):
        return None
    return Client(row["client_id"], row["organisation"])


def token_revoke(
    conn: sqlite3.Connection, *, now: datetime, client_id: str | None = None, token: str | None = None
) -> int:
    """Revoke one token, every token of a client, or (no arguments) every token. Returns the count."""
    query = "UPDATE tokens SET revoked_at = ? WHERE revoked_at IS NULL"
    params: list = [format_instant(now)]
    if token is not None:
        query += " AND token_hash = ?"
        params.append(_hash_token(token))
    if client_id is not None:
        query += " AND client_id = ?"
        params.append(client_id)
    return conn.execute(query, params).rowcount

"""The portal users a client logs in as.

Client registration, secrets and bearer tokens are shared (``simulators.common.auth``). The
Claims Portal adds the ``loginAs`` user (claims-portal.md 2.1): every call acts as a real
portal user of the client's organisation, and what it may do depends on that user. A user must
exist, be enabled and belong to the organisation of the token's client.
"""

import sqlite3
from datetime import datetime

from simulators.common.auth import Client
from simulators.common.errors import ApiError
from simulators.common.timeutil import format_instant


def user_register(
    conn: sqlite3.Connection,
    *,
    user_id: str,
    organisation: str,
    name: str | None,
    now: datetime,
    enabled: bool = True,
) -> dict:
    """Create a portal user, or update an existing one's organisation, name and enabled flag."""
    conn.execute(
        "INSERT INTO portal_users (user_id, organisation, name, enabled, created_at) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (user_id) DO UPDATE SET organisation = excluded.organisation, name = excluded.name, "
        "enabled = excluded.enabled",
        (user_id, organisation, name or user_id, int(enabled), format_instant(now)),
    )
    return {"userId": user_id, "organisation": organisation, "name": name or user_id, "enabled": enabled}


def users_list(conn: sqlite3.Connection) -> list[dict]:
    """Every portal user, for the control API."""
    rows = conn.execute("SELECT * FROM portal_users ORDER BY organisation, user_id").fetchall()
    return [
        {
            "userId": r["user_id"],
            "organisation": r["organisation"],
            "name": r["name"],
            "enabled": bool(r["enabled"]),
        }
        for r in rows
    ]


def login_as_check(conn: sqlite3.Connection, client: Client, user_id: str | None) -> str:
    """The ``loginAs`` user if the client may act as it; otherwise 400 or 403."""
    if not user_id:
        raise ApiError(400, "login_as_required", "Send the loginAs header: the portal user the call acts as.")
    row = conn.execute("SELECT * FROM portal_users WHERE user_id = ?", (user_id,)).fetchone()
    if row is None or row["organisation"] != client.organisation:
        raise ApiError(403, "login_as_forbidden", f"{user_id} is not a portal user of {client.organisation}.")
    if not row["enabled"]:
        raise ApiError(403, "login_as_forbidden", f"The portal user {user_id} is disabled.")
    return user_id

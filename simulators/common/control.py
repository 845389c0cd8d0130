"""The control API handlers every simulator has: clock, reset, config, clients, tokens, faults, stats.

No portal authentication and no faults here: this is the test harness's door, never part of
the simulated portal. Each simulator adds its own (claims, the other side's actions,
scenarios, one-shot fault rules) to ``ROUTES``.
"""

import re
import sqlite3
from collections.abc import Callable, Iterable
from datetime import timedelta

from simulators.common import auth
from simulators.common.checks import Checker
from simulators.common.config import ConfigError
from simulators.common.errors import ApiError, not_found, validation_failed
from simulators.common.faults import Decision, OneShot
from simulators.common.wsgi import Call, Route, query_int

_ADVANCE_UNITS = ("days", "hours", "minutes", "seconds")


def _checked(check: Checker) -> None:
    if check.errors:
        raise validation_failed(check.errors)


def _settings_error(error: ConfigError) -> ApiError:
    return ApiError(422, "invalid_settings", "Some settings are invalid.", problems=error.problems)


def clock_get(call: Call):
    """The simulated clock."""
    return call.sim.clock.state()


def clock_change(call: Call):
    """Freeze or unfreeze, set, and/or advance the clock; then run every event now due."""
    body = call.body()
    check = Checker()
    freeze = check.flag(body, "freeze", "freeze", required=False)
    target = check.instant(body, "set", "set") if "set" in body else None
    advance = check.section(body, "advance", "advance", required=False) or {}
    business_days = check.whole(
        advance, "businessDays", "advance.businessDays", low=0, high=10_000, required=False
    )
    units = {
        unit: check.number(advance, unit, f"advance.{unit}", low=0, high=1e7, required=False) or 0
        for unit in _ADVANCE_UNITS
    }
    _checked(check)
    clock = call.sim.clock
    with call.sim.store.lock:
        if freeze is not None:
            clock.freeze(freeze)
        if target is not None:
            clock.set(target)
        if advance:
            clock.advance(timedelta(**units), business_days or 0)
    ran = call.sim.catch_up()
    return {**clock.state(), "eventsRun": ran}


def reset(call: Call):
    """Delete every claim, token and queued event; clock, faults, stats and scenario back to defaults."""
    body = call.body()
    call.sim.reset(clients=body.get("clients") is True, config=body.get("config") is True)
    return {"reset": True, "clock": call.sim.clock.state()}


def config_get(call: Call):
    """The current configuration."""
    return call.sim.config.to_json()


def config_put(call: Call):
    """Change some settings (the others stay); persisted."""
    try:
        return call.sim.update_config(call.body()).to_json()
    except ConfigError as error:
        raise _settings_error(error) from error


def clients_list(call: Call):
    """Registered clients (never their secrets)."""
    return {"clients": auth.client_list(call.conn)}


def client_rotate(call: Call, client_id: str):
    """Give a client a new secret; the old one stops working at once."""
    with call.sim.transaction() as tx:
        secret = auth.client_rotate_secret(tx.conn, client_id=client_id, now=tx.now)
    if secret is None:
        raise not_found(f"Client {client_id}")
    return {"clientId": client_id, "clientSecret": secret}


def tokens_revoke(call: Call):
    """Revoke the tokens of one client (``clientId``), or every token."""
    body = call.body()
    with call.sim.transaction() as tx:
        count = auth.token_revoke(tx.conn, now=tx.now, client_id=body.get("clientId"))
    return {"revoked": count}


def claims_page(
    call: Call,
    filters: Iterable[tuple[str, str]],
    select: str,
    item: Callable[[sqlite3.Row], dict],
) -> dict:
    """A page of every claim (all organisations) for ``GET /_sim/claims``, oldest first.

    ``filters`` pairs a ``claims`` column with the query parameter that filters on it; ``select``
    reads claims as ``c`` (with anything else the list shows), and ``item`` turns a row into JSON.
    """
    conditions, params = [], []
    for column, name in filters:
        if call.query(name):
            conditions.append(f"c.{column} = ?")
            params.append(call.query(name))
    where = " WHERE " + " AND ".join(conditions) if conditions else ""
    page = query_int(call, "page", 1, 1, 1_000_000)
    size = query_int(call, "pageSize", 100, 1, 1000)
    # The WHERE clause is built from the callers' fixed column names only.
    count_sql = f"SELECT COUNT(*) FROM claims c{where}"  # noqa: S608 # nosec B608
    total = call.conn.execute(count_sql, params).fetchone()[0]
    page_sql = f"{select}{where} ORDER BY c.number LIMIT ? OFFSET ?"
    rows = call.conn.execute(page_sql, [*params, size, (page - 1) * size]).fetchall()
    return {"claims": [item(row) for row in rows], "totalCount": total, "page": page, "pageSize": size}


def faults_get(call: Call):
    """The standing fault switches and queued one-shot rules."""
    return call.sim.faults.describe()


def faults_put(call: Call):
    """Change standing fault switches (persisted)."""
    try:
        call.sim.faults.configure(call.body())
    except ConfigError as error:
        raise _settings_error(error) from error
    return call.sim.faults.describe()


def one_shot_add(call: Call, method: str | None, path: str, decision: Decision, times: int) -> OneShot:
    """Queue a one-shot fault rule (422 ``invalid_settings`` if ``path`` is not a regular expression)."""
    try:
        return call.sim.faults.add_one_shot(method, path, decision, times)
    except re.error as error:
        raise ApiError(422, "invalid_settings", f"path is not a valid regular expression: {error}") from error


def faults_next_clear(call: Call):
    """Forget every queued one-shot fault."""
    call.sim.faults.clear_one_shots()
    return call.sim.faults.describe()


def stats_get(call: Call):
    """Portal request counters."""
    return call.sim.stats.snapshot()


def stats_reset(call: Call):
    """Start counting afresh."""
    call.sim.stats.reset(call.now)
    return call.sim.stats.snapshot()


ROUTES = [
    Route("/_sim/clock", ("GET",), clock_get, "control"),
    Route("/_sim/clock", ("POST",), clock_change, "control"),
    Route("/_sim/reset", ("POST",), reset, "control"),
    Route("/_sim/config", ("GET",), config_get, "control"),
    Route("/_sim/config", ("PUT",), config_put, "control"),
    Route("/_sim/clients", ("GET",), clients_list, "control"),
    Route("/_sim/clients/<client_id>/rotate-secret", ("POST",), client_rotate, "control"),
    Route("/_sim/tokens/revoke", ("POST",), tokens_revoke, "control"),
    Route("/_sim/faults", ("GET",), faults_get, "control"),
    Route("/_sim/faults", ("PUT",), faults_put, "control"),
    Route("/_sim/faults/next", ("DELETE",), faults_next_clear, "control"),
    Route("/_sim/stats", ("GET",), stats_get, "control"),
    Route("/_sim/stats/reset", ("POST",), stats_reset, "control"),
]

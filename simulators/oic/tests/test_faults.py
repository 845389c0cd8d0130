"""Fault switches and one-shot faults of the portal API."""

import time

import httpx
import pytest

from simulators.oic.tests.conftest import HTTP, Portal, scnf

SEARCH = ("/api/v1/claims", {"clientReference": "NONE"})


def _search(portal: Portal) -> httpx.Response:
    path, params = SEARCH
    return portal.get(path, params=params)


def test_faults_are_off_by_default(control):
    faults = control.ok("GET", "/_sim/faults")
    assert (
        faults["errorRate"]
        == faults["timeoutRate"]
        == faults["latencyMs"]
        == faults["rateLimitPerSecond"]
        == 0
    )
    assert faults["next"] == []


def test_latency_delays_portal_requests_only(portal, control):
    control.ok("PUT", "/_sim/faults", json={"latencyMs": 300})
    started = time.monotonic()
    assert _search(portal).status_code == 200
    portal_seconds = time.monotonic() - started
    started = time.monotonic()
    control.ok("GET", "/_sim/clock")
    assert portal_seconds >= 0.3
    assert time.monotonic() - started < 0.3


def test_an_error_rate_with_a_seed_is_reproducible(portal, control):
    def run() -> list[int]:
        control.ok("PUT", "/_sim/faults", json={"errorRate": 0.5, "errorStatus": 502, "seed": 42})
        return [_search(portal).status_code for _ in range(16)]

    first, second = run(), run()
    assert first == second
    assert set(first) == {200, 502}
    error = next(response for response in (_search(portal) for _ in range(20)) if response.status_code == 502)
    assert error.json()["error"] == "server_error"
    assert control.ok("GET", "/_sim/stats")["faults"]["error"] >= first.count(502)


def test_a_timeout_leaves_the_client_waiting_and_changes_nothing(sim, portal, control):
    control.ok("PUT", "/_sim/faults", json={"timeoutRate": 1, "timeoutSeconds": 5})
    with pytest.raises(httpx.ReadTimeout):
        portal.post("/api/v1/claims", json=scnf(), timeout=0.3)
    control.ok("PUT", "/_sim/faults", json={"timeoutRate": 0})
    assert control.ok("GET", "/_sim/claims")["totalCount"] == 0


def test_the_rate_limit_answers_429_with_retry_after(sim, portal, control):
    control.ok("PUT", "/_sim/faults", json={"rateLimitPerSecond": 0.5, "rateLimitBurst": 2})
    statuses = [_search(portal) for _ in range(3)]
    assert [response.status_code for response in statuses] == [200, 200, 429]
    limited = statuses[-1]
    assert limited.headers["Retry-After"].isdigit()
    assert int(limited.headers["Retry-After"]) >= 1
    assert limited.json()["retryAfter"] == int(limited.headers["Retry-After"])
    assert control.ok("GET", "/_sim/stats")["rateLimited"] == 1


def test_the_rate_limit_is_per_client(sim, portal, control):
    control.ok(
        "POST", "/_sim/clients", json={"clientId": "other", "clientSecret": "s", "organisation": "Other LLP"}
    )
    other = Portal(sim.url, "other", "s")
    control.ok("PUT", "/_sim/faults", json={"rateLimitPerSecond": 0.5, "rateLimitBurst": 1})
    assert _search(portal).status_code == 200
    assert _search(portal).status_code == 429
    assert _search(other).status_code == 200
    other.close()


def test_drop_after_commit_loses_the_response_but_keeps_the_claim(portal, control):
    control.ok(
        "POST",
        "/_sim/faults/next",
        json={"method": "POST", "path": "^/api/v1/claims$", "fault": "drop_after_commit"},
    )
    with pytest.raises(httpx.TransportError):
        portal.post("/api/v1/claims", json=scnf())
    found = portal.get("/api/v1/claims", params={"clientReference": "DLL-0001"}).json()["results"]
    assert len(found) == 1
    retry = portal.post("/api/v1/claims", json=scnf())
    assert retry.status_code == 409
    assert retry.json()["claimID"] == found[0]["claimID"]


def test_drop_before_commit_changes_nothing(portal, control):
    control.ok("POST", "/_sim/faults/next", json={"path": "^/api/v1/claims$", "fault": "drop_before_commit"})
    with pytest.raises(httpx.TransportError):
        portal.post("/api/v1/claims", json=scnf())
    assert portal.get("/api/v1/claims", params={"clientReference": "DLL-0001"}).json()["results"] == []


def test_one_shot_errors_hit_exactly_the_next_matching_requests(portal, control):
    rule = {
        "method": "GET",
        "path": "^/api/v1/claims",
        "fault": "error",
        "status": 503,
        "retryAfter": 2,
        "times": 2,
    }
    control.ok("POST", "/_sim/faults/next", json=rule)
    assert control.ok("GET", "/_sim/faults")["next"][0]["remaining"] == 2
    assert portal.post("/api/v1/claims", json={}).status_code == 422  # POST does not match
    responses = [_search(portal) for _ in range(3)]
    assert [response.status_code for response in responses] == [503, 503, 200]
    assert responses[0].headers["Retry-After"] == "2"
    assert control.ok("GET", "/_sim/faults")["next"] == []


def test_one_shot_rate_limit_and_clearing(portal, control):
    control.ok(
        "POST", "/_sim/faults/next", json={"path": "notifications", "fault": "rate_limit", "retryAfter": 7}
    )
    control.ok("POST", "/_sim/faults/next", json={"path": "never-called", "fault": "error"})
    limited = portal.get("/api/v1/notifications", params={"dateFrom": "2025-01-01"})
    assert (limited.status_code, limited.headers["Retry-After"]) == (429, "7")
    assert control.ok("DELETE", "/_sim/faults/next")["next"] == []


def test_the_token_endpoint_can_fail_too(sim, control):
    control.ok("POST", "/_sim/faults/next", json={"path": "^/oauth/token$", "fault": "error", "status": 500})
    response = HTTP.post(
        sim.url + "/oauth/token", data={"grant_type": "client_credentials", "client_id": "x"}
    )
    assert response.status_code == 500


def test_faults_never_touch_the_control_api(portal, control):
    control.ok("PUT", "/_sim/faults", json={"errorRate": 1})
    assert _search(portal).status_code == 503
    assert control.get("/_sim/clock").status_code == 200


def test_token_revocation_rate_revokes_the_token_in_use(portal, control):
    portal.auto_refresh = False
    control.ok("PUT", "/_sim/faults", json={"tokenRevocationRate": 1})
    assert _search(portal).status_code == 401
    control.ok("PUT", "/_sim/faults", json={"tokenRevocationRate": 0})
    assert _search(portal).status_code == 401  # it stays revoked
    portal.refresh_token()
    assert _search(portal).status_code == 200


def test_a_drop_rate_drops_every_response(portal, control):
    control.ok("PUT", "/_sim/faults", json={"dropAfterCommitRate": 1})
    with pytest.raises(httpx.TransportError):
        _search(portal)
    assert control.ok("GET", "/_sim/stats")["routes"]["GET /api/v1/claims"] == {"dropped": 1}


def test_bad_fault_settings_are_rejected(control):
    response = control.put("/_sim/faults", json={"errorRate": 2, "errorStatus": 404, "nonsense": 1})
    assert response.status_code == 422
    assert len(response.json()["problems"]) == 3
    bad_rule = control.post("/_sim/faults/next", json={"path": "(", "fault": "error"})
    assert bad_rule.status_code == 422


def test_a_one_shot_slow_commit_is_listed_with_its_delay(control):
    rule = control.ok(
        "POST",
        "/_sim/faults/next",
        json={"path": "^/api/v1/claims$", "fault": "slow_commit", "delaySeconds": 2.5},
    )
    assert (rule["fault"], rule["delaySeconds"]) == ("slow_commit", 2.5)
    faults = control.ok("GET", "/_sim/faults")
    assert (faults["slowCommitRate"], faults["slowCommitSeconds"]) == (0, 5.0)
    assert control.put("/_sim/faults", json={"slowCommitSeconds": 0}).status_code == 422


def test_seeded_runs_draw_four_numbers_a_request_while_slow_commit_is_off(portal, control):
    """The slow-commit switch must not shift the random sequence of runs seeded before it existed."""
    import random

    control.ok("PUT", "/_sim/faults", json={"errorRate": 0.5, "errorStatus": 502, "seed": 42})
    statuses = [_search(portal).status_code for _ in range(12)]
    draws = random.Random(42)
    expected = []
    for _ in range(12):
        first, *_ = (draws.random() for _ in range(4))
        expected.append(502 if first < 0.5 else 200)
    assert statuses == expected

"""Fault switches and one-shot faults of the portal API, in both simulators."""

import random
import time

import httpx
import pytest

from simulators.common.testing import HTTP


def _claims(control) -> int:
    return control.ok("GET", "/_sim/claims")["totalCount"]


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


def test_latency_delays_portal_requests_only(search, control):
    control.ok("PUT", "/_sim/faults", json={"latencyMs": 300})
    started = time.monotonic()
    assert search().status_code == 200
    portal_seconds = time.monotonic() - started
    started = time.monotonic()
    control.ok("GET", "/_sim/clock")
    assert portal_seconds >= 0.3
    assert time.monotonic() - started < 0.3


def test_an_error_rate_with_a_seed_is_reproducible(search, control):
    def run() -> list[int]:
        control.ok("PUT", "/_sim/faults", json={"errorRate": 0.5, "errorStatus": 502, "seed": 42})
        return [search().status_code for _ in range(16)]

    first, second = run(), run()
    assert first == second
    assert set(first) == {200, 502}
    assert control.ok("GET", "/_sim/stats")["faults"]["error"] == 2 * first.count(502)
    error = next(response for response in (search() for _ in range(20)) if response.status_code == 502)
    assert error.json()["error"] == "server_error"


def test_seeded_runs_draw_four_numbers_a_request_while_slow_commit_is_off(search, control):
    """The slow-commit switch must not shift the random sequence of runs seeded before it existed."""
    control.ok("PUT", "/_sim/faults", json={"errorRate": 0.5, "errorStatus": 502, "seed": 42})
    statuses = [search().status_code for _ in range(12)]
    draws = random.Random(42)
    expected = []
    for _ in range(12):
        first, *_ = (draws.random() for _ in range(4))
        expected.append(502 if first < 0.5 else 200)
    assert statuses == expected


def test_a_timeout_leaves_the_client_waiting_and_changes_nothing(profile, portal, control):
    control.ok("PUT", "/_sim/faults", json={"timeoutRate": 1, "timeoutSeconds": 5})
    with pytest.raises(httpx.ReadTimeout):
        portal.post("/api/v1/claims", json=profile.new_claim(), timeout=0.3)
    control.ok("PUT", "/_sim/faults", json={"timeoutRate": 0})
    assert _claims(control) == 0


def test_the_rate_limit_answers_429_with_retry_after(search, control):
    control.ok("PUT", "/_sim/faults", json={"rateLimitPerSecond": 0.5, "rateLimitBurst": 2})
    statuses = [search() for _ in range(3)]
    assert [response.status_code for response in statuses] == [200, 200, 429]
    limited = statuses[-1]
    assert limited.headers["Retry-After"].isdigit()
    assert int(limited.headers["Retry-After"]) >= 1
    assert limited.json()["retryAfter"] == int(limited.headers["Retry-After"])
    assert control.ok("GET", "/_sim/stats")["rateLimited"] == 1


def test_the_rate_limit_is_per_client(profile, sim, search, control):
    headers = profile.register(control, "other", "s", "Other LLP")
    with profile.portal(sim.url, "other", "s", headers) as other:
        control.ok("PUT", "/_sim/faults", json={"rateLimitPerSecond": 0.5, "rateLimitBurst": 1})
        assert search().status_code == 200
        assert search().status_code == 429
        assert search(other).status_code == 200


def test_drop_after_commit_loses_the_response_but_keeps_the_claim(profile, portal, control):
    rule = {"method": "POST", "path": "^/api/v1/claims$", "fault": "drop_after_commit"}
    control.ok("POST", "/_sim/faults/next", json=rule)
    with pytest.raises(httpx.TransportError):
        portal.post("/api/v1/claims", json=profile.new_claim())
    assert _claims(control) == 1


def test_drop_before_commit_changes_nothing(profile, portal, control):
    control.ok("POST", "/_sim/faults/next", json={"path": "^/api/v1/claims$", "fault": "drop_before_commit"})
    with pytest.raises(httpx.TransportError):
        portal.post("/api/v1/claims", json=profile.new_claim())
    assert _claims(control) == 0


def test_one_shot_errors_hit_exactly_the_next_matching_requests(search, portal, control):
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
    assert portal.post("/api/v1/claims", json={}).status_code == 422  # a POST does not match
    responses = [search() for _ in range(3)]
    assert [response.status_code for response in responses] == [503, 503, 200]
    assert responses[0].headers["Retry-After"] == "2"
    assert responses[0].json()["error"] == "server_error"
    assert control.ok("GET", "/_sim/faults")["next"] == []


def test_one_shot_rate_limit_and_clearing(portal, control):
    control.ok(
        "POST", "/_sim/faults/next", json={"path": "notifications", "fault": "rate_limit", "retryAfter": 7}
    )
    control.ok("POST", "/_sim/faults/next", json={"path": "never-called", "fault": "error"})
    limited = portal.get("/api/v1/notifications")
    assert (limited.status_code, limited.headers["Retry-After"]) == (429, "7")
    assert control.ok("DELETE", "/_sim/faults/next")["next"] == []


def test_the_token_endpoint_can_fail_too(sim, control):
    control.ok("POST", "/_sim/faults/next", json={"path": "^/oauth/token$", "fault": "error", "status": 500})
    response = HTTP.post(
        sim.url + "/oauth/token", data={"grant_type": "client_credentials", "client_id": "x"}
    )
    assert response.status_code == 500


def test_faults_never_touch_the_control_api(search, control):
    control.ok("PUT", "/_sim/faults", json={"errorRate": 1})
    assert search().status_code == 503
    assert control.get("/_sim/clock").status_code == 200


def test_token_revocation_rate_revokes_the_token_in_use(search, portal, control):
    portal.auto_refresh = False
    control.ok("PUT", "/_sim/faults", json={"tokenRevocationRate": 1})
    assert search().status_code == 401
    control.ok("PUT", "/_sim/faults", json={"tokenRevocationRate": 0})
    assert search().status_code == 401  # it stays revoked
    portal.refresh_token()
    assert search().status_code == 200


def test_a_drop_rate_drops_every_response(search, control):
    control.ok("PUT", "/_sim/faults", json={"dropAfterCommitRate": 1})
    with pytest.raises(httpx.TransportError):
        search()
    assert control.ok("GET", "/_sim/stats")["routes"]["GET /api/v1/claims"] == {"dropped": 1}


def test_bad_fault_settings_are_rejected(control):
    response = control.put("/_sim/faults", json={"errorRate": 2, "errorStatus": 404, "nonsense": 1})
    assert (response.status_code, len(response.json()["problems"])) == (422, 3)
    assert control.post("/_sim/faults/next", json={"path": "(", "fault": "error"}).status_code == 422
    assert control.post("/_sim/faults/next", json={"path": "x", "fault": "explode"}).status_code == 422

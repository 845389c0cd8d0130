"""Idempotency-Key on portal API POSTs (our assumption, shared with the OIC simulator) and slow_commit."""

import threading
import time

import httpx
import pytest

from simulators.claims_portal.tests.conftest import Portal, at_phase, cnf

KEY = "add-DLL-0001:attempt.1"


def _add(portal: Portal, key: str | None = KEY, form: dict | None = None, **kwargs) -> httpx.Response:
    headers = {"Idempotency-Key": key} if key is not None else {}
    return portal.post("/api/v1/claims", json=form or cnf(), headers=headers, **kwargs)


def _claims(control) -> int:
    return control.ok("GET", "/_sim/claims")["totalCount"]


def test_a_repeat_returns_the_stored_response_and_changes_nothing(portal, control):
    first = _add(portal)
    control.advance(minutes=5)
    second = _add(portal)
    assert first.status_code == second.status_code == 201
    assert second.content == first.content
    assert second.headers["Location"] == first.headers["Location"]
    assert second.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert _claims(control) == 1


def test_without_a_key_every_post_is_processed(portal, control):
    _add(portal, key=None)
    _add(portal, key=None)
    assert _claims(control) == 2


def test_the_same_key_for_a_different_request_is_422(portal):
    application_id = _add(portal).json()["claimInfo"]["applicationId"]
    other_body = _add(portal, form=cnf(**{"claimantRepresentative.referenceNumber": "DLL-0002"}))
    other_path = portal.post(
        f"/api/v1/claims/{application_id}/attachments", json={}, headers={"Idempotency-Key": KEY}
    )
    for response in (other_body, other_path):
        assert (response.status_code, response.json()["error"]) == (422, "idempotency_key_reused")


@pytest.mark.parametrize("key", ["", "k" * 101, "has space", "semi;colon", "slash/key"])
def test_a_malformed_key_is_400(portal, control, key):
    response = _add(portal, key=key)
    assert (response.status_code, response.json()["error"]) == (400, "invalid_idempotency_key")
    assert _claims(control) == 0


def test_a_key_of_100_allowed_characters_is_fine(portal):
    assert _add(portal, key="aZ0._:-" * 14 + "xx").status_code == 201


def test_keys_are_scoped_per_client(sim, portal, control):
    control.ok(
        "POST",
        "/_sim/clients",
        json={"clientId": "o", "clientSecret": "s", "organisation": "O", "loginAs": "u"},
    )
    with Portal(sim.url, "o", "s", login_as="u") as other:
        assert _add(portal).status_code == 201
        response = _add(other)
    assert response.status_code == 201
    assert "Idempotent-Replayed" not in response.headers
    assert _claims(control) == 2


def test_keys_are_kept_24_hours_of_portal_time(portal, control):
    _add(portal)
    control.advance(hours=23, minutes=59)
    assert _add(portal).headers.get("Idempotent-Replayed") == "true"
    control.advance(minutes=1)
    assert "Idempotent-Replayed" not in _add(portal).headers
    assert _claims(control) == 2


def test_an_error_response_below_500_is_stored_too(portal, control):
    bad = cnf(**{"claimant.askCuePiReference": ...})
    first = _add(portal, form=bad)
    second = _add(portal, form=bad)
    assert first.status_code == second.status_code == 422
    assert second.json() == first.json()
    assert second.headers["Idempotent-Replayed"] == "true"


def test_a_repeated_action_is_replayed_while_a_bare_repeat_is_stale(portal, control):
    application_id = at_phase(portal, control, "LiabilityAdmitted")
    body = {"activityEngineGuid": portal.status(application_id)["activityEngineGuid"]}
    path = f"/api/v1/claims/{application_id}/actions/acknowledgeLiabilityAdmitted"
    first = portal.post(path, json=body, headers={"Idempotency-Key": "ack-1"})
    replay = portal.post(path, json=body, headers={"Idempotency-Key": "ack-1"})
    bare = portal.post(path, json=body)
    assert replay.json() == first.json()
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert (bare.status_code, bare.json()["error"]) == (409, "stale_activity_engine_guid")
    history = [step["action"] for step in portal.claim(application_id)["processHistory"]]
    assert history.count("acknowledgeLiabilityAdmitted") == 1


@pytest.mark.parametrize(
    ("fault", "expected"),
    [
        ({"fault": "error"}, 503),
        ({"fault": "rate_limit"}, 429),
        ({"fault": "drop_before_commit"}, httpx.TransportError),
        ({"fault": "timeout", "timeoutSeconds": 0.1}, httpx.TransportError),
    ],
)
def test_a_fault_that_answers_without_processing_leaves_the_key_free(portal, control, fault, expected):
    control.ok("POST", "/_sim/faults/next", json={"method": "POST", "path": "^/api/v1/claims$", **fault})
    if isinstance(expected, int):
        assert _add(portal).status_code == expected
    else:
        with pytest.raises(expected):
            _add(portal)
    retry = _add(portal)
    assert retry.status_code == 201
    assert "Idempotent-Replayed" not in retry.headers
    assert _claims(control) == 1


def test_drop_after_commit_stores_the_response_before_dropping(portal, control):
    control.ok(
        "POST",
        "/_sim/faults/next",
        json={"method": "POST", "path": "^/api/v1/claims$", "fault": "drop_after_commit"},
    )
    with pytest.raises(httpx.TransportError):
        _add(portal)
    retry = _add(portal)
    assert (retry.status_code, retry.headers["Idempotent-Replayed"]) == (201, "true")
    assert _claims(control) == 1


def _slow_add(portal: Portal, control, delay: float, timeout: float) -> tuple[threading.Thread, list]:
    """Start an addClaim held ``delay`` seconds by slow_commit; its outcome lands in the returned list."""
    rule = {"method": "POST", "path": "^/api/v1/claims$", "fault": "slow_commit", "delaySeconds": delay}
    control.ok("POST", "/_sim/faults/next", json=rule)
    outcome: list = []

    def run() -> None:
        try:
            outcome.append(_add(portal, timeout=timeout))
        except httpx.TimeoutException as error:
            outcome.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    time.sleep(0.3)  # the request is now held, its key in flight
    return thread, outcome


def test_a_repeat_while_the_first_is_in_flight_is_409_and_reads_do_not_see_it(portal, control):
    thread, outcome = _slow_add(portal, control, delay=1.5, timeout=10)
    in_flight = _add(portal)
    search = portal.get("/api/v1/claims", params={"crReferenceNumber": "DLL-0001"})
    assert (in_flight.status_code, in_flight.json()["error"]) == (409, "idempotency_in_progress")
    assert in_flight.headers["Retry-After"] == "1"
    assert search.json()["claims"] == []
    thread.join()
    assert outcome[0].status_code == 201
    assert len(portal.get("/api/v1/claims", params={"crReferenceNumber": "DLL-0001"}).json()["claims"]) == 1
    replay = _add(portal)
    assert (replay.content, replay.headers["Idempotent-Replayed"]) == (outcome[0].content, "true")


def test_a_client_that_gave_up_finds_the_held_request_committed(portal, control):
    thread, outcome = _slow_add(portal, control, delay=1.0, timeout=0.5)
    thread.join()
    assert isinstance(outcome[0], httpx.TimeoutException)
    deadline = time.monotonic() + 5
    retry = _add(portal)
    while retry.status_code == 409 and time.monotonic() < deadline:
        time.sleep(float(retry.headers["Retry-After"]) / 4)
        retry = _add(portal)
    assert (retry.status_code, retry.headers["Idempotent-Replayed"]) == (201, "true")
    assert _claims(control) == 1


def test_the_token_endpoint_and_reads_ignore_the_header(sim, portal):
    assert portal.get("/api/v1/claims/worklist", headers={"Idempotency-Key": "bad key"}).status_code == 200
    form = {"grant_type": "client_credentials", "client_id": "demo-law", "client_secret": "demo-secret"}
    token = httpx.post(sim.url + "/oauth/token", data=form, headers={"Idempotency-Key": "bad key"})
    assert token.status_code == 200

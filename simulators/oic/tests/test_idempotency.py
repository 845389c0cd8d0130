"""Idempotency keys on portal API POSTs: one effect per key, stored answers replayed, faults respected."""

import threading
import time

import httpx
import pytest

from simulators.common.testing import HTTP
from simulators.oic import claimant
from simulators.oic.tests.conftest import Portal, scnf, submitted

KEY = {"Idempotency-Key": "create-DLL-0001"}
SEARCH = ("/api/v1/claims", {"clientReference": "DLL-0001"})


def _claim_count(control) -> int:
    return control.ok("GET", "/_sim/claims")["totalCount"]


def _notification_count(portal) -> int:
    return portal.get("/api/v1/notifications", params={"dateFrom": "2020-01-01"}).json()["totalCount"]


def _found(portal) -> list:
    path, params = SEARCH
    return portal.get(path, params=params).json()["results"]


def test_a_repeat_gets_the_stored_answer_and_changes_nothing(portal, control):
    first = portal.post("/api/v1/claims", json=scnf(), headers=KEY)
    control.advance(minutes=10)  # the SCNF document and its notification are produced meanwhile
    notifications = _notification_count(portal)
    again = portal.post("/api/v1/claims", json=scnf(), headers=KEY)

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.content == first.content
    assert again.headers["Location"] == first.headers["Location"]
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert _claim_count(control) == 1
    assert _notification_count(portal) == notifications


def test_the_same_json_in_another_key_order_is_the_same_request(portal, control):
    body = scnf()
    reordered = dict(reversed(list(body.items())))
    portal.post("/api/v1/claims", json=body, headers=KEY)
    again = portal.post("/api/v1/claims", json=reordered, headers=KEY)
    assert again.headers.get("Idempotent-Replayed") == "true"


def test_a_key_reused_for_another_body_or_path_is_422(portal, control):
    claim_id = portal.post("/api/v1/claims", json=scnf(), headers=KEY).json()["claimID"]
    other_body = portal.post("/api/v1/claims", json=scnf(clientReference="DLL-0002"), headers=KEY)
    other_path = portal.post(f"/api/v1/claims/{claim_id}/messages", json=scnf(), headers=KEY)
    for response in (other_body, other_path):
        assert response.status_code == 422
        assert response.json()["error"] == "idempotency_key_reused"
        assert response.json()["requestId"] == response.headers["X-Request-ID"]
    assert _claim_count(control) == 1


@pytest.mark.parametrize("key", ["", "x" * 101, "has space", "slash/no", "star*"])
def test_malformed_keys_are_400_and_nothing_happens(portal, control, key):
    response = portal.post("/api/v1/claims", json=scnf(), headers={"Idempotency-Key": key})
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_idempotency_key"
    assert _claim_count(control) == 0


def test_the_longest_key_and_every_allowed_character_are_accepted(portal):
    key = ("Az09._:-" * 13)[:100]
    assert portal.post("/api/v1/claims", json=scnf(), headers={"Idempotency-Key": key}).status_code == 201


def test_keys_belong_to_one_client(sim, portal, control):
    control.ok(
        "POST", "/_sim/clients", json={"clientId": "other", "clientSecret": "s", "organisation": "Other LLP"}
    )
    with Portal(sim.url, "other", "s") as other:
        mine = portal.post("/api/v1/claims", json=scnf(), headers=KEY)
        theirs = other.post("/api/v1/claims", json=scnf(), headers=KEY)
    assert theirs.status_code == 201
    assert "Idempotent-Replayed" not in theirs.headers
    assert theirs.json()["claimID"] != mine.json()["claimID"]


def test_keys_are_kept_24_hours_of_portal_time(portal, control):
    claim_id = portal.create()["claimID"]
    message = {"category": "General", "note": "Please call."}
    path = f"/api/v1/claims/{claim_id}/messages"
    first = portal.post(path, json=message, headers=KEY)
    control.advance(hours=23, minutes=59)
    replayed = portal.post(path, json=message, headers=KEY)
    control.advance(minutes=1)
    fresh = portal.post(path, json=message, headers=KEY)
    assert replayed.headers.get("Idempotent-Replayed") == "true"
    assert replayed.json()["id"] == first.json()["id"]
    assert "Idempotent-Replayed" not in fresh.headers
    assert fresh.json()["id"] != first.json()["id"]


def test_an_error_answer_below_500_is_stored_too(portal, control):
    claim_id = portal.create()["claimID"]
    path = f"/api/v1/claims/{claim_id}/complete-submission"
    too_early = portal.post(path, headers=KEY)
    control.advance(minutes=5)
    still = portal.post(path, headers=KEY)
    with_new_key = portal.post(path, headers={"Idempotency-Key": "submit-2"})
    assert too_early.status_code == still.status_code == 409
    assert still.json() == too_early.json()
    assert still.headers["Retry-After"] == too_early.headers["Retry-After"]
    assert still.headers["Idempotent-Replayed"] == "true"
    assert with_new_key.status_code == 200


def test_a_5xx_is_not_stored_rolls_back_and_frees_the_key(portal, control, monkeypatch):
    claim_id = portal.create()["claimID"]
    path, body = f"/api/v1/claims/{claim_id}/losses", {"losses": [{"lossType": "Medication", "amount": 9.5}]}
    original = claimant.losses_add

    def add_then_fail(tx, claim, request_body):
        original(tx, claim, request_body)
        raise RuntimeError("simulated crash after writing")

    monkeypatch.setattr(claimant, "losses_add", add_then_fail)
    crashed = portal.post(path, json=body, headers=KEY)
    assert crashed.status_code == 500
    assert len(portal.claim(claim_id)["losses"]) == 1  # only the SCNF's loss: the write was rolled back
    assert _notification_count(portal) == 0
    monkeypatch.setattr(claimant, "losses_add", original)
    retried = portal.post(path, json=body, headers=KEY)
    assert retried.status_code == 200
    assert "Idempotent-Replayed" not in retried.headers
    assert len(retried.json()["losses"]) == 2


@pytest.mark.parametrize(
    "rule",
    [
        {"fault": "error", "status": 503},
        {"fault": "rate_limit", "retryAfter": 1},
        {"fault": "drop_before_commit"},
        {"fault": "timeout", "timeoutSeconds": 0.5},
    ],
    ids=["error", "rate-limit", "drop-before-commit", "timeout"],
)
def test_a_fault_that_answers_without_processing_leaves_the_key_free(portal, control, rule):
    control.ok("POST", "/_sim/faults/next", json={"method": "POST", "path": "^/api/v1/claims$", **rule})
    try:
        faulted = portal.post("/api/v1/claims", json=scnf(), headers=KEY, timeout=0.3)
        assert faulted.status_code in (429, 503)
    except httpx.TransportError:
        pass  # dropped or timed out: nothing was processed either way
    retried = portal.post("/api/v1/claims", json=scnf(), headers=KEY)
    assert retried.status_code == 201
    assert "Idempotent-Replayed" not in retried.headers
    assert _claim_count(control) == 1


def test_a_revoked_token_leaves_the_key_free(portal, control):
    portal.auto_refresh = False
    control.ok("PUT", "/_sim/faults", json={"tokenRevocationRate": 1})
    assert portal.post("/api/v1/claims", json=scnf(), headers=KEY).status_code == 401
    control.ok("PUT", "/_sim/faults", json={"tokenRevocationRate": 0})
    portal.refresh_token()
    retried = portal.post("/api/v1/claims", json=scnf(), headers=KEY)
    assert retried.status_code == 201
    assert "Idempotent-Replayed" not in retried.headers


def test_a_repeat_after_drop_after_commit_gets_the_stored_answer(portal, control):
    control.ok("POST", "/_sim/faults/next", json={"path": "^/api/v1/claims$", "fault": "drop_after_commit"})
    with pytest.raises(httpx.TransportError):
        portal.post("/api/v1/claims", json=scnf(), headers=KEY)
    retried = portal.post("/api/v1/claims", json=scnf(), headers=KEY)
    assert retried.status_code == 201
    assert retried.headers["Idempotent-Replayed"] == "true"
    assert retried.json()["claimID"] == _found(portal)[0]["claimID"]
    assert _claim_count(control) == 1


def test_slow_commit_holds_the_request_with_its_key_in_flight(sim, portal, control):
    """The held create is invisible and its key busy; then it commits, and the key replays it."""
    control.ok(
        "POST",
        "/_sim/faults/next",
        json={"method": "POST", "path": "^/api/v1/claims$", "fault": "slow_commit", "delaySeconds": 1.5},
    )
    outcome = {}

    def send_and_give_up():
        with Portal(sim.url) as impatient:
            try:
                impatient.post("/api/v1/claims", json=scnf(), headers=KEY, timeout=0.3)
            except httpx.ReadTimeout:
                outcome["timed_out"] = True

    started = time.monotonic()
    sender = threading.Thread(target=send_and_give_up)
    sender.start()
    sender.join()
    assert outcome == {"timed_out": True}

    search_started = time.monotonic()
    assert _found(portal) == []  # not processed yet, so not visible
    assert time.monotonic() - search_started < 0.5  # the server answers others meanwhile
    busy = portal.post("/api/v1/claims", json=scnf(), headers=KEY)
    assert busy.status_code == 409
    assert busy.json()["error"] == "idempotency_in_progress"
    assert busy.headers["Retry-After"] == "1"
    assert time.monotonic() - started < 1.5  # all of that happened while the create was held

    deadline = time.monotonic() + 5
    while not _found(portal):
        assert time.monotonic() < deadline, "the held create never committed"
        time.sleep(0.05)
    stored = portal.post("/api/v1/claims", json=scnf(), headers=KEY)
    assert stored.status_code == 201
    assert stored.headers["Idempotent-Replayed"] == "true"
    assert stored.json()["claimID"] == _found(portal)[0]["claimID"]
    assert _claim_count(control) == 1


def test_slow_commit_without_a_key_is_processed_after_the_hold(portal, control):
    control.ok("PUT", "/_sim/faults", json={"slowCommitRate": 1, "slowCommitSeconds": 0.4})
    started = time.monotonic()
    response = portal.post("/api/v1/claims", json=scnf())
    assert time.monotonic() - started >= 0.4
    assert response.status_code == 201
    assert control.ok("GET", "/_sim/stats")["faults"]["slow_commit"] == 1


def test_keys_apply_to_portal_api_posts_only(sim, portal, control):
    claim_id = submitted(portal, control)["claimID"]
    read = portal.get(f"/api/v1/claims/{claim_id}", headers={"Idempotency-Key": "bad key!"})
    token = HTTP.post(
        sim.url + "/oauth/token",
        data={"grant_type": "client_credentials", "client_id": "demo-law", "client_secret": "demo-secret"},
        headers={"Idempotency-Key": "bad key!"},
    )
    assert read.status_code == 200
    assert token.status_code == 200
    assert "Idempotent-Replayed" not in read.headers


def test_a_reset_forgets_the_keys(portal, control):
    portal.post("/api/v1/claims", json=scnf(), headers=KEY)
    control.ok("POST", "/_sim/reset", json={})
    control.ok("POST", "/_sim/clock", json={"freeze": True, "set": "2025-03-03T09:00:00Z"})
    again = portal.post("/api/v1/claims", json=scnf(), headers=KEY)
    assert again.status_code == 201
    assert "Idempotent-Replayed" not in again.headers

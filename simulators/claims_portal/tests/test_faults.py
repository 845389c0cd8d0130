"""The Claims Portal simulator's own fault behaviour (the shared switches: simulators/common/tests)."""

import time


def test_slow_commit_holds_a_request_then_answers_it(portal, control):
    missing = control.post("/_sim/faults/next", json={"path": "^/api/v1/claims$", "fault": "slow_commit"})
    assert missing.json()["errors"][0]["field"] == "delaySeconds"
    rule = {"method": "GET", "path": "^/api/v1/claims$", "fault": "slow_commit", "delaySeconds": 0.4}
    assert control.ok("POST", "/_sim/faults/next", json=rule)["delaySeconds"] == 0.4
    started = time.monotonic()
    assert portal.get("/api/v1/claims", params={"crReferenceNumber": "DLL-0001"}).status_code == 200
    assert time.monotonic() - started >= 0.4

"""The OIC simulator's own fault behaviour (the shared switches: simulators/common/tests)."""

import httpx
import pytest

from simulators.oic.tests.conftest import scnf


def test_drop_after_commit_loses_the_response_but_a_retry_finds_the_claim(portal, control):
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


def test_drop_before_commit_leaves_nothing_to_find(portal, control):
    control.ok("POST", "/_sim/faults/next", json={"path": "^/api/v1/claims$", "fault": "drop_before_commit"})
    with pytest.raises(httpx.TransportError):
        portal.post("/api/v1/claims", json=scnf())
    assert portal.get("/api/v1/claims", params={"clientReference": "DLL-0001"}).json()["results"] == []


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

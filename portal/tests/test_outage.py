"""While the portal is down: pages stay fast, portal actions fail clearly and change nothing, and after
repeated failures ClaimDesk stops calling until a cool-off has passed."""

import time

from cases.models import Case
from portal import breaker
from portal.models import PortalClaim
from portal.services.claims import claim_complete, claim_submit


def _down(sim_control):
    sim_control.ok("PUT", "/_sim/faults", json={"errorRate": 1.0, "errorStatus": 503})
    sim_control.ok("POST", "/_sim/stats/reset")


def test_case_pages_do_not_wait_for_a_portal_that_is_down(alice_client, alice, ready_case, oic, sim_control):
    assert claim_submit(case=ready_case, acting_user=alice).ok  # the case has a claim: every button shows
    _down(sim_control)
    for tab in ("details", "injury", "history", "documents", "tasks", "portal/docs"):
        assert alice_client.get(f"/cases/{ready_case.reference}/{tab}/").status_code == 200
    assert sim_control.ok("GET", "/_sim/stats")["totalRequests"] == 0  # no page waited on the portal


def test_a_submission_fails_clearly_and_changes_nothing(alice_client, ready_case, oic, sim_control):
    _down(sim_control)
    page = alice_client.post(
        f"/cases/{ready_case.reference}/portal/submit/", {"consent": "on", "statement_of_truth": "on"}
    ).content.decode()
    assert "did not go through" in page
    ready_case.refresh_from_db()
    assert ready_case.status == Case.Status.NEW and not PortalClaim.objects.exists()


def test_repeated_failures_open_the_breaker_and_it_closes_after_the_cool_off(
    alice, ready_case, oic, sim_control, monkeypatch
):
    assert claim_submit(case=ready_case, acting_user=alice).ok
    sim_control.advance(minutes=3)
    _down(sim_control)
    for _ in range(breaker.FAILURE_THRESHOLD):
        assert not claim_complete(case=ready_case, acting_user=alice).ok
    calls = sim_control.ok("GET", "/_sim/stats")["totalRequests"]
    result = claim_complete(case=ready_case, acting_user=alice)
    assert not result.ok and "has not been answering" in result.message
    assert sim_control.ok("GET", "/_sim/stats")["totalRequests"] == calls  # not called at all
    sim_control.ok("PUT", "/_sim/faults", json={"errorRate": 0})
    later = time.time() + breaker.RESET_SECONDS + 1
    monkeypatch.setattr(breaker.time, "time", lambda: later)
    assert claim_complete(case=ready_case, acting_user=alice).ok
    assert PortalClaim.objects.get().status == "Pending-Liability"

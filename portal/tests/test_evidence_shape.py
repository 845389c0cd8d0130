"""ClaimDesk against the simulator's evidence shape: only what public integration code shows of the OIC
API (id-last addresses, Pega dates, notifications without ids, assignments without status, claim
details without claimID, no paging, "Invalid token.", removal straight to Resolved-Removed).

The connection's endpoint table is set from the simulator's own (as a firm would enter the official
one), and the same flows must work — the nightly sync included, ending equal to the portal."""

import pytest

from cases.models import Case
from portal.models import PortalClaim, SyncRun
from portal.services import nightly
from portal.services.claims import claim_complete, claim_resync, claim_submit
from portal.services.connection import connection_test
from tests.simulator import claims_on_portal, portal_differences
from worklist.models import Task

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("restored_value_lists")]


@pytest.fixture
def evidence(oic, sim_control):
    sim_control.ok("PUT", "/_sim/config", json={"shape": "evidence"})
    table = sim_control.ok("GET", "/_sim/endpoints")["endpoints"]
    oic.endpoints = {name: {"method": e["method"], "path": e["path"]} for name, e in table.items()}
    oic.save()
    return oic


def test_without_the_firms_addresses_the_connection_test_says_which_one_failed(oic, sim_control):
    sim_control.ok("PUT", "/_sim/config", json={"shape": "evidence"})
    ok, message = connection_test(connection=oic)
    assert not ok and "exit reasons address did not answer" in message


def test_the_connection_test_passes_with_the_evidenced_addresses(evidence):
    ok, message = connection_test(connection=evidence)
    assert ok and "operation address(es) set for this firm" in message


def test_submission_and_the_nightly_sync_converge(alice, evidence, sim_control):
    claims = claims_on_portal(alice, sim_control, 3)
    assert all(c.status == "Pending-Liability" for c in claims)
    run = nightly.run_portal(portal="oic", threads=2)
    assert run.status == SyncRun.Status.SUCCEEDED, run.errors
    for index, claim in enumerate(claims):
        sim_control.act(claim.claim_id, "message", category="CompResponseCategory", note=f"Evidence {index}")
    sim_control.act(claims[0].claim_id, "liability", decision="denied", justification="Not ours")
    sim_control.advance(minutes=1)
    run = nightly.run_portal(portal="oic", threads=2)
    assert run.status == SyncRun.Status.SUCCEEDED, run.errors
    assert run.notifications >= 3 and run.claims_synced >= 3
    assert portal_differences() == []
    denied = PortalClaim.objects.get(pk=claims[0].pk)
    assert denied.status == "Pending-LiabilityRejected"
    assert Task.objects.filter(
        case=denied.case, status=Task.Status.OPEN, portal_key__contains=":assignment:"
    ).exists()


def test_a_task_closes_when_its_action_no_longer_appears(alice_client, alice, evidence, sim_control):
    [claim] = claims_on_portal(alice, sim_control, 1)
    sim_control.act(claim.claim_id, "liability", decision="denied", justification="Not ours")
    claim_resync(case=claim.case, acting_user=alice)
    task = Task.objects.get(case=claim.case, portal_key__contains=":assignment:")
    assert task.is_open
    prefix = "liability-accept_denial"
    alice_client.post(
        f"/cases/{claim.case.reference}/portal/stage/",
        {
            f"{prefix}-action": "liability.accept_denial",
            f"{prefix}-expected_status": "Pending-LiabilityRejected",
            f"{prefix}-confirm": "on",
        },
    )
    task.refresh_from_db()
    assert PortalClaim.objects.get(pk=claim.pk).status == "Pending-RejectedLiability"
    assert not task.is_open  # the portal stopped listing it: no status says it closed
    claim_resync(case=claim.case, acting_user=alice)  # its system message, for the comparison
    assert portal_differences() == []


def test_a_removal_closes_the_claim_at_once(alice, evidence, sim_control):
    [claim] = claims_on_portal(alice, sim_control, 1)
    sim_control.act(claim.claim_id, "remove", reason="ComplexIssues", note="Removed by the compensator")
    claim_resync(case=claim.case, acting_user=alice)
    claim.refresh_from_db()
    claim.case.refresh_from_db()
    assert claim.status == "Resolved-Removed" and claim.is_closed
    assert claim.case.status == Case.Status.EXITED


def test_an_invalid_token_is_dropped_and_the_call_repeated(alice, evidence, sim_control):
    [claim] = claims_on_portal(alice, sim_control, 1)
    sim_control.ok("POST", "/_sim/tokens/revoke", json={})
    sim_control.ok("POST", "/_sim/stats/reset")
    assert claim_resync(case=claim.case, acting_user=alice).ok
    assert sim_control.ok("GET", "/_sim/stats")["tokenRequests"] == 1


def test_a_lost_submission_is_found_by_the_evidenced_search(ready_case, alice, evidence, sim_control):
    sim_control.fault_next(method="POST", path="createclaim$", fault="drop_after_commit", times=1)
    sim_control.fault_next(method="POST", path="createclaim$", fault="error", status=503, times=2)
    assert not claim_submit(case=ready_case, acting_user=alice).ok
    assert claim_submit(case=ready_case, acting_user=alice).ok
    assert len([c for c in sim_control.claims() if c["clientReference"] == ready_case.reference]) == 1
    sim_control.advance(minutes=3)
    assert claim_complete(case=ready_case, acting_user=alice).ok

"""A submission the portal committed but whose answer was lost never becomes a second portal claim."""

import pytest

from cases.models import Case
from portal.models import PortalClaim, PortalOperation
from portal.services.claims import claim_submit


def _claims_for(sim_control, case) -> list[dict]:
    return [c for c in sim_control.claims() if c["clientReference"] == case.reference]


def test_a_lost_answer_is_recovered_by_looking_up_our_reference(ready_case, alice, oic, sim_control):
    sim_control.fault_next(method="POST", path="^/api/v1/claims$", fault="drop_after_commit", times=1)
    result = claim_submit(case=ready_case, acting_user=alice)
    assert result.ok, result.message
    assert len(_claims_for(sim_control, ready_case)) == 1
    assert PortalClaim.objects.get().claim_id == _claims_for(sim_control, ready_case)[0]["claimID"]
    assert PortalOperation.objects.get().state == PortalOperation.State.DONE


def test_when_the_lookup_fails_too_the_retry_finds_the_claim_instead_of_sending_again(
    ready_case, alice, oic, sim_control
):
    sim_control.fault_next(method="POST", path="^/api/v1/claims$", fault="drop_after_commit", times=1)
    sim_control.fault_next(method="GET", path="^/api/v1/claims$", fault="error", status=503, times=3)
    first = claim_submit(case=ready_case, acting_user=alice)
    assert not first.ok and "ClaimDesk will check the portal before sending it again" in first.message
    assert PortalOperation.objects.get().state == PortalOperation.State.UNKNOWN
    ready_case.refresh_from_db()
    assert ready_case.status == Case.Status.NEW
    second = claim_submit(case=ready_case, acting_user=alice)
    assert second.ok and "found on the portal" in second.message
    assert len(_claims_for(sim_control, ready_case)) == 1
    assert set(PortalOperation.objects.values_list("state", flat=True)) == {PortalOperation.State.DONE}


def test_a_5xx_before_commit_is_retried_safely(ready_case, alice, oic, sim_control):
    sim_control.fault_next(method="POST", path="^/api/v1/claims$", fault="error", status=500, times=1)
    first = claim_submit(case=ready_case, acting_user=alice)
    assert not first.ok
    assert _claims_for(sim_control, ready_case) == []
    assert claim_submit(case=ready_case, acting_user=alice).ok
    assert len(_claims_for(sim_control, ready_case)) == 1


def test_a_timeout_after_commit_is_not_a_duplicate(ready_case, alice, oic, sim_control):
    sim_control.fault_next(method="POST", path="^/api/v1/claims$", fault="timeout", times=1)
    first = claim_submit(case=ready_case, acting_user=alice)
    second = claim_submit(case=ready_case, acting_user=alice)
    assert first.ok or second.ok  # one of them links the claim: found after the timeout, or sent again
    assert len(_claims_for(sim_control, ready_case)) == 1
    assert PortalClaim.objects.get().claim_id == _claims_for(sim_control, ready_case)[0]["claimID"]


@pytest.mark.parametrize("fault", ["drop_after_commit", "drop_before_commit"])
def test_complete_submission_with_a_lost_answer_is_reconciled(ready_case, alice, oic, sim_control, fault):
    from portal.services.claims import claim_complete

    assert claim_submit(case=ready_case, acting_user=alice).ok
    sim_control.advance(minutes=3)
    sim_control.fault_next(method="POST", path="complete-submission$", fault=fault, times=1)
    first = claim_complete(case=ready_case, acting_user=alice)
    if fault == "drop_after_commit":
        assert first.ok and PortalClaim.objects.get().status == "Pending-Liability"
    else:
        assert not first.ok
        assert claim_complete(case=ready_case, acting_user=alice).ok
    assert PortalClaim.objects.get().status == "Pending-Liability"

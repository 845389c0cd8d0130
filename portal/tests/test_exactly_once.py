"""Every portal write is sent exactly once: a lost answer, a slow portal commit, a killed send or a
double click never makes a second claim, note or file. Over real HTTP against the simulator."""

import datetime as dt

import pytest
from django.utils import timezone

from cases.models import Case
from lookups.models import ValueList
from portal.models import PortalClaim, PortalMessage, PortalOperation
from portal.services.claims import claim_complete, claim_submit
from portal.services.correspondence import portal_note_send
from portal.services.refresh import message_fingerprint
from portal.services.writes import ABANDONED_AFTER
from tests.factories import lookup

CLAIMS = "^/api/v1/claims$"


def _claims_for(sim_control, case) -> list[dict]:
    return [c for c in sim_control.claims() if c["clientReference"] == case.reference]


def _posts(sim_control, route: str) -> dict:
    return sim_control.ok("GET", "/_sim/stats")["routes"].get(route, {})


def test_a_lost_answer_is_answered_again_under_the_same_key(ready_case, alice, oic, sim_control):
    sim_control.fault_next(method="POST", path=CLAIMS, fault="drop_after_commit", times=1)
    result = claim_submit(case=ready_case, acting_user=alice)
    assert result.ok, result.message
    assert len(_claims_for(sim_control, ready_case)) == 1
    assert PortalClaim.objects.get().claim_id == _claims_for(sim_control, ready_case)[0]["claimID"]
    assert PortalOperation.objects.get().state == PortalOperation.State.DONE


def test_an_unknown_outcome_is_looked_for_before_anything_is_sent_again(ready_case, alice, oic, sim_control):
    sim_control.fault_next(method="POST", path=CLAIMS, fault="drop_after_commit", times=1)
    sim_control.fault_next(method="POST", path=CLAIMS, fault="error", status=503, times=2)  # the retries
    first = claim_submit(case=ready_case, acting_user=alice)
    assert not first.ok and "ClaimDesk will check the portal before sending it again" in first.message
    assert PortalOperation.objects.get().state == PortalOperation.State.UNKNOWN
    ready_case.refresh_from_db()
    assert ready_case.status == Case.Status.NEW
    sim_control.ok("POST", "/_sim/stats/reset")
    second = claim_submit(case=ready_case, acting_user=alice)
    assert second.ok and "found on the portal" in second.message
    assert _posts(sim_control, "POST /api/v1/claims") == {}  # found by looking: nothing sent again
    assert len(_claims_for(sim_control, ready_case)) == 1
    assert set(PortalOperation.objects.values_list("state", flat=True)) == {PortalOperation.State.DONE}


def test_a_portal_slow_to_commit_never_gets_the_claim_twice(ready_case, alice, oic, sim_control):
    """The create is still being committed when ClaimDesk gives up waiting, and when it looks."""
    sim_control.fault_next(method="POST", path=CLAIMS, fault="slow_commit", delaySeconds=3, times=1)
    first = claim_submit(case=ready_case, acting_user=alice)  # times out (2 s); its retry: "in progress"
    assert not first.ok and "still processing" in first.message
    again = claim_submit(case=ready_case, acting_user=alice)  # not visible yet: repeated under its key
    assert not again.ok and PortalOperation.objects.count() == 1  # no second intent, no second send
    _wait_for(lambda: len(_claims_for(sim_control, ready_case)) == 1)
    done = claim_submit(case=ready_case, acting_user=alice)
    assert done.ok, done.message
    assert len(_claims_for(sim_control, ready_case)) == 1
    assert PortalOperation.objects.count() == 1  # one intent, settled: never a second send
    assert PortalOperation.objects.get().state == PortalOperation.State.DONE


def _wait_for(condition, seconds: float = 10) -> None:
    import time

    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the portal never committed"
        time.sleep(0.2)


def test_a_5xx_before_commit_is_repeated_safely_under_the_same_key(ready_case, alice, oic, sim_control):
    sim_control.fault_next(method="POST", path=CLAIMS, fault="error", status=500, times=1)
    assert claim_submit(case=ready_case, acting_user=alice).ok
    assert len(_claims_for(sim_control, ready_case)) == 1
    assert PortalOperation.objects.get().state == PortalOperation.State.DONE


def test_a_double_click_sends_once(ready_case, alice, oic, sim_control):
    """A second submit while the first is in flight is refused, not sent."""
    PortalOperation.objects.create(
        case=ready_case,
        portal=ready_case.portal,
        kind=PortalOperation.Kind.SUBMIT,
        fingerprint=ready_case.reference,
    )
    result = claim_submit(case=ready_case, acting_user=alice)
    assert not result.ok and "being sent to the portal right now" in result.message
    assert _claims_for(sim_control, ready_case) == []


@pytest.mark.parametrize("fault", ["drop_after_commit", "drop_before_commit"])
def test_complete_submission_with_a_lost_answer_is_completed_once(ready_case, alice, oic, sim_control, fault):
    assert claim_submit(case=ready_case, acting_user=alice).ok
    sim_control.advance(minutes=3)
    sim_control.fault_next(method="POST", path="complete-submission$", fault=fault, times=1)
    assert claim_complete(case=ready_case, acting_user=alice).ok
    assert PortalClaim.objects.get().status == "Pending-Liability"
    assert list(PortalOperation.objects.filter(kind="complete").values_list("state", flat=True)) == ["done"]


# -- Notes --------------------------------------------------------------------------------------------

NOTE = "First paragraph of a long note.\n\nSecond paragraph, after a blank line."


def _claim(case, user, sim_control) -> PortalClaim:
    assert claim_submit(case=case, acting_user=user).ok
    sim_control.advance(minutes=3)
    assert claim_complete(case=case, acting_user=user).ok
    return PortalClaim.objects.get(case=case)


def _notes_on_portal(sim_control, claim) -> int:
    [row] = [c for c in sim_control.claims() if c["claimID"] == claim.claim_id]
    return row["messageCount"]


def test_a_note_whose_answer_was_lost_is_posted_once(ready_case, alice, oic, sim_control):
    claim = _claim(ready_case, alice, sim_control)
    before = _notes_on_portal(sim_control, claim)
    sim_control.fault_next(method="POST", path="/messages$", fault="drop_after_commit", times=1)
    general = lookup(ValueList.MESSAGE_CATEGORY, "General")
    assert portal_note_send(case=ready_case, category=general, text=NOTE, acting_user=alice).ok
    assert _notes_on_portal(sim_control, claim) == before + 1


def test_a_note_of_unknown_outcome_is_found_despite_the_portal_reflowing_it(
    ready_case, alice, oic, sim_control
):
    """The portal returns the note as HTML paragraphs: the look compares a normalised fingerprint."""
    claim = _claim(ready_case, alice, sim_control)
    before = _notes_on_portal(sim_control, claim)
    sim_control.fault_next(method="POST", path="/messages$", fault="drop_after_commit", times=1)
    sim_control.fault_next(method="POST", path="/messages$", fault="error", status=503, times=2)
    general = lookup(ValueList.MESSAGE_CATEGORY, "General")
    assert not portal_note_send(case=ready_case, category=general, text=NOTE, acting_user=alice).ok
    result = portal_note_send(case=ready_case, category=general, text=NOTE, acting_user=alice)
    assert result.ok, result.message
    assert _notes_on_portal(sim_control, claim) == before + 1
    assert PortalMessage.objects.filter(claim=claim, direction="out").count() == 1


def test_a_note_whose_send_was_killed_is_looked_for_not_reposted(ready_case, alice, oic, sim_control):
    """A process killed mid-send leaves its intent SENDING: once abandoned, the portal is looked at first."""
    claim = _claim(ready_case, alice, sim_control)
    sim_control.act(claim.claim_id, "message", category="General", note=NOTE, author="Alpha Law LLP")
    killed = PortalOperation.objects.create(
        case=ready_case,
        portal=ready_case.portal,
        kind=PortalOperation.Kind.MESSAGE,
        fingerprint=message_fingerprint("General", NOTE),
    )
    PortalOperation.objects.filter(pk=killed.pk).update(
        started_at=timezone.now() - ABANDONED_AFTER - dt.timedelta(seconds=1)
    )
    before = _notes_on_portal(sim_control, claim)
    general = lookup(ValueList.MESSAGE_CATEGORY, "General")
    assert portal_note_send(case=ready_case, category=general, text=NOTE, acting_user=alice).ok
    assert _notes_on_portal(sim_control, claim) == before  # found, not posted again
    killed.refresh_from_db()
    assert killed.state == PortalOperation.State.DONE

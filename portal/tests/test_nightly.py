"""The nightly sync against the simulator: incremental, idempotent, resumable, locked, fault-tolerant.

These tests use a transactional database: the sync's worker threads must see committed rows.
"""

import datetime as dt
import os
import subprocess

import pytest
from django.utils import timezone

from portal.models import PortalClaim, PortalDocument, PortalMessage, SyncRun, SyncState
from portal.services import nightly
from tests.simulator import claims_on_portal, portal_differences
from worklist.models import Task

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("restored_value_lists")]


def _routes(sim_control) -> dict[str, int]:
    return {
        route: sum(outcomes.values())
        for route, outcomes in sim_control.ok("GET", "/_sim/stats")["routes"].items()
    }


def test_a_first_run_brings_every_claim_in_line(alice, oic, sim_control):
    claims_on_portal(alice, sim_control, 3)
    sim_control.advance(minutes=6)  # the SCNFs are produced
    run = nightly.run_portal(portal="oic", threads=2)
    assert run.status == SyncRun.Status.SUCCEEDED, run.errors
    assert run.claims_synced == 3 and run.documents == 3
    assert portal_differences() == []
    assert SyncState.objects.get().watermark is not None


def test_the_next_run_fetches_only_the_claims_that_changed(alice, oic, sim_control):
    claims = claims_on_portal(alice, sim_control, 4)
    nightly.run_portal(portal="oic", threads=2)
    sim_control.ok("POST", "/_sim/stats/reset")
    sim_control.act(
        claims[0].claim_id, "message", category="CompResponseCategory", note="Chasing the estimate."
    )
    sim_control.act(claims[1].claim_id, "liability", decision="admitted")
    run = nightly.run_portal(portal="oic", threads=2)
    routes = _routes(sim_control)
    assert run.claims_synced == 2 and run.messages >= 1
    assert routes.get("GET /api/v1/claims/{claimID}", 0) == 1  # only the status change needs details
    assert routes.get("GET /api/v1/claims/{claimID}/messages", 0) == 2  # both got a new message
    assert routes.get("GET /api/v1/claims/{claimID}/attachments", 0) == 0
    assert portal_differences() == []
    task = Task.objects.get(portal_key__contains=":assignment:")
    assert task.case == claims[1].case and task.is_open


def test_a_run_with_nothing_new_reads_only_the_change_feeds(alice, oic, sim_control):
    claims_on_portal(alice, sim_control, 2)
    nightly.run_portal(portal="oic", threads=2)
    sim_control.ok("POST", "/_sim/stats/reset")
    run = nightly.run_portal(portal="oic", threads=2)
    assert run.claims_synced == 0
    assert set(_routes(sim_control)) <= {
        "GET /api/v1/notifications",
        "GET /api/v1/assignments",
        "POST /oauth/token",
    }


def test_running_twice_duplicates_nothing(alice, oic, sim_control):
    claims = claims_on_portal(alice, sim_control, 2)
    sim_control.act(claims[0].claim_id, "message", category="CompResponseCategory", note="Hello")
    nightly.run_portal(portal="oic", threads=2)
    counts = (PortalMessage.objects.count(), PortalDocument.objects.count(), Task.objects.count())
    state = SyncState.objects.get()
    state.watermark = state.watermark - dt.timedelta(hours=1)  # read the same window again
    state.save()
    PortalClaim.objects.update(
        sync_details=True, sync_messages=True, sync_documents=True, sync_due_at=timezone.now()
    )
    nightly.run_portal(portal="oic", threads=2)
    assert (PortalMessage.objects.count(), PortalDocument.objects.count(), Task.objects.count()) == counts


def test_a_claim_waiting_for_a_compensator_is_polled_until_assigned(alice, oic, sim_control):
    [claim] = claims_on_portal(alice, sim_control, 1, insurer="Obscure Mutual of Nowhere")
    assert claim.status == "Pending-CompensatorAssignment" and claim.needs_poll_until
    nightly.run_portal(portal="oic")
    sim_control.act(
        claim.claim_id, "assign-compensator", compensatorOrgName="Admiral Insurance"
    )  # no notification
    nightly.run_portal(portal="oic")
    claim.refresh_from_db()
    assert claim.status == "Pending-Liability" and claim.compensator_name == "Admiral Insurance"
    assert claim.needs_poll_until is None


def test_polling_for_a_compensator_stops_at_its_limit_with_a_task(alice, oic, sim_control):
    [claim] = claims_on_portal(alice, sim_control, 1, insurer="Obscure Mutual of Nowhere")
    PortalClaim.objects.filter(pk=claim.pk).update(needs_poll_until=timezone.now() - dt.timedelta(minutes=1))
    nightly.run_portal(portal="oic")
    claim.refresh_from_db()
    assert claim.needs_poll_until is None
    assert Task.objects.get(portal_key__contains=":compensator:").title.startswith("No compensator yet")


def test_two_syncs_never_run_at_once(oic, sim_control):
    run = nightly.run_start(portal="oic")
    with pytest.raises(nightly.SyncAlreadyRunning):
        nightly.run_start(portal="oic")
    nightly.finish(run, nightly.Drained.DONE)
    nightly.finish(nightly.run_start(portal="oic"), nightly.Drained.DONE)


def test_a_lock_held_by_a_dead_process_is_taken_over(oic, sim_control):
    stale = nightly.run_start(portal="oic")
    dead = subprocess.Popen(["true"])
    dead.wait()
    SyncState.objects.update(lock_pid=dead.pid)
    fresh = nightly.run_start(portal="oic")
    stale.refresh_from_db()
    assert stale.status == SyncRun.Status.ABANDONED
    assert SyncState.objects.get().lock_run == fresh
    assert os.getpid() == SyncState.objects.get().lock_pid


def test_a_failing_claim_is_retried_later_and_does_not_stop_the_run(alice, oic, sim_control):
    claims = claims_on_portal(alice, sim_control, 3)
    nightly.run_portal(portal="oic", threads=1)
    for claim in claims:
        sim_control.act(claim.claim_id, "message", category="CompResponseCategory", note="News")
    path = f"^/api/v1/claims/{claims[1].claim_id}/messages$"
    sim_control.fault_next(method="GET", path=path, fault="error", status=500, times=3)
    run = nightly.run_portal(portal="oic", threads=1)
    assert run.status == SyncRun.Status.PARTIAL and run.claims_synced == 2 and run.claims_failed == 1
    assert run.errors[0]["claim"] == claims[1].claim_id
    failed = PortalClaim.objects.get(pk=claims[1].pk)
    assert failed.sync_attempts == 1 and failed.sync_due_at > timezone.now()
    PortalClaim.objects.filter(pk=failed.pk).update(sync_due_at=timezone.now())  # its back-off has passed
    assert nightly.run_portal(portal="oic", threads=1).status == SyncRun.Status.SUCCEEDED
    assert portal_differences() == []


def test_when_the_portal_is_down_the_run_stops_calling_and_keeps_the_work(alice, oic, sim_control, settings):
    claims = claims_on_portal(alice, sim_control, 3)
    nightly.run_portal(portal="oic")
    for claim in claims:
        sim_control.act(claim.claim_id, "message", category="CompResponseCategory", note="News")
    sim_control.ok("PUT", "/_sim/faults", json={"errorRate": 1.0, "errorStatus": 503})
    run = nightly.run_portal(portal="oic", threads=1)
    assert run.status == SyncRun.Status.INTERRUPTED, run.status
    assert "Portal unavailable since" in run.stop_reason and "stay due for the next run" in run.stop_reason
    stats = sim_control.ok("GET", "/_sim/stats")
    assert stats["totalRequests"] < 40  # the breaker stopped it: it did not hammer the portal
    sim_control.ok("PUT", "/_sim/faults", json={"errorRate": 0})
    from django.core.cache import cache

    cache.clear()  # the breaker's cool-off has passed
    PortalClaim.objects.exclude(sync_due_at=None).update(sync_due_at=timezone.now())
    assert nightly.run_portal(portal="oic").status == SyncRun.Status.SUCCEEDED
    assert portal_differences() == []


def test_a_re_sync_leaves_nothing_for_the_nightly_run(alice_client, alice, oic, sim_control):
    [claim] = claims_on_portal(alice, sim_control, 1)
    assert PortalClaim.objects.get(pk=claim.pk).sync_due_at is not None  # new claims are due for a first sync
    alice_client.post(f"/cases/{claim.case.reference}/portal/resync/")
    resynced = PortalClaim.objects.get(pk=claim.pk)
    assert resynced.sync_due_at is None and not (resynced.sync_messages or resynced.sync_documents)

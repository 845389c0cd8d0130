"""What the nightly sync guarantees beyond a clean run: one run at a time per portal even when a run is
slow, writes fenced by the lease, a document raced for stored once, every open action a task however
old it is, and differences reported by the verifier. Transactional: threads must see committed rows."""

import threading
import time

import pytest
from django.db import connection
from django.utils import timezone

from portal.base import Part
from portal.models import PortalClaim, PortalDocument, PortalMessage, SyncRun, SyncState
from portal.oic.mapping import scnf
from portal.registry import adapter_for
from portal.services import nightly
from portal.services.fencing import LeaseFence, LeaseLost, fenced
from portal.services.linking import claim_link
from portal.services.refresh import claim_refresh
from tests.factories import fill_case, make_case
from tests.simulator import claims_on_portal, portal_differences
from worklist.models import Task

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("restored_value_lists")]


def _in_thread(target, *args, **kwargs):
    outcome = {}

    def run():
        try:
            outcome["value"] = target(*args, **kwargs)
        except BaseException as exc:  # reported to the test, not lost in the thread
            outcome["error"] = exc
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def test_a_slow_run_keeps_its_lease_on_a_timer_and_no_second_run_starts(alice, oic, sim_control, monkeypatch):
    monkeypatch.setattr(nightly, "LEASE_SECONDS", 1.0)
    monkeypatch.setattr(nightly, "RENEW_SECONDS", 0.2)
    claims = claims_on_portal(alice, sim_control, 3)
    for claim in claims:
        sim_control.act(claim.claim_id, "message", category="CompResponseCategory", note="Slow news")
    sim_control.ok("PUT", "/_sim/faults", json={"latencyMs": 300})
    thread, outcome = _in_thread(nightly.run_portal, portal="oic", threads=1)
    while thread.is_alive() and not SyncState.objects.filter(lock_run__isnull=False).exists():
        time.sleep(0.01)  # until the run holds the lease
    refused = 0
    while thread.is_alive():  # the run outlives its 1 s lease several times over
        try:
            nightly.finish(nightly.run_start(portal="oic"), nightly.Drained.DONE)
        except nightly.SyncAlreadyRunning:
            refused += 1
        else:
            pytest.fail("a second run started while the first was alive")
        time.sleep(0.1)
    thread.join()
    sim_control.ok("PUT", "/_sim/faults", json={"latencyMs": 0})
    assert "error" not in outcome, outcome
    assert outcome["value"].status == SyncRun.Status.SUCCEEDED and refused > 10
    assert not SyncRun.objects.filter(status=SyncRun.Status.ABANDONED).exists()


def test_a_run_that_lost_its_lease_stops_before_its_next_write(alice, oic, sim_control):
    claims = claims_on_portal(alice, sim_control, 2)
    nightly.run_portal(portal="oic")
    for claim in claims:
        sim_control.act(claim.claim_id, "message", category="CompResponseCategory", note="Fenced")
    PortalClaim.objects.update(sync_messages=True, sync_due_at=timezone.now())
    stale = nightly.run_start(portal="oic")
    token = SyncState.objects.get().lock_token
    SyncState.objects.update(lock_until=timezone.now(), lock_host="elsewhere")  # its lease lapsed
    fresh = nightly.run_start(portal="oic")  # another run takes over
    messages = PortalMessage.objects.count()
    with pytest.raises(LeaseLost), fenced(LeaseFence("oic", token)):
        pytest.fail("a write ran under a lost lease")
    assert nightly.drain(stale, threads=1) == nightly.Drained.LOST_LOCK
    assert PortalMessage.objects.count() == messages  # the old run wrote nothing
    assert PortalClaim.objects.filter(sync_due_at__isnull=False).count() == 2  # the work is still due
    nightly.finish(fresh, nightly.drain(fresh, threads=1))
    assert portal_differences() == []


def test_two_refreshes_racing_for_one_document_store_it_once(alice, oic, sim_control, document_root):
    [claim] = claims_on_portal(alice, sim_control, 1)
    sim_control.advance(minutes=6)  # the claim form (a PDF) is produced
    sim_control.ok("PUT", "/_sim/faults", json={"latencyMs": 250})  # both read the list before either stores

    def refresh():
        adapter = adapter_for("oic")
        try:
            return claim_refresh(
                claim=PortalClaim.objects.get(pk=claim.pk), adapter=adapter, parts=frozenset({Part.DOCUMENTS})
            )
        finally:
            adapter.close()

    racers = [_in_thread(refresh) for _ in range(2)]
    for thread, _ in racers:
        thread.join()
    assert all("error" not in outcome for _, outcome in racers), racers
    assert sorted(outcome["value"].documents for _, outcome in racers) == [0, 1]
    assert PortalDocument.objects.count() == 1
    files = [p for p in document_root.rglob("*") if p.is_file() and not p.name.startswith(".")]
    assert len(files) == 1  # no orphan copy from the loser


def test_a_linked_claims_open_actions_become_tasks_however_old(alice, oic, sim_control):
    """The nightly feed reads only recent changes: a claim new to ClaimDesk gets all its open actions."""
    source = fill_case(make_case(fee_earner=alice, first_name="Jane", last_name="Earlier"))
    adapter = adapter_for("oic")
    try:
        claim_id = adapter.client.create_claim(
            scnf(source, acting_user=alice) | {"clientReference": "WEB-9"}, idempotency_key=""
        ).claim_id
        sim_control.advance(minutes=3)
        adapter.client.complete_submission(claim_id, idempotency_key="")
    finally:
        adapter.close()
    sim_control.act(claim_id, "liability", decision="denied", justification="Not our insured")
    sim_control.advance(days=40)  # the action is older than any feed window
    nightly.run_portal(portal="oic")  # the feeds are read up to now
    case = fill_case(make_case(fee_earner=alice, first_name="Jane", last_name="Earlier"))
    assert claim_link(case=case, claim_id=claim_id, process_ind="1", acting_user=alice).ok
    run = nightly.run_portal(portal="oic")
    assert run.status == SyncRun.Status.SUCCEEDED, run.errors
    task = Task.objects.get(case=case, portal_key__contains=":assignment:")
    assert task.is_open and task.deadline is not None
    assert portal_differences() == []


def test_the_verifier_reports_an_open_action_without_a_task(alice, oic, sim_control):
    [claim] = claims_on_portal(alice, sim_control, 1)
    sim_control.act(claim.claim_id, "liability", decision="denied", justification="No")
    nightly.run_portal(portal="oic")
    assert portal_differences() == []
    Task.objects.filter(portal_key__contains=":assignment:").update(status=Task.Status.DONE)
    assert any("open portal action(s) have no open task" in p for p in portal_differences())


def test_the_verifier_reports_an_item_nobody_was_told_about(alice, oic, sim_control):
    from portal.models import PortalUpdate

    [claim] = claims_on_portal(alice, sim_control, 1)
    sim_control.act(claim.claim_id, "message", category="CompResponseCategory", note="Told?")
    nightly.run_portal(portal="oic")
    PortalUpdate.objects.filter(kind=PortalUpdate.Kind.MESSAGE).delete()
    assert any("never announced" in p for p in portal_differences())


def test_sync_portal_exits_non_zero_when_the_portal_is_down(alice, oic, sim_control):
    from django.core.management import CommandError, call_command

    claims_on_portal(alice, sim_control, 1)
    sim_control.ok("PUT", "/_sim/faults", json={"errorRate": 1.0, "errorStatus": 503})
    with pytest.raises(CommandError, match="Stopped: the portal stopped answering"):
        call_command("sync_portal")

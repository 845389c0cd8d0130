"""The sync over the Claims Portal, and over both portals: notifications mark claims due, the phase a
claim waits in becomes a task with the protocol's deadline, a fault on one portal never stops the
other, and ``sync_verify`` finds ClaimDesk and the portals equal. Transactional: the sync's threads
must see committed rows."""

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import httpx
import pytest
from django.core.management import call_command
from django.utils import timezone

from lib.business_days import add_business_days
from portal.models import PortalClaim, PortalDocument, SyncRun
from portal.services import nightly
from portal.services.stages import claim_action_perform
from tests.claims_portal_sim import CP_CLIENT_ID, CP_CLIENT_SECRET, CP_LOGIN_AS, cp_claims_on_portal
from tests.simulator import claims_on_portal, portal_differences
from worklist.models import Task

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("restored_value_lists")]
CP = "claims_portal"


def _routes(control) -> dict[str, int]:
    return {route: sum(o.values()) for route, o in control.ok("GET", "/_sim/stats")["routes"].items()}


def _open_task(claim) -> Task:
    return Task.objects.get(case=claim.case, status=Task.Status.OPEN, portal_key__contains=":assignment:")


def test_a_first_run_files_every_claims_form_and_ends_equal(alice, claims_portal, cp_control):
    cp_claims_on_portal(alice, 3)
    run = nightly.run_portal(portal=CP, threads=2)
    assert run.status == SyncRun.Status.SUCCEEDED, run.errors
    assert run.claims_synced == 3 and run.documents == 3  # each claim's Claim Notification Form
    assert PortalDocument.objects.filter(category="CNF").count() == 3
    assert portal_differences(CP) == []


def test_notifications_mark_only_the_claims_that_changed(alice, claims_portal, cp_control):
    claims = cp_claims_on_portal(alice, 3)
    nightly.run_portal(portal=CP, threads=2)
    cp_control.ok("POST", "/_sim/stats/reset")
    cp_control.act(claims[0].claim_id, "acceptClaim")
    run = nightly.run_portal(portal=CP, threads=2)
    assert run.claims_synced == 1 and run.notifications >= 1
    assert _routes(cp_control).get("GET /api/v1/claims/{applicationId}", 0) == 2  # details, then its action
    claims[0].refresh_from_db()
    assert claims[0].status == "Article75Decision"
    assert portal_differences(CP) == []


def test_the_phase_the_claim_waits_in_becomes_a_task_closed_when_it_moves_on(
    alice, claims_portal, cp_control
):
    [claim] = cp_claims_on_portal(alice, 1)
    nightly.run_portal(portal=CP, threads=1)
    for method, body in (
        ("acceptClaim", {}),
        ("applyArticle75", {"isArticle75": False}),
        ("sendLiabilityDecision", {"liabilityDecision": "A"}),
    ):
        cp_control.act(claim.claim_id, method, **body)
    nightly.run_portal(portal=CP, threads=1)
    task = _open_task(claim)
    assert task.title == "Portal action: Liability admitted: acknowledge it to go on to Stage 2"
    assert task.deadline is None  # no protocol period: the goal is two business days
    assert task.due_date == add_business_days(timezone.localdate(), 2)
    assert portal_differences(CP) == []
    result = claim_action_perform(
        case=claim.case,
        action_code="liability.acknowledge",
        values={},
        expected_status="LiabilityAdmitted",
        acting_user=alice,
    )
    assert result.ok, result.message
    task.refresh_from_db()
    assert task.status == Task.Status.DONE
    assert _open_task(claim).title.startswith("Portal action: Stage 2: ask for an interim payment")
    assert portal_differences(CP) == []


def test_a_negotiation_task_has_the_protocols_deadline_in_business_days(alice, claims_portal, cp_control):
    [claim] = cp_claims_on_portal(alice, 1)
    for method, body in (
        ("acceptClaim", {}),
        ("applyArticle75", {"isArticle75": False}),
        ("sendLiabilityDecision", {"liabilityDecision": "A"}),
    ):
        cp_control.act(claim.claim_id, method, **body)
    nightly.run_portal(portal=CP, threads=1)
    for code, values in (
        ("liability.acknowledge", {}),
        ("stage2.start", {}),
        ("stage2.pack", {"general_damages": 2500, "medical_reports": 1, "soft_tissue": False}),
    ):
        claim.refresh_from_db()
        assert claim_action_perform(
            case=claim.case, action_code=code, values=values, expected_status=claim.status, acting_user=alice
        ).ok
    requested = cp_control.claim(claim.claim_id)["stage2SettlementPack"]["requestedAt"]
    cp_control.act(claim.claim_id, "addStage2SPFResponse", settlementPackDecision="CO", grossAmount=1800)
    nightly.run_portal(portal=CP, threads=1)
    # 35 business days (15 + 20) from the pack, England and Wales: the last allowed day is the deadline.
    sent = dt.datetime.fromisoformat(requested.replace("Z", "+00:00")).astimezone(ZoneInfo("Europe/London"))
    last_day = add_business_days(sent.date(), 35)
    task = _open_task(claim)
    assert task.deadline == last_day
    assert task.due_date == add_business_days(last_day, -2)
    assert "Counter-offer from the compensator" in task.title
    assert portal_differences(CP) == []


def test_a_timeout_warning_brings_the_claim_in_and_a_change_made_on_the_portals_site_too(
    alice, claims_portal, cp_control, cp_sim
):
    claims = cp_claims_on_portal(alice, 2)
    nightly.run_portal(portal=CP, threads=1)
    cp_control.advance(businessDays=11)  # "Liability decision for claim …: 5 days left"
    run = nightly.run_portal(portal=CP, threads=1)
    assert run.claims_synced == 2 and portal_differences(CP) == []
    # The firm exits claim 1 on the portal's own web site: no notification, but the claim was updated.
    with httpx.Client(base_url=cp_sim.url) as portal:
        token = portal.post(
            "/oauth/token",
            data={
                "grant_type": "client_credentials",
                "client_id": CP_CLIENT_ID,
                "client_secret": CP_CLIENT_SECRET,
            },
        ).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}", "loginAs": CP_LOGIN_AS}
        guid = portal.get(f"/api/v1/claims/{claims[1].claim_id}/status", headers=headers).json()
        portal.post(
            f"/api/v1/claims/{claims[1].claim_id}/actions/exitProcess",
            headers=headers,
            json={"activityEngineGuid": guid["claimInfo"]["activityEngineGuid"], "exitReasonCode": "5"},
        ).raise_for_status()
    nightly.run_portal(portal=CP, threads=1)
    claims[1].refresh_from_db()
    assert claims[1].status == "ExitProcessByCR"
    assert portal_differences(CP) == []


def test_the_nightly_run_covers_both_portals_and_a_fault_on_one_never_stops_the_other(
    alice, oic, sim_control, claims_portal, cp_control
):
    claims_on_portal(alice, sim_control, 2)
    cp_claims_on_portal(alice, 2)
    sim_control.ok("PUT", "/_sim/faults", json={"errorRate": 1.0, "errorStatus": 503})  # the OIC is down
    runs = {run.portal: run for run in nightly.run_all(trigger="test", threads=1)}
    assert runs["oic"].status in {SyncRun.Status.INTERRUPTED, SyncRun.Status.FAILED}
    assert runs[CP].status == SyncRun.Status.SUCCEEDED and runs[CP].claims_synced == 2
    assert portal_differences(CP) == []
    sim_control.ok("PUT", "/_sim/faults", json={"errorRate": 0})
    cp_control.ok("PUT", "/_sim/faults", json={"errorRate": 1.0, "errorStatus": 500})  # now the other way
    from django.core.cache import cache

    cache.clear()  # the OIC's breaker has had its cool-off
    PortalClaim.objects.filter(portal="oic").update(sync_due_at=timezone.now())
    runs = {run.portal: run for run in nightly.run_all(trigger="test", threads=1)}
    assert runs["oic"].status == SyncRun.Status.SUCCEEDED
    assert runs[CP].status != SyncRun.Status.SUCCEEDED
    assert portal_differences("oic") == []


def test_sync_portal_and_sync_verify_cover_every_configured_portal(
    alice, oic, sim_control, claims_portal, cp_control
):
    claims_on_portal(alice, sim_control, 1)
    cp_claims_on_portal(alice, 2)
    out = StringIO()
    call_command("sync_portal", "--threads", "1", stdout=out)
    assert "OIC Portal sync" in out.getvalue() and "Claims Portal sync" in out.getvalue()
    verified = StringIO()
    call_command("sync_verify", stdout=verified)
    assert "3 claim(s) checked, 0 difference(s)." in verified.getvalue()


def test_the_operations_page_shows_both_portals(
    client, sign_in, ada, alice, oic, sim_control, claims_portal, cp_control
):
    cp_claims_on_portal(alice, 1)
    nightly.run_all(trigger="test", threads=1)
    sign_in(client, ada)
    page = client.get("/operations/").content.decode()
    assert "OIC Portal read up to" in page and "Claims Portal read up to" in page
    assert page.count("<td>Claims Portal</td>") == 1 and page.count("<td>OIC Portal</td>") == 1

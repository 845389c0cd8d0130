from portal.models import SyncRun
from portal.services import nightly


def test_only_administrators_see_operations(client, sign_in, alice, sue, ada, oic):
    for user in (alice, sue):
        sign_in(client, user)
        assert client.get("/operations/").status_code == 403
        assert client.post("/operations/sync-now/").status_code == 403
    sign_in(client, ada)
    assert client.get("/operations/").status_code == 200


def test_runs_are_listed_with_their_counts_and_errors(client, sign_in, ada, oic, sim_control):
    run = nightly.run_start(portal="oic", trigger="manual")
    SyncRun.objects.filter(pk=run.pk).update(
        claims_due=10,
        claims_synced=4,
        claims_failed=1,
        errors=[{"claim": "OIC-1", "case": "CD-1", "error": "boom"}],
    )
    sign_in(client, ada)
    page = client.get("/operations/").content.decode()
    assert "Running" in page and "50%" in page and "boom" in page
    assert 'http-equiv="refresh"' in page  # progress refreshes itself while a run is going


def test_sync_now_queues_a_run(client, sign_in, ada, oic, sim_control):
    sign_in(client, ada)
    client.post("/operations/sync-now/")  # the test settings run tasks immediately
    run = SyncRun.objects.get()
    assert run.trigger == "manual" and run.status == SyncRun.Status.SUCCEEDED


def test_a_run_stopped_by_an_outage_says_why_on_the_page(client, sign_in, ada, alice, oic, sim_control):
    from tests.simulator import claims_on_portal

    claims_on_portal(alice, sim_control, 1)
    sim_control.ok("PUT", "/_sim/faults", json={"errorRate": 1.0, "errorStatus": 503})
    run = nightly.run_portal(portal="oic")
    assert run.status == SyncRun.Status.INTERRUPTED
    page = sign_in(client, ada).get("/operations/").content.decode()
    assert "Stopped: the portal stopped answering" in page and "Portal unavailable since" in page

"""Chaos: a real ``sync_portal`` process killed with SIGKILL at several points of one night's work.

Whatever the kills, the next run finishes the job and nothing is lost, stored twice or left untold:
``sync_verify`` finds no difference (status, messages, documents, tasks of open actions, and an
announcement for every item), every received item is announced exactly once, and the digest
e-mails go out once. On the suite's own database engine (SQLite, or PostgreSQL in CI).
"""

import os
import signal
import subprocess
import sys
import time

import pytest

from simulators.oic.server import run_in_thread
from tests.processes import ROOT, claimdesk_env, firm_on_portal, manage, own_database, query, seed_simulator
from tests.simulator import SimControl

ORGANISATION = "Chaos Test LLP"
CLAIMS = 40

TOLD = """
from django.db.models import Count
from portal.models import PortalDigest, PortalDocument, PortalMessage, PortalUpdate, SyncRun
from portal.services.updates import digests_send

def wrongly_told(model):
    counted = model.objects.filter(direction="in").annotate(n=Count("updates"))
    return counted.exclude(n=1).count()

first, second = digests_send(), digests_send()
result = {
    "messages": PortalMessage.objects.filter(direction="in").count(),
    "documents": PortalDocument.objects.filter(direction="in").count(),
    "messages_not_told_once": wrongly_told(PortalMessage),
    "documents_not_told_once": wrongly_told(PortalDocument),
    "waiting_for_a_digest": PortalUpdate.objects.filter(email_due=True, digest__isnull=True).count(),
    "digests_unsent": PortalDigest.objects.filter(sent_at__isnull=True).count(),
    "digests_sent_now": first,
    "digests_sent_again": second,
    "runs": list(SyncRun.objects.order_by("id").values_list("status", flat=True)),
}
"""


@pytest.mark.slow
def test_killed_syncs_lose_nothing_repeat_nothing_and_leave_nothing_untold(tmp_path):
    sim_db = tmp_path / "sim.sqlite3"
    seed_simulator(sim_db, ORGANISATION, CLAIMS)
    with run_in_thread(sim_db) as sim, SimControl(base_url=sim.url, timeout=10) as control:
        control.ok(
            "POST",
            "/_sim/clients",
            json={"clientId": "chaos", "clientSecret": "chaos-secret", "organisation": ORGANISATION},
        )
        base = claimdesk_env(tmp_path, sim.url, "chaos", "chaos-secret", CLAIMDESK_PORTAL_MAX_RPS="30")
        with own_database(base) as env:
            firm_on_portal(env, sim.url, ORGANISATION)
            assert manage(env, "sync_portal", check=False).returncode == 0  # the first, whole sync
            changes = {
                "organisation": ORGANISATION,
                "count": 15,
                "kinds": ["message", "document", "status"],
                "seed": 11,
            }
            control.ok("POST", "/_sim/bulk/activity", json=changes)  # overnight, on the portal
            for requests_before_the_kill in (3, 10, 20):
                _run_and_kill(env, control, requests_before_the_kill)
            finished = manage(env, "sync_portal", check=False)
            assert finished.returncode == 0, finished.stdout + finished.stderr
            verify = manage(env, "sync_verify", check=False)
            assert f"{CLAIMS} claim(s) checked, 0 difference(s)." in verify.stdout, verify.stdout
            told = query(env, TOLD)
    assert told["messages"] > CLAIMS and told["documents"] > 0  # the overnight changes did arrive
    assert told["messages_not_told_once"] == 0 and told["documents_not_told_once"] == 0
    assert told["waiting_for_a_digest"] == 0 and told["digests_unsent"] == 0
    assert told["digests_sent_again"] == 0  # nobody is e-mailed twice
    assert told["runs"] == ["succeeded", "abandoned", "abandoned", "abandoned", "succeeded"]


def _run_and_kill(env: dict, control: SimControl, requests: int) -> None:
    control.ok("POST", "/_sim/stats/reset")
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "sync_portal", "--threads", "2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while control.ok("GET", "/_sim/stats")["totalRequests"] < requests:
        assert worker.poll() is None, "the sync finished before it could be killed"
        assert time.monotonic() < deadline, "the sync made no progress"
        time.sleep(0.02)
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait()

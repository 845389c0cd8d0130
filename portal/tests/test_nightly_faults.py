"""The nightly sync under the simulator's fault switches: it always ends equal to the portal."""

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from django.core.cache import cache
from django.utils import timezone

from portal.models import PortalClaim, SyncRun
from portal.services import nightly
from simulators.oic.server import run_in_thread
from tests.processes import ROOT, claimdesk_env, firm_on_portal, manage, seed_simulator
from tests.simulator import SimControl, claims_on_portal, portal_differences

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("restored_value_lists")]


def _changes_everywhere(claims, sim_control):
    for index, claim in enumerate(claims):
        sim_control.act(claim.claim_id, "message", category="CompResponseCategory", note=f"Update {index}")
        if index % 2:
            sim_control.act(claim.claim_id, "liability", decision="admitted")


def _sync_until_settled(runs: int = 6) -> list[SyncRun]:
    """Run the sync until a run succeeds with no claim left due (skipping each failed claim's back-off)."""
    done = []
    for _ in range(runs):
        cache.clear()  # a breaker opened by the faults has had its cool-off
        done.append(nightly.run_sync(threads=3))
        due = PortalClaim.objects.exclude(sync_due_at=None)
        if done[-1].status == SyncRun.Status.SUCCEEDED and not due.exists():
            return done
        due.update(sync_due_at=timezone.now())
    raise AssertionError(f"still due after {runs} runs: {list(due.values_list('claim_id', 'sync_error'))}")


@pytest.mark.parametrize(
    "faults",
    [
        {"errorRate": 0.05, "errorStatus": 500, "seed": 5},
        {"timeoutRate": 0.05, "timeoutSeconds": 3, "seed": 6},
        {"rateLimitPerSecond": 15, "rateLimitBurst": 3},
        {"tokenRevocationRate": 0.1, "seed": 7},
        {"dropAfterCommitRate": 0.05, "seed": 8},
    ],
    ids=["5xx", "timeouts", "429-bursts", "token-revoked", "response-lost"],
)
def test_under_faults_nothing_is_lost_or_duplicated(alice, oic, sim_control, settings, faults):
    settings.PORTAL_MAX_REQUESTS_PER_SECOND = 200
    settings.PORTAL_TIMEOUT_SECONDS = 1
    claims = claims_on_portal(alice, sim_control, 6)
    nightly.run_sync()
    _changes_everywhere(claims, sim_control)
    sim_control.ok("PUT", "/_sim/faults", json=faults)
    runs = _sync_until_settled()
    sim_control.ok(
        "PUT",
        "/_sim/faults",
        json={
            "errorRate": 0,
            "timeoutRate": 0,
            "rateLimitPerSecond": 0,
            "tokenRevocationRate": 0,
            "dropAfterCommitRate": 0,
        },
    )
    assert portal_differences() == []
    assert sum(run.claims_synced for run in runs) >= len(claims)
    if "rateLimitPerSecond" in faults:
        assert sim_control.ok("GET", "/_sim/stats")["rateLimited"] > 0  # the limit did bite, and was survived


@pytest.mark.slow
def test_a_sync_killed_with_sigkill_is_finished_by_the_next_run(tmp_path):
    """A real worker process, a real kill -9 mid-run, and a second run that completes the job."""
    sim_db = tmp_path / "sim.sqlite3"
    seed_simulator(sim_db, "Kill Test LLP", 40)
    with run_in_thread(sim_db) as sim, SimControl(base_url=sim.url, timeout=10) as control:
        control.ok(
            "POST",
            "/_sim/clients",
            json={"clientId": "kill", "clientSecret": "kill-secret", "organisation": "Kill Test LLP"},
        )
        env = claimdesk_env(tmp_path, sim.url, "kill", "kill-secret", CLAIMDESK_PORTAL_MAX_RPS="40")
        firm_on_portal(env, sim.url, "Kill Test LLP")
        control.ok("POST", "/_sim/stats/reset")
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "sync_portal", "--threads", "2"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wait_for_requests(control, worker, at_least=60)
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait()
        assert _run_statuses(tmp_path) == ["running"]  # killed half-way, lock still held
        finished = manage(env, "sync_portal", check=False)
        assert finished.returncode == 0, finished.stdout + finished.stderr
        verify = manage(env, "sync_verify", check=False)
        assert verify.returncode == 0, verify.stdout
        assert "40 claim(s) checked, 0 difference(s)." in verify.stdout
        assert _run_statuses(tmp_path) == ["abandoned", "succeeded"]


def _wait_for_requests(control, worker, *, at_least: int) -> None:
    deadline = time.monotonic() + 60
    while control.ok("GET", "/_sim/stats")["totalRequests"] < at_least:
        assert worker.poll() is None, "the sync finished before it could be killed"
        assert time.monotonic() < deadline, "the sync made no progress"
        time.sleep(0.05)


def _run_statuses(tmp_path) -> list[str]:
    with sqlite3.connect(tmp_path / "var" / "claimdesk.sqlite3") as db:
        return [row[0] for row in db.execute("SELECT status FROM portal_syncrun ORDER BY id")]

"""The same tasks on Redis (RQ), run by a separate worker process, as on a scale-out deployment."""

import socket
import sqlite3
import subprocess

import pytest

from simulators.oic.server import run_in_thread
from tests.processes import claimdesk_env, firm_on_portal, manage, seed_simulator
from tests.simulator import SimControl

pytestmark = pytest.mark.slow


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_up(), reason="no Redis on 127.0.0.1:6379 (CI starts one)")
def test_the_nightly_sync_runs_on_rq_workers(tmp_path):
    sim_db = tmp_path / "sim.sqlite3"
    seed_simulator(sim_db, "Queue LLP", 12)
    with run_in_thread(sim_db) as sim, SimControl(base_url=sim.url, timeout=10) as control:
        control.ok(
            "POST",
            "/_sim/clients",
            json={"clientId": "q", "clientSecret": "q-secret", "organisation": "Queue LLP"},
        )
        env = claimdesk_env(
            tmp_path,
            sim.url,
            "q",
            "q-secret",
            CLAIMDESK_TASKS_BACKEND="rq",
            REDIS_URL="redis://127.0.0.1:6379/7",
            CLAIMDESK_PORTAL_SYNC_WORKERS="2",
        )
        subprocess.run(["redis-cli", "-n", "7", "FLUSHDB"], check=False, capture_output=True)
        firm_on_portal(env, sim.url, "Queue LLP")
        manage(
            env, "shell", "-c", "from portal.tasks import nightly_sync; nightly_sync.enqueue('oic', 'manual')"
        )
        worker = manage(
            env, "rqworker", "--burst", "--job-class", "django_tasks_rq.Job", "default", check=False
        )
        assert worker.returncode == 0, worker.stderr[-2000:]
        with sqlite3.connect(tmp_path / "var" / "claimdesk.sqlite3") as db:
            runs = db.execute("SELECT status, claims_synced FROM portal_syncrun").fetchall()
        assert runs == [("succeeded", 12)]
        verify = manage(env, "sync_verify", check=False)
        assert verify.returncode == 0 and "0 difference(s)" in verify.stdout

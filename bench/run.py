"""The nightly-sync benchmark (``make bench``): writes docs/benchmarks.md.

For each API shape of the OIC simulator (ours, and the evidence shape that serves only what public
integration code shows) and each firm size (1,000 and 10,000 open claims) it builds, from nothing:

1. an OIC simulator in its own process, seeded with the claims, behind a rate limit of R req/s;
2. a ClaimDesk database (SQLite file) with one case per claim, its connection set to the shape's
   operation addresses, brought in line by a first full sync;
3. changes on 5% of the claims (messages, documents, status moves) through the simulator;
4. one measured incremental sync in its own process, paced at R.

It reports, side by side: requests issued vs the minimum the API allows (feed pages + for each
changed claim only the reads its notifications call for), wall time vs the bound (minimum ÷ R),
and the sync process's peak memory at both sizes; then checks the sync converged (sync_verify).
"""

import argparse
import json
import math
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
ORGANISATION = "Bench Law LLP"
CLIENT_ID, CLIENT_SECRET = "bench", "bench-secret"  # throwaway credentials of a throwaway simulator
PAGE_SIZE = 500


def sh(args: list[str], env: dict | None = None) -> None:
    subprocess.run(args, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def claimdesk_env(work: Path, sim_url: str, rps: float) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CLAIMDESK_", "DATABASE_URL"))}
    env |= {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "CLAIMDESK_ENV": "development",
        "DJANGO_SECRET_KEY": "bench-only",
        "CLAIMDESK_ENCRYPTION_KEYS": "bench:" + "A" * 43,
        "CLAIMDESK_VAR_DIR": str(work / "var"),
        "CLAIMDESK_TASKS_BACKEND": "immediate",
        "CLAIMDESK_DEMO_PASSWORD": "bench-password-1",
        "CLAIMDESK_DEMO_OIC_URL": sim_url,
        "CLAIMDESK_DEMO_OIC_CLIENT_ID": CLIENT_ID,
        "CLAIMDESK_DEMO_OIC_CLIENT_SECRET": CLIENT_SECRET,
        "CLAIMDESK_PORTAL_MAX_RPS": str(rps),
        "CLAIMDESK_LOG_LEVEL": "WARNING",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    return env


def timed_sync(env: dict, threads: int) -> dict:
    """Run ``manage.py sync_portal`` in its own process; its wall time and peak memory (RSS)."""
    started = time.monotonic()
    process = subprocess.Popen(
        [PYTHON, "manage.py", "sync_portal", "--threads", str(threads)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.monotonic() - started
    output = process.stdout.read() + process.stderr.read()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"sync_portal failed:\n{output}")
    return {"wall": wall, "peak_mb": usage.ru_maxrss / 1024, "output": output.strip()}


def minimum_requests(sim: httpx.Client, since: str, shape: str, status_moves: int) -> dict:
    """The fewest requests a client can make to learn and fetch every change since ``since``.

    Read through the claimdesk shape's feeds (the simulator serves one shape at a time, so the
    evidence-shape minimum is derived from the same notifications: there, a message or document
    notification does not say whether the status moved, so the claim's details are read too).
    A status move also costs one read of the claim's open actions (a portal that lists only open
    actions never says one closed).
    """
    token = sim.post(
        "/oauth/token",
        data={"grant_type": "client_credentials", "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET},
    ).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    per_claim: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    notification_total = 0
    page = 1
    while page:
        body = sim.get(
            "/api/v1/notifications",
            params={"dateFrom": since, "page": page, "pageSize": PAGE_SIZE},
            headers=headers,
        ).json()
        notification_total = body["totalCount"]
        for item in body["notifications"]:
            per_claim[item["claimID"]][item["notificationType"]] += 1
        page = body["nextPage"]
    assignments = sim.get(
        "/api/v1/assignments", params={"dateFrom": since, "pageSize": 1}, headers=headers
    ).json()
    reads = status_moves  # the open actions of each claim whose status moved
    for kinds in per_claim.values():
        if shape == "evidence" or set(kinds) - {"NewMessage", "NewDocument"}:
            reads += 1  # the claim's details
        if kinds.get("NewMessage"):
            reads += 1 + kinds["NewMessage"]  # the list, then each new message
        if kinds.get("NewDocument"):
            reads += 1 + kinds["NewDocument"]  # the list, then each new file
    if shape == "evidence":
        feeds = 2  # nothing is paged
    else:
        feeds = max(1, math.ceil(notification_total / PAGE_SIZE)) + max(
            1, math.ceil(assignments["totalCount"] / PAGE_SIZE)
        )
    # No token: the one cached by the previous run is still valid, as it would be for a real client.
    return {"minimum": feeds + reads, "claims_changed": len(per_claim), "notifications": notification_total}


def one_size(claims: int, rps: float, changed_share: float, threads: int, shape: str) -> dict:
    print(f"== {claims} claims, {shape} shape", flush=True)
    with tempfile.TemporaryDirectory(prefix="claimdesk-bench-") as tmp:
        work = Path(tmp)
        sim_db = work / "sim.sqlite3"
        sh(
            [
                PYTHON,
                "-m",
                "simulators.oic",
                "seed",
                "--db",
                str(sim_db),
                "--organisation",
                ORGANISATION,
                "--claims",
                str(claims),
                "--seed",
                "11",
            ]
        )
        sh(
            [
                PYTHON,
                "-m",
                "simulators.oic",
                "register-client",
                "--db",
                str(sim_db),
                "--client-id",
                CLIENT_ID,
                "--client-secret",
                CLIENT_SECRET,
                "--organisation",
                ORGANISATION,
            ]
        )
        port = free_port()
        sim_process = subprocess.Popen(
            [PYTHON, "-m", "simulators.oic", "serve", "--db", str(sim_db), "--port", str(port)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            return _measure(work, f"http://127.0.0.1:{port}", claims, rps, changed_share, threads, shape)
        finally:
            sim_process.terminate()
            sim_process.wait()


ADDRESSES = """
from portal.models import PortalConnection
table = json.loads({table!r})
PortalConnection.objects.filter(portal="oic").update(endpoints=table)
"""


def _use_shape(sim: httpx.Client, shape: str, env: dict) -> None:
    """Serve ``shape`` and set the ClaimDesk connection's operation addresses to it."""
    sim.put("/_sim/config", json={"shape": shape}).raise_for_status()
    endpoints = sim.get("/_sim/endpoints").raise_for_status().json()["endpoints"]
    table = json.dumps({name: {"method": e["method"], "path": e["path"]} for name, e in endpoints.items()})
    sh([PYTHON, "manage.py", "shell", "-c", "import json" + ADDRESSES.format(table=table)], env)


def _measure(
    work: Path, url: str, claims: int, rps: float, changed_share: float, threads: int, shape: str
) -> dict:
    with httpx.Client(base_url=url, timeout=60) as sim:
        _wait(sim)
        fast = claimdesk_env(work, url, rps=1000)
        sh([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], fast)
        sh([PYTHON, "manage.py", "demo_seed", "--cases", "0"], fast)
        sh(
            [PYTHON, "manage.py", "demo_link_portal_claims", "--url", url, "--organisation", ORGANISATION],
            fast,
        )
        _use_shape(sim, shape, fast)
        print("   first full sync (the baseline, not measured)…", flush=True)
        baseline = timed_sync(fast, threads=8)
        print(f"   {baseline['output']}", flush=True)
        since = sim.get("/_sim/clock").json()["now"]
        time.sleep(1.1)  # the changes come strictly after the last run's window
        changed = max(1, round(claims * changed_share))
        moves = sim.post(
            "/_sim/bulk/activity",
            json={
                "organisation": ORGANISATION,
                "count": changed,
                "kinds": ["message", "document", "status"],
                "seed": 5,
            },
        ).json()
        status_moves = sum(1 for c in moves["changed"] if c["kind"] == "status")
        sim.put("/_sim/config", json={"shape": "claimdesk"}).raise_for_status()  # to count the minimum
        needed = minimum_requests(sim, since, shape, status_moves)
        sim.put("/_sim/config", json={"shape": shape}).raise_for_status()
        sim.put("/_sim/faults", json={"rateLimitPerSecond": rps, "rateLimitBurst": 2}).raise_for_status()
        sim.post("/_sim/stats/reset").raise_for_status()
        print(f"   measured incremental sync ({changed} claims changed, R = {rps:g} req/s)…", flush=True)
        measured = timed_sync(claimdesk_env(work, url, rps=rps), threads=threads)
        stats = sim.get("/_sim/stats").json()
        sim.put("/_sim/faults", json={"rateLimitPerSecond": 0}).raise_for_status()
        verify = subprocess.run(
            [PYTHON, "manage.py", "sync_verify"],
            cwd=ROOT,
            env=fast,
            capture_output=True,
            text=True,
            check=False,
        )
    bound = needed["minimum"] / rps
    return {
        "shape": shape,
        "verify": verify.stdout.strip().splitlines()[-1] if verify.stdout.strip() else verify.stderr.strip(),
        "differences": verify.stdout.strip().splitlines()[:-1][:10],
        "claims": claims,
        "changed": changed,
        "claims_with_notifications": needed["claims_changed"],
        "notifications": needed["notifications"],
        "minimum": needed["minimum"],
        "issued": stats["totalRequests"],
        "rate_limited": stats["rateLimited"],
        "bound_s": bound,
        "wall_s": measured["wall"],
        "peak_mb": measured["peak_mb"],
        "output": measured["output"],
    }


def _wait(sim: httpx.Client) -> None:
    for _ in range(100):
        try:
            sim.get("/_sim/clock").raise_for_status()
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise SystemExit("the simulator did not start")


def _row(r: dict) -> str:
    cells = [
        r["shape"],
        f"{r['claims']:,}",
        f"{r['changed']:,}",
        f"{r['minimum']:,}",
        f"{r['issued']:,}",
        f"{r['issued'] / r['minimum']:.3f}",
        f"{r['bound_s']:.1f} s",
        f"{r['wall_s']:.1f} s",
        f"{r['wall_s'] / r['bound_s']:.3f}",
        f"{r['peak_mb']:.1f} MB",
        str(r["rate_limited"]),
    ]
    return "| " + " | ".join(cells) + " |"


METHOD = """\
- Each shape and size: seeded claims, one case per claim, a first full sync (not measured), then 5% of
  the claims changed (new messages, new documents, status moves) and one measured incremental sync.
  "claimdesk" is the simulator's own API; "evidence" serves only what public integration code
  shows (id-last addresses, no ids on notifications, no status on assignments, no paging), with the
  connection's operation addresses set to it.
- Minimum requests: the feed pages, plus for each changed claim only the reads its notifications
  require (details for a status change — for every notified claim in the evidence shape, whose
  notifications do not announce status changes; the list plus each new item for messages and
  documents), plus one read of a claim's open actions after its status moved. No token request:
  the previous run's token is still valid. "Requests issued" counts everything the simulator
  received during the measured run.
- Wall time: the whole `manage.py sync_portal` process, start-up included. Peak memory: its maximum
  resident set size.
"""


def report(results: list[dict], rps: float, threads: int) -> str:
    small = min(results, key=lambda r: r["claims"])
    large = max(results, key=lambda r: r["claims"])
    growth = 100 * (large["peak_mb"] - small["peak_mb"]) / small["peak_mb"]
    verdicts = [
        ("requests <= 1.05 x minimum", all(r["issued"] <= 1.05 * r["minimum"] for r in results)),
        ("wall time <= 1.1 x bound", all(r["wall_s"] <= 1.1 * r["bound_s"] for r in results)),
        (f"peak memory growth < 20% ({small['claims']:,} to {large['claims']:,} claims)", growth < 20),
        (
            "the sync converged (sync_verify: 0 differences)",
            all("0 difference(s)" in r["verify"] for r in results),
        ),
    ]
    machine = (
        f"{platform.node() or 'unknown'}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )
    lines = [
        "# Benchmarks: the nightly portal sync",
        "",
        "Generated by `make bench` (bench/run.py): every figure was measured by the run that wrote it.",
        "",
        f"- Machine: {machine}; ClaimDesk on SQLite; the simulator in its own process.",
        f"- Portal rate limit R = {rps:g} requests/s (the simulator answers 429 above it); "
        f"ClaimDesk paced at R with {threads} threads.",
        METHOD,
        "| Shape | Open claims | Changed | Minimum requests | Requests issued | Ratio | Bound (min / R) "
        "| Wall time | Ratio | Peak memory | 429s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        *[_row(r) for r in results],
        "",
        f"Peak memory growth from {small['claims']:,} to {large['claims']:,} claims: {growth:+.1f}%.",
        "",
        "| Target | Met |",
        "|---|---|",
        *[f"| {name} | {'yes' if ok else '**no**'} |" for name, ok in verdicts],
        "",
        "The sync's own summary of each measured run:",
        "",
        *[f"- {r['shape']}, {r['claims']:,} claims: {r['output']} Verified: {r['verify']}" for r in results],
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--rps", type=float, default=10.0)
    parser.add_argument("--changed", type=float, default=0.05)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--shapes", default="claimdesk,evidence")
    parser.add_argument("--out", default=str(ROOT / "docs" / "benchmarks.md"))
    options = parser.parse_args()
    results = [
        one_size(int(n), options.rps, options.changed, options.threads, shape)
        for shape in options.shapes.split(",")
        for n in options.sizes.split(",")
    ]
    text = report(results, options.rps, options.threads)
    Path(options.out).write_text(text)
    print(text)
    print(json.dumps([{k: v for k, v in r.items() if k != "output"} for r in results], indent=2))


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_NOFILE, resource.getrlimit(resource.RLIMIT_NOFILE))
    main()

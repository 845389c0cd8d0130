"""Start the whole local ClaimDesk stack in one terminal and stop it cleanly with Ctrl-C.

Processes: the OIC portal simulator, the Claims Portal simulator, the background worker (which
also runs the daily portal sync: ``manage.py sync_schedule`` queues it for PORTAL_SYNC_AT, and each
run queues the next) and the web server. Before serving, the demo firm is seeded (idempotent).

The console stays calm: each process logs to its own file in var/, the demo's e-mails are files in
var/mail/, and the last thing printed is where ClaimDesk runs and how to sign in (also written to
var/demo-sign-ins.txt).
"""

import argparse
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from demo.roster import USERS  # noqa: E402 - plain data, no Django
from lib.files import DIRECTORY_MODE, private_dir  # noqa: E402 - no Django either

PYTHON = sys.executable
VAR = ROOT / "var"
SIGN_INS = VAR / "demo-sign-ins.txt"
CONSOLE_MAIL = "django.core.mail.backends.console.EmailBackend"


def keep_files_private(var_dir: Path) -> None:
    """Everything the stack writes (databases, documents, logs) is this user's only: a umask of 077
    for this process and every process it starts, and var/ itself closed to others, however it was
    created before."""
    os.umask(0o077)
    private_dir(var_dir)
    os.chmod(var_dir, DIRECTORY_MODE)


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            # The URL is built from our own host and port options: always http on this machine.
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310  # nosec B310
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"{url} did not answer within {seconds:.0f} s")


def start(name: str, args: list[str], env: dict, log: Path) -> subprocess.Popen:
    """Start a process in its own session, its output going to ``log`` instead of this terminal."""
    print(f"[stack] starting the {name} (log: {log.relative_to(ROOT)})", flush=True)
    with log.open("ab") as output:
        return subprocess.Popen(args, cwd=ROOT, env=env, start_new_session=True, stdout=output, stderr=output)


def stop_all(processes: dict[str, subprocess.Popen]) -> None:
    for process in processes.values():
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + 10
    for process in processes.values():
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def run_once(args: list[str], env: dict, *, quiet: bool = False) -> None:
    """Run a set-up step; a ``quiet`` one shows its output only if it fails."""
    result = subprocess.run(args, cwd=ROOT, env=env, check=False, capture_output=quiet, text=True)
    if result.returncode != 0:
        if quiet:
            print(result.stdout + result.stderr, file=sys.stderr)
        raise SystemExit(f"{' '.join(args)} failed with exit code {result.returncode}")


def demo_env(env: dict, host: str, port: int) -> dict:
    """The processes' environment: links in e-mails point at this server, and e-mails go to var/mail/."""
    env = dict(env)
    env.setdefault("CLAIMDESK_BASE_URL", f"http://{host}:{port}")
    if env.get("DJANGO_EMAIL_BACKEND", CONSOLE_MAIL) == CONSOLE_MAIL:
        env["DJANGO_EMAIL_BACKEND"] = "demo.mail.EmailBackend"
    return env


def sign_ins(host: str, port: int, sim_port: int, cp_sim_port: int, env: dict) -> list[str]:
    """How to reach and sign in to the demo; written to var/ (readable by this user only), then printed."""
    password = env.get("CLAIMDESK_DEMO_PASSWORD", "(see var/demo.env)")
    lines = [
        f"ClaimDesk:               http://{host}:{port}/",
        f"OIC portal simulator:    http://{host}:{sim_port}/portal/ (contract /openapi.yaml, control /_sim/)",
        f"Claims Portal simulator: http://{host}:{cp_sim_port}/portal/",
        *_wrapped("Sign in as any of:       ", [f"{user[0]} ({user[4]})" for user in USERS]),
        f"Password (everyone):     {password}",
    ]
    SIGN_INS.unlink(missing_ok=True)
    fd = os.open(SIGN_INS, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write("\n".join(lines) + "\n")
    return lines


def _wrapped(label: str, items: list[str], width: int = 78) -> list[str]:
    """``items`` after ``label``, comma-separated, wrapped between items (never inside one)."""
    lines = [label]
    for item in items:
        if len(lines[-1]) + len(item) + 2 > width and lines[-1].strip():
            lines[-1] = lines[-1].rstrip()
            lines.append(" " * len(label))
        lines[-1] += item + ", "
    lines[-1] = lines[-1].removesuffix(", ")
    return lines


def banner(lines: list[str], env: dict) -> None:
    mail = "var/mail/" if env["DJANGO_EMAIL_BACKEND"] == "demo.mail.EmailBackend" else "the e-mail server"
    text = [
        "",
        "=" * 78,
        *lines,
        f"Sign-ins kept in {SIGN_INS.relative_to(ROOT)}; logs in var/*.log; e-mails go to {mail}.",
        "Press Ctrl-C to stop.",
        "=" * 78,
        "",
    ]
    print("\n".join(text), flush=True)


def start_claims_portal(options, env: dict) -> subprocess.Popen:
    """The Claims Portal simulator beside the OIC one: its own database, port and log, the demo firm's
    client and the portal user ClaimDesk acts as (loginAs) registered first."""
    url = f"http://{options.host}:{options.cp_sim_port}"
    env["CLAIMDESK_DEMO_CP_URL"] = url
    db = str(VAR / "cp-sim.sqlite3")
    run_once(
        [
            PYTHON,
            "-m",
            "simulators.claims_portal",
            "register-client",
            "--db",
            db,
            "--organisation",
            "Demo Law LLP",
            "--client-id",
            env["CLAIMDESK_DEMO_CP_CLIENT_ID"],
            "--client-secret",
            env["CLAIMDESK_DEMO_CP_CLIENT_SECRET"],
            "--login-as",
            env["CLAIMDESK_DEMO_CP_LOGIN_AS"],
        ],
        env,
    )
    where = ["--host", options.host, "--port", str(options.cp_sim_port)]
    process = start(
        "Claims Portal simulator",
        [PYTHON, "-m", "simulators.claims_portal", "serve", "--db", db, *where],
        env,
        log=VAR / "cp-sim.log",
    )
    wait_for(f"{url}/_sim/clock")
    return process


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--sim-port", type=int, default=8100)
    parser.add_argument(
        "--cp-sim-port", type=int, default=None, help="default: the OIC simulator's port + 100"
    )
    options = parser.parse_args()
    options.cp_sim_port = options.cp_sim_port or options.sim_port + 100
    keep_files_private(VAR)
    env = demo_env(os.environ, options.host, options.port)
    processes: dict[str, subprocess.Popen] = {}
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    sim_url = f"http://{options.host}:{options.sim_port}"
    env["CLAIMDESK_DEMO_OIC_URL"] = sim_url
    sim_db = str(VAR / "oic-sim.sqlite3")
    try:
        run_once(
            [
                PYTHON,
                "-m",
                "simulators.oic",
                "register-client",
                "--db",
                sim_db,
                "--organisation",
                "Demo Law LLP",
                "--client-id",
                env["CLAIMDESK_DEMO_OIC_CLIENT_ID"],
                "--client-secret",
                env["CLAIMDESK_DEMO_OIC_CLIENT_SECRET"],
            ],
            env,
            quiet=True,
        )
        processes["OIC portal simulator"] = start(
            "OIC portal simulator",
            [
                PYTHON,
                "-m",
                "simulators.oic",
                "serve",
                "--db",
                sim_db,
                "--host",
                options.host,
                "--port",
                str(options.sim_port),
            ],
            env,
            log=VAR / "oic-sim.log",
        )
        wait_for(f"{sim_url}/_sim/clock")
        processes["cp-simulator"] = start_claims_portal(options, env)
        run_once([PYTHON, "manage.py", "demo_seed"], env)
        run_once([PYTHON, "manage.py", "sync_schedule"], env)
        processes["background worker"] = start(
            "background worker",
            [PYTHON, "manage.py", "db_worker", "--queue-name", "*"],
            env,
            VAR / "worker.log",
        )
        processes["web server"] = start(
            "web server",
            [
                PYTHON,
                "-m",
                "gunicorn",
                "config.wsgi",
                "--bind",
                f"{options.host}:{options.port}",
                "--workers",
                "2",
                "--threads",
                "4",
                "--access-logfile",
                "-",
            ],
            env,
            VAR / "web.log",
        )
        wait_for(f"http://{options.host}:{options.port}/health/")
        banner(sign_ins(options.host, options.port, options.sim_port, options.cp_sim_port, env), env)
        while True:
            for name, process in processes.items():
                if process.poll() is not None:
                    raise SystemExit(
                        f"[stack] the {name} stopped (exit code {process.returncode}; see var/*.log); "
                        "stopping the rest."
                    )
            time.sleep(1)
    except KeyboardInterrupt:
        print("\n[stack] stopping…", flush=True)
    finally:
        stop_all(processes)


if __name__ == "__main__":
    main()

"""ClaimDesk in separate processes (a real worker, a real kill -9), on a database of its own.

The database is a SQLite file under the test's folder, or — when the suite itself runs on
PostgreSQL — a fresh PostgreSQL database, dropped afterwards, so both are tested the same way.
"""

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def claimdesk_env(tmp_path: Path, sim_url: str, client_id: str, client_secret: str, **extra: str) -> dict:
    """The environment of a separate ClaimDesk process: its own database file under ``tmp_path``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CLAIMDESK_", "DATABASE_URL"))}
    env |= {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "CLAIMDESK_ENV": "development",
        "DJANGO_SECRET_KEY": "separate-process-test",
        "CLAIMDESK_ENCRYPTION_KEYS": os.environ["CLAIMDESK_ENCRYPTION_KEYS"],
        "CLAIMDESK_VAR_DIR": str(tmp_path / "var"),
        "CLAIMDESK_TASKS_BACKEND": "immediate",
        "CLAIMDESK_DEMO_PASSWORD": "separate-process-password-1",
        "CLAIMDESK_DEMO_OIC_URL": sim_url,
        "CLAIMDESK_DEMO_OIC_CLIENT_ID": client_id,
        "CLAIMDESK_DEMO_OIC_CLIENT_SECRET": client_secret,
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        **extra,
    }
    return env


@contextmanager
def own_database(env: dict) -> Iterator[dict]:
    """``env`` with a database of its own: PostgreSQL when the suite runs on it, else its SQLite file."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield env
        return
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    name = f"claimdesk_proc_{uuid.uuid4().hex[:10]}"
    admin = {
        k: v for k, v in {"host": config["HOST"], "port": config["PORT"], "user": config["USER"]}.items() if v
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as db:
        db.execute(f'CREATE DATABASE "{name}"')
    try:
        yield env | {"DATABASE_URL": url.rsplit("/", 1)[0] + "/" + name}
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **admin) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(env: dict, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=check, capture_output=True, text=True
    )


def query(env: dict, code: str):
    """Run ``code`` (which assigns ``result``) in a ClaimDesk shell of ``env``; returns ``result`` (JSON)."""
    script = f"import json\n{code}\nprint('RESULT=' + json.dumps(result, default=str))"
    done = manage(env, "shell", "-c", script)
    line = [row for row in done.stdout.splitlines() if row.startswith("RESULT=")][-1]
    return json.loads(line.removeprefix("RESULT="))


def seed_simulator(db: Path, organisation: str, claims: int) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "simulators.oic",
            "seed",
            "--db",
            str(db),
            "--organisation",
            organisation,
            "--claims",
            str(claims),
            "--seed",
            "3",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )


def firm_on_portal(env: dict, sim_url: str, organisation: str) -> None:
    """Migrate, create the demo people and the portal connection, and link every claim to a case."""
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "demo_seed", "--cases", "0")
    manage(env, "demo_link_portal_claims", "--url", sim_url, "--organisation", organisation)

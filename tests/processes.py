"""ClaimDesk in separate processes (a real worker, a real kill -9), on a SQLite file of its own."""

import os
import subprocess
import sys
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


def manage(env: dict, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=check, capture_output=True, text=True
    )


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

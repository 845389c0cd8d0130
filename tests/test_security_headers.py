"""Response headers of real pages, read like a passive scanner would (OWASP ZAP's baseline rules)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

PAGES = ["/cases/", "/cases/{ref}/details/", "/cases/{ref}/history/", "/tasks/", "/accounts/account/"]


@pytest.mark.parametrize("path", PAGES)
def test_signed_in_pages_are_never_cached_and_carry_the_security_headers(alice_client, alice_case, path):
    response = alice_client.get(path.format(ref=alice_case.reference))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    csp = response["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "frame-ancestors 'none'",
        "object-src 'none'",
        "form-action 'self'",
    ):
        assert directive in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp


def test_pages_load_nothing_from_other_sites(alice_client, alice_case):
    page = alice_client.get(f"/cases/{alice_case.reference}/details/").content.decode()
    assert "http://" not in page.replace("http://testserver", "") and "https://" not in page
    assert "<script>" not in page and " style=" not in page  # no inline script or style for CSP to allow


def test_the_session_cookie_is_http_only_and_same_site(client, alice):
    from tests.factories import PASSWORD

    response = client.post("/accounts/login/", {"username": "alice", "password": PASSWORD})
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


def test_the_sign_in_page_is_not_cached_after_sign_out(client, alice):
    from tests.factories import PASSWORD

    client.post("/accounts/login/", {"username": "alice", "password": PASSWORD})
    client.post("/accounts/logout/")
    response = client.get("/cases/")
    assert response.status_code == 302


def test_production_settings_pass_the_deployment_checks_with_no_warning():
    root = Path(__file__).resolve().parent.parent
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CLAIMDESK_", "DATABASE_URL"))}
    env |= {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "CLAIMDESK_ENV": "production",
        "DJANGO_SECRET_KEY": "x" * 20 + "-production-like-secret-key-0123456789abcdef",
        "CLAIMDESK_ENCRYPTION_KEYS": os.environ["CLAIMDESK_ENCRYPTION_KEYS"],
        "DJANGO_ALLOWED_HOSTS": "claimdesk.example",
        "DATABASE_URL": "sqlite:///:memory:",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_their_secrets():
    root = Path(__file__).resolve().parent.parent
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CLAIMDESK_", "DATABASE_URL"))}
    env |= {"DJANGO_SETTINGS_MODULE": "config.settings", "DJANGO_ALLOWED_HOSTS": "claimdesk.example"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=root, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


DENIED_FEATURES = (
    "camera",
    "microphone",
    "geolocation",
    "payment",
    "usb",
    "serial",
    "hid",
    "display-capture",
)


@pytest.mark.parametrize(
    ("who", "path", "status"),
    [
        ("anonymous", "/accounts/login/", 200),
        ("anonymous", "/cases/", 302),
        ("anonymous", "/health/", 200),
        ("anonymous", "/static/no-such-file.css", 404),
        ("alice", "/cases/", 200),
        ("alice", "/cases/CD-2026-999999/details/", 404),
        ("alice", "/accounts/users/", 403),
    ],
)
def test_every_response_denies_the_browsers_powerful_features(client, sign_in, alice, who, path, status):
    if who == "alice":
        sign_in(client, alice)
    response = client.get(path)
    assert response.status_code == status
    policy = response["Permissions-Policy"]
    for feature in DENIED_FEATURES:
        assert f"{feature}=()" in policy


def test_the_permissions_policy_wraps_every_other_middleware(settings):
    """First, so WhiteNoise's static files (production) and every other middleware's answers carry it."""
    assert settings.MIDDLEWARE[0] == "lib.middleware.PermissionsPolicyMiddleware"

"""OAuth2 client credentials and bearer tokens on the simulated clock, in both simulators."""

import base64

import pytest

from simulators.common.testing import HTTP
from simulators.common.tests.conftest import CLIENT_ID, CLIENT_SECRET, ORGANISATION


@pytest.fixture
def token_form(profile) -> dict:
    """A good client-credentials token request of Demo Law LLP's client."""
    form = {"grant_type": "client_credentials", "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET}
    return {**form, "scope": profile.token_scope} if profile.token_scope else form


def test_http_basic_client_authentication_works_too(sim, portal):
    basic = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
    response = HTTP.post(
        sim.url + "/oauth/token",
        data={"grant_type": "client_credentials"},
        headers={"Authorization": f"Basic {basic}"},
    )
    assert response.status_code == 200


def test_api_calls_need_a_bearer_token(profile, sim):
    path, params = profile.search
    response = HTTP.get(sim.url + path, params=params)
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_token"
    assert response.json()["message"] == "Invalid token."
    assert response.headers["WWW-Authenticate"] == 'Bearer error="invalid_token"'
    assert response.headers["X-Request-ID"] == response.json()["requestId"]


def test_a_token_expires_by_the_simulated_clock(search, portal, control):
    portal.auto_refresh = False
    assert search().status_code == 200
    control.advance(seconds=3599)
    assert search().status_code == 200
    control.advance(seconds=1)
    assert search().status_code == 401
    portal.refresh_token()
    assert search().status_code == 200


def test_the_token_lifetime_is_configurable(search, portal, control):
    portal.auto_refresh = False
    control.ok("PUT", "/_sim/config", json={"tokenLifetimeSeconds": 60})
    portal.refresh_token()
    control.advance(seconds=60)
    assert search().status_code == 401


def test_revoked_tokens_stop_working(search, portal, control):
    portal.auto_refresh = False
    assert control.ok("POST", "/_sim/tokens/revoke", json={"clientId": CLIENT_ID})["revoked"] == 1
    assert search().status_code == 401
    portal.refresh_token()
    assert control.ok("POST", "/_sim/tokens/revoke", json={})["revoked"] == 1
    assert search().status_code == 401


def test_secret_rotation_makes_the_old_secret_fail_at_once(sim, search, token_form, control):
    new_secret = control.ok("POST", f"/_sim/clients/{CLIENT_ID}/rotate-secret")["clientSecret"]
    old = HTTP.post(sim.url + "/oauth/token", data=token_form)
    new = HTTP.post(sim.url + "/oauth/token", data={**token_form, "client_secret": new_secret})
    assert old.status_code == 401
    assert new.status_code == 200
    # Tokens issued before the rotation live on until they expire or are revoked.
    assert search().status_code == 200


def test_rotating_an_unknown_client_is_404(control):
    assert control.post("/_sim/clients/nobody/rotate-secret").status_code == 404


def test_registering_again_updates_the_secret(profile, sim, portal, token_form, control):
    profile.register(control, CLIENT_ID, "second", ORGANISATION)
    assert HTTP.post(sim.url + "/oauth/token", data=token_form).status_code == 401
    assert (
        HTTP.post(sim.url + "/oauth/token", data={**token_form, "client_secret": "second"}).status_code == 200
    )
    assert len(control.ok("GET", "/_sim/clients")["clients"]) == 1

"""OAuth2 client credentials, bearer tokens on the simulated clock, and organisation isolation."""

import base64

from simulators.oic.tests.conftest import CLIENT_ID, CLIENT_SECRET, HTTP, Portal, scnf

TOKEN_FORM = {
    "grant_type": "client_credentials",
    "client_id": CLIENT_ID,
    "client_secret": CLIENT_SECRET,
    "scope": "api",
}


def test_a_token_is_issued_for_good_credentials(sim, control):
    response = HTTP.post(sim.url + "/oauth/token", data=TOKEN_FORM)
    body = response.json()
    assert response.status_code == 200
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 3600
    assert body["scope"] == "api"
    assert len(body["access_token"]) >= 32


def test_http_basic_client_authentication_works_too(sim, control):
    basic = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
    response = HTTP.post(
        sim.url + "/oauth/token",
        data={"grant_type": "client_credentials"},
        headers={"Authorization": f"Basic {basic}"},
    )
    assert response.status_code == 200


def test_bad_client_credentials_are_401_invalid_client(sim, control):
    response = HTTP.post(sim.url + "/oauth/token", data={**TOKEN_FORM, "client_secret": "wrong"})
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"
    assert response.json()["error_description"]


def test_bad_grant_and_scope_are_400(sim, control):
    grant = HTTP.post(sim.url + "/oauth/token", data={**TOKEN_FORM, "grant_type": "password"})
    missing = HTTP.post(sim.url + "/oauth/token", data={"client_id": CLIENT_ID})
    scope = HTTP.post(sim.url + "/oauth/token", data={**TOKEN_FORM, "scope": "admin"})
    assert (grant.status_code, grant.json()["error"]) == (400, "unsupported_grant_type")
    assert (missing.status_code, missing.json()["error"]) == (400, "invalid_request")
    assert (scope.status_code, scope.json()["error"]) == (400, "invalid_scope")


def test_api_calls_need_a_bearer_token(sim, control):
    response = HTTP.get(sim.url + "/api/v1/claims", params={"clientReference": "X"})
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_token"
    assert response.headers["WWW-Authenticate"] == 'Bearer error="invalid_token"'
    assert response.headers["X-Request-ID"] == response.json()["requestId"]


def test_a_token_expires_by_the_simulated_clock(portal, control):
    portal.auto_refresh = False
    assert portal.get("/api/v1/claims", params={"clientReference": "X"}).status_code == 200
    control.advance(seconds=3599)
    assert portal.get("/api/v1/claims", params={"clientReference": "X"}).status_code == 200
    control.advance(seconds=1)
    assert portal.get("/api/v1/claims", params={"clientReference": "X"}).status_code == 401


def test_the_token_lifetime_is_configurable(portal, control):
    portal.auto_refresh = False
    control.ok("PUT", "/_sim/config", json={"tokenLifetimeSeconds": 60})
    portal.refresh_token()
    control.advance(seconds=61)
    assert portal.get("/api/v1/claims", params={"clientReference": "X"}).status_code == 401


def test_revoked_tokens_stop_working(portal, control):
    portal.auto_refresh = False
    assert control.ok("POST", "/_sim/tokens/revoke", json={"clientId": CLIENT_ID})["revoked"] == 1
    assert portal.get("/api/v1/claims", params={"clientReference": "X"}).status_code == 401
    portal.refresh_token()
    assert control.ok("POST", "/_sim/tokens/revoke", json={})["revoked"] == 1
    assert portal.get("/api/v1/claims", params={"clientReference": "X"}).status_code == 401


def test_secret_rotation_makes_the_old_secret_fail_at_once(sim, portal, control):
    new_secret = control.ok("POST", f"/_sim/clients/{CLIENT_ID}/rotate-secret")["clientSecret"]
    old = HTTP.post(sim.url + "/oauth/token", data=TOKEN_FORM)
    new = HTTP.post(sim.url + "/oauth/token", data={**TOKEN_FORM, "client_secret": new_secret})
    assert old.status_code == 401
    assert new.status_code == 200
    # Tokens issued before the rotation live on until they expire or are revoked.
    assert portal.get("/api/v1/claims", params={"clientReference": "X"}).status_code == 200


def test_rotating_an_unknown_client_is_404(control):
    assert control.post("/_sim/clients/nobody/rotate-secret").status_code == 404


def test_registering_again_updates_the_secret(sim, control):
    control.ok(
        "POST",
        "/_sim/clients",
        json={"clientId": CLIENT_ID, "clientSecret": "second", "organisation": "Demo Law LLP"},
    )
    assert HTTP.post(sim.url + "/oauth/token", data=TOKEN_FORM).status_code == 401
    assert (
        HTTP.post(sim.url + "/oauth/token", data={**TOKEN_FORM, "client_secret": "second"}).status_code == 200
    )
    assert len(control.ok("GET", "/_sim/clients")["clients"]) == 1


def test_claims_of_another_organisation_are_not_found(sim, portal, control):
    control.ok(
        "POST",
        "/_sim/clients",
        json={"clientId": "other", "clientSecret": "other-secret", "organisation": "Other LLP"},
    )
    other = Portal(sim.url, "other", "other-secret")
    claim_id = portal.create()["claimID"]
    control.advance(minutes=5)
    message_id = portal.post(
        f"/api/v1/claims/{claim_id}/messages", json={"category": "General", "note": "Hello"}
    ).json()["id"]
    attachment_id = portal.get(f"/api/v1/claims/{claim_id}/attachments").json()["results"][0]["id"]

    assert other.get(f"/api/v1/claims/{claim_id}").status_code == 404
    assert other.get(f"/api/v1/claims/{claim_id}/messages").status_code == 404
    assert other.get(f"/api/v1/messages/{message_id}").status_code == 404
    assert other.get(f"/api/v1/attachments/{attachment_id}").status_code == 404
    assert (
        other.post(f"/api/v1/claims/{claim_id}/withdraw", json={"withdrawalReason": "Other"}).status_code
        == 404
    )
    assert other.get("/api/v1/claims", params={"clientReference": "DLL-0001"}).json() == {"results": []}
    assert other.get("/api/v1/notifications", params={"dateFrom": "2020-01-01"}).json()["totalCount"] == 0
    # The other firm may use the same client reference for its own claim.
    assert other.post("/api/v1/claims", json=scnf()).status_code == 201
    other.close()

"""The OIC token endpoint (scope api) and organisation isolation; shared token rules: common/tests."""

from simulators.common.testing import HTTP
from simulators.oic.tests.conftest import CLIENT_ID, CLIENT_SECRET, Portal, scnf

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

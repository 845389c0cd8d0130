"""The Claims Portal token endpoint, loginAs and organisation isolation; shared token rules: common/tests."""

from simulators.claims_portal.tests.conftest import CLIENT_ID, CLIENT_SECRET, USER, Portal
from simulators.common.testing import HTTP

TOKEN_FORM = {"grant_type": "client_credentials", "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET}


def test_a_token_lives_3600_seconds(sim, control):
    response = HTTP.post(sim.url + "/oauth/token", data=TOKEN_FORM)
    body = response.json()
    assert response.status_code == 200
    assert (body["token_type"], body["expires_in"]) == ("Bearer", 3600)
    assert len(body["access_token"]) >= 32


def test_bad_credentials_and_grants_are_refused(sim, control):
    wrong = HTTP.post(sim.url + "/oauth/token", data={**TOKEN_FORM, "client_secret": "wrong"})
    grant = HTTP.post(sim.url + "/oauth/token", data={**TOKEN_FORM, "grant_type": "password"})
    missing = HTTP.post(sim.url + "/oauth/token", data={"client_id": CLIENT_ID})
    assert (wrong.status_code, wrong.json()["error"]) == (401, "invalid_client")
    assert (grant.status_code, grant.json()["error"]) == (400, "unsupported_grant_type")
    assert (missing.status_code, missing.json()["error"]) == (400, "invalid_request")


def test_every_call_needs_a_login_as_user_of_the_organisation(sim, portal, control):
    without = Portal(sim.url, login_as=None)
    stranger = Portal(sim.url, login_as="nobody")
    assert (without.get("/api/v1/claims/worklist").json()["error"]) == "login_as_required"
    assert without.get("/api/v1/claims/worklist").status_code == 400
    assert stranger.get("/api/v1/claims/worklist").status_code == 403
    control.ok("POST", "/_sim/users", json={"userId": "outsider", "organisation": "Other LLP"})
    assert Portal(sim.url, login_as="outsider").get("/api/v1/claims/worklist").status_code == 403
    control.ok("POST", "/_sim/users", json={"userId": USER, "organisation": "Demo Law LLP", "enabled": False})
    disabled = portal.get("/api/v1/claims/worklist")
    assert (disabled.status_code, disabled.json()["error"]) == (403, "login_as_forbidden")


def test_the_login_as_user_is_recorded_on_the_claim(sim, portal, control):
    control.ok(
        "POST", "/_sim/users", json={"userId": "akhan", "organisation": "Demo Law LLP", "name": "A Khan"}
    )
    application_id = portal.add()["applicationId"]
    assert portal.claim(application_id)["applicationData"]["currentUserID"] == "jsmith"
    control.act(application_id, "acceptClaim")
    control.act(application_id, "applyArticle75", isArticle75=False)
    control.act(application_id, "sendLiabilityDecision", liabilityDecision="A")
    with Portal(sim.url, login_as="akhan") as colleague:
        colleague.act(application_id, "acknowledgeLiabilityAdmitted")
    assert portal.claim(application_id)["applicationData"]["currentUserID"] == "akhan"


def test_claims_of_another_organisation_are_not_found(sim, portal, control):
    control.ok(
        "POST",
        "/_sim/clients",
        json={"clientId": "other", "clientSecret": "s", "organisation": "Other LLP", "loginAs": "other-user"},
    )
    other = Portal(sim.url, "other", "s", login_as="other-user")
    application_id = portal.add()["applicationId"]
    guid = portal.status(application_id)["activityEngineGuid"]
    assert other.get(f"/api/v1/claims/{application_id}").status_code == 404
    assert other.get(f"/api/v1/claims/{application_id}/documents").status_code == 404
    action = other.post(
        f"/api/v1/claims/{application_id}/actions/exitProcess", json={"activityEngineGuid": guid}
    )
    assert action.status_code == 404
    assert other.get("/api/v1/claims", params={"crReferenceNumber": "DLL-0001"}).json()["claims"] == []
    assert other.notifications() == []
    other.close()

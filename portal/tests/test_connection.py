import pytest

from cases.models import Portal
from portal.models import PortalConnection
from tests.simulator import CLIENT_ID, CLIENT_SECRET


def test_test_connection_succeeds_against_the_portal(client, sign_in, ada, oic):
    sign_in(client, ada)
    response = client.post("/portal-settings/oic/test/", follow=True)
    assert "Connected: the portal issued a token" in response.content.decode()
    oic.refresh_from_db()
    assert oic.last_test_ok is True


def test_test_connection_reports_the_portals_own_complaint(client, sign_in, ada, oic):
    oic.client_secret = "wrong"
    oic.save()
    sign_in(client, ada)
    page = client.post("/portal-settings/oic/test/", follow=True).content.decode()
    assert "The portal refused ClaimDesk&#x27;s credentials: Client authentication failed." in page


def test_the_settings_page_never_shows_the_secret_or_the_token(client, sign_in, ada, oic):
    sign_in(client, ada)
    client.post("/portal-settings/oic/test/")
    oic.refresh_from_db()
    page = client.get("/portal-settings/oic/").content.decode()
    assert CLIENT_SECRET not in page and CLIENT_ID not in page
    assert "CLIENTSECRET" in page and "ACCESSTOKEN" in page and "200019" in page
    assert "cached (encrypted)" in page


def test_credentials_are_encrypted_at_rest(oic):
    from django.db import connection as db

    with db.cursor() as cursor:
        cursor.execute("SELECT client_id, client_secret FROM portal_portalconnection WHERE id = %s", [oic.pk])
        stored = cursor.fetchone()
    assert all(value.startswith("enc1:") for value in stored)
    assert CLIENT_SECRET not in "".join(stored)


def test_saving_a_new_secret_keeps_the_old_one_when_blank_and_drops_the_cached_token(
    client, sign_in, ada, oic
):
    sign_in(client, ada)
    client.post("/portal-settings/oic/test/")
    url = oic.url
    client.post("/portal-settings/oic/", {"url": url, "web_url": "", "client_id": "", "client_secret": ""})
    oic.refresh_from_db()
    assert oic.client_secret == CLIENT_SECRET and oic.access_token
    client.post("/portal-settings/oic/", {"url": url, "web_url": "", "client_id": "", "client_secret": "new"})
    oic.refresh_from_db()
    assert oic.client_secret == "new" and oic.access_token == ""


def test_a_first_setup_needs_both_credentials(client, sign_in, ada, db):
    sign_in(client, ada)
    response = client.post("/portal-settings/oic/", {"url": "https://portal.example", "client_id": "abc"})
    assert response.status_code == 400
    assert "Enter both CLIENTID and CLIENTSECRET" in response.content.decode()
    assert not PortalConnection.objects.get(portal=Portal.OIC).client_id


def test_fee_earners_cannot_see_portal_settings(alice_client, oic):
    assert alice_client.get("/portal-settings/oic/").status_code == 403
    assert alice_client.post("/portal-settings/oic/test/").status_code == 403


def _addresses(client, table: dict, **extra):
    data = {f"path_{name}": path for name, path in table.items()} | extra
    return client.post("/portal-settings/oic/addresses/", data)


def _defaults() -> dict:
    from portal.oic.endpoints import DEFAULTS

    return {name: endpoint.path for name, endpoint in DEFAULTS.items()}


def test_the_operation_addresses_are_settings_the_connection_test_checks(
    client, sign_in, ada, oic, sim_control
):
    sign_in(client, ada)
    page = client.get("/portal-settings/oic/addresses/").content.decode()
    assert "/api/v1/claims/{claimID}" in page  # today's addresses are the defaults
    sim_control.ok("PUT", "/_sim/config", json={"shape": "evidence"})
    assert "did not answer" in client.post("/portal-settings/oic/test/", follow=True).content.decode()
    evidenced = {name: e["path"] for name, e in sim_control.ok("GET", "/_sim/endpoints")["endpoints"].items()}
    assert _addresses(client, evidenced).status_code == 302
    oic.refresh_from_db()
    assert oic.endpoints["claim_details"] == {"method": "GET", "path": "/api/v1/claimdetails/{claimID}"}
    assert "token" not in oic.endpoints  # only what differs from the defaults is kept
    assert "Connected" in client.post("/portal-settings/oic/test/", follow=True).content.decode()


@pytest.mark.parametrize(
    ("operation", "path", "error"),
    [
        ("claim_details", "/api/v1/claimdetails", "needs an {id} placeholder"),
        ("notifications", "/api/v1/notifications/{claimID}", "takes no an {id}"),
        ("message_list", "/api/v1/messages?claim={claimID}", "a plain path"),
        ("attachment", "https://elsewhere.example/{id}", "not another address"),
    ],
)
def test_a_bad_address_is_refused_and_nothing_is_saved(client, sign_in, ada, oic, operation, path, error):
    sign_in(client, ada)
    response = _addresses(client, _defaults() | {operation: path})
    assert response.status_code == 400 and error in response.content.decode().replace("&#x27;", "'")
    oic.refresh_from_db()
    assert oic.endpoints == {}


def test_a_new_token_url_needs_the_secret_again_and_an_allowed_address(client, sign_in, ada, oic, sim):
    sign_in(client, ada)
    moved = _addresses(client, _defaults(), token_url=f"{sim.url}/oauth/token-elsewhere")
    assert moved.status_code == 400 and "Enter CLIENTSECRET again" in moved.content.decode()
    plain = _addresses(client, _defaults(), token_url="http://tokens.example/oauth/token", client_secret="x")
    assert plain.status_code == 400
    oic.refresh_from_db()
    assert oic.token_url == ""
    ok = _addresses(client, _defaults(), token_url=f"{sim.url}/oauth/token", client_secret=CLIENT_SECRET)
    assert ok.status_code == 302
    oic.refresh_from_db()
    assert oic.token_url == f"{sim.url}/oauth/token"
    assert "Connected" in client.post("/portal-settings/oic/test/", follow=True).content.decode()

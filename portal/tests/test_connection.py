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

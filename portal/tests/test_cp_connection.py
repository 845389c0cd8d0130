"""The Claims Portal's connection settings: loginAs and the firm's details beside the encrypted credentials,
and Test connection against the simulator."""

from cases.models import Portal
from portal.models import PortalConnection
from tests.claims_portal_sim import CP_CLIENT_SECRET, CP_LOGIN_AS

URL = "/portal-settings/claims_portal/"


def test_test_connection_proves_the_credentials_and_the_login_as_user(client, sign_in, ada, claims_portal):
    sign_in(client, ada)
    page = client.post(f"{URL}test/", follow=True).content.decode()
    assert f"Connected as {CP_LOGIN_AS}: the portal issued a token valid for" in page
    assert "14 exit reasons" in page


def test_a_login_as_user_the_portal_refuses_is_reported(client, sign_in, ada, claims_portal):
    claims_portal.login_as = "somebody.else"
    claims_portal.save()
    sign_in(client, ada)
    page = client.post(f"{URL}test/", follow=True).content.decode()
    assert "The Claims Portal does not accept the loginAs user" in page
    claims_portal.refresh_from_db()
    assert claims_portal.last_test_ok is False


def test_the_settings_page_asks_for_login_as_and_the_firm_never_blank(client, sign_in, ada, db):
    sign_in(client, ada)
    page = client.get(URL).content.decode()
    assert "loginAs" in page and "Firm name on the claim form" in page
    response = client.post(
        URL, {"url": "https://portal.example", "client_id": "abc", "client_secret": "xyz", "firm_phone": "12"}
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert text.count("This field is required.") >= 2 and "Enter a telephone number" in text
    assert not PortalConnection.objects.get(portal=Portal.CLAIMS_PORTAL).client_id


def test_saving_the_settings_keeps_secrets_encrypted_and_shows_the_user(client, sign_in, ada, db):
    sign_in(client, ada)
    client.post(
        URL,
        {
            "url": "https://portal.example",
            "client_id": "cp-client",
            "client_secret": CP_CLIENT_SECRET,
            "login_as": "alpha.a2a",
            "firm_name": "Alpha Law LLP",
            "firm_phone": "0113 496 0000",
        },
    )
    record = PortalConnection.objects.get(portal=Portal.CLAIMS_PORTAL)
    assert (record.login_as, record.firm_name, record.firm_phone) == (
        "alpha.a2a",
        "Alpha Law LLP",
        "0113 496 0000",
    )
    assert record.is_configured
    page = client.get(URL).content.decode()
    assert CP_CLIENT_SECRET not in page and "alpha.a2a" in page
    from django.db import connection as db

    with db.cursor() as cursor:
        cursor.execute("SELECT client_secret FROM portal_portalconnection WHERE id = %s", [record.pk])
        assert cursor.fetchone()[0].startswith("enc1:")


def test_the_oic_settings_do_not_ask_for_login_as(client, sign_in, ada, db):
    sign_in(client, ada)
    assert "loginAs" not in client.get("/portal-settings/oic/").content.decode()


def test_a_connection_without_its_login_as_user_is_not_offered(alice_client, alice, claims_portal):
    from portal.registry import availability, configured_portals
    from tests.claims_portal_sim import make_cp_case

    claims_portal.login_as = ""
    claims_portal.save()
    assert not availability(Portal.CLAIMS_PORTAL).ok and Portal.CLAIMS_PORTAL not in configured_portals()
    case = make_cp_case(fee_earner=alice)
    page = alice_client.get(f"/cases/{case.reference}/details/").content.decode()
    assert "The Claims Portal connection is not set up yet" in page

"""The firm's portal credentials go only where an administrator deliberately sent them, over https.

- Changing the portal URL needs CLIENTSECRET typed again: the stored secret never follows a new
  address unasked (the review's finding: change the URL, press Test connection, and the Client ID
  and Secret were posted to the new host).
- Outbound portal calls go only to https; plain http only to this machine and only outside
  production. Checked in the settings form and again whenever an adapter is built, so a URL stored
  any other way cannot bypass it.
"""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from portal.errors import PortalNotConfigured
from portal.models import PortalConnection
from portal.outbound import outbound_url_problem
from portal.registry import adapter_for
from tests.simulator import CLIENT_SECRET


class _Listener(BaseHTTPRequestHandler):
    received: list[bytes]

    def _record(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.received.append(self.requestline.encode() + b"\n" + self.rfile.read(length))
        self.send_response(404)
        self.end_headers()

    do_GET = do_POST = _record

    def log_message(self, *args):
        pass


@pytest.fixture
def stranger():
    """A web server on this machine standing for someone else's host: it records what reaches it."""
    handler = type("Recorder", (_Listener,), {"received": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", handler.received
    server.shutdown()
    server.server_close()


def _save(client, **fields):
    data = {"url": "", "web_url": "", "client_id": "", "client_secret": ""} | fields
    return client.post("/portal-settings/oic/", data)


def test_changing_only_the_url_needs_the_secret_again(client, sign_in, ada, oic, stranger):
    address, received = stranger
    sign_in(client, ada)
    response = _save(client, url=address)
    assert response.status_code == 400
    assert "Enter CLIENTSECRET again to change the URL" in response.content.decode()
    oic.refresh_from_db()
    assert oic.url != address
    client.post("/portal-settings/oic/test/")
    assert received == []  # Test connection still talks to the portal, not to the new address


def test_the_url_changes_when_the_secret_is_typed_again(client, sign_in, ada, oic):
    sign_in(client, ada)
    response = _save(client, url="https://portal.example/api", client_secret=CLIENT_SECRET)
    assert response.status_code == 302
    oic.refresh_from_db()
    assert oic.url == "https://portal.example/api" and oic.client_secret == CLIENT_SECRET


def test_saving_the_same_url_keeps_the_secret_without_typing_it(client, sign_in, ada, oic):
    sign_in(client, ada)
    assert _save(client, url=oic.url + "/").status_code == 302
    oic.refresh_from_db()
    assert oic.client_secret == CLIENT_SECRET


def test_the_service_refuses_a_new_url_without_the_secret_too(ada, oic):
    from portal.services.connection import connection_save

    with pytest.raises(ValueError, match="Enter CLIENTSECRET again"):
        connection_save(
            connection=oic,
            url="https://elsewhere.example",
            web_url="",
            client_id=None,
            client_secret=None,
            acting_user=ada,
        )
    oic.refresh_from_db()
    assert oic.url != "https://elsewhere.example"


@pytest.mark.parametrize(
    ("url", "production", "problem"),
    [
        ("https://portal.example", True, ""),
        ("https://portal.example:8443/api/", True, ""),
        ("http://127.0.0.1:8100", False, ""),
        ("http://127.8.9.10:8100", False, ""),
        ("http://localhost:8100", False, ""),
        ("http://[::1]:8100", False, ""),
        ("http://127.0.0.1:8100", True, "must start with https://"),
        ("http://localhost", True, "must start with https://"),
        ("http://portal.example", False, "must start with https://"),
        ("http://10.0.0.5", False, "must start with https://"),
        ("http://[::ffff:127.0.0.1]", False, "must start with https://"),
        ("http://127.0.0.1.evil.example", False, "must start with https://"),
        ("ftp://portal.example", False, "must start with https://"),
        ("https://firm:secret@portal.example", False, "user name or password"),
        ("https://evil.example\\@portal.example", False, "backslash"),
        ("https:///nohost", False, "no host name"),
        ("https://portal.example:0", False, "not a web address"),
        ("https://portal.example:99999", False, "not a web address"),
    ],
)
def test_the_outbound_policy(settings, url, production, problem):
    settings.PRODUCTION = production
    found = outbound_url_problem(url)
    assert (problem in found) if problem else found == "", found


def test_the_settings_form_refuses_plain_http_to_another_host(client, sign_in, ada, db):
    sign_in(client, ada)
    response = _save(client, url="http://portal.example", client_id="firm", client_secret="s")
    assert response.status_code == 400
    assert "The address must start with https://" in response.content.decode()
    assert not PortalConnection.objects.get(portal="oic").url


def test_the_settings_form_refuses_the_local_simulator_in_production(client, sign_in, ada, settings, db):
    sign_in(client, ada)
    settings.PRODUCTION = True
    response = _save(client, url="http://127.0.0.1:8100", client_id="firm", client_secret="s")
    assert response.status_code == 400
    assert "The address must start with https://" in response.content.decode()


def test_a_url_stored_another_way_is_refused_when_the_adapter_is_built(
    client,
    sign_in,
    ada,
    settings,
    oic,
    stranger,
):
    address, received = stranger
    PortalConnection.objects.filter(pk=oic.pk).update(url=address)  # e.g. by hand, or an old row
    settings.PRODUCTION = True
    with pytest.raises(PortalNotConfigured, match="will not call the portal at the URL in its settings"):
        adapter_for("oic")
    sign_in(client, ada)
    page = client.post("/portal-settings/oic/test/", follow=True).content.decode()
    assert "ClaimDesk will not call the portal at the URL in its settings" in page
    assert "correct the URL under Portal settings" in page
    assert received == []


def test_the_local_simulator_is_still_usable_outside_production(oic):
    adapter = adapter_for("oic")
    try:
        assert adapter.test_connection().startswith("Connected")
    finally:
        adapter.close()


@pytest.mark.parametrize("action", ["complete", "exit"])
def test_portal_actions_explain_a_refused_url(alice_client, alice_case, action, db):
    from portal.models import PortalClaim

    PortalClaim.objects.create(case=alice_case, portal="oic", claim_id="OIC-00000042", status="Pending-New")
    PortalConnection.objects.create(
        portal="oic", url="http://portal.example", client_id="a", client_secret="b"
    )
    from lookups.models import ValueList
    from tests.factories import lookup

    data = {"reason": lookup(ValueList.EXIT_REASON, "ComplexIssues").pk, "comment": "", "confirm": "on"}
    response = alice_client.post(f"/cases/{alice_case.reference}/portal/{action}/", data, follow=True)
    assert "will not call the portal at the URL in its settings" in response.content.decode()

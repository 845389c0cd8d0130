"""Fixtures for the tests of shared behaviour: each test runs once against each simulator.

A ``Profile`` says what those tests need to know about a simulator: how to start it and run its
commands, how its clients log in, a harmless portal read, a valid new claim and its contract.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
from werkzeug.routing import Map

from simulators.claims_portal import __main__ as claims_portal_main
from simulators.claims_portal import app as claims_portal_app
from simulators.claims_portal import server as claims_portal_server
from simulators.claims_portal import wsgi as claims_portal_wsgi
from simulators.claims_portal.tests.conftest import cnf
from simulators.common.testing import SSL_CONTEXT, ControlClient, PortalClient
from simulators.oic import __main__ as oic_main
from simulators.oic import app as oic_app
from simulators.oic import server as oic_server
from simulators.oic import wsgi as oic_wsgi
from simulators.oic.tests.conftest import scnf

CLIENT_ID = "demo-law"
CLIENT_SECRET = "demo-secret"
ORGANISATION = "Demo Law LLP"


@dataclass(frozen=True)
class Profile:
    """What a shared test needs to know about one simulator."""

    name: str
    main: Callable[[list[str]], int]  # the command line
    run_in_thread: Callable
    token_scope: str | None  # sent with token requests (the OIC client sends scope=api)
    portal_users: bool  # every portal API call acts as a portal user (the Claims Portal's loginAs)
    search: tuple[str, dict]  # a portal API read that lists claims
    new_claim: Callable[[], dict]  # a valid body for POST /api/v1/claims
    openapi_path: Path
    url_maps: tuple[Map, ...]
    openapi_params: Mapping[str, str]

    def register(self, control: ControlClient, client_id: str, secret: str, organisation: str) -> dict:
        """Register a client (and its portal user) through the control API; the headers its calls send."""
        body = {"clientId": client_id, "clientSecret": secret, "organisation": organisation}
        headers = {}
        if self.portal_users:
            body["loginAs"] = headers["loginAs"] = f"{client_id}-user"
        control.ok("POST", "/_sim/clients", json=body)
        return headers

    def portal(self, url: str, client_id: str, secret: str, headers: dict) -> PortalClient:
        """A portal API client of a registered client."""
        return PortalClient(url, client_id, secret, scope=self.token_scope, headers=headers)


PROFILES = {
    "oic": Profile(
        name="oic",
        main=oic_main.main,
        run_in_thread=oic_server.run_in_thread,
        token_scope="api",
        portal_users=False,
        search=("/api/v1/claims", {"clientReference": "NONE"}),
        new_claim=scnf,
        openapi_path=oic_app.OPENAPI_PATH,
        url_maps=tuple(oic_app.URL_MAPS.values()),
        openapi_params=oic_wsgi.OPENAPI_PARAMS,
    ),
    "claims_portal": Profile(
        name="claims_portal",
        main=claims_portal_main.main,
        run_in_thread=claims_portal_server.run_in_thread,
        token_scope=None,
        portal_users=True,
        search=("/api/v1/claims", {"crReferenceNumber": "NONE"}),
        new_claim=cnf,
        openapi_path=claims_portal_app.OPENAPI_PATH,
        url_maps=(claims_portal_app.URL_MAP,),
        openapi_params=claims_portal_wsgi.OPENAPI_PARAMS,
    ),
}


@pytest.fixture(scope="module", params=list(PROFILES))
def profile(request) -> Profile:
    """Each simulator in turn."""
    return PROFILES[request.param]


@pytest.fixture(scope="module")
def server(profile, tmp_path_factory):
    """The simulator of the profile, running for the whole test module."""
    with profile.run_in_thread(tmp_path_factory.mktemp(profile.name) / "sim.sqlite3") as running:
        yield running


@pytest.fixture
def control(sim):
    """Control API client."""
    with ControlClient(base_url=sim.url, verify=SSL_CONTEXT) as client:
        yield client


@pytest.fixture
def portal(profile, sim, control):
    """Portal client of Demo Law LLP."""
    headers = profile.register(control, CLIENT_ID, CLIENT_SECRET, ORGANISATION)
    with profile.portal(sim.url, CLIENT_ID, CLIENT_SECRET, headers) as client:
        yield client


@pytest.fixture
def search(profile, portal):
    """A harmless portal API read, repeated as often as a test needs."""
    path, params = profile.search
    return lambda client=portal: client.get(path, params=params)

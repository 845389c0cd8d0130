"""Fixtures: the OIC simulator running for real on a loopback socket, and ClaimDesk pointed at it."""

import httpx
import pytest

from cases.models import Portal
from portal.models import PortalConnection
from simulators.oic.config import SimConfig
from simulators.oic.server import run_in_thread

CLIENT_ID = "claimdesk-test"
CLIENT_SECRET = "s3cret-for-tests-only"
ORGANISATION = "Alpha Law LLP"


class SimControl(httpx.Client):
    """The simulator's /_sim control API: the compensator, the support centre, the clock, faults."""

    def ok(self, method: str, path: str, **kwargs):
        response = self.request(method, path, **kwargs)
        assert response.status_code < 300, response.text
        return response.json() if response.content else None

    def advance(self, **units):
        return self.ok("POST", "/_sim/clock", json={"advance": units})

    def act(self, claim_id: str, action: str, **body):
        return self.ok("POST", f"/_sim/claims/{claim_id}/{action}", json=body)

    def fault_next(self, **rule):
        return self.ok("POST", "/_sim/faults/next", json=rule)

    def claims(self) -> list[dict]:
        body = self.ok("GET", "/_sim/claims")
        return body["claims"] if isinstance(body, dict) else body


@pytest.fixture
def sim(tmp_path):
    with run_in_thread(tmp_path / "oic-sim.sqlite3", config=SimConfig()) as running:
        yield running


@pytest.fixture
def sim_control(sim):
    with SimControl(base_url=sim.url, timeout=10) as control:
        control.ok(
            "POST",
            "/_sim/clients",
            json={"clientId": CLIENT_ID, "clientSecret": CLIENT_SECRET, "organisation": ORGANISATION},
        )
        yield control


@pytest.fixture
def oic(db, sim, sim_control, settings):
    """ClaimDesk's OIC connection pointed at the simulator (short timeouts keep fault tests quick)."""
    settings.PORTAL_TIMEOUT_SECONDS = 2
    connection, _ = PortalConnection.objects.get_or_create(portal=Portal.OIC)
    connection.url, connection.client_id, connection.client_secret = sim.url, CLIENT_ID, CLIENT_SECRET
    connection.save()
    return connection


@pytest.fixture(autouse=True)
def _fresh_breaker():
    """Circuit-breaker state lives in the cache: start every test closed."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def restored_value_lists(transactional_db):
    """Transactional tests empty the database between tests, data migrations included: restore the lists."""
    from lookups.services import lookup_defaults_install

    lookup_defaults_install()


def claims_on_portal(user, sim_control, count: int, *, insurer: str = "Aviva"):
    """``count`` complete cases of ``user`` submitted and completed on the simulator: their PortalClaims."""
    from portal.models import PortalClaim
    from portal.services.claims import claim_complete, claim_submit
    from tests.factories import fill_case, make_case

    cases = []
    for _ in range(count):
        case = fill_case(make_case(fee_earner=user))
        case.insurer.name = insurer
        case.insurer.save()
        assert claim_submit(case=case, acting_user=user).ok
        cases.append(case)
    sim_control.advance(minutes=3)
    for case in cases:
        assert claim_complete(case=case, acting_user=user).ok
    return list(PortalClaim.objects.filter(case__in=cases).order_by("pk"))


def portal_differences(portal: str = "oic") -> list[str]:
    """Every difference between ClaimDesk's active portal claims and the portal (empty when equal)."""
    from portal.services.reconcile import portal_differences as differences

    return differences(portal)[0]

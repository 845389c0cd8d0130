"""Fixtures: the Claims Portal simulator running on a loopback socket, and ClaimDesk pointed at it."""

import httpx
import pytest

from cases.models import Case, ClaimsPortalDetails, Portal
from portal.models import PortalConnection
from simulators.claims_portal import SimConfig
from simulators.claims_portal.server import run_in_thread
from tests.factories import fill_case, make_case

CP_CLIENT_ID = "claimdesk-cp-test"
CP_CLIENT_SECRET = "cp-s3cret-for-tests-only"
CP_ORGANISATION = "Alpha Law LLP"
CP_LOGIN_AS = "alpha.a2a"
FIRM_NAME, FIRM_PHONE = "Alpha Law LLP", "0113 496 0000"


class CPControl(httpx.Client):
    """The Claims Portal simulator's /_sim control API: the compensator, the clock, faults."""

    def ok(self, method: str, path: str, **kwargs):
        response = self.request(method, path, **kwargs)
        assert response.status_code < 300, response.text
        return response.json() if response.content else None

    def advance(self, **units):
        return self.ok("POST", "/_sim/clock", json={"advance": units})

    def act(self, claim_id: str, method: str, **body):
        """A compensator method (acceptClaim, sendLiabilityDecision, addStage2SPFResponse …)."""
        return self.ok("POST", f"/_sim/claims/{claim_id}/actions/{method}", json=body)

    def claim(self, claim_id: str) -> dict:
        return self.ok("GET", f"/_sim/claims/{claim_id}")

    def claims(self) -> list[dict]:
        return self.ok("GET", "/_sim/claims")["claims"]

    def fault_next(self, **rule):
        return self.ok("POST", "/_sim/faults/next", json=rule)

    def notify(self, claim_id: str, message: str):
        return self.ok("POST", f"/_sim/claims/{claim_id}/notifications", json={"message": message})

    def config(self, **changes):
        return self.ok("PUT", "/_sim/config", json=changes)


@pytest.fixture
def cp_sim(tmp_path):
    # The compensator acts only when a test says so (no automatic acknowledgements).
    config = SimConfig(auto_acknowledge_business_days=0, exit_ack_business_days=0)
    with run_in_thread(tmp_path / "cp-sim.sqlite3", config=config) as running:
        yield running


@pytest.fixture
def cp_control(cp_sim):
    with CPControl(base_url=cp_sim.url, timeout=20) as control:
        control.ok(
            "POST",
            "/_sim/clients",
            json={
                "clientId": CP_CLIENT_ID,
                "clientSecret": CP_CLIENT_SECRET,
                "organisation": CP_ORGANISATION,
                "loginAs": CP_LOGIN_AS,
            },
        )
        yield control


@pytest.fixture
def claims_portal(db, cp_sim, cp_control, settings):
    """ClaimDesk's Claims Portal connection on the simulator (short timeouts keep fault tests quick)."""
    settings.PORTAL_TIMEOUT_SECONDS = 2
    connection, _ = PortalConnection.objects.get_or_create(portal=Portal.CLAIMS_PORTAL)
    connection.url, connection.client_id, connection.client_secret = (
        cp_sim.url,
        CP_CLIENT_ID,
        CP_CLIENT_SECRET,
    )
    connection.login_as, connection.firm_name, connection.firm_phone = CP_LOGIN_AS, FIRM_NAME, FIRM_PHONE
    connection.save()
    return connection


def fill_cp_case(case: Case) -> Case:
    """Every detail a Claims Portal claim form needs (saved directly: test set-up only)."""
    fill_case(case)
    details = case.claims_portal
    details.value_band = ClaimsPortalDetails.ValueBand.UP_TO_10000
    details.ask_cue_reference = "CUE-123456"
    details.liability_reasons = "The defendant drove into the back of the client's stationary car."
    details.save()
    defendant = case.defendant_vehicles.get()
    defendant.driver_first_name, defendant.driver_last_name = "Dan", "Driver"
    defendant.save()
    return case


def make_cp_case(*, fee_earner, **names) -> Case:
    return fill_cp_case(make_case(fee_earner=fee_earner, portal=Portal.CLAIMS_PORTAL, **names))


def cp_claims_on_portal(user, count: int, *, insurer: str = "Aviva"):
    """``count`` complete Claims Portal cases of ``user``, submitted: their PortalClaims."""
    from portal.models import PortalClaim
    from portal.services.claims import claim_submit

    cases = []
    for _ in range(count):
        case = make_cp_case(fee_earner=user)
        case.insurer.name = insurer
        case.insurer.save()
        assert claim_submit(case=case, acting_user=user).ok
        cases.append(case)
    return list(PortalClaim.objects.filter(case__in=cases).order_by("pk"))

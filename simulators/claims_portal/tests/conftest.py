"""Fixtures: a simulator on a real socket with a frozen clock, a control client and a portal client.

One simulator serves a whole test module and is reset before each test (``sim``, in
simulators/conftest.py).
"""

import httpx
import pytest

from simulators.claims_portal.server import run_in_thread
from simulators.common import testing
from simulators.common.testing import SSL_CONTEXT

ORGANISATION = "Demo Law LLP"
CLIENT_ID = "demo-law"
CLIENT_SECRET = "demo-secret"
USER = "jsmith"

CNF = {
    "claimDetails": {"signatory": "S", "retainedCopy": True, "claimValue": 2},
    "claimantRepresentative": {
        "companyName": "Demo Law LLP",
        "contactName": "Sam Solicitor",
        "email": "sam@demolaw.example",
        "phone": "0113 496 0123",
        "referenceNumber": "DLL-0001",
    },
    "defendant": {
        "status": "P",
        "forename": "Dan",
        "surname": "Driver",
        "policyNumber": "POL-123",
        "vehicleRegistration": "XY34 ZZZ",
        "insurer": {"organisationId": "COMP001", "organisationPath": "/COMP001", "insurerType": "I"},
    },
    "claimant": {
        "title": "Ms",
        "forename": "Jane",
        "surname": "Doe",
        "dateOfBirth": "1985-06-15",
        "address": {
            "houseNameOrNumber": "1",
            "street": "High Street",
            "city": "Leeds",
            "postcode": "LS1 4AP",
        },
        "occupation": "Nurse",
        "niNumber": "JT 12 34 56 C",
        "childClaim": False,
        "askCuePiReference": "CUE-123456",
    },
    "medical": {
        "softTissue": True,
        "bone": False,
        "whiplash": True,
        "otherInjury": False,
        "injuryDescription": "Neck and shoulder pain.",
        "timeOffWork": True,
        "medicalAttention": True,
        "hospitals": [{"name": "Leeds General Infirmary", "postcode": "LS1 3EX"}],
    },
    "accident": {
        "date": "2025-01-10",
        "time": "08:30",
        "location": "Junction of Park Row and Boar Lane, Leeds",
        "description": "Stationary at lights when hit from behind.",
        "claimantType": "Driver",
        "seatbeltWorn": True,
        "policeReported": False,
    },
    "otherParties": [],
    "liability": {"reasonsDefendantAtFault": "The defendant drove into the back of the claimant's car."},
}


def cnf(**changes) -> dict:
    """A valid CNF; ``changes`` set dotted paths (``...`` removes a key)."""
    return testing.form_with(CNF, **changes)


class Control(testing.ControlClient):
    """The /_sim control API (the compensator's side), raising on unexpected errors."""

    def set_clock(self, instant: str) -> dict:
        """Jump the (frozen) clock to an instant."""
        return self.ok("POST", "/_sim/clock", json={"set": instant})

    def act(self, application_id: str, method: str, /, **body) -> dict:
        """A compensator method that must succeed; returns claimInfo."""
        return self.ok("POST", f"/_sim/claims/{application_id}/actions/{method}", json=body)["claimInfo"]

    def claim(self, application_id: str) -> dict:
        """Any claim, as the control API shows it."""
        return self.ok("GET", f"/_sim/claims/{application_id}")


class Portal(testing.PortalClient):
    """A portal API client acting as ``login_as``; refreshes its token on a 401 unless told not to."""

    def __init__(self, base_url: str, client_id: str = CLIENT_ID, secret: str = CLIENT_SECRET, login_as=USER):
        headers = {"loginAs": login_as} if login_as else {}
        super().__init__(base_url, client_id, secret, headers=headers)

    def add(self, form: dict | None = None) -> dict:
        """addClaim that must be accepted (by default with the next CR reference); returns claimInfo."""
        reference = f"DLL-{next(self.references):04d}"
        response = self.post(
            "/api/v1/claims", json=form or cnf(**{"claimantRepresentative.referenceNumber": reference})
        )
        assert response.status_code == 201, response.text
        return response.json()["claimInfo"]

    def status(self, application_id: str) -> dict:
        """getClaimsStatus: the current claimInfo."""
        response = self.get(f"/api/v1/claims/{application_id}/status")
        assert response.status_code == 200, response.text
        return response.json()["claimInfo"]

    def claim(self, application_id: str) -> dict:
        """getClaim."""
        response = self.get(f"/api/v1/claims/{application_id}")
        assert response.status_code == 200, response.text
        return response.json()

    def call(self, application_id: str, method: str, /, **body) -> httpx.Response:
        """A workflow method quoting the claim's current guid (unless the body gives one)."""
        body.setdefault("activityEngineGuid", self.status(application_id)["activityEngineGuid"])
        return self.post(f"/api/v1/claims/{application_id}/actions/{method}", json=body)

    def act(self, application_id: str, method: str, /, **body) -> dict:
        """A workflow method that must succeed; returns claimInfo."""
        response = self.call(application_id, method, **body)
        assert response.status_code == 200, response.text
        return response.json()["claimInfo"]

    def notifications(self) -> list[dict]:
        """getNotificationsList."""
        return self.get("/api/v1/notifications").json()["notifications"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A simulator running for the whole test module."""
    with run_in_thread(tmp_path_factory.mktemp("cp") / "cp.sqlite3") as running:
        yield running


@pytest.fixture
def control(sim):
    """Control API client, with Demo Law LLP's client and portal user registered."""
    with Control(base_url=sim.url, verify=SSL_CONTEXT) as client:
        client.ok(
            "POST",
            "/_sim/clients",
            json={
                "clientId": CLIENT_ID,
                "clientSecret": CLIENT_SECRET,
                "organisation": ORGANISATION,
                "loginAs": USER,
            },
        )
        yield client


@pytest.fixture
def portal(sim, control):
    """Portal client of Demo Law LLP, acting as its user jsmith."""
    with Portal(sim.url) as client:
        yield client


# Routes to a phase: (method, side, body). Side "comp" is the control API.
_ACCEPT = ("acceptClaim", "comp", {})
_NO_ART75 = ("applyArticle75", "comp", {"isArticle75": False})
_ADMIT = ("sendLiabilityDecision", "comp", {"liabilityDecision": "A"})
_ACK_ADMIT = ("acknowledgeLiabilityAdmitted", "cr", {})
_NO_INTERIM = ("setInterimPaymentNeeded", "cr", {"isInterimPaymentNeeded": False})
_INTERIM = ("setInterimPaymentNeeded", "cr", {"isInterimPaymentNeeded": True})
ISP = {"interimPaymentAmount": 1500, "losses": [{"lossType": 11, "grossValueClaimed": 1500}]}
S2SP = {
    "losses": [{"lossType": 11, "grossValueClaimed": 3000}, {"lossType": 0, "grossValueClaimed": 250}],
    "medicalReportStage2": 1,
    "medCoCaseId": "MEDCO-1",
    "softTissue": True,
    "tariffType": 1,
    "selectDurationOfTheInjury": 3,
}
_TO_STAGE21 = [_ACCEPT, _NO_ART75, _ADMIT, _ACK_ADMIT]
_TO_S2SP = [*_TO_STAGE21, _NO_INTERIM, ("addStage2SPFRequest", "cr", S2SP)]
_COUNTER = ("addStage2SPFResponse", "comp", {"settlementPackDecision": "CO", "grossAmount": 2500})

ROUTES_TO = {
    "ClaimSubmitted": [],
    "Article75Decision": [_ACCEPT],
    "LiabilityDecision": [_ACCEPT, _NO_ART75],
    "LiabilityAdmitted": [_ACCEPT, _NO_ART75, _ADMIT],
    "StartOfStage21": _TO_STAGE21,
    "InterimSettlementPackForm": [*_TO_STAGE21, _INTERIM],
    "InterimPaymentDecision": [*_TO_STAGE21, _INTERIM, ("addInterimSPFRequest", "cr", ISP)],
    "Stage2SettlementPackForm": [*_TO_STAGE21, _NO_INTERIM],
    "Stage2SettlementPackDecision": _TO_S2SP,
    "Stage2SettlementPackCounterOfferDecision": [*_TO_S2SP, _COUNTER],
    "Stage2SettlementPackCRCounterOfferDecision": [
        *_TO_S2SP,
        _COUNTER,
        ("addStage2SPFCounterOfferByCR", "cr", {"grossAmount": 2900}),
    ],
}


def at_phase(portal: Portal, control: Control, phase: str, form: dict | None = None) -> str:
    """A claim driven to ``phase`` by the quickest route; returns its applicationId."""
    application_id = portal.add(form)["applicationId"]
    for method, side, body in ROUTES_TO[phase]:
        if side == "comp":
            control.act(application_id, method, **body)
        else:
            portal.act(application_id, method, **body)
    assert portal.status(application_id)["phaseCacheId"] == phase
    return application_id

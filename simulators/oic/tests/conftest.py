"""Fixtures: a simulator on a real socket with a frozen clock, a control client and a portal client.

One simulator serves a whole test module and is reset before each test (``sim``, in
simulators/conftest.py).
"""

import pytest

from simulators.common import testing
from simulators.common.testing import SSL_CONTEXT
from simulators.oic.server import run_in_thread

ORGANISATION = "Demo Law LLP"
CLIENT_ID = "demo-law"
CLIENT_SECRET = "demo-secret"

SCNF = {
    "clientReference": "DLL-0001",
    "consentConfirmed": True,
    "claimant": {
        "title": "Ms",
        "firstName": "Jane",
        "lastName": "Doe",
        "dateOfBirth": "1985-06-15",
        "address": {
            "line1": "1 High Street",
            "line2": "",
            "town": "Leeds",
            "county": "West Yorkshire",
            "postcode": "LS1 4AP",
        },
        "phoneNumber": "07700 900123",
        "email": "jane.doe@example.com",
        "nino": {
            "nationalInsuranceNumber": "JT 12 34 56 C",
            "employmentStatus": "Employed",
            "employmentDescription": "Nurse",
        },
        "occupation": "Nurse",
        "involvement": "Driver",
    },
    "accident": {
        "dateTime": "2025-01-10T08:30:00Z",
        "accidentType": "HitInRear",
        "description": "Stationary at lights when hit from behind.",
        "location": "Junction of Park Row and Boar Lane, Leeds",
        "inEnglandOrWales": True,
        "policeReported": False,
        "witnesses": [{"name": "John Smith", "knownToClaimant": False}],
        "dashcamOrPhotos": True,
    },
    "claimantVehicle": {
        "registration": "AB12 CDE",
        "vehicleType": "Car",
        "ownership": "Owner",
        "seatBeltWorn": True,
        "occupants": 1,
    },
    "defendantVehicles": [{"registration": "XY34 ZZZ", "make": "Ford", "model": "Focus", "colour": "Blue"}],
    "insurer": {"name": "Aviva Insurance Ltd", "policyNumber": "POL-123", "reference": "REF-9"},
    "injuries": [
        {"bodyPart": "Neck", "isWhiplash": True, "prognosisMonths": 6, "minorPsychological": False},
        {"bodyPart": "Wrist", "isWhiplash": False, "prognosisMonths": 3},
    ],
    "treatment": {"medicalAttentionSought": True, "gpAttended": True, "hospitalAttended": False},
    "lossOfEarnings": {"timeOffWork": True, "daysOff": 5, "stillOffWork": False},
    "replacementVehicle": {
        "repairHelpNeeded": False,
        "noRepairReason": "ArrangedOwnRepair",
        "hireVehicleNeeded": False,
        "noHireReason": "NotNeeded",
    },
    "losses": [
        {
            "lossType": "PolicyExcess",
            "amount": 250.0,
            "ongoing": False,
            "description": "Excess",
            "evidenceAvailable": True,
        }
    ],
    "statementOfTruth": {"firstName": "Sam", "lastName": "Solicitor", "jobTitle": "Solicitor"},
}


def scnf(**changes) -> dict:
    """A valid claim form; ``changes`` set dotted paths, e.g. ``{"claimant.email": None}``."""
    return testing.form_with(SCNF, **changes)


class Control(testing.ControlClient):
    """The /_sim control API, raising on unexpected errors."""

    def act(self, claim_id: str, endpoint: str, /, **body) -> dict:
        """A compensator / support-centre action on a claim."""
        return self.ok("POST", f"/_sim/claims/{claim_id}/{endpoint}", json=body)


class Portal(testing.PortalClient):
    """A portal API client of one registered client (scope api, as NAHL's client sends)."""

    def __init__(self, base_url: str, client_id: str = CLIENT_ID, secret: str = CLIENT_SECRET, **kwargs):
        super().__init__(base_url, client_id, secret, scope="api", **kwargs)

    def create(self, form: dict | None = None) -> dict:
        """Create a claim that must be accepted (by default with the next free client reference)."""
        response = self.post(
            "/api/v1/claims", json=form or scnf(clientReference=f"DLL-{next(self.references):04d}")
        )
        assert response.status_code == 201, response.text
        return response.json()

    def claim(self, claim_id: str) -> dict:
        """Claim details."""
        response = self.get(f"/api/v1/claims/{claim_id}")
        assert response.status_code == 200, response.text
        return response.json()

    def act(self, claim_id: str, endpoint: str, /, **body) -> dict:
        """A claimant action that must succeed."""
        response = self.post(f"/api/v1/claims/{claim_id}/{endpoint}", json=body)
        assert response.status_code == 200, response.text
        return response.json()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A simulator running for the whole test module."""
    with run_in_thread(tmp_path_factory.mktemp("oic") / "oic.sqlite3") as running:
        yield running


@pytest.fixture
def control(sim):
    """Control API client."""
    with Control(base_url=sim.url, verify=SSL_CONTEXT) as client:
        client.ok(
            "POST",
            "/_sim/clients",
            json={"clientId": CLIENT_ID, "clientSecret": CLIENT_SECRET, "organisation": ORGANISATION},
        )
        yield client


@pytest.fixture
def portal(sim, control):
    """Portal client of Demo Law LLP."""
    with Portal(sim.url) as client:
        yield client


def submitted(portal: Portal, control: Control, form: dict | None = None) -> dict:
    """Create a claim, wait out the processing delay and complete the submission."""
    claim_id = portal.create(form)["claimID"]
    control.advance(minutes=2)
    return portal.act(claim_id, "complete-submission")


def at_status(portal: Portal, control: Control, status: str) -> str:
    """A claim driven to ``status`` by the quickest route; returns its id."""
    claim = submitted(portal, control)
    claim_id = claim["claimID"]
    for action, who, body in ROUTES_TO[status]:
        (control.act if who == "comp" else portal.act)(claim_id, action, **body)
    assert portal.claim(claim_id)["claimStatus"] == status
    return claim_id


_ADMIT = ("liability", "comp", {"decision": "admitted"})
_DENY = (
    "liability",
    "comp",
    {"decision": "denied", "justification": "Our insured says the claimant braked suddenly."},
)
_REPORT = ("medical-report", "comp", {"prognosisMonths": 6})
_CHECKED = ("medical-review", "claimant", {"action": "accept"})
_PROCEED = ("medical-review", "claimant", {"action": "proceed"})
_OFFER = ("offer", "comp", {"tariffAmount": 520, "nonTariffAmount": 300})
_TO_OFFER = [_ADMIT, _REPORT, _CHECKED, _PROCEED, _OFFER]

ROUTES_TO = {
    "Pending-Liability": [],
    "Pending-Medical": [_ADMIT],
    "Pending-LiabilityRejected": [_DENY],
    "Pending-CheckMedical": [_ADMIT, _REPORT],
    "Pending-ProceedClaim": [_ADMIT, _REPORT, _CHECKED],
    "Pending-FirstOffer": [_ADMIT, _REPORT, _CHECKED, _PROCEED],
    "Pending-ReviewOffer": _TO_OFFER,
    "Pending-RespondCounter": [
        *_TO_OFFER,
        ("offer-response", "claimant", {"action": "counter", "amount": 1500}),
    ],
    "Pending-OfferCourtList": [*_TO_OFFER, ("offer-response", "claimant", {"action": "court"})],
    "Pending-LiabilityListReview": [_DENY, ("liability-reply", "claimant", {"action": "disputeliability"})],
}

"""Bulk seeding for benchmarks: many plausible claims in one transaction.

Claims get a phase spread like a busy book, created over the past year, each with its CNF
document and a notification for the last change the compensator made. Claims waiting on a
timeout get it set and queued in the future, so the first request after seeding does not
have to catch up on thousands of events.
"""

import copy
import json
import random
from datetime import datetime, timedelta

from simulators.claims_portal.lifecycle import period_end
from simulators.claims_portal.pdf import DOCUMENT_TYPES, placeholder_document
from simulators.claims_portal.records import CLAIM_INSERT, Claim, claim_values, new_guid
from simulators.claims_portal.reference import COMPENSATORS
from simulators.claims_portal.store import Store
from simulators.common.timeutil import format_instant

# (phase, weight in %, at most how many days ago the claim was sent, timeout type and days)
SPREAD = (
    ("ClaimSubmitted", 5, 0.5, ("LiabilityDecisionTimeout", 15)),
    ("LiabilityDecision", 20, 14, ("LiabilityDecisionTimeout", 15)),
    ("LiabilityAdmitted", 8, 60, None),
    ("StartOfStage21", 15, 200, None),
    ("InterimPaymentDecision", 4, 10, ("InterimPaymentTimeout", 15)),
    ("Stage2SettlementPackDecision", 10, 14, ("Stage2DecisionOrCounterOfferTimeout", 15)),
    ("Stage2SettlementPackCounterOfferDecision", 8, 30, None),
    ("LiabilityNotAdmittedEnd", 5, 365, None),
    ("Stage2SettlementPackAgreedEnd", 20, 365, None),
    ("ExitProcessEnd", 5, 365, None),
)
SURNAMES = ("Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Khan", "Patel", "Evans", "Walker")
CNF_TEMPLATE = {
    "claimDetails": {"signatory": "S", "retainedCopy": True, "claimValue": 1},
    "claimantRepresentative": {
        "companyName": "Seeded Law LLP",
        "contactName": "Fee Earner",
        "email": "claims@seeded-law.example",
        "phone": "0113 496 0000",
    },
    "defendant": {"status": "P", "surname": "Driver", "vehicleRegistration": "DF12 XYZ"},
    "claimant": {
        "title": "Mx",
        "forename": "Sam",
        "dateOfBirth": "1980-05-01",
        "address": {
            "houseNameOrNumber": "1",
            "street": "Station Road",
            "city": "Leeds",
            "postcode": "LS1 4AP",
        },
        "childClaim": False,
        "niNumberComment": "Not known",
    },
    "medical": {
        "softTissue": True,
        "bone": False,
        "whiplash": True,
        "otherInjury": False,
        "injuryDescription": "Neck pain",
        "timeOffWork": False,
        "medicalAttention": True,
    },
    "accident": {
        "location": "Ring road",
        "description": "Hit from behind while stationary.",
        "claimantType": "Driver",
        "seatbeltWorn": True,
        "policeReported": False,
    },
    "liability": {"reasonsDefendantAtFault": "The defendant drove into the back of the claimant's car."},
}


def _cnf(rng: random.Random, number: int, compensator, sent: datetime) -> dict:
    form = copy.deepcopy(CNF_TEMPLATE)
    form["claimantRepresentative"]["referenceNumber"] = f"SEED-{number:07d}"
    form["claimant"]["surname"] = rng.choice(SURNAMES)
    form["claimant"]["askCuePiReference"] = f"CUE{number:09d}"
    form["defendant"]["insurer"] = {
        "organisationId": compensator.organisation_id,
        "insurerType": compensator.insurer_type,
    }
    form["accident"]["date"] = (sent - timedelta(days=rng.randint(3, 60))).date().isoformat()
    return form


def _claim(rng: random.Random, number: int, organisation: str, now: datetime) -> tuple[Claim, tuple | None]:
    phase, _, max_days, timeout = rng.choices(SPREAD, weights=[row[1] for row in SPREAD])[0]
    sent = now - timedelta(days=rng.uniform(0, max_days))
    compensator = rng.choice(COMPENSATORS)
    stamp = format_instant(sent)
    claim = Claim(
        application_id=f"{number:016d}",
        organisation=organisation,
        cr_reference=f"SEED-{number:07d}",
        phase=phase,
        guid=new_guid(),
        compensator_id=compensator.organisation_id,
        created_at=stamp,
        sent_at=stamp,
        updated_at=format_instant(sent + (now - sent) / 2),
        cnf=_cnf(rng, number, compensator, sent),
        is_mib=compensator.insurer_type == "M",
        details={"history": [], "versionMajor": 7, "versionMinor": 0},
    )
    event = None
    if timeout is not None:
        kind, days = timeout
        end = max(period_end(sent, days), now + timedelta(days=1))
        claim.timeout_type, claim.timeout_at = kind, format_instant(end)
        event = (
            claim.timeout_at,
            claim.application_id,
            "timeout",
            json.dumps({"type": kind, "at": claim.timeout_at}),
        )
    return claim, event


def seed_claims(store: Store, now: datetime, organisation: str, count: int, seed: int = 0) -> dict:
    """Insert ``count`` claims for ``organisation`` in one transaction; return a summary."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not security
    document = placeholder_document(DOCUMENT_TYPES["CNF"])  # one small PDF shared by every seeded claim
    with store.write() as conn:
        first = conn.execute("SELECT COALESCE(MAX(number), 0) + 1 FROM claims").fetchone()[0]
        rows = _rows(rng, range(first, first + count), organisation, now, document)
        for statement, values in zip(_INSERTS, rows, strict=True):
            conn.executemany(statement, values)
    return {
        "organisation": organisation,
        "claims": count,
        "firstApplicationId": f"{first:016d}",
        "queuedTimeouts": len(rows[-1]),
    }


_INSERTS = (
    CLAIM_INSERT,
    "INSERT INTO documents (application_id, document_type, title, file_name, size, content, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)",
    "INSERT INTO notifications (guid, organisation, application_id, message, created_at) "
    "VALUES (?, ?, ?, ?, ?)",
    "INSERT INTO due_events (due_at, claim_id, kind, payload) VALUES (?, ?, ?, ?)",
)


def _rows(rng: random.Random, numbers: range, organisation: str, now: datetime, document: bytes) -> tuple:
    """Rows for each of ``_INSERTS``: claims, their CNF documents, notifications and queued timeouts."""
    claims, documents, notifications, events = [], [], [], []
    for number in numbers:
        claim, event = _claim(rng, number, organisation, now)
        claims.append(claim_values(claim))
        application_id = claim.application_id
        documents.append(
            (application_id, "CNF", DOCUMENT_TYPES["CNF"], "CNF.pdf", len(document), document, claim.sent_at)
        )
        message = f"Claim {application_id}: updated by the compensator"
        notifications.append((new_guid(), organisation, application_id, message, claim.updated_at))
        if event:
            events.append(event)
    return claims, documents, notifications, events

"""Bulk seeding for benchmarks: tens of thousands of plausible claims in one transaction.

Claims get a status spread like a busy firm's book, created over the past year, with
system messages, some documents, notifications and assignments on past dates. Claims
waiting on a deadline get it queued in the future, so the first request after seeding
does not have to catch up on thousands of events.
"""

import hashlib
import json
import random
from datetime import datetime, timedelta

from simulators.common.business_days import add_business_days
from simulators.common.timeutil import format_instant
from simulators.oic import pdf
from simulators.oic.insurers import COMPENSATORS
from simulators.oic.lifecycle import compensator_assign
from simulators.oic.records import CLAIM_INSERT, Claim, claim_values, next_claim_number
from simulators.oic.reference import CLAIMANT_ACTIONS, NOTIFICATION_TYPES, SYSTEM_AUTHOR
from simulators.oic.store import Store

# (status, weight in %, how many days ago the claim was created at most)
SPREAD = (
    ("Pending-CompensatorAssignment", 2, 0.2),
    ("Pending-Liability", 20, 25),
    ("Pending-LiabilityRejected", 4, 120),
    ("Pending-Medical", 18, 200),
    ("Pending-CheckMedical", 5, 200),
    ("Pending-ProceedClaim", 4, 250),
    ("Pending-WaitPrognosisMedical", 3, 300),
    ("Pending-FirstOffer", 8, 300),
    ("Pending-ReviewOffer", 8, 330),
    ("Pending-RespondCounter", 3, 330),
    ("Pending-Withdrawal", 2, 1.5),
    ("Resolved-Completed", 15, 365),
    ("Resolved-Withdrawn", 5, 365),
    ("Resolved-RejectedLiability", 3, 365),
)
FIRST_NAMES = (
    "Amelia",
    "Oliver",
    "Isla",
    "George",
    "Ava",
    "Noah",
    "Mia",
    "Arthur",
    "Grace",
    "Leo",
    "Priya",
    "Mohammed",
)
LAST_NAMES = (
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Khan",
    "Patel",
    "Evans",
    "Thomas",
    "Roberts",
    "Walker",
)
TOWNS = (
    ("Leeds", "LS1 4AP"),
    ("Manchester", "M1 1AE"),
    ("Birmingham", "B1 1BB"),
    ("Bristol", "BS1 4DJ"),
    ("Cardiff", "CF10 1EP"),
)
MOTOR_INSURERS = [compensator for compensator in COMPENSATORS if not compensator.is_mib]


# The parts of a seeded claim form that are the same for every claim.
_FORM_TEMPLATE = {
    "consentConfirmed": True,
    "treatment": {"medicalAttentionSought": True},
    "replacementVehicle": {
        "repairHelpNeeded": False,
        "noRepairReason": "AlreadyRepaired",
        "hireVehicleNeeded": False,
        "noHireReason": "NotNeeded",
    },
    "statementOfTruth": {"firstName": "Fee", "lastName": "Earner", "jobTitle": "Paralegal"},
}
_ACCIDENT_TEMPLATE = {
    "accidentType": "HitInRear",
    "description": "Hit from behind while stationary.",
    "inEnglandOrWales": True,
    "policeReported": False,
    "dashcamOrPhotos": False,
}
_VEHICLE_TEMPLATE = {"vehicleType": "Car", "ownership": "Owner", "seatBeltWorn": True, "occupants": 1}


def _form(rng: random.Random, number: int, reference: str, created: datetime, insurer: str) -> dict:
    town, postcode = rng.choice(TOWNS)
    happened = created - timedelta(days=rng.randint(3, 60))
    return {
        **_FORM_TEMPLATE,
        "clientReference": reference,
        "claimant": _claimant(rng, number, town, postcode),
        "accident": {
            **_ACCIDENT_TEMPLATE,
            "dateTime": format_instant(happened),
            "location": f"{town} ring road",
        },
        "claimantVehicle": {**_VEHICLE_TEMPLATE, "registration": f"SE{number % 100:02d} EED"},
        "defendantVehicles": [{"registration": f"DF{number % 100:02d} XYZ"}],
        "insurer": {"name": insurer},
        "injuries": [{"bodyPart": "Neck", "isWhiplash": True, "prognosisMonths": rng.choice((3, 6, 9, 12))}],
    }


def _claimant(rng: random.Random, number: int, town: str, postcode: str) -> dict:
    return {
        "title": "Mx",
        "firstName": rng.choice(FIRST_NAMES),
        "lastName": rng.choice(LAST_NAMES),
        "dateOfBirth": f"{rng.randint(1950, 2000)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
        "address": {"line1": f"{number % 200 + 1} Station Road", "town": town, "postcode": postcode},
        "phoneNumber": f"07700 9{number % 100000:05d}",
        "email": f"claimant{number}@example.com",
        "nino": {"reasonForNoNino": "NotKnown", "employmentStatus": "Employed"},
        "involvement": "Driver",
    }


class _Rows:
    """Rows collected for executemany, one list per table, added in the tables' column order."""

    def __init__(self, document: bytes) -> None:
        self.document = document
        self.document_sha256 = hashlib.sha256(document).hexdigest()
        self.claims: list[tuple] = []
        self.messages: list[tuple] = []
        self.attachments: list[tuple] = []
        self.notifications: list[tuple] = []
        self.assignments: list[tuple] = []
        self.events: list[tuple] = []

    def message(self, claim: Claim, note_html: str, at: str) -> None:
        """A system message (and its NewMessage notification)."""
        self.messages.append((claim.claim_id, "System", SYSTEM_AUTHOR, note_html, at))
        self.notification(claim, "NewMessage", at)

    def notification(self, claim: Claim, kind: str, at: str, description: str | None = None) -> None:
        """A notification for the claim's organisation."""
        text = description or NOTIFICATION_TYPES[kind]
        self.notifications.append((claim.organisation, claim.claim_id, kind, text, at))

    def scnf_document(self, claim: Claim, at: str) -> None:
        """The SCNF attachment (the same small PDF for every seeded claim) and its notification."""
        name = f"{claim.claim_id}-SCNF.pdf"
        size, digest = len(self.document), self.document_sha256
        memo = "Small Claim Notification Form"
        self.attachments.append(
            (
                claim.claim_id,
                "SCNF",
                "UnsignedDocuments",
                name,
                memo,
                SYSTEM_AUTHOR,
                size,
                digest,
                self.document,
                at,
            )
        )
        self.notification(claim, "NewDocument", at)

    def assignment(self, claim: Claim, opened: datetime) -> None:
        """The open assignment of a claim waiting on the claimant representative."""
        instructions, goal, deadline = CLAIMANT_ACTIONS[claim.status]
        goal_at = format_instant(add_business_days(opened, goal))
        deadline_at = format_instant(add_business_days(opened, deadline))
        stamp = format_instant(opened)
        self.assignments.append(
            (
                claim.organisation,
                claim.claim_id,
                claim.status,
                instructions,
                "Open",
                stamp,
                stamp,
                goal_at,
                deadline_at,
            )
        )

    def event(self, due: datetime | str, claim: Claim, kind: str, payload: dict | None = None) -> None:
        """A queued due event."""
        due_at = due if isinstance(due, str) else format_instant(due)
        self.events.append((due_at, claim.claim_id, kind, json.dumps(payload or {})))


def _seed_claim(rows: _Rows, rng: random.Random, organisation: str, number: int, now: datetime) -> None:
    status, _, max_age_days = rng.choices(SPREAD, weights=[weight for _, weight, _ in SPREAD])[0]
    created = now - timedelta(seconds=rng.uniform(600, max_age_days * 86400))
    submitted = created + timedelta(minutes=3)
    updated = submitted + (now - submitted) * rng.uniform(0.3, 0.95)
    compensator = rng.choice(MOTOR_INSURERS)
    claim = _new_claim(organisation, number, status, created, submitted, updated)
    claim.scnf = _form(rng, number, claim.client_reference, created, compensator.name)
    if status != "Pending-CompensatorAssignment":
        compensator_assign(claim, compensator)
        claim.liability_started_at = claim.submitted_at
        claim.liability_deadline = format_instant(add_business_days(submitted, 30))
    _seed_liability(claim)
    _seed_offer(claim)
    _seed_history(rows, rng, claim, submitted, updated)
    _seed_due(rows, claim, now)
    rows.claims.append(claim_values(claim))


def _new_claim(organisation: str, number: int, status: str, created, submitted, updated) -> Claim:
    claim = Claim(
        claim_id=f"OIC-{number:08d}",
        organisation=organisation,
        status=status,
        created_at=format_instant(created),
        updated_at=format_instant(updated),
        client_reference=f"SEED-{number:08d}",
        submitted_at=format_instant(submitted),
    )
    claim.details = {"isClaimWithinCluster": False, "liability": {"liabilityHistory": []}, "offers": []}
    if status in {"Pending-Withdrawal", "Resolved-Withdrawn"}:
        claim.details.update(withdrawalReason="ClientInstructions", withdrawalMotivation=None)
    return claim


def _seed_liability(claim: Claim) -> None:
    """A liability decision for every claim past the liability stage."""
    if claim.status in {"Pending-CompensatorAssignment", "Pending-Liability", "Pending-Withdrawal"}:
        return
    denied = claim.status in {"Pending-LiabilityRejected", "Resolved-RejectedLiability"}
    decision = "Liability denied" if denied else "Liability admitted in full"
    claim.liability.update(
        liabilityDecision=decision, liabilityPercentage=0 if denied else 100, admittingFault=not denied
    )
    entry = {"actionedOn": claim.updated_at, "actionedBy": claim.compensator_org_name}
    claim.liability["liabilityHistory"].append({**entry, "compensatorComment": None, "claimantComment": None})


def _seed_offer(claim: Claim) -> None:
    """An offer for claims at the offer stage, accepted (with a settlement) for completed ones."""
    if claim.status not in {"Pending-ReviewOffer", "Pending-RespondCounter", "Resolved-Completed"}:
        return
    settled = claim.status == "Resolved-Completed"
    offer_id, stamp = f"{claim.claim_id}-OFR1", claim.updated_at
    amounts = {
        "tariffAmount": 495,
        "nonTariffAmount": 250,
        "otherLossesAmount": 0,
        "upliftPercentage": 0,
        "totalAmount": 745,
    }
    claim.details["offers"].append(
        {
            "offerID": offer_id,
            "offerType": "Offer",
            "madeBy": "Compensator",
            **amounts,
            "comment": None,
            "status": "Accepted" if settled else "Open",
            "createdDateTime": stamp,
            "respondedDateTime": stamp if settled else None,
        }
    )
    if settled:
        claim.details["settlement"] = {
            "offerID": offer_id,
            "amount": 745,
            "agreedDateTime": stamp,
            "comment": None,
        }


def _seed_history(
    rows: _Rows, rng: random.Random, claim: Claim, submitted: datetime, updated: datetime
) -> None:
    """Messages, notifications, a document for about a third of claims, and the open assignment."""
    rows.message(claim, "<p>The claim has been submitted.</p>", claim.submitted_at)
    rows.notification(
        claim, "StatusChanged", claim.updated_at, f"The claim status has changed to {claim.status}"
    )
    rows.message(claim, f"<p>Claim status: {claim.status}.</p>", claim.updated_at)
    if rng.random() < 0.35:
        rows.scnf_document(claim, format_instant(submitted + timedelta(minutes=5)))
    if claim.status in CLAIMANT_ACTIONS:
        rows.assignment(claim, updated)


def _seed_due(rows: _Rows, claim: Claim, now: datetime) -> None:
    """Queue the deadline a claim in this status is waiting for (always in the future)."""
    if claim.status == "Pending-Liability":
        rows.event(
            claim.liability_deadline, claim, "deemed_admission", {"deadline": claim.liability_deadline}
        )
    elif claim.status == "Pending-CompensatorAssignment":
        rows.event(add_business_days(now, 1), claim, "psc_assign")
    elif claim.status == "Pending-Withdrawal":
        rows.event(add_business_days(now, 3), claim, "withdrawal_ack")


def seed_claims(store: Store, now: datetime, organisation: str, count: int, seed: int = 0) -> dict:
    """Insert ``count`` claims for ``organisation`` in one transaction; return a summary."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data
    rows = _Rows(
        pdf.letter_pdf("SEEDED", "Small Claim Notification Form", "Seeded claim: content not reproduced.")
    )
    with store.write() as conn:
        first = next_claim_number(conn)
        for number in range(first, first + count):
            _seed_claim(rows, rng, organisation, number, now)
        _insert_all(conn, rows)
    statuses: dict[str, int] = {}
    for row in rows.claims:
        statuses[row[5]] = statuses.get(row[5], 0) + 1
    return {
        "organisation": organisation,
        "claims": count,
        "firstClaimID": f"OIC-{first:08d}",
        "statuses": statuses,
        "messages": len(rows.messages),
        "notifications": len(rows.notifications),
        "assignments": len(rows.assignments),
    }


def _insert_all(conn, rows: _Rows) -> None:
    conn.executemany(CLAIM_INSERT, rows.claims)
    conn.executemany(
        "INSERT INTO messages (claim_id, category, author, note, created_at) VALUES (?, ?, ?, ?, ?)",
        rows.messages,
    )
    conn.executemany(
        "INSERT INTO attachments (claim_id, category, sub_type, file_name, memo, author, size, sha256, "
        "content, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows.attachments,
    )
    conn.executemany(
        "INSERT INTO notifications (organisation, claim_id, notification_type, description, created_at) "
        "VALUES (?, ?, ?, ?, ?)",
        rows.notifications,
    )
    conn.executemany(
        "INSERT INTO assignments (organisation, claim_id, claim_status, instructions, status, created_at, "
        "updated_at, goal_at, deadline_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows.assignments,
    )
    conn.executemany(
        "INSERT INTO due_events (due_at, claim_id, kind, payload) VALUES (?, ?, ?, ?)", rows.events
    )

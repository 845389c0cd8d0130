"""Real PDF documents the portal produces: the SCNF, medical reports and letters.

Built by ``simulators.common.pdf``, so the same claim always gives byte-identical files and a
stable sha256.
"""

from datetime import datetime

from simulators.common import pdf
from simulators.common.timeutil import format_instant
from simulators.oic.records import Claim

_AUTHOR = "Official Injury Claim (simulated)"
_COLUMNS_MM = (55, 115)


def _section(title: str, rows: list[tuple[str, object]]) -> list:
    return pdf.section(title, rows, _COLUMNS_MM)


def _render(title: str, subtitle: str, flowables: list) -> bytes:
    return pdf.render(title, subtitle, flowables, author=_AUTHOR)


def scnf_pdf(claim: Claim) -> bytes:
    """The Small Claim Notification Form of a claim, as the portal renders it."""
    form = claim.scnf or {}
    sections = [
        (
            "Claim",
            [
                ("Claim ID", claim.claim_id),
                ("Client reference", claim.client_reference),
                ("Created", claim.created_at),
            ],
        ),
        ("Claimant", _claimant_rows(form.get("claimant") or {})),
        ("Accident", _accident_rows(form.get("accident") or {})),
        ("Vehicles", _vehicle_rows(form)),
        (
            "Insurer",
            _pick(
                form.get("insurer") or {}, name="Name", policyNumber="Policy number", reference="Reference"
            ),
        ),
        ("Injuries", [_injury_row(injury) for injury in form.get("injuries") or []]),
    ]
    flowables = [flowable for title, rows in sections for flowable in _section(title, rows)]
    return _render("Small Claim Notification Form", f"{claim.claim_id} - simulated OIC portal", flowables)


def _pick(source: dict, **labels: str) -> list[tuple[str, object]]:
    """(label, value) rows for the keys named, in order."""
    return [(label, source.get(key)) for key, label in labels.items()]


def _joined(source: dict, keys: tuple[str, ...], separator: str) -> str:
    return separator.join(str(source[key]) for key in keys if source.get(key))


def _claimant_rows(claimant: dict) -> list[tuple[str, object]]:
    address = claimant.get("address") or {}
    return [
        ("Name", _joined(claimant, ("title", "firstName", "lastName"), " ")),
        ("Date of birth", claimant.get("dateOfBirth")),
        ("Address", _joined(address, ("line1", "line2", "town", "county", "postcode"), ", ")),
        *_pick(claimant, phoneNumber="Phone", email="Email", involvement="Involvement"),
    ]


def _accident_rows(accident: dict) -> list[tuple[str, object]]:
    return _pick(
        accident,
        dateTime="Date and time",
        accidentType="Type",
        location="Location",
        description="Description",
        policeReported="Police reported",
    )


def _vehicle_rows(form: dict) -> list[tuple[str, object]]:
    vehicle = form.get("claimantVehicle") or {}
    rows = [("Claimant vehicle", f"{vehicle.get('registration') or ''} ({vehicle.get('vehicleType')})")]
    return rows + [
        ("Defendant vehicle", item.get("registration")) for item in form.get("defendantVehicles") or []
    ]


def _injury_row(injury: dict) -> tuple[str, str]:
    kind = "whiplash" if injury.get("isWhiplash") else "non-whiplash"
    return (str(injury.get("bodyPart")), f"{kind}, prognosis {injury.get('prognosisMonths')} months")


def medical_report_pdf(claim: Claim, now: datetime) -> bytes:
    """A short medical report from a (simulated) MedCo expert."""
    claimant = (claim.scnf or {}).get("claimant") or {}
    rows = [
        ("Claim ID", claim.claim_id),
        ("Claimant", f"{claimant.get('firstName', '')} {claimant.get('lastName', '')}".strip()),
        ("Examined", format_instant(now)),
        (
            "Opinion",
            "Injuries consistent with the accident described. Recovery expected within the prognosis period.",
        ),
    ]
    return _render("Medical report", "Fixed-cost MedCo report (simulated)", _section("Report", rows))


def letter_pdf(claim_id: str, title: str, body: str) -> bytes:
    """A one-section letter (compensator documents created by bulk activity)."""
    return _render(title, claim_id, _section(title, [("Claim ID", claim_id), ("Content", body)]))

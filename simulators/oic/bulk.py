"""Bulk compensator activity for benchmarks: "N open claims changed since the last sync"."""

import random

from simulators.common.errors import ApiError
from simulators.common.store import Tx
from simulators.oic import compensator, pdf
from simulators.oic.records import Upload, attachment_add, claim_load, message_add

KINDS = ("message", "document", "status")

# For each status the other side can move a claim out of: the action and its body.
STATUS_MOVES: dict[str, tuple[str, dict]] = {
    "Pending-CompensatorAssignment": (
        "assign-compensator",
        {"compensatorOrgName": "Aviva Insurance Limited"},
    ),
    "Open-Transferred": ("transfer-complete", {}),
    "Pending-Liability": ("liability", {"decision": "admitted"}),
    "Pending-Medical": ("medical-report", {}),
    "Pending-MedCausation": ("medical-report", {}),
    "Pending-MedicalAfterCourt": ("medical-report", {}),
    "Pending-MedicalPartLiable": ("medical-report", {}),
    "Pending-MedPartCausation": ("medical-report", {}),
    "Pending-Acknowledgement": ("acknowledge-offer", {}),
    "Pending-FurtherReport": ("medical-report", {}),
    "Pending-MRPReportReject": ("medical-report", {}),
    "Pending-FirstOffer": ("offer", {"tariffAmount": 840, "nonTariffAmount": 350, "otherLossesAmount": 120}),
    "Pending-RespondCounter": ("counter-response", {"action": "accept"}),
    "Pending-Withdrawal": ("acknowledge-withdrawal", {}),
    "Pending-RejectedLiability": ("acknowledge-denial", {}),
    "Pending-LiabilityListReview": ("court", {"action": "agree"}),
    "Pending-OfferListReview": ("court", {"action": "agree"}),
}


def _open_claims(tx: Tx, organisation: str) -> list[tuple[str, str]]:
    rows = tx.conn.execute(
        "SELECT claim_id, status FROM claims WHERE organisation = ? AND claim_type = 'OIC' "
        "AND status NOT LIKE 'Resolved-%' AND status != 'Pending-New' ORDER BY number",
        (organisation,),
    )
    return [(row["claim_id"], row["status"]) for row in rows]


def _shares(count: int, kinds: list[str]) -> dict[str, int]:
    return {kind: count // len(kinds) + (index < count % len(kinds)) for index, kind in enumerate(kinds)}


def bulk_activity(tx: Tx, organisation: str, count: int, kinds: list[str], seed: int | None) -> list[dict]:
    """Change ``count`` distinct open claims, spread evenly over ``kinds``; return what changed.

    A "status" change is the next step the other side can take from the claim's status,
    so only claims waiting on the compensator, an expert or the portal are chosen for it.
    """
    rng = random.Random(seed)  # noqa: S311 - reproducible test data
    candidates = _open_claims(tx, organisation)
    rng.shuffle(candidates)
    chosen: set[str] = set()
    changes = []
    for kind, share in _shares(count, kinds).items():
        eligible = [
            claim_id
            for claim_id, status in candidates
            if claim_id not in chosen and (kind != "status" or status in STATUS_MOVES)
        ]
        for claim_id in eligible[:share]:
            chosen.add(claim_id)
            changes.append({"claimID": claim_id, "kind": kind, "claimStatus": _change(tx, claim_id, kind)})
    return changes


def _change(tx: Tx, claim_id: str, kind: str) -> str:
    claim = claim_load(tx.conn, claim_id)
    author = claim.compensator_org_name or "Compensator"
    if kind == "message":
        note = "<p>Please see our updated position on this claim.</p>"
        message_add(tx, claim, category="CompResponseCategory", note_html=note, author=author)
    elif kind == "document":
        content = pdf.letter_pdf(claim_id, "Compensator response", "Our response to the claim is enclosed.")
        upload = Upload(
            f"{claim_id}-compensator-response.pdf", "CompensatorResponse", "UnsignedDocuments", content
        )
        attachment_add(tx, claim, upload, author=author)
    else:
        action, body = STATUS_MOVES[claim.status]
        try:
            compensator.ACTIONS[action](tx, claim, dict(body))
        except ApiError as error:  # a move that turned out not to apply is reported, not fatal
            return f"unchanged: {error.message}"
    return claim.status

"""The claim status machine: what the portal does whenever a claim changes status.

Claimant actions (``claimant.py``), compensator and support-centre actions
(``compensator.py``) and time-based events (``events.py``) decide *which* status comes
next; ``status_change`` does everything that goes with it, the same way every time.
"""

import html
import re
from datetime import timedelta

from simulators.common.business_days import add_business_days
from simulators.common.events import event_schedule, events_cancel
from simulators.common.store import Tx
from simulators.common.timeutil import format_instant, parse_instant
from simulators.oic.insurers import Compensator
from simulators.oic.records import (
    Claim,
    assignment_open,
    assignments_close,
    claim_children,
    claim_insert,
    claim_save,
    message_add,
    notification_add,
)
from simulators.oic.reference import (
    CLAIMANT_ACTIONS,
    MEDICAL_STAGE,
    SAME_WORK_AS,
    SYSTEM_AUTHOR,
    status_label,
)

# Statuses after which a claim has left the normal process: open work is cancelled, not completed.
LEAVING = frozenset({"Pending-Withdrawal", "Pending-Removal", "Resolved-Withdrawn", "Resolved-Removed"})

MEDICAL_FLOW = MEDICAL_STAGE | {
    "Pending-CheckMedical",
    "Pending-MRPReportReject",
    "Pending-FurtherReport",
    "Pending-ProceedClaim",
    "Pending-WaitPrognosisMedical",
}

LIABILITY_LABELS = {
    "admitted": "Liability admitted in full",
    "admitted_in_part": "Liability admitted in part",
    "denied": "Liability denied",
    "causation_disputed": "Causation disputed",
}


def note_html(*paragraphs: str) -> str:
    """System message text as the portal's HTML notes (every part escaped)."""
    return "".join(f"<p>{html.escape(paragraph)}</p>" for paragraph in paragraphs if paragraph)


def text_to_html(text: str) -> str:
    """A user's plain-text note as HTML: paragraphs on blank lines, <br> on line breaks."""
    paragraphs = [part.strip() for part in re.split(r"\n\s*\n", text.strip()) if part.strip()]
    return "".join("<p>" + html.escape(part).replace("\n", "<br>") + "</p>" for part in paragraphs)


def status_change(
    tx: Tx, claim: Claim, new_status: str, *, headline: str, category: str = "System", announce: bool = True
) -> None:
    """Move a claim to ``new_status`` with everything the portal does on the way.

    1. Close the claim's open assignments: Completed, or Cancelled when it leaves the process.
    2. Save the new status.
    3. Open an assignment if the claimant representative must act in the new status.
    4. Unless ``announce`` is false (a Portal Support Centre compensator assignment, which
       the real portal does not notify), raise StatusChanged and write a system message.
    5. Apply the entry rules of the new status (deadlines, acknowledgements, child claims).
    """
    previous = claim.status
    assignments_close(tx, claim, "Cancelled" if new_status in LEAVING else "Completed")
    claim.status = new_status
    claim_save(tx, claim)
    _open_assignment(tx, claim)
    if announce:
        notification_add(tx, claim, "StatusChanged", f"The claim status has changed to {new_status}")
        label = status_label(new_status)
        note = note_html(headline, f"Claim status: {label} ({new_status}).")
        message_add(tx, claim, category=category, note_html=note, author=SYSTEM_AUTHOR)
    _ENTRY_RULES.get(new_status, _no_rule)(tx, claim)
    _follow_medical_child(tx, claim, previous)


def _open_assignment(tx: Tx, claim: Claim) -> None:
    work = SAME_WORK_AS.get(claim.status, claim.status)
    entry = CLAIMANT_ACTIONS.get(work)
    if entry is None:
        return
    instructions, goal_days, deadline_days = entry
    period = tx.config.assignment_periods.get(work, {})
    goal = add_business_days(tx.now, period.get("goalBusinessDays", goal_days))
    deadline = add_business_days(tx.now, period.get("deadlineBusinessDays", deadline_days))
    assignment_open(tx, claim, instructions, goal, deadline)


def _no_rule(tx: Tx, claim: Claim) -> None:
    """Most statuses need nothing beyond the common side effects."""


def start_liability_clock(tx: Tx, claim: Claim) -> None:
    """Set the liability deadline (30 or 40 business days) and queue the deemed admission.

    The period runs from when the claim first reached a compensator; a transfer keeps the
    start but re-applies the period of the new compensator (MIB has longer).
    """
    if claim.liability_started_at is None:
        claim.liability_started_at = tx.stamp
    days = tx.config.liability_business_days_mib if claim.is_mib else tx.config.liability_business_days
    deadline = add_business_days(parse_instant(claim.liability_started_at), days)
    claim.liability_deadline = format_instant(deadline)
    claim_save(tx, claim)
    events_cancel(tx, claim.claim_id, "deemed_admission")
    event_schedule(
        tx, max(deadline, tx.now), "deemed_admission", claim.claim_id, {"deadline": claim.liability_deadline}
    )


def _after_business_days(kind: str, setting: str):
    """An entry rule queuing ``kind`` after a configurable number of business days (0 = never)."""

    def rule(tx: Tx, claim: Claim) -> None:
        """Queue the event unless the setting is 0."""
        days = getattr(tx.config, setting)
        if days > 0:
            event_schedule(
                tx, add_business_days(tx.now, days), kind, claim.claim_id, {"status": claim.status}
            )

    return rule


def _schedule_transfer(tx: Tx, claim: Claim) -> None:
    due = tx.now + timedelta(seconds=tx.config.transfer_delay_seconds)
    event_schedule(tx, due, "transfer_complete", claim.claim_id)


_ENTRY_RULES = {
    "Pending-Liability": start_liability_clock,
    "Pending-CompensatorAssignment": _after_business_days("psc_assign", "psc_assignment_business_days"),
    "Pending-Withdrawal": _after_business_days("withdrawal_ack", "withdrawal_ack_business_days"),
    "Pending-RejectedLiability": _after_business_days("denial_ack", "denial_ack_business_days"),
    "Open-Transferred": _schedule_transfer,
}


def child_create(tx: Tx, parent: Claim, kind: str, status: str, details: dict | None = None) -> Claim:
    """Create a MED or CL child claim of ``parent`` (ids like OIC-00000001-CL1)."""
    siblings = [child for child in claim_children(tx.conn, parent.claim_id) if child.claim_type == kind]
    child = Claim(
        claim_id=f"{parent.claim_id}-{kind}{len(siblings) + 1}",
        organisation=parent.organisation,
        status=status,
        created_at=tx.stamp,
        updated_at=tx.stamp,
        claim_type=kind,
        parent_claim_id=parent.claim_id,
        submitted_at=tx.stamp,
        compensator_org_name=parent.compensator_org_name,
        insurer_id=parent.insurer_id,
        is_mib=parent.is_mib,
        details=details or {},
    )
    return claim_insert(tx, child)


def open_child(conn, parent: Claim, kind: str) -> Claim | None:
    """The parent's child claim of ``kind`` that is not resolved, if any."""
    for child in claim_children(conn, parent.claim_id):
        if child.claim_type == kind and not child.status.startswith("Resolved-"):
            return child
    return None


def _follow_medical_child(tx: Tx, claim: Claim, previous: str) -> None:
    """Open a MED child claim when the medical stage starts, and close it when it ends.

    The medical sub-claim is the object a medical expert works on; the claimant side
    follows the parent, so the child changes status quietly.
    """
    if claim.claim_type != "OIC":
        return
    if claim.status in MEDICAL_STAGE and open_child(tx.conn, claim, "MED") is None:
        child_create(tx, claim, "MED", "Pending-Medical")
    elif previous in MEDICAL_FLOW and claim.status not in MEDICAL_FLOW:
        child = open_child(tx.conn, claim, "MED")
        if child is not None:
            child.status = "Resolved-Completed"
            claim_save(tx, child)


def compensator_assign(claim: Claim, compensator: Compensator) -> None:
    """Record who the compensator is, with a claim reference and handler contact."""
    claim.compensator_org_name = compensator.name
    claim.insurer_id = compensator.insurer_id
    claim.is_mib = compensator.is_mib
    digits = claim.claim_id.removeprefix("OIC-")
    claim.details.update(
        claimReferenceNumber=f"{compensator.insurer_id.removeprefix('INS-')[:4]}-{digits}",
        claimHandlerName="Motor Injury Claims Team",
        claimHandlerPhone=f"0113 496 0{int(digits) % 1000:03d}",
        claimHandlerEmail=f"oic.claims@{compensator.email_domain}",
    )


def liability_record(
    tx: Tx, claim: Claim, *, decision: str, percentage: int, actor: str, comment: str | None, **fields
) -> None:
    """Store a liability decision and append it to the liability history."""
    liability = claim.liability
    liability.update(
        liabilityDecision=LIABILITY_LABELS[decision],
        liabilityPercentage=percentage,
        admittingFault=decision != "denied",
        comments=comment,
        **fields,
    )
    liability["liabilityHistory"].append(
        {"actionedOn": tx.stamp, "actionedBy": actor, "compensatorComment": comment, "claimantComment": None}
    )


def claimant_history(tx: Tx, claim: Claim, *, actor: str, comment: str | None, **fields) -> None:
    """Store the claimant's answer on liability and append it to the history."""
    claim.liability.update(**fields)
    claim.liability["liabilityHistory"].append(
        {"actionedOn": tx.stamp, "actionedBy": actor, "compensatorComment": None, "claimantComment": comment}
    )

"""The OIC portal's time-based behaviour: SCNF production, PSC assignment, deadlines, acknowledgements.

Queued and run by ``simulators.common.events``; a notification raised by a deadline carries
the deadline's time even if the clock jumped far past it.
"""

from simulators.common.events import DueEvents
from simulators.common.store import Tx
from simulators.oic import compensator, pdf, scenarios
from simulators.oic.records import Claim, Upload, attachment_add, claim_load
from simulators.oic.reference import SYSTEM_AUTHOR


def _scnf(tx: Tx, claim: Claim, payload: dict) -> None:
    """The portal produces the Small Claim Notification Form a few minutes after create."""
    upload = Upload(
        file_name=f"{claim.claim_id}-SCNF.pdf",
        category="SCNF",
        sub_type="UnsignedDocuments",
        content=pdf.scnf_pdf(claim),
        memo="Small Claim Notification Form",
    )
    attachment_add(tx, claim, upload, author=SYSTEM_AUTHOR)


def _when_status(status: str, action):
    """An event that performs ``action`` only if the claim is still in ``status``."""

    def handler(tx: Tx, claim: Claim, payload: dict) -> None:
        """Skip the event if the claim has moved on."""
        if claim.status == status:
            action(tx, claim, {})

    return handler


HANDLERS = {
    "scnf": _scnf,
    "psc_assign": lambda tx, claim, payload: compensator.psc_assign_due(tx, claim),
    "deemed_admission": lambda tx, claim, payload: compensator.deemed_admission_due(
        tx, claim, payload["deadline"]
    ),
    "withdrawal_ack": _when_status("Pending-Withdrawal", compensator.acknowledge_withdrawal),
    "denial_ack": _when_status("Pending-RejectedLiability", compensator.acknowledge_denial),
    "transfer_complete": _when_status("Open-Transferred", compensator.transfer_complete),
    "scenario_step": lambda tx, claim, payload: scenarios.run_step(tx, claim, payload["index"]),
}

DUE_EVENTS = DueEvents(HANDLERS, claim_load)

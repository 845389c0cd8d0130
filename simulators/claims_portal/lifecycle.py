"""Phase changes and protocol timeouts: what the portal does whenever a claim moves on.

Claimant actions (``claimant.py``), compensator actions (``compensator.py``) and time
(``events.py``) decide *which* phase comes next; ``phase_change`` does everything that goes
with it, the same way every time. Timeouts follow claims-portal.md 3.2: periods are business
days (England and Wales), and a period of N days ends at midnight (London) after the Nth
business day, the portal's "timeout date" being the day after the last allowed day.
"""

from datetime import date, datetime, time, timedelta

from simulators.claims_portal import scenarios
from simulators.claims_portal.phases import BEFORE_LIABILITY
from simulators.claims_portal.records import Claim, claim_save, document_add, notification_add
from simulators.common.business_days import add_business_days, is_business_day
from simulators.common.events import event_schedule, events_cancel
from simulators.common.store import Tx
from simulators.common.timeutil import LONDON, format_instant, london_date, parse_instant

# The phases each kind of timeout keeps running through (it is cleared on leaving them).
TIMED_PHASES = {
    "LiabilityDecisionTimeout": BEFORE_LIABILITY,
    "InterimPaymentTimeout": frozenset({"InterimPaymentDecision"}),
    "Stage2DecisionOrCounterOfferTimeout": frozenset(
        {
            "Stage2SettlementPackDecision",
            "Stage2SettlementPackCounterOfferDecision",
            "Stage2SettlementPackCRCounterOfferDecision",
            "Stage2SettlementPackAgreementDecision",
        }
    ),
}
# Where a claim goes when its timeout is reached.
TIMEOUT_TARGETS = {
    "LiabilityDecisionTimeout": "LiabilityDecisionTimeout",
    "InterimPaymentTimeout": "InterimPaymentDecisionTimeout",
    "Stage2DecisionOrCounterOfferTimeout": "Stage2SettlementPackDecisionTimeout",
}
# Warning notifications (5.9): 5 days left for the liability decision only, 3 days left for all.
WARNING_DAYS = {
    "LiabilityDecisionTimeout": (5, 3),
    "InterimPaymentTimeout": (3,),
    "Stage2DecisionOrCounterOfferTimeout": (3,),
}


def period_end(start: datetime, business_days: int) -> datetime:
    """The instant a period of ``business_days`` from ``start`` runs out (midnight after the last day)."""
    last_day = london_date(add_business_days(start, business_days))
    return datetime.combine(last_day + timedelta(days=1), time(0), tzinfo=LONDON).astimezone(start.tzinfo)


def _last_allowed_day(end: datetime) -> date:
    return london_date(end - timedelta(microseconds=1))


def business_days_left(now: datetime, end: datetime) -> int:
    """Business days from today (London) to the last allowed day of a period, both included."""
    day, last, count = london_date(now), _last_allowed_day(end), 0
    while day <= last:
        count += is_business_day(day)
        day += timedelta(days=1)
    return count


def phase_change(
    tx: Tx, claim: Claim, phase: str, *, by: str, action: str, notice: str | None = None, **facts
):
    """Move a claim to ``phase`` with everything the portal does on the way.

    1. Record the step in the claim's process history.
    2. Clear the running timeout if the new phase is outside it.
    3. Save with a new activityEngineGuid (the old one is now stale).
    4. Notify the claimant representative of a change the other side (or the portal) made;
       the portal does not notify a party of its own changes (5.9).
    5. On entering a phase, queue the scripted compensator's answer, if a rule has one.
    """
    entered = phase != claim.phase or "phaseEnteredAt" not in claim.details
    claim.phase = phase
    if entered:
        claim.details["phaseEnteredAt"] = tx.stamp
    claim.history(tx, action, by, **facts)
    if claim.timeout_type and phase not in TIMED_PHASES[claim.timeout_type]:
        timeout_clear(tx, claim)
    claim_save(tx, claim)
    if notice and by != "CR":
        notification_add(tx, claim, f"Claim {claim.application_id}: {notice}")
    if entered:
        scenarios.schedule(tx, claim)


def timeout_start(tx: Tx, claim: Claim, kind: str, start: datetime, business_days: int) -> None:
    """Start (or restart) the claim's ``kind`` timeout: ``business_days`` from ``start``."""
    timeout_set(tx, claim, kind, period_end(start, business_days))


def timeout_set(tx: Tx, claim: Claim, kind: str, end: datetime) -> None:
    """Set the claim's current timeout to ``end`` and queue its warnings and the timeout itself."""
    events_cancel(tx, claim.application_id, "timeout", "timeout_warning")
    claim.timeout_type, claim.timeout_at = kind, format_instant(end)
    payload = {"type": kind, "at": claim.timeout_at}
    event_schedule(tx, max(end, tx.now), "timeout", claim.application_id, payload)
    for days_left in WARNING_DAYS[kind]:
        warn_at = _days_before(end, days_left)
        if warn_at > tx.now:
            event_schedule(
                tx, warn_at, "timeout_warning", claim.application_id, {**payload, "daysLeft": days_left}
            )


def _days_before(end: datetime, days_left: int) -> datetime:
    """Midnight starting the business day from which ``days_left`` business days remain (today included)."""
    day = _last_allowed_day(end)
    while not is_business_day(day):
        day -= timedelta(days=1)
    counted = 1
    while counted < days_left:
        day -= timedelta(days=1)
        counted += is_business_day(day)
    return datetime.combine(day, time(0), tzinfo=LONDON).astimezone(end.tzinfo)


def timeout_clear(tx: Tx, claim: Claim) -> None:
    """No timeout runs any more."""
    events_cancel(tx, claim.application_id, "timeout", "timeout_warning")
    claim.timeout_type = claim.timeout_at = None


def timeout_due(claim: Claim, payload: dict) -> bool:
    """True if a queued timeout event is still the claim's current one."""
    kind = payload["type"]
    return (
        claim.timeout_type == kind and claim.timeout_at == payload["at"] and claim.phase in TIMED_PHASES[kind]
    )


def timeout_end(claim: Claim) -> datetime | None:
    """The claim's current timeout instant."""
    return parse_instant(claim.timeout_at) if claim.timeout_at else None


def document_generate(tx: Tx, claim: Claim, document_type: str) -> int:
    """Produce and store the printable document of this step (a new version each time)."""
    from simulators.claims_portal import pdf  # reportlab loads only when a document is made

    return document_add(
        tx, claim, document_type, pdf.DOCUMENT_TYPES[document_type], pdf.claim_document(claim, document_type)
    )

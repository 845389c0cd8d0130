"""The actions a Claims Portal claim asks of the firm, as ClaimDesk's Assignments (tasks with deadlines).

The Claims Portal has no assignments feed: its work list is "the claims waiting for you" and each
claim carries its protocol timeouts (claims-portal.md 5.2, 5.6). So while a claim's phase waits
for the claimant representative, this module makes one Assignment of it:

- its id is stable for the visit to that phase — application id, phase, and the instant the claim
  entered the phase (from the claim's history; without one, its version) — so a re-read never
  makes a second task, and the next visit to the same phase makes a new one;
- its deadline is the last allowed moment of the portal's running timeout, where one runs (the
  portal computes it in England and Wales business days); its goal is two business days earlier;
- without a timeout the protocol sets no deadline: the goal is our practice, a few business days
  after the claim came back to the firm.
"""

import datetime as dt
import hashlib
from zoneinfo import ZoneInfo

from django.utils import timezone

from lib.business_days import add_business_days
from portal.base import Assignment
from portal.claims_portal import schemas
from portal.claims_portal.statuses import OUR_TURN, status_info

LONDON = ZoneInfo("Europe/London")
GOAL_BEFORE_DEADLINE = 2  # business days
# Business days after the claim came back to the firm, by the kind of step (our practice, not the protocol's).
ACKNOWLEDGE_WITHIN, DECIDE_WITHIN = 2, 5
_DECISIONS = {
    "StartOfStage21",
    "InterimSettlementPackForm",
    "AcceptanceOfPartialInterimPayment",
    "Stage2SettlementPackForm",
    "Stage2SettlementPackCounterOfferDecision",
    "Stage2SettlementPackAgreementDecision",
    "ClaimRejectedToCR",
    "WaitingForInterimPayment",
}


def assignment_id(application_id: str, phase: str, entered: dt.datetime | None, version: str) -> str:
    """Stable for one visit to a phase (at most 95 characters: a task key has room for that)."""
    if entered is not None:
        visit = entered.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%S")
    else:
        visit = "v" + hashlib.sha256(version.encode()).hexdigest()[:12]
    return f"{application_id}:{phase}:{visit}"


def _end_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(17, 0), tzinfo=LONDON)


def our_action(doc: dict) -> Assignment | None:
    """The action the claim (``getClaim``'s document) asks of the firm now, or None when it waits for
    the compensator or has left the portal."""
    state = schemas.claim_info_state(doc)
    if state.status not in OUR_TURN:
        return None
    entered = schemas.phase_entered_at(doc, state.status)
    _, times_out = schemas.timeout(doc)
    since = timezone.localdate(entered) if entered else timezone.localdate()
    if times_out is not None:
        deadline = times_out - dt.timedelta(seconds=1)  # the last allowed moment of the last allowed day
        goal_day = max(add_business_days(timezone.localdate(deadline), -GOAL_BEFORE_DEADLINE), since)
        goal = min(_end_of(goal_day), deadline)
    else:
        deadline = None
        days = DECIDE_WITHIN if state.status in _DECISIONS else ACKNOWLEDGE_WITHIN
        goal = _end_of(add_business_days(since, days))
    return Assignment(
        portal_id=assignment_id(state.claim_id, state.status, entered, state.version),
        claim_id=state.claim_id,
        instructions=status_info(state.status).label,
        deadline=deadline,
        goal=goal,
        created_at=entered,
        updated_at=entered,
        is_open=True,
    )

"""The daily supervision run: each step is idempotent, so running it twice in a day changes nothing."""

import logging

from portal.models import PortalClaim
from supervision.services.drift import drift_report_run
from supervision.services.limitation import limitation_escalate, limitation_refresh_due
from supervision.services.snapshots import liability_timings_record, settlements_value

logger = logging.getLogger(__name__)


def supervision_daily(*, trigger: str = "nightly") -> dict:
    """1. Bring stored limitation dates up to date; 2. raise (or close) limitation warnings;
    3. record new liability timings and settlement valuations; 4. run the drift report."""
    moved = limitation_refresh_due()
    escalation = limitation_escalate()
    claims = PortalClaim.objects.filter(is_active=True)
    timings = liability_timings_record(claims=claims)
    valued = settlements_value(claims=claims)
    run = drift_report_run(trigger=trigger)
    summary = {
        "limitation_dates_moved": moved,
        "warnings_raised": escalation.raised,
        "warnings_closed": escalation.closed,
        "liability_timings": timings,
        "settlements_valued": valued,
        "drift_lines": run.found,
        "drift_new": run.new,
        "drift_resolved": run.resolved,
    }
    logger.info("Supervision run: %s", summary)
    return summary

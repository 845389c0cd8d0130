"""Two facts the dashboard aggregates but cannot read straight from a table, kept as small snapshots:

- a settled claim's tariff valuation (``case_valuation`` reads several tables per case, so the figure
  is computed once per settled claim, and again only when the case changed since);
- how long the compensator took to decide liability (from the first history line recording it).

Both are derived data (no case history line): refreshed for what is new each night and before the
dashboard counts, so the query count of a page never grows with the number of cases.
"""

import datetime as dt

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from cases.models import CaseEvent
from lib.business_days import business_days_between
from portal.models import Outcome, PortalClaim
from supervision.models import LiabilityTiming, SettlementValuation
from valuation.services import case_valuation

LIABILITY_FIELD = "Liability decision"
# Stored limitation dates brought up to date per page (the daily run does all the rest).
LIMITATION_REFRESH_LIMIT = 500  # the history's label for PortalClaim.liability_decision


def settlement_date():
    """When a settled claim settled: the portal's settlement, else when it reached its settled status."""
    return Coalesce("settled_at", "status_since", "last_synced_at")


def settlements_value(*, claims: QuerySet[PortalClaim], since: dt.datetime | None = None) -> int:
    """Value (or value again) the settled claims among ``claims`` whose valuation is missing or stale."""
    fresh = SettlementValuation.objects.filter(
        claim=OuterRef("pk"), valued_at__gte=OuterRef("case__updated_at")
    )
    todo = claims.filter(outcome=Outcome.SETTLED).annotate(settled_on=settlement_date())
    todo = todo.filter(settled_on__isnull=False).filter(~Exists(fresh))
    if since is not None:
        todo = todo.filter(settled_on__gte=since)
    count = 0
    for claim in todo.select_related("case__accident", "case__claimant_vehicle").prefetch_related(
        "case__injuries", "case__losses"
    ):
        valuation = case_valuation(claim.case)
        SettlementValuation.objects.update_or_create(
            claim=claim,
            defaults={
                "case": claim.case,
                "team_id": claim.case.team_id,
                "settled_at": claim.settled_on,
                "settled_amount": claim.settled_amount,
                "valuation_total": valuation.total if valuation.available else None,
                "valuation_reason": valuation.reason[:300],
                "valued_at": timezone.now(),
            },
        )
        count += 1
    return count


def _first_decision(claim: PortalClaim, since: dt.datetime) -> dt.datetime | None:
    events = CaseEvent.objects.filter(case_id=claim.case_id, kind="portal.sync", created_at__gte=since)
    for created_at, changes in events.order_by("created_at", "id").values_list("created_at", "changes"):
        for row in changes or []:
            if row.get("field") == LIABILITY_FIELD and row.get("after"):
                return created_at
    return None


def liability_timings_record(*, claims: QuerySet[PortalClaim]) -> int:
    """Record how long each newly decided claim among ``claims`` waited for its liability decision."""
    todo = (
        claims.exclude(liability_decision="")
        .filter(Q(completed_at__isnull=False) | Q(submitted_at__isnull=False))
        .filter(~Exists(LiabilityTiming.objects.filter(claim=OuterRef("pk"))))
        .select_related("case")
    )
    count = 0
    for claim in todo:
        started = claim.completed_at or claim.submitted_at
        decided = _first_decision(claim, started)
        days = None
        if decided is not None:
            days = business_days_between(timezone.localdate(started), timezone.localdate(decided))
        LiabilityTiming.objects.create(
            claim=claim,
            case=claim.case,
            team_id=claim.case.team_id,
            compensator_name=claim.compensator_name or "Not known",
            decision=claim.liability_decision,
            started_at=started,
            decided_at=decided,
            days=days,
        )
        count += 1
    return count


def derived_refresh(*, cases: QuerySet, claims: QuerySet[PortalClaim], since: dt.datetime) -> None:
    """Bring what a page counts up to date for a scope before counting: limitation dates of changed
    cases (a bounded batch; the daily run does the rest), liability timings, this month's settlements."""
    from supervision.services.limitation import limitation_refresh_due

    limitation_refresh_due(cases=cases, limit=LIMITATION_REFRESH_LIMIT)
    liability_timings_record(claims=claims)
    settlements_value(claims=claims, since=since)

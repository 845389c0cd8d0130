"""The team dashboard's figures: a few GROUP BY queries per page, cached for minutes per team (or per
fee earner), never a loop over cases in Python."""

import datetime as dt
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count, F, Max, Min, Q, QuerySet, Sum, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from supervision.conf import setting
from supervision.models import LiabilityTiming, SettlementValuation
from supervision.selectors import measures
from supervision.selectors.drift import drift_open_count
from supervision.selectors.portals import UNKNOWN_STAGE, installed
from supervision.selectors.scope import Scope
from supervision.services.snapshots import derived_refresh

CACHE_VERSION = 1


def cache_key(scope: Scope) -> str:
    return f"supervision:dashboard:{CACHE_VERSION}:{scope.key}"


def dashboard(scope: Scope) -> dict:
    """The scope's figures, from the cache when they are fresh enough."""
    seconds = setting("SUPERVISION_CACHE_SECONDS")
    return cache.get_or_set(cache_key(scope), lambda: dashboard_build(scope), seconds)


def dashboard_forget(scope: Scope) -> None:
    cache.delete(cache_key(scope))


def medians(rows: QuerySet, *, group: str, value: str) -> dict:
    """The median ``value`` per ``group`` computed in the database: each group's middle row (or two)
    picked with a window function, so only two rows per group leave the database."""
    ranked = rows.annotate(
        _rank=Window(RowNumber(), partition_by=[F(group)], order_by=F(value).asc()),
        _size=Window(Count("pk"), partition_by=[F(group)]),
    )
    middles = ranked.annotate(_twice=F("_rank") * 2)
    middles = middles.filter(_twice__gte=F("_size"), _twice__lte=F("_size") + 2)
    found: dict = {}
    for row in middles.values(group, value):
        found.setdefault(row[group], []).append(row[value])
    return found


def _mean(values: list) -> Decimal:
    return Decimal(sum(values)) / len(values)


def _days_since(moment: dt.datetime | None, today: dt.date) -> int | None:
    return None if moment is None else (today - timezone.localdate(moment)).days


def _median_days(values: list, today: dt.date) -> Decimal | None:
    if not values:
        return None
    return _mean([_days_since(v, today) for v in values])


def _portal_stages(scope: Scope, portal, now, today) -> dict:
    claims = scope.claims().filter(portal=portal.portal, outcome="open")
    per_status = claims.values("status").annotate(
        count=Count("pk"),
        oldest=Min("status_since"),
        late=Count("pk", filter=measures.past_deadline_q(portal, now, today)),
    )
    stage_of = {code: stage for stage, codes in portal.stage_codes.items() for code in codes}
    stages = {stage: {"claims": 0, "oldest": None, "past_deadline": 0} for stage in portal.stages}
    for row in per_status:
        stage = stage_of.get(row["status"], UNKNOWN_STAGE)
        entry = stages.setdefault(stage, {"claims": 0, "oldest": None, "past_deadline": 0})
        entry["claims"] += row["count"]
        entry["past_deadline"] += row["late"]
        if row["oldest"] and (entry["oldest"] is None or row["oldest"] < entry["oldest"]):
            entry["oldest"] = row["oldest"]
    middle = medians(
        claims.filter(status_since__isnull=False).annotate(stage=portal.stage_expression()),
        group="stage",
        value="status_since",
    )
    not_submitted = measures.cases_not_submitted(scope.cases(), portal.portal).count()
    return {
        "portal": portal.portal,
        "label": portal.label,
        "not_submitted": not_submitted,
        "total": sum(s["claims"] for s in stages.values()),
        "stages": [
            {
                "stage": stage,
                "claims": entry["claims"],
                "median_days": _median_days(middle.get(stage, []), today),
                "worst_days": _days_since(entry["oldest"], today),
                "past_deadline": entry["past_deadline"],
            }
            for stage, entry in stages.items()
        ],
    }


def _tasks(scope: Scope, today: dt.date) -> list[dict]:
    rows = (
        scope.tasks()
        .filter(status="open")
        .values("assignee_id", "assignee__first_name", "assignee__last_name", "assignee__username")
        .annotate(
            open=Count("pk"),
            overdue=Count("pk", filter=Q(due_date__lt=today)),
            due_this_week=Count("pk", filter=Q(due_date__gte=today, due_date__lte=measures.week_end(today))),
        )
        .order_by("-overdue", "assignee__first_name", "assignee__last_name")
    )
    return [
        {
            "assignee_id": row["assignee_id"],
            "name": f"{row['assignee__first_name']} {row['assignee__last_name']}".strip()
            or row["assignee__username"],
            "open": row["open"],
            "overdue": row["overdue"],
            "due_this_week": row["due_this_week"],
            "later": row["open"] - row["overdue"] - row["due_this_week"],
        }
        for row in rows
    ]


def _settlements(scope: Scope, today: dt.date) -> dict:
    start = measures.local_midnight(measures.month_start(today))
    end = measures.local_midnight(measures.next_month(today))
    valued = Q(valuation_total__isnull=False, settled_amount__isnull=False)
    totals = SettlementValuation.objects.filter(
        case__in=scope.cases(), settled_at__gte=start, settled_at__lt=end
    ).aggregate(
        count=Count("pk"),
        amount=Sum("settled_amount"),
        valued=Count("pk", filter=valued),
        valued_amount=Sum("settled_amount", filter=valued),
        valuation_total=Sum("valuation_total", filter=valued),
    )
    zero = Decimal("0.00")
    totals = {k: (v if v is not None else zero) for k, v in totals.items()}
    totals["difference"] = totals["valued_amount"] - totals["valuation_total"]
    totals["month"] = measures.month_start(today)
    return totals


def _liability_times(scope: Scope, today: dt.date) -> list[dict]:
    since = measures.local_midnight(today - dt.timedelta(days=365))
    timings = LiabilityTiming.objects.filter(case__in=scope.cases(), days__isnull=False)
    timings = timings.filter(decided_at__gte=since)
    rows = timings.values("compensator_name").annotate(claims=Count("pk"), worst=Max("days"))
    middle = medians(timings, group="compensator_name", value="days")
    result = [
        {
            "compensator": row["compensator_name"],
            "claims": row["claims"],
            "median_days": _mean(middle[row["compensator_name"]]),
            "worst_days": row["worst"],
        }
        for row in rows
    ]
    return sorted(result, key=lambda r: (-r["median_days"], r["compensator"]))


def _limitation(scope: Scope, today: dt.date) -> list[dict]:
    live = scope.cases().filter(status__in=measures.LIVE_STATUSES)
    one, three, six = (measures.months_before(today, -m) for m in (1, 3, 6))
    counted = Q(lacks_capacity=False, limitation_date__isnull=False)
    totals = live.aggregate(
        passed=Count("pk", filter=counted & Q(limitation_date__lt=today)),
        m1=Count("pk", filter=counted & Q(limitation_date__gte=today, limitation_date__lte=one)),
        m3=Count("pk", filter=counted & Q(limitation_date__gt=one, limitation_date__lte=three)),
        m6=Count("pk", filter=counted & Q(limitation_date__gt=three, limitation_date__lte=six)),
    )
    keys = {"passed": "passed", "1m": "m1", "3m": "m3", "6m": "m6"}
    return [
        {"band": band, "label": label, "cases": totals[keys[band]]}
        for band, label in measures.LIMITATION_BANDS.items()
    ]


def dashboard_build(scope: Scope, *, now: dt.datetime | None = None) -> dict:
    """Count every figure of the dashboard for ``scope`` now (see the module docstring)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    portals = installed()
    claims, cases = scope.claims(), scope.cases()
    derived_refresh(cases=cases, claims=claims, since=measures.local_midnight(measures.month_start(today)))
    return {
        "as_of": now,
        "scope": scope.label,
        "whole_team": scope.whole_team,
        "portals": [_portal_stages(scope, portal, now, today) for portal in portals],
        "tasks": _tasks(scope, today),
        "liability_overdue": measures.claims_liability_overdue(claims, portals, now).count(),
        "pending_new": measures.claims_pending_new(claims, portals, today).count(),
        "dormant": [
            {"days": days, "cases": measures.cases_dormant(cases, days, now).count()}
            for days in measures.DORMANT_DAYS
        ],
        "settlements": _settlements(scope, today),
        "liability_times": _liability_times(scope, today),
        "limitation": _limitation(scope, today),
        "drift": drift_open_count(cases=cases),
    }

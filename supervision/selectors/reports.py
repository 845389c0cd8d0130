"""The lists behind the dashboard's figures: one report per figure, each a queryset (the same one the
figure counts) and its columns, shown as a page and exported as CSV or Excel."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone

from portal.registry import rules_for
from supervision.models import LiabilityTiming, SettlementValuation
from supervision.selectors import measures
from supervision.selectors.portals import installed, portal_statuses
from supervision.selectors.scope import Scope


@dataclass(frozen=True)
class Column:
    label: str
    value: Callable  # row → str, int, Decimal, date or None
    money: bool = False


@dataclass(frozen=True)
class Report:
    """One list: its title (from the parameters), rows (a scoped queryset) and columns."""

    key: str
    title: Callable[[dict], str]
    rows: Callable[[Scope, dict, dt.datetime, dt.date], QuerySet]
    columns: tuple[Column, ...]
    case_of: Callable = lambda row: row.case
    needs: tuple[str, ...] = ()  # parameters the report requires


def _local(moment):
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def _days(moment) -> int | None:
    return None if moment is None else (timezone.localdate() - timezone.localdate(moment)).days


def _stage(claim) -> str:
    return rules_for(claim.portal).status(claim.status).stage


CASE = Column("Case", lambda r: r.case.reference)
CLIENT = Column("Client", lambda r: r.case.client.full_name)
FEE_EARNER = Column("Fee earner", lambda r: str(r.case.fee_earner))
CLAIM_COLUMNS = (
    CASE,
    CLIENT,
    FEE_EARNER,
    Column("Portal", lambda r: r.get_portal_display()),
    Column("Claim", lambda r: r.claim_id),
    Column("Portal status", lambda r: r.status),
    Column("Stage", _stage),
    Column("In status since", lambda r: _local(r.status_since)),
    Column("Days in status", lambda r: _days(r.status_since)),
)
CASE_COLUMNS = (
    Column("Case", lambda r: r.reference),
    Column("Client", lambda r: r.client.full_name),
    Column("Fee earner", lambda r: str(r.fee_earner)),
    Column("Status", lambda r: r.status_label),
)


def _claims(scope: Scope) -> QuerySet:
    return (
        scope.claims()
        .select_related("case", "case__client", "case__fee_earner")
        .order_by("status_since", "pk")
    )


def _stage_rows(scope, params, now, today):
    return measures.claims_in_stage(_claims(scope), portal_statuses(params["portal"]), params["stage"])


def _late_rows(scope, params, now, today):
    portal = portal_statuses(params["portal"])
    return measures.claims_past_deadline(_claims(scope), portal, params["stage"], now, today)


def _liability_rows(scope, params, now, today):
    return measures.claims_liability_overdue(_claims(scope), installed(), now).order_by("liability_deadline")


def _pending_rows(scope, params, now, today):
    return measures.claims_pending_new(_claims(scope), installed(), today)


def _cases(scope: Scope) -> QuerySet:
    return scope.cases().select_related("client", "fee_earner")


def _dormant_rows(scope, params, now, today):
    return measures.cases_dormant(_cases(scope), params["days"], now).order_by("last_activity", "pk")


def _limitation_rows(scope, params, now, today):
    return measures.cases_limitation_band(_cases(scope), params["band"], today).order_by("limitation_date")


def _not_submitted_rows(scope, params, now, today):
    return measures.cases_not_submitted(_cases(scope), params["portal"]).order_by("opened_at", "pk")


def _tasks(scope: Scope, params) -> QuerySet:
    tasks = scope.tasks().select_related("case", "case__client", "assignee")
    if params.get("fee_earner"):
        tasks = tasks.filter(assignee=params["fee_earner"])
    return tasks


def _overdue_rows(scope, params, now, today):
    return measures.tasks_overdue(_tasks(scope, params), today).order_by("due_date", "pk")


def _week_rows(scope, params, now, today):
    return measures.tasks_due_this_week(_tasks(scope, params), today).order_by("due_date", "pk")


def _settled_rows(scope, params, now, today):
    month = params.get("month") or measures.month_start(today)
    start, end = measures.local_midnight(month), measures.local_midnight(measures.next_month(month))
    rows = SettlementValuation.objects.filter(
        case__in=scope.cases(), settled_at__gte=start, settled_at__lt=end
    )
    return rows.select_related("case", "case__client", "case__fee_earner").order_by("settled_at", "pk")


def _timing_rows(scope, params, now, today):
    since = measures.local_midnight(today - dt.timedelta(days=365))
    rows = LiabilityTiming.objects.filter(case__in=scope.cases(), days__isnull=False, decided_at__gte=since)
    if params.get("compensator"):
        rows = rows.filter(compensator_name=params["compensator"])
    return rows.select_related("case", "case__client", "case__fee_earner").order_by("-days", "pk")


def _difference(row) -> Decimal | None:
    if row.settled_amount is None or row.valuation_total is None:
        return None
    return row.settled_amount - row.valuation_total


TASK_COLUMNS = (
    Column("Due", lambda r: r.due_date),
    Column("Task", lambda r: r.title),
    Column("For", lambda r: str(r.assignee)),
    Column("Case", lambda r: r.case.reference if r.case else ""),
    Column("Client", lambda r: r.case.client.full_name if r.case else ""),
)

REPORTS: dict[str, Report] = {
    report.key: report
    for report in [
        Report(
            "stage",
            lambda p: f"{portal_statuses(p['portal']).label}: claims in the {p['stage']} stage",
            _stage_rows,
            CLAIM_COLUMNS,
            needs=("portal", "stage"),
        ),
        Report(
            "past_deadline",
            lambda p: f"{portal_statuses(p['portal']).label}: {p['stage']} claims past the portal's deadline",
            _late_rows,
            (*CLAIM_COLUMNS, Column("Liability deadline", lambda r: _local(r.liability_deadline))),
            needs=("portal", "stage"),
        ),
        Report(
            "not_submitted",
            lambda p: f"{portal_statuses(p['portal']).label}: cases not yet submitted",
            _not_submitted_rows,
            (*CASE_COLUMNS, Column("Opened", lambda r: _local(r.opened_at))),
            case_of=lambda r: r,
            needs=("portal",),
        ),
        Report(
            "liability_overdue",
            lambda p: "Waiting on the compensator past its liability deadline",
            _liability_rows,
            (
                *CLAIM_COLUMNS,
                Column("Compensator", lambda r: r.compensator_name),
                Column("Liability deadline", lambda r: _local(r.liability_deadline)),
                Column("Days past the deadline", lambda r: _days(r.liability_deadline)),
            ),
        ),
        Report(
            "pending_new",
            lambda p: "Waiting for Complete Submission for more than 2 business days",
            _pending_rows,
            CLAIM_COLUMNS,
        ),
        Report(
            "dormant",
            lambda p: f"Dormant: no history line or note for {p['days']} days or more",
            _dormant_rows,
            (
                *CASE_COLUMNS,
                Column("Last activity", lambda r: _local(r.last_activity)),
                Column("Days quiet", lambda r: _days(r.last_activity)),
            ),
            case_of=lambda r: r,
            needs=("days",),
        ),
        Report(
            "limitation",
            lambda p: f"Limitation: {measures.LIMITATION_BANDS[p['band']].lower()}",
            _limitation_rows,
            (
                *CASE_COLUMNS,
                Column("Limitation date", lambda r: r.limitation_date),
                Column("Days left", lambda r: (r.limitation_date - timezone.localdate()).days),
                Column("Overridden", lambda r: "Yes" if r.limitation_override else "No"),
            ),
            case_of=lambda r: r,
            needs=("band",),
        ),
        Report(
            "tasks_overdue",
            lambda p: "Overdue tasks" + (f" of {p['fee_earner']}" if p.get("fee_earner") else ""),
            _overdue_rows,
            TASK_COLUMNS,
        ),
        Report(
            "tasks_week",
            lambda p: "Tasks due this week" + (f" of {p['fee_earner']}" if p.get("fee_earner") else ""),
            _week_rows,
            TASK_COLUMNS,
        ),
        Report(
            "settled",
            lambda p: f"Settled in {(p.get('month') or measures.month_start(timezone.localdate())):%B %Y}",
            _settled_rows,
            (
                CASE,
                CLIENT,
                FEE_EARNER,
                Column("Settled on", lambda r: timezone.localdate(r.settled_at)),
                Column("Settled (£)", lambda r: r.settled_amount, money=True),
                Column("Tariff valuation (£)", lambda r: r.valuation_total, money=True),
                Column("Settled less valuation (£)", _difference, money=True),
                Column("Why no valuation", lambda r: r.valuation_reason),
            ),
        ),
        Report(
            "liability_time",
            lambda p: (
                "Time to the liability decision" + (f": {p['compensator']}" if p.get("compensator") else "")
            ),
            _timing_rows,
            (
                CASE,
                CLIENT,
                FEE_EARNER,
                Column("Compensator", lambda r: r.compensator_name),
                Column("Decision", lambda r: r.decision),
                Column("From", lambda r: timezone.localdate(r.started_at)),
                Column("Decided", lambda r: timezone.localdate(r.decided_at)),
                Column("Business days", lambda r: r.days),
            ),
        ),
    ]
}

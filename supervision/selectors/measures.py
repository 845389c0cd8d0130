"""What each dashboard figure counts, as querysets: the figure is the count of the list behind it,
so a figure and its drill-down can never disagree. Every function takes an already scoped queryset."""

import datetime as dt

from django.db.models import DateTimeField, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from cases.models import Case, CaseEvent, Note
from lib.business_days import add_business_days
from portal.models import Outcome, PortalClaim
from supervision.conf import setting
from supervision.limitation import months_before
from supervision.selectors.portals import PortalStatuses
from worklist.models import Task

LIVE_STATUSES = (Case.Status.NEW, Case.Status.IN_PORTAL, Case.Status.EXITED)
DORMANT_DAYS = (30, 60, 90)
LIMITATION_BANDS = {
    "passed": "Limitation date passed",
    "1m": "1 month or less",
    "3m": "1 to 3 months",
    "6m": "3 to 6 months",
}


def local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def week_end(today: dt.date) -> dt.date:
    """The Sunday that ends ``today``'s week (Monday to Sunday)."""
    return today + dt.timedelta(days=6 - today.weekday())


def month_start(today: dt.date) -> dt.date:
    return today.replace(day=1)


def next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


# -- Claims by stage -----------------------------------------------------------------------------------


def claims_in_stage(claims: QuerySet[PortalClaim], portal: PortalStatuses, stage: str) -> QuerySet:
    claims = claims.filter(portal=portal.portal, outcome=Outcome.OPEN)
    if stage in portal.stage_codes:
        return claims.filter(status__in=portal.codes_of(stage))
    return claims.exclude(status__in=portal.open)  # statuses the portal's rules do not know


def overdue_portal_task(portal: PortalStatuses, today: dt.date) -> Exists:
    """An open task the portal raised on the claim's case whose portal deadline has passed."""
    return Exists(
        Task.objects.filter(
            case=OuterRef("case_id"),
            status=Task.Status.OPEN,
            portal_key__startswith=portal.task_prefix,
            deadline__lt=today,
        )
    )


def past_deadline_q(portal: PortalStatuses, now: dt.datetime, today: dt.date) -> Q:
    """Past the portal's deadline: the compensator's liability deadline gone with no decision, or a
    portal action of ours past its deadline."""
    compensator_late = Q(status__in=portal.compensator, liability_deadline__lt=now, liability_decision="")
    return compensator_late | Q(overdue_portal_task(portal, today))


def claims_past_deadline(claims, portal: PortalStatuses, stage: str, now, today) -> QuerySet:
    return claims_in_stage(claims, portal, stage).filter(past_deadline_q(portal, now, today))


def claims_liability_overdue(claims: QuerySet[PortalClaim], portals: list[PortalStatuses], now) -> QuerySet:
    """Waiting on the compensator past its liability deadline, with no liability decision."""
    waiting = Q(pk__in=[])
    for portal in portals:
        waiting |= Q(portal=portal.portal, status__in=portal.compensator)
    return claims.filter(waiting, outcome=Outcome.OPEN, liability_deadline__lt=now, liability_decision="")


def pending_new_cutoff(today: dt.date) -> dt.datetime:
    """Claims waiting for Complete Submission since before this moment have waited more than N
    business days: the status date is before the business day N business days ago."""
    return local_midnight(add_business_days(today, -setting("PENDING_NEW_BUSINESS_DAYS")))


def claims_pending_new(claims: QuerySet[PortalClaim], portals: list[PortalStatuses], today) -> QuerySet:
    waiting = Q(pk__in=[])
    for portal in portals:
        waiting |= Q(portal=portal.portal, status__in=portal.awaiting_completion)
    return claims.filter(waiting, outcome=Outcome.OPEN, status_since__lt=pending_new_cutoff(today))


# -- Cases ---------------------------------------------------------------------------------------------


def with_last_activity(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Cases with ``last_activity``: their latest history line or note (each read through its index),
    or when the case was opened."""
    latest_event = CaseEvent.objects.filter(case=OuterRef("pk")).order_by("-created_at")
    latest_note = Note.objects.filter(case=OuterRef("pk")).order_by("-created_at")
    return cases.annotate(
        last_activity=Greatest(
            Coalesce(Subquery(latest_event.values("created_at")[:1]), F("opened_at")),
            Coalesce(Subquery(latest_note.values("created_at")[:1]), F("opened_at")),
            output_field=DateTimeField(),
        )
    )


def cases_dormant(cases: QuerySet[Case], days: int, now: dt.datetime) -> QuerySet[Case]:
    """Live cases with no history line and no note for ``days`` days."""
    cutoff = now - dt.timedelta(days=days)
    live = cases.filter(status__in=LIVE_STATUSES)
    quiet = live.exclude(Exists(CaseEvent.objects.filter(case=OuterRef("pk"), created_at__gte=cutoff)))
    quiet = quiet.exclude(Exists(Note.objects.filter(case=OuterRef("pk"), created_at__gte=cutoff)))
    return with_last_activity(quiet.filter(opened_at__lt=cutoff))


def cases_limitation_band(cases: QuerySet[Case], band: str, today: dt.date) -> QuerySet[Case]:
    live = cases.filter(status__in=LIVE_STATUSES, lacks_capacity=False, limitation_date__isnull=False)
    one, three, six = (months_before(today, -m) for m in (1, 3, 6))
    ranges = {
        "passed": Q(limitation_date__lt=today),
        "1m": Q(limitation_date__gte=today, limitation_date__lte=one),
        "3m": Q(limitation_date__gt=one, limitation_date__lte=three),
        "6m": Q(limitation_date__gt=three, limitation_date__lte=six),
    }
    return live.filter(ranges[band])


def cases_not_submitted(cases: QuerySet[Case], portal: str) -> QuerySet[Case]:
    return cases.filter(portal=portal, status=Case.Status.NEW)


# -- Tasks ---------------------------------------------------------------------------------------------


def tasks_overdue(tasks: QuerySet[Task], today: dt.date) -> QuerySet[Task]:
    return tasks.filter(status=Task.Status.OPEN, due_date__lt=today)


def tasks_due_this_week(tasks: QuerySet[Task], today: dt.date) -> QuerySet[Task]:
    return tasks.filter(status=Task.Status.OPEN, due_date__gte=today, due_date__lte=week_end(today))

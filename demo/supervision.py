"""The demo firm's supervision picture: a few older accidents (so limitation warnings show), a case
left quiet, then the daily supervision run (limitation dates, escalation tasks, drift report)."""

import datetime as dt

from django.utils import timezone

from cases.models import Case, CaseEvent
from cases.services import SectionEdit, case_sections_save
from supervision.services.daily import supervision_daily

# Days before the third anniversary of the accident, for the first few filled-in demo cases.
LIMITATION_DAYS_LEFT = [12, 40, 75, 150]


def seed_supervision() -> dict:
    """Idempotent: accidents are moved only while no demo case has a limitation date near."""
    today = timezone.localdate()
    near = Case.objects.filter(limitation_date__lte=today + dt.timedelta(days=183)).exists()
    filled = Case.objects.filter(accident__occurred_at__isnull=False, status=Case.Status.NEW).order_by("pk")
    if not near:
        for case, days_left in zip(filled, LIMITATION_DAYS_LEFT, strict=False):
            accident = case.accident
            three_years_ago = today.replace(year=today.year - 3) + dt.timedelta(days=days_left)
            accident.occurred_at = timezone.make_aware(dt.datetime.combine(three_years_ago, dt.time(8, 30)))
            case_sections_save(
                case=case, edits=[SectionEdit("Accident", edited=[accident])], acting_user=case.fee_earner
            )
        quiet = filled[len(LIMITATION_DAYS_LEFT) : len(LIMITATION_DAYS_LEFT) + 2]
        for case, days in zip(quiet, (45, 95), strict=False):
            when = timezone.now() - dt.timedelta(days=days)
            # Demo set-up only: the history is append-only for the application.
            CaseEvent._base_manager.filter(case=case).update(created_at=when)
            case.notes.update(created_at=when)
            Case.objects.filter(pk=case.pk).update(opened_at=when)
    return supervision_daily(trigger="demo")

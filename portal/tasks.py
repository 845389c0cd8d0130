"""Background work for the portals, through Django's Tasks API (the database queue, or RQ on Redis).

- ``portal_sync`` runs one nightly sync: it takes the lock and reads the change feeds, then drains
  the due claims itself (one worker) or hands them to ``portal_sync_drain`` on several workers.
- ``schedule_next_sync`` keeps exactly one future ``portal_sync`` queued at PORTAL_SYNC_AT, so a
  running worker is the only scheduler the demo needs (production may use cron instead: README).
"""

import datetime as dt
import logging
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from cases.models import Portal
from portal.models import PortalClaim, SyncRun
from portal.ratelimit import gate_for
from portal.registry import adapter_for
from portal.services import nightly

logger = logging.getLogger(__name__)


@task()
def portal_sync(portal: str = Portal.OIC, trigger: str = "schedule") -> int | None:
    try:
        run = nightly.run_start(portal=portal, trigger=trigger)
    except nightly.SyncAlreadyRunning as exc:
        logger.info("%s", exc)
        return None
    try:
        adapter = adapter_for(portal, gate=gate_for(portal, settings.PORTAL_MAX_REQUESTS_PER_SECOND))
        try:
            nightly.discover(run, adapter)
        finally:
            adapter.close()
    except Exception as exc:
        nightly.finish(run, "failed", error=f"{type(exc).__name__}: {exc}")
        raise
    if settings.PORTAL_SYNC_WORKERS <= 1:
        _drain_and_maybe_finish(run)
    else:
        for _ in range(settings.PORTAL_SYNC_WORKERS):
            portal_sync_drain.enqueue(run.pk)
    if trigger == "schedule":
        schedule_next_sync()
    return run.pk


@task()
def portal_sync_drain(run_id: int) -> None:
    run = SyncRun.objects.filter(pk=run_id, status=SyncRun.Status.RUNNING).first()
    if run is not None:
        _drain_and_maybe_finish(run)


def _drain_and_maybe_finish(run: SyncRun) -> None:
    try:
        outcome = nightly.drain(run)
    except Exception as exc:
        nightly.finish(run, "failed", error=f"{type(exc).__name__}: {exc}")
        raise
    others_working = PortalClaim.objects.filter(
        sync_lease_owner__startswith=f"{run.pk}:", sync_lease_until__gt=timezone.now()
    ).exists()
    if outcome == "stopped" or not others_working:
        with transaction.atomic():
            still_running = SyncRun.objects.select_for_update().filter(
                pk=run.pk, status=SyncRun.Status.RUNNING
            )
            if still_running.exists():
                nightly.finish(run, outcome)


def next_sync_time(now: dt.datetime | None = None) -> dt.datetime:
    london = ZoneInfo("Europe/London")
    hour, minute = (int(part) for part in settings.PORTAL_SYNC_AT.split(":"))
    local_now = timezone.localtime(now or timezone.now(), london)
    candidate = local_now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    return candidate if candidate > local_now else candidate + dt.timedelta(days=1)


def schedule_next_sync() -> dt.datetime | None:
    """Queue the next scheduled sync unless one is already queued (the database queue only: with RQ
    the schedule is cron's or rq-scheduler's job, see the README)."""
    if settings.TASKS_BACKEND != "database":
        return None
    from django_tasks_db.models import DBTaskResult  # only installed with the database queue

    when = next_sync_time()
    queued = DBTaskResult.objects.filter(
        task_path=portal_sync.module_path, status="READY", run_after__gt=timezone.now()
    )
    if queued.exists():
        return None
    portal_sync.using(run_after=when).enqueue(Portal.OIC, "schedule")
    return when

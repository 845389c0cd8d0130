"""Background work for the portals, through Django's Tasks API (the database queue, or RQ on Redis).

- ``nightly_sync`` runs the nightly sync for every configured portal (or one): it takes each portal's
  lease and reads the change feeds, then drains the due claims itself (one worker) or hands them to
  ``nightly_sync_drain`` on several workers.
- ``schedule_next_sync`` keeps exactly one future ``nightly_sync`` queued at PORTAL_SYNC_AT, so a
  running worker is the only scheduler the demo needs (production may use cron instead: README).
"""

import datetime as dt
import logging
from zoneinfo import ZoneInfo

from django.conf import settings
from django.tasks import task
from django.utils import timezone

from portal.models import SyncRun
from portal.registry import configured_portals
from portal.services import nightly
from portal.services.updates import digests_send
from supervision.tasks import after_sync as supervision_after_sync

logger = logging.getLogger(__name__)


def _fan_out(run: SyncRun) -> None:
    for _ in range(settings.PORTAL_SYNC_WORKERS):
        nightly_sync_drain.enqueue(run.pk)


@task()
def nightly_sync(portal: str = "", trigger: str = "schedule") -> list[int]:
    """The nightly sync of ``portal`` (every configured portal when blank)."""
    fan_out = _fan_out if settings.PORTAL_SYNC_WORKERS > 1 else None
    run_ids = []
    for name in [portal] if portal else configured_portals():
        try:
            run_ids.append(nightly.run_portal(portal=name, trigger=trigger, enqueue_drains=fan_out).pk)
        except nightly.SyncAlreadyRunning as exc:
            logger.info("%s", exc)
        except Exception:
            logger.exception("The %s sync failed", name)  # the next portal still gets its run
    if fan_out is None:
        digests_send()
    supervision_after_sync.enqueue()
    if trigger == "schedule":
        schedule_next_sync()
    return run_ids


@task()
def nightly_sync_drain(run_id: int) -> None:
    run = SyncRun.objects.filter(pk=run_id, status=SyncRun.Status.RUNNING).first()
    if run is not None:
        nightly.drain_and_maybe_finish(run)


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
        task_path=nightly_sync.module_path, status="READY", run_after__gt=timezone.now()
    )
    if queued.exists():
        return None
    nightly_sync.using(run_after=when).enqueue("", "schedule")
    return when

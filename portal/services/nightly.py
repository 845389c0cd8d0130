"""The nightly (batch) sync: incremental, resumable, fenced, and never two at once per portal.

A run has three steps, each safe to interrupt at any point (SIGKILL included):

1. **Discover.** Read the portal's notifications and assignments since the last watermark (minus a
   small overlap). Assignments become tasks at once (the feed carries everything a task needs);
   notifications mark their claims *due*, remembering which parts changed. Claims still waiting
   for a compensator — which raises no notification — are marked due too, until a limit. The
   watermark moves to the portal's own time of the read only after the marks are committed.
2. **Drain.** Workers lease due claims (a lease per claim, in the database), fetch only the parts
   that changed, and clear the mark if nothing re-marked it meanwhile. A claim that fails stays due
   with a growing back-off; the run carries on. When the portal stops answering (the circuit
   breaker opens) the run stops and says so. Work fans out over threads and worker processes.
3. **Finish.** Counts, status (and why it stopped, if it did), the digest e-mails, and the lease
   is released.

**The lease.** A run holds its portal's lease (SyncState) for LEASE_SECONDS and renews it on a
timer, whatever the size of its batches, so only a dead run loses it. Every write of a run is
fenced by the lease's token (portal.services.fencing): a run that has lost its lease stops before
its next write. Everything is keyed by the portal's own ids, so a repeated or resumed run
duplicates nothing, and every item is announced in the same transaction that stores it.
"""

import datetime as dt
import enum
import logging
import os
import socket
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.conf import settings
from django.db import close_old_connections, transaction
from django.db import connection as db_connection
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from portal import errors
from portal.base import Assignment, Notification, Part, PortalAdapter
from portal.breaker import CircuitBreaker
from portal.models import PortalClaim, SeenNotification, SyncRun, SyncState
from portal.ratelimit import gate_for
from portal.registry import adapter_for, configured_portals
from portal.services.fencing import LeaseFence, LeaseLost, fenced
from portal.services.refresh import (
    actions_apply,
    claim_marks_clear,
    claim_refresh,
    compensator_overdue_notify,
    mark_fields,
    marks_of,
)
from portal.services.updates import digests_send

logger = logging.getLogger(__name__)

OVERLAP = dt.timedelta(minutes=2)  # re-read a little of the last window: late commits are not missed
FIRST_RUN_LOOKBACK = dt.timedelta(days=30)
LEASE_SECONDS = 120  # a dead run's lease lapses after this; a live run renews it every RENEW_SECONDS
RENEW_SECONDS = LEASE_SECONDS / 4
CLAIM_LEASE = dt.timedelta(minutes=5)
BATCH = 50
MAX_RESTARTS = 5


class SyncAlreadyRunning(Exception):
    pass


class Drained(enum.StrEnum):
    """How a drain ended."""

    DONE = "done"  # no claim left due
    STOPPED = "stopped"  # the portal stopped answering (circuit breaker open)
    LOST_LOCK = "lost_lock"  # another run took the lease over


class ClaimSynced(enum.StrEnum):
    OK = "ok"
    FAILED = "failed"
    STOPPED = "stopped"
    LOST_LOCK = "lost_lock"


# -- The lease ---------------------------------------------------------------------------------------


def _holder_is_dead(state: SyncState) -> bool:
    """A lease held by a process on this machine that no longer exists can be taken at once."""
    if state.lock_host != socket.gethostname() or not state.lock_pid:
        return False
    try:
        os.kill(state.lock_pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def run_start(*, portal: str, trigger: str = "schedule") -> SyncRun:
    """Take the portal's sync lease (a conditional UPDATE) and open a run; SyncAlreadyRunning if held."""
    now = timezone.now()
    state, _ = SyncState.objects.get_or_create(portal=portal)
    if state.lock_run_id and state.lock_until and state.lock_until > now and not _holder_is_dead(state):
        raise SyncAlreadyRunning(
            f"A {state.get_portal_display()} sync is already running (run {state.lock_run_id})."
        )
    run = SyncRun.objects.create(portal=portal, trigger=trigger, heartbeat_at=now)
    taken = SyncState.objects.filter(
        pk=state.pk, lock_run_id=state.lock_run_id, lock_until=state.lock_until, lock_token=state.lock_token
    ).update(
        lock_run=run,
        lock_until=now + dt.timedelta(seconds=LEASE_SECONDS),
        lock_host=socket.gethostname(),
        lock_pid=os.getpid(),
        lock_token=uuid.uuid4().hex,
    )
    if taken != 1:
        run.delete()
        raise SyncAlreadyRunning("Another sync took the lock a moment ago.")
    if state.lock_run_id:  # the previous holder died: its work is resumed by this run
        SyncRun.objects.filter(pk=state.lock_run_id, status=SyncRun.Status.RUNNING).update(
            status=SyncRun.Status.ABANDONED, finished_at=now
        )
    return run


class Lease:
    """A run's hold on its portal's lease, renewed on a timer while the run works (``with lease:``)."""

    def __init__(self, run: SyncRun):
        state = SyncState.objects.get(portal=run.portal)
        self.run = run
        self.token = state.lock_token if state.lock_run_id == run.pk else ""
        self.fence = LeaseFence(run.portal, self.token)
        self.lost = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def renew(self) -> bool:
        """Extend the lease; False (and ``lost`` set) when it is no longer this run's."""
        now = timezone.now()
        held = bool(self.token) and SyncState.objects.filter(
            portal=self.run.portal, lock_run=self.run, lock_token=self.token
        ).update(lock_until=now + dt.timedelta(seconds=LEASE_SECONDS))
        SyncRun.objects.filter(pk=self.run.pk).update(heartbeat_at=now)
        if not held:
            self.lost.set()
        return bool(held)

    def _keep_renewing(self) -> None:
        try:
            while not self._stop.wait(RENEW_SECONDS) and self.renew():
                pass
        finally:
            db_connection.close()

    def __enter__(self) -> "Lease":
        if not self.renew():
            raise LeaseLost("This run no longer holds the sync lease.")
        self._thread = threading.Thread(target=self._keep_renewing, name="sync-lease", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()


# -- 1. Discover ------------------------------------------------------------------------------------


def discover(run: SyncRun, adapter: PortalAdapter, lease: Lease) -> None:
    """Read both change feeds from the watermark; mark claims due; apply assignments as tasks."""
    state = SyncState.objects.get(portal=run.portal)
    since = (state.watermark - OVERLAP) if state.watermark else _first_window_start(run.portal)
    until = _read_assignments(run, adapter, since, lease)
    until = min(until, _read_notifications(run, adapter, since, lease))
    with fenced(lease.fence):
        _poll_waiting_for_compensator(run)
        SyncState.objects.filter(pk=state.pk).update(watermark=until)
        SyncRun.objects.filter(pk=run.pk).update(window_from=since, window_to=until)


def _first_window_start(portal: str) -> dt.datetime:
    first = PortalClaim.objects.filter(portal=portal, is_active=True).order_by("created_at").first()
    start = first.created_at if first else timezone.now()
    return min(start, timezone.now() - dt.timedelta(days=1)) - FIRST_RUN_LOOKBACK


def _pages(fetch, since: dt.datetime):
    """Every page of a feed over [since, the portal's time at the first answer), one at a time.

    The first page is read open-ended and its HTTP Date (portal time) fixes the window's end. If there
    are more pages, the window is read again with that end while checking that the total stays the
    same: an item updated meanwhile moves past the end and shifts the pages, which could skip an
    item, so a changed total restarts the read. Items read twice are harmless: everything they
    cause is keyed by the portal's ids. A portal that does not page answers in one page.
    """
    first = fetch(since=since, until=None, page=1)
    until = first.as_of or timezone.now()
    yield first, until
    if not first.next_page:
        return
    for _ in range(MAX_RESTARTS):
        page = fetch(since=since, until=until, page=1)
        total = page.total
        yield page, until
        while page.next_page:
            page = fetch(since=since, until=until, page=page.next_page)
            if page.total != total:
                break
            yield page, until
        else:
            return
    raise errors.PortalBadResponse("The portal's change feed kept changing while it was read; will retry.")


def _claims_by_id(portal: str, claim_ids: set[str]) -> dict[str, PortalClaim]:
    claims = PortalClaim.objects.filter(portal=portal, claim_id__in=claim_ids, is_active=True).select_related(
        "case", "case__fee_earner"
    )
    return {claim.claim_id: claim for claim in claims}


def _skipped(run: SyncRun, page) -> None:
    for problem in page.skipped:
        _run_error(run, "", "", f"An item of the portal's feed was skipped: {problem}")


def _read_assignments(run: SyncRun, adapter: PortalAdapter, since: dt.datetime, lease: Lease) -> dt.datetime:
    """Turn each assignment changed in the window into a task (or close it); returns the window end."""
    until, seen = timezone.now(), 0
    for page, page_until in _pages(adapter.assignments, since):
        _skipped(run, page)
        latest: dict[str, Assignment] = {a.portal_id: a for a in page.assignments}
        claims = _claims_by_id(run.portal, {a.claim_id for a in latest.values()})
        tasks = 0
        for assignment in latest.values():
            if assignment.claim_id in claims:
                tasks += actions_apply(claims[assignment.claim_id], [assignment], lease.fence, complete=False)
        seen, until = seen + len(page.assignments), page_until
        SyncRun.objects.filter(pk=run.pk).update(assignments=seen, tasks=F("tasks") + tasks)
    return until


def _read_notifications(
    run: SyncRun, adapter: PortalAdapter, since: dt.datetime, lease: Lease
) -> dt.datetime:
    """Mark the claims of every notification in the window due; returns the window's end."""
    until, seen = timezone.now(), 0
    for page, page_until in _pages(adapter.notifications, since):
        _skipped(run, page)
        with fenced(lease.fence):
            mark_due(run.portal, page.notifications)
        seen, until = seen + len(page.notifications), page_until
        SyncRun.objects.filter(pk=run.pk).update(notifications=seen)
    return until


def mark_due(portal: str, notifications: list[Notification]) -> None:
    """Mark the claims of these notifications due, with the parts that changed (one UPDATE per part).

    Notifications already acted on (the overlap with the last window) are skipped.
    """
    keys = {n.key for n in notifications}
    seen = set(
        SeenNotification.objects.filter(portal=portal, portal_id__in=keys).values_list("portal_id", flat=True)
    )
    fresh = [n for n in notifications if n.key not in seen]
    by_part: dict[Part, set[str]] = {}
    for notification in fresh:
        for part in notification.parts:
            by_part.setdefault(part, set()).add(notification.claim_id)
    now = timezone.now()
    SeenNotification.objects.bulk_create(
        [SeenNotification(portal=portal, portal_id=key) for key in {n.key for n in fresh}],
        ignore_conflicts=True,
    )
    for part, claim_ids in by_part.items():
        PortalClaim.objects.filter(portal=portal, claim_id__in=claim_ids, is_active=True).update(
            **mark_fields([part]),
            sync_due_at=Coalesce(F("sync_due_at"), now),
            sync_version=F("sync_version") + 1,
        )


def _poll_waiting_for_compensator(run: SyncRun) -> None:
    """No notification comes when the support centre assigns a compensator: poll, up to a limit."""
    now = timezone.now()
    waiting = PortalClaim.objects.filter(portal=run.portal, is_active=True, needs_poll_until__isnull=False)
    waiting.filter(needs_poll_until__gte=now).update(
        sync_details=True, sync_due_at=Coalesce(F("sync_due_at"), now), sync_version=F("sync_version") + 1
    )
    for claim in waiting.filter(needs_poll_until__lt=now).select_related("case"):
        compensator_overdue_notify(claim)


# -- 2. Drain ---------------------------------------------------------------------------------------


@dataclass
class _Leased:
    claim: PortalClaim
    version: int
    parts: frozenset[Part]


def _lease_claims(run: SyncRun, owner: str, limit: int) -> list[_Leased]:
    """Lease up to ``limit`` due claims for this drainer; leases of earlier (dead) runs do not count."""
    now = timezone.now()
    free = (
        Q(sync_lease_until__isnull=True)
        | Q(sync_lease_until__lt=now)
        | ~Q(sync_lease_owner__startswith=f"{run.pk}:")
    )
    candidates = list(
        PortalClaim.objects.filter(portal=run.portal, sync_due_at__lte=now)
        .filter(free)
        .order_by("sync_due_at", "id")
        .values_list("pk", "sync_version", "sync_lease_owner", "sync_lease_until")[:limit]
    )
    leased = []
    for pk, version, old_owner, old_until in candidates:
        took = PortalClaim.objects.filter(
            pk=pk, sync_version=version, sync_lease_owner=old_owner, sync_lease_until=old_until
        ).update(sync_lease_owner=owner, sync_lease_until=now + CLAIM_LEASE)
        if took:
            claim = PortalClaim.objects.select_related("case", "case__fee_earner", "case__team").get(pk=pk)
            leased.append(_Leased(claim, version, marks_of(claim) or frozenset({Part.DETAILS})))
    return leased


def _retry_delay(attempts: int) -> dt.timedelta:
    return dt.timedelta(minutes=min(2**attempts, 360))


def _sync_one(run: SyncRun, item: _Leased, adapter: PortalAdapter, owner: str, lease: Lease) -> ClaimSynced:
    """Sync one leased claim."""
    claim = item.claim
    try:
        report = claim_refresh(claim=claim, adapter=adapter, parts=item.parts, fence=lease.fence)
    except errors.PortalCircuitOpen:
        _release(claim, owner)
        return ClaimSynced.STOPPED
    except LeaseLost:
        return ClaimSynced.LOST_LOCK
    except (errors.PortalError, OSError) as exc:
        _failed(run, claim, owner, exc)
        return ClaimSynced.FAILED
    claim_marks_clear(claim=claim, version=item.version, owner=owner)
    _release(claim, owner)  # re-marked while we worked: stays due for another pass
    SyncRun.objects.filter(pk=run.pk).update(
        claims_synced=F("claims_synced") + 1,
        messages=F("messages") + report.messages,
        documents=F("documents") + report.documents,
        tasks=F("tasks") + report.actions,
        status_changes=F("status_changes") + int(bool(report.status_changes)),
    )
    return ClaimSynced.OK


def _release(claim: PortalClaim, owner: str) -> None:
    PortalClaim.objects.filter(pk=claim.pk, sync_lease_owner=owner).update(
        sync_lease_owner="", sync_lease_until=None
    )


def _failed(run: SyncRun, claim: PortalClaim, owner: str, exc: Exception) -> None:
    attempts = claim.sync_attempts + 1
    message = str(exc)[:500]
    PortalClaim.objects.filter(pk=claim.pk, sync_lease_owner=owner).update(
        sync_attempts=attempts,
        sync_error=message,
        sync_due_at=timezone.now() + _retry_delay(attempts),
        sync_lease_owner="",
        sync_lease_until=None,
    )
    SyncRun.objects.filter(pk=run.pk).update(claims_failed=F("claims_failed") + 1)
    _run_error(run, claim.claim_id, claim.case.reference, message)
    logger.warning("Sync of %s failed (attempt %s): %s", claim.claim_id, attempts, message)


@transaction.atomic
def _run_error(run: SyncRun, claim_id: str, reference: str, message: str) -> None:
    row = SyncRun.objects.select_for_update().get(pk=run.pk)
    if len(row.errors) < 200:
        row.errors.append({"claim": claim_id, "case": reference, "error": message[:500]})
        row.save(update_fields=["errors"])


def drain(run: SyncRun, *, threads: int | None = None, adapter: PortalAdapter | None = None) -> Drained:
    """Work through the due claims with ``threads`` in parallel, holding (and renewing) the run's lease."""
    threads = threads or settings.PORTAL_SYNC_THREADS
    owner = f"{run.pk}:{uuid.uuid4().hex[:12]}"
    adapter = adapter or _adapter(run.portal)
    SyncRun.objects.filter(pk=run.pk).update(
        claims_due=PortalClaim.objects.filter(portal=run.portal, sync_due_at__lte=timezone.now()).count()
        + F("claims_synced")
        + F("claims_failed")
    )
    try:
        with (
            Lease(run) as lease,
            ThreadPoolExecutor(max_workers=threads, thread_name_prefix="portal-sync") as pool,
        ):
            while not lease.lost.is_set() and (batch := _lease_claims(run, owner, BATCH)):
                outcomes = set(pool.map(lambda item: _in_thread(run, item, adapter, owner, lease), batch))
                if ClaimSynced.LOST_LOCK in outcomes or lease.lost.is_set():
                    return Drained.LOST_LOCK
                if ClaimSynced.STOPPED in outcomes:
                    return Drained.STOPPED
            return Drained.LOST_LOCK if lease.lost.is_set() else Drained.DONE
    except LeaseLost:
        return Drained.LOST_LOCK
    finally:
        adapter.close()


def _in_thread(run, item, adapter, owner, lease) -> ClaimSynced:
    try:
        return _sync_one(run, item, adapter, owner, lease)
    finally:
        db_connection.close()  # each pool thread opened its own database connection: do not leak it


def _adapter(portal: str) -> PortalAdapter:
    return adapter_for(portal, gate=gate_for(portal, settings.PORTAL_MAX_REQUESTS_PER_SECOND))


# -- 3. Finish, and the whole run -------------------------------------------------------------------

_FINAL = {
    Drained.STOPPED: SyncRun.Status.INTERRUPTED,
    Drained.LOST_LOCK: SyncRun.Status.LOST_LOCK,
}


def outage_reason(portal: str) -> str:
    """Why a run stopped because the portal stopped answering, in words."""
    since = CircuitBreaker.for_portal(portal).failing_since()
    left = PortalClaim.objects.filter(portal=portal, sync_due_at__isnull=False).count()
    moment = dt.datetime.fromtimestamp(since, tz=dt.UTC) if since else None
    when = f"since {timezone.localtime(moment):%d/%m/%Y %H:%M:%S}" if moment else "during the run"
    return (
        f"Portal unavailable {when}; the circuit breaker is open. {left} claim(s) stay due for the next run."
    )


def finish(run: SyncRun, outcome: Drained | None, *, error: str = "") -> SyncRun:
    """Close the run with its status (and why it stopped), and release the lease if it still holds it.

    ``outcome`` None with an ``error`` is a failure; STOPPED and LOST_LOCK say why in ``stop_reason``.
    """
    run.refresh_from_db()
    if outcome in _FINAL:
        run.status = _FINAL[outcome]
        why = (
            outage_reason(run.portal)
            if outcome == Drained.STOPPED
            else "Another run took over the portal's lease."
        )
        run.stop_reason = f"{why} {error}".strip()[:300]
    elif error:
        run.status, run.stop_reason = SyncRun.Status.FAILED, error[:300]
        run.errors = [*run.errors, {"claim": "", "case": "", "error": error[:500]}]
    else:
        run.status = SyncRun.Status.PARTIAL if run.claims_failed else SyncRun.Status.SUCCEEDED
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "finished_at", "errors", "stop_reason"])
    SyncState.objects.filter(portal=run.portal, lock_run=run).update(
        lock_run=None, lock_until=None, lock_pid=None, lock_token=""
    )
    return run


def run_portal(
    *, portal: str, trigger: str = "schedule", threads: int | None = None, enqueue_drains=None
) -> SyncRun:
    """One whole run for ``portal``: lease, discover, drain here (or ``enqueue_drains(run)``), finish.

    With ``enqueue_drains`` the run is left RUNNING: the last worker to finish draining closes it.
    """
    run = run_start(portal=portal, trigger=trigger)
    try:
        adapter = _adapter(portal)
        try:
            with Lease(run) as lease:
                discover(run, adapter, lease)
        finally:
            adapter.close()
        if enqueue_drains is not None:
            enqueue_drains(run)
            return run
        return finish(run, drain(run, threads=threads))
    except errors.PortalUnavailable as exc:
        return finish(run, Drained.STOPPED, error=f"({exc.message})")
    except LeaseLost:
        return finish(run, Drained.LOST_LOCK)
    except errors.PortalError as exc:
        return finish(run, None, error=str(exc))
    except BaseException as exc:
        finish(run, None, error=f"{type(exc).__name__}: {exc}")
        raise


def run_all(
    *, trigger: str = "schedule", threads: int | None = None, portals: list[str] | None = None
) -> list[SyncRun]:
    """A run for every configured portal, one after the other; a fault on one never stops the next."""
    runs = []
    for portal in portals if portals is not None else configured_portals():
        try:
            runs.append(run_portal(portal=portal, trigger=trigger, threads=threads))
        except SyncAlreadyRunning as exc:
            logger.info("%s", exc)
        except Exception:
            logger.exception("The %s sync failed", portal)
        finally:
            close_old_connections()
    digests_send()
    return runs


def drain_and_maybe_finish(run: SyncRun, *, threads: int | None = None) -> None:
    """A worker's share of a fanned-out run; the last worker out closes the run."""
    try:
        outcome = drain(run, threads=threads)
    except Exception as exc:
        finish(run, None, error=f"{type(exc).__name__}: {exc}")
        raise
    others_working = PortalClaim.objects.filter(
        sync_lease_owner__startswith=f"{run.pk}:", sync_lease_until__gt=timezone.now()
    ).exists()
    if outcome != Drained.DONE or not others_working:
        with transaction.atomic():
            if SyncRun.objects.select_for_update().filter(pk=run.pk, status=SyncRun.Status.RUNNING).exists():
                finish(run, outcome)
        digests_send()

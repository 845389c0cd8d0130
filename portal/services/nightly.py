"""The nightly (batch) sync: incremental, resumable, and never two at once.

A run has three steps, each safe to interrupt at any point (SIGKILL included):

1. **Discover.** Read the portal's notifications and assignments since the last watermark (minus a
   small overlap). Assignments become tasks at once (the feed carries everything a task needs);
   notifications mark their claims *due*, remembering which parts changed (details, messages,
   documents). Claims still waiting for a compensator — which raises no notification — are marked
   due too, until a limit. The watermark moves to the portal's own time of the read only after the
   marks are committed, so nothing read is ever lost.
2. **Drain.** Workers lease due claims (a lease per claim, in the database), fetch only the parts
   that changed, and clear the mark if nothing re-marked it meanwhile. A claim that fails stays due
   with a growing back-off; the run carries on. Work fans out over threads (and over worker
   processes: each runs ``drain`` with the run's id), paced by a shared rate gate.
3. **Finish.** Counts, status, one digest email per fee earner, and the lock is released.

Everything is keyed by the portal's own ids, so a repeated or resumed run duplicates nothing.
"""

import datetime as dt
import logging
import os
import socket
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.conf import settings
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from cases.models import Portal
from portal import errors
from portal.base import Assignment, Notification
from portal.models import PortalClaim, SeenNotification, SyncRun, SyncState
from portal.notify import digest_emails
from portal.ratelimit import gate_for
from portal.registry import adapter_for
from portal.services.sync import (
    DETAILS,
    DOCUMENTS,
    MESSAGES,
    assignment_apply,
    claim_sync,
    compensator_overdue_notify,
)

logger = logging.getLogger(__name__)

OVERLAP = dt.timedelta(minutes=2)  # re-read a little of the last window: late commits are not missed
SEEN_KEPT = dt.timedelta(days=7)  # how long acted-on notification ids are remembered (>> OVERLAP)
FIRST_RUN_LOOKBACK = dt.timedelta(days=30)
LOCK_SECONDS = 120  # a run renews its lock while it works; a dead run's lock lapses after this
CLAIM_LEASE = dt.timedelta(minutes=5)
BATCH = 50
# What each notification type says has changed (anything else: the claim's details).
PARTS_BY_NOTIFICATION = {"NewMessage": "sync_messages", "NewDocument": "sync_documents"}


class SyncAlreadyRunning(Exception):
    pass


# -- The lock ---------------------------------------------------------------------------------------


def _holder_is_dead(state: SyncState) -> bool:
    """A lock held by a process on this machine that no longer exists can be taken at once."""
    if state.lock_host != socket.gethostname() or not state.lock_pid:
        return False
    try:
        os.kill(state.lock_pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def run_start(*, portal: str = Portal.OIC, trigger: str = "schedule") -> SyncRun:
    """Take the portal's sync lock (a conditional UPDATE) and open a run; SyncAlreadyRunning if held."""
    now = timezone.now()
    state, _ = SyncState.objects.get_or_create(portal=portal)
    if state.lock_run_id and state.lock_until and state.lock_until > now and not _holder_is_dead(state):
        raise SyncAlreadyRunning(
            f"A {state.get_portal_display()} sync is already running (run {state.lock_run_id})."
        )
    run = SyncRun.objects.create(portal=portal, trigger=trigger, heartbeat_at=now)
    taken = SyncState.objects.filter(
        pk=state.pk, lock_run_id=state.lock_run_id, lock_until=state.lock_until
    ).update(
        lock_run=run,
        lock_until=now + dt.timedelta(seconds=LOCK_SECONDS),
        lock_host=socket.gethostname(),
        lock_pid=os.getpid(),
    )
    if taken != 1:
        run.delete()
        raise SyncAlreadyRunning("Another sync took the lock a moment ago.")
    if state.lock_run_id:  # the previous holder died: its work is resumed by this run
        SyncRun.objects.filter(pk=state.lock_run_id, status=SyncRun.Status.RUNNING).update(
            status=SyncRun.Status.ABANDONED, finished_at=now
        )
    return run


def heartbeat(run: SyncRun) -> None:
    now = timezone.now()
    SyncRun.objects.filter(pk=run.pk).update(heartbeat_at=now)
    SyncState.objects.filter(portal=run.portal, lock_run=run).update(
        lock_until=now + dt.timedelta(seconds=LOCK_SECONDS)
    )


# -- 1. Discover ------------------------------------------------------------------------------------


def discover(run: SyncRun, adapter) -> None:
    """Read both change feeds from the watermark; mark claims due; apply assignments as tasks."""
    state = SyncState.objects.get(portal=run.portal)
    since = (state.watermark - OVERLAP) if state.watermark else _first_window_start(run.portal)
    until = _read_assignments(run, adapter, since)
    until = min(until, _read_notifications(run, adapter, since))
    _poll_waiting_for_compensator(run)
    SyncState.objects.filter(pk=state.pk).update(watermark=until)
    SyncRun.objects.filter(pk=run.pk).update(window_from=since, window_to=until)
    heartbeat(run)


def _first_window_start(portal: str) -> dt.datetime:
    first = PortalClaim.objects.filter(portal=portal, is_active=True).order_by("created_at").first()
    start = first.created_at if first else timezone.now()
    return min(start, timezone.now() - dt.timedelta(days=1)) - FIRST_RUN_LOOKBACK


MAX_RESTARTS = 5


def _pages(fetch, since: dt.datetime):
    """Every page of a feed over [since, the portal's time at the first answer), one at a time.

    The first page is read open-ended and its HTTP Date (portal time) fixes the window's end. If there
    are more pages, the window is read again with that end while checking that the total stays the
    same: an item updated meanwhile moves past the end and shifts the pages, which could skip an
    item, so a changed total restarts the read (the feed's documented contract). Items read twice
    are harmless: everything they cause is keyed by the portal's ids.
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


def _read_assignments(run: SyncRun, adapter, since: dt.datetime) -> dt.datetime:
    """Turn each assignment changed in the window into a task (or close it); returns the window end."""
    until, seen = timezone.now(), 0
    for page, page_until in _pages(adapter.assignments, since):
        latest: dict[str, Assignment] = {a.portal_id: a for a in page.assignments}
        claims = _claims_by_id(run.portal, {a.claim_id for a in latest.values()})
        tasks = sum(assignment_apply(claims[a.claim_id], a) for a in latest.values() if a.claim_id in claims)
        seen, until = seen + len(page.assignments), page_until
        SyncRun.objects.filter(pk=run.pk).update(assignments=seen, tasks=F("tasks") + tasks)
    return until


def _read_notifications(run: SyncRun, adapter, since: dt.datetime) -> dt.datetime:
    """Mark the claims of every notification in the window due; returns the window's end."""
    until, seen = timezone.now(), 0
    for page, page_until in _pages(adapter.notifications, since):
        mark_due(run.portal, page.notifications)
        seen, until = seen + len(page.notifications), page_until
        SyncRun.objects.filter(pk=run.pk).update(notifications=seen)
    return until


def mark_due(portal: str, notifications: list[Notification]) -> None:
    """Mark the claims of these notifications due, with the parts that changed (one UPDATE per part).

    Notifications already acted on (the overlap with the last window) are skipped.
    """
    ids = {n.portal_id for n in notifications}
    seen = set(
        SeenNotification.objects.filter(portal=portal, portal_id__in=ids).values_list("portal_id", flat=True)
    )
    fresh = [n for n in notifications if n.portal_id not in seen]
    by_part: dict[str, set[str]] = {}
    for notification in fresh:
        part = PARTS_BY_NOTIFICATION.get(notification.kind, "sync_details")
        by_part.setdefault(part, set()).add(notification.claim_id)
    now = timezone.now()
    with transaction.atomic():
        SeenNotification.objects.bulk_create(
            [SeenNotification(portal=portal, portal_id=n.portal_id) for n in fresh], ignore_conflicts=True
        )
        for part, claim_ids in by_part.items():
            PortalClaim.objects.filter(portal=portal, claim_id__in=claim_ids, is_active=True).update(
                **{part: True},
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
    parts: frozenset[str]


def _lease(run: SyncRun, owner: str, limit: int) -> list[_Leased]:
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
            parts = {
                name
                for flag, name in (
                    (claim.sync_details, DETAILS),
                    (claim.sync_messages, MESSAGES),
                    (claim.sync_documents, DOCUMENTS),
                )
                if flag
            }
            leased.append(_Leased(claim, version, frozenset(parts or {DETAILS})))
    return leased


def _retry_delay(attempts: int) -> dt.timedelta:
    return dt.timedelta(minutes=min(2**attempts, 360))


def _sync_one(run: SyncRun, item: _Leased, adapter, owner: str) -> str:
    """Sync one leased claim; returns "ok", "failed" or "stopped" (the portal is down: leave it due)."""
    claim = item.claim
    try:
        report = claim_sync(claim=claim, adapter=adapter, parts=item.parts, email=False)
    except errors.PortalCircuitOpen:
        _release(claim, owner)
        return "stopped"
    except (errors.PortalError, OSError) as exc:
        _failed(run, claim, owner, exc)
        return "failed"
    PortalClaim.objects.filter(pk=claim.pk, sync_version=item.version, sync_lease_owner=owner).update(
        sync_details=False,
        sync_messages=False,
        sync_documents=False,
        sync_due_at=None,
        sync_attempts=0,
        sync_error="",
        sync_lease_owner="",
        sync_lease_until=None,
    )
    _release(claim, owner)  # re-marked while we worked: stays due for another pass
    SyncRun.objects.filter(pk=run.pk).update(
        claims_synced=F("claims_synced") + 1,
        messages=F("messages") + report.messages,
        documents=F("documents") + report.documents,
        status_changes=F("status_changes") + int(bool(report.status_changes)),
    )
    return "ok"


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
    with transaction.atomic():
        row = SyncRun.objects.select_for_update().get(pk=run.pk)
        row.claims_failed += 1
        if len(row.errors) < 200:
            row.errors.append({"claim": claim.claim_id, "case": claim.case.reference, "error": message})
        row.save(update_fields=["claims_failed", "errors"])
    logger.warning("Sync of %s failed (attempt %s): %s", claim.claim_id, attempts, message)


def drain(run: SyncRun, *, threads: int | None = None, adapter=None) -> str:
    """Work through the due claims with ``threads`` in parallel; "done" or "stopped" (portal down)."""
    threads = threads or settings.PORTAL_SYNC_THREADS
    owner = f"{run.pk}:{uuid.uuid4().hex[:12]}"
    adapter = adapter or adapter_for(
        run.portal, gate=gate_for(run.portal, settings.PORTAL_MAX_REQUESTS_PER_SECOND)
    )
    SyncRun.objects.filter(pk=run.pk).update(
        claims_due=PortalClaim.objects.filter(portal=run.portal, sync_due_at__lte=timezone.now()).count()
        + F("claims_synced")
        + F("claims_failed")
    )
    try:
        with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="portal-sync") as pool:
            while batch := _lease(run, owner, BATCH):
                outcomes = list(pool.map(lambda item: _in_thread(run, item, adapter, owner), batch))
                heartbeat(run)
                if "stopped" in outcomes:
                    return "stopped"
        return "done"
    finally:
        adapter.close()


def _in_thread(run, item, adapter, owner) -> str:
    try:
        return _sync_one(run, item, adapter, owner)
    finally:
        db_connection.close()  # each pool thread opened its own database connection: do not leak it


# -- 3. Finish, and the whole run -------------------------------------------------------------------


def finish(run: SyncRun, outcome: str, error: str = "") -> SyncRun:
    run.refresh_from_db()
    if error or outcome == "stopped":
        run.status = SyncRun.Status.FAILED if error else SyncRun.Status.PARTIAL
        if error:
            run.errors = [*run.errors, {"claim": "", "case": "", "error": error[:500]}]
    else:
        run.status = SyncRun.Status.PARTIAL if run.claims_failed else SyncRun.Status.SUCCEEDED
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "finished_at", "errors"])
    SyncState.objects.filter(portal=run.portal, lock_run=run).update(
        lock_run=None, lock_until=None, lock_pid=None
    )
    digest_emails(since=run.started_at)
    return run


def run_sync(*, portal: str = Portal.OIC, trigger: str = "schedule", threads: int | None = None) -> SyncRun:
    """One whole run in this process: lock, discover, drain, finish."""
    run = run_start(portal=portal, trigger=trigger)
    try:
        adapter = adapter_for(portal, gate=gate_for(portal, settings.PORTAL_MAX_REQUESTS_PER_SECOND))
        try:
            discover(run, adapter)
        finally:
            adapter.close()
        outcome = drain(run, threads=threads)
    except errors.PortalError as exc:
        return finish(run, "failed", error=str(exc))
    except BaseException as exc:
        finish(run, "failed", error=f"{type(exc).__name__}: {exc}")
        raise
    return finish(run, outcome)

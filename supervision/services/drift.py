"""The drift report: where ClaimDesk and the portal disagree, or a claim has been left to drift.

Run nightly after the sync (``supervision.tasks``) and on demand. Each finding is one line per case
and check, kept while it lasts: a line found again is updated, a line no longer found is resolved,
and a reviewed line stays reviewed while it lasts (reviews are recorded in the case history).
"""

import datetime as dt

from django.db import transaction
from django.db.models import Count, Exists, Min, OuterRef, QuerySet
from django.utils import timezone

from accounts.models import Team, User
from cases.models import Case
from cases.services import case_event_record
from lib.errors import Refused
from portal.base import StageFacts
from portal.models import Outcome, PortalClaim, PortalMessage
from supervision.conf import setting
from supervision.models import DriftCheck, DriftItem, DriftRun
from supervision.selectors.portals import PortalStatuses, installed
from worklist.models import Task

MEDICAL_STAGE = "Medical"
CLOSED_HERE = (Case.Status.CLOSED, Case.Status.SETTLED, Case.Status.EXITED)
OPEN_HERE = (Case.Status.IN_PORTAL, Case.Status.NEW)

# (case id, check) → (team id, what was found, in words)
Findings = dict[tuple[int, str], tuple[int, str]]


def _claims(cases: QuerySet[Case]) -> QuerySet[PortalClaim]:
    return PortalClaim.objects.filter(is_active=True, case__in=cases)


def _closed_here(cases) -> Findings:
    claims = _claims(cases).filter(outcome=Outcome.OPEN, case__status__in=CLOSED_HERE)
    return {
        (c.case_id, DriftCheck.CLOSED_HERE_OPEN_ON_PORTAL): (
            c.case.team_id,
            f"The case is {c.case.get_status_display().lower()}; claim {c.claim_id} is still "
            f"{c.status or 'open'} on the {c.get_portal_display()}.",
        )
        for c in claims.select_related("case")
    }


def _closed_on_portal(cases) -> Findings:
    claims = _claims(cases).exclude(outcome=Outcome.OPEN).filter(case__status__in=OPEN_HERE)
    return {
        (c.case_id, DriftCheck.CLOSED_ON_PORTAL_OPEN_HERE): (
            c.case.team_id,
            f"Claim {c.claim_id} is {c.get_outcome_display().lower()} ({c.status}); the case is still "
            f"{c.case.get_status_display().lower()} here.",
        )
        for c in claims.select_related("case")
    }


def _no_medical_report(cases, portal: PortalStatuses, now: dt.datetime) -> Findings:
    days = setting("DRIFT_MEDICAL_REPORT_DAYS")
    claims = _claims(cases).filter(
        portal=portal.portal,
        status__in=portal.codes_of(MEDICAL_STAGE),
        status_since__lt=now - dt.timedelta(days=days),
    )
    found = {}
    for claim in claims.select_related("case").only(
        "case_id", "case__team_id", "claim_id", "status", "status_since", "facts"
    ):
        if StageFacts.from_json(claim.facts).reports:
            continue
        waited = (now - claim.status_since).days
        found[(claim.case_id, DriftCheck.NO_MEDICAL_REPORT)] = (
            claim.case.team_id,
            f"In the medical stage ({claim.status}) for {waited} days with no medical report on the portal.",
        )
    return found


def _unread_messages(cases, now: dt.datetime) -> Findings:
    days = setting("DRIFT_UNREAD_MESSAGE_DAYS")
    unread = (
        PortalMessage.objects.filter(
            claim__case__in=cases,
            direction=PortalMessage.Direction.INBOUND,
            opened_at__isnull=True,
            received_at__lt=now - dt.timedelta(days=days),
        )
        .values("claim__case_id", "claim__case__team_id")
        .annotate(count=Count("id"), oldest=Min("received_at"))
    )
    return {
        (row["claim__case_id"], DriftCheck.UNREAD_MESSAGES): (
            row["claim__case__team_id"],
            f"{row['count']} portal message(s) unread, the oldest received "
            f"{timezone.localtime(row['oldest']):%d/%m/%Y}.",
        )
        for row in unread
    }


def _open_portal_tasks(portal: PortalStatuses):
    return Task.objects.filter(
        case=OuterRef("case_id"), status=Task.Status.OPEN, portal_key__startswith=portal.task_prefix
    )


def _deadline_without_task(cases, portal: PortalStatuses) -> Findings:
    waiting_on_us = [code for code in portal.us if code not in portal.awaiting_completion]
    claims = (
        _claims(cases)
        .filter(portal=portal.portal, outcome=Outcome.OPEN, status__in=waiting_on_us)
        .filter(~Exists(_open_portal_tasks(portal)))
    )
    return {
        (c.case_id, DriftCheck.DEADLINE_WITHOUT_TASK): (
            c.case.team_id,
            f"The portal waits on us ({c.status}) and no portal task is open on the case.",
        )
        for c in claims.select_related("case")
    }


def _task_on_closed_claim(cases, portal: PortalStatuses) -> Findings:
    closed_claims = _claims(cases).filter(portal=portal.portal).exclude(outcome=Outcome.OPEN)
    tasks = (
        Task.objects.filter(
            status=Task.Status.OPEN,
            portal_key__startswith=portal.task_prefix,
            case_id__in=closed_claims.values("case_id"),
        )
        .values("case_id", "case__team_id")
        .annotate(count=Count("id"))
    )
    return {
        (row["case_id"], DriftCheck.TASK_ON_CLOSED_CLAIM): (
            row["case__team_id"],
            f"{row['count']} portal task(s) still open though the claim is closed on the portal.",
        )
        for row in tasks
    }


def drift_findings(*, cases: QuerySet[Case], now: dt.datetime | None = None) -> Findings:
    """Every drift line for ``cases`` now (one query per check and portal, never one per case)."""
    now = now or timezone.now()
    found: Findings = {}
    found |= _closed_here(cases)
    found |= _closed_on_portal(cases)
    found |= _unread_messages(cases, now)
    for portal in installed():
        found |= _no_medical_report(cases, portal, now)
        found |= _deadline_without_task(cases, portal)
        found |= _task_on_closed_claim(cases, portal)
    return found


@transaction.atomic
def drift_report_run(
    *, team: Team | None = None, trigger: str = "nightly", requested_by: User | None = None
) -> DriftRun:
    """Run the drift report for the firm (or one team) and keep its lines up to date.

    1. Work out every finding now.
    2. A finding with no open line gets a new one; an open line found again is refreshed.
    3. An open line not found any more is resolved (its review, if any, stays with it).
    """
    now = timezone.now()
    run = DriftRun.objects.create(trigger=trigger, team=team, requested_by=requested_by)
    cases = Case.objects.filter(team=team) if team else Case.objects.all()
    found = drift_findings(cases=cases, now=now)
    open_items = DriftItem.objects.select_for_update().filter(resolved_at__isnull=True)
    if team:
        open_items = open_items.filter(team=team)
    existing = {(item.case_id, item.kind): item for item in open_items}
    fresh = [
        DriftItem(case_id=case_id, kind=kind, team_id=team_id, detail=detail[:300], last_found_at=now)
        for (case_id, kind), (team_id, detail) in found.items()
        if (case_id, kind) not in existing
    ]
    DriftItem.objects.bulk_create(fresh, batch_size=1000)
    seen, gone = [], []
    for key, item in existing.items():
        if key in found:
            item.detail, item.last_found_at = found[key][1][:300], now
            seen.append(item)
        else:
            item.resolved_at = now
            gone.append(item)
    DriftItem.objects.bulk_update(seen, ["detail", "last_found_at"], batch_size=1000)
    DriftItem.objects.bulk_update(gone, ["resolved_at"], batch_size=1000)
    run.found, run.new, run.resolved, run.finished_at = len(found), len(fresh), len(gone), timezone.now()
    run.save(update_fields=["found", "new", "resolved", "finished_at"])
    return run


@transaction.atomic
def drift_item_review(*, item: DriftItem, note: str, acting_user: User) -> DriftItem:
    """Mark a drift line as reviewed, with what was done about it, in the case history."""
    item = DriftItem.objects.select_for_update(of=("self",)).select_related("case").get(pk=item.pk)
    if item.is_reviewed:
        raise Refused("This line has already been reviewed.", level="info")
    item.reviewed_at, item.reviewed_by, item.review_note = timezone.now(), acting_user, note.strip()[:300]
    item.full_clean()
    item.save(update_fields=["reviewed_at", "reviewed_by", "review_note"])
    summary = f"Drift report reviewed: {item.get_kind_display()}"
    if item.review_note:
        summary += f" ({item.review_note})"
    case_event_record(case=item.case, kind="drift.reviewed", acting_user=acting_user, summary=summary)
    return item

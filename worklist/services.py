"""State changes for tasks."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from cases.models import Case
from cases.services import case_event_record
from lib.business_days import add_business_days
from lib.errors import Refused
from worklist.models import Task


def due_in_business_days(days: int, *, start: dt.date | None = None) -> dt.date:
    return add_business_days(start or timezone.localdate(), days)


@transaction.atomic
def task_create(
    *,
    title: str,
    due_date: dt.date,
    assignee: User,
    acting_user: User | None,
    case: Case | None = None,
    description: str = "",
    actor_label: str = "",
) -> Task:
    team = case.team if case else assignee.team
    if case and assignee.team_id != case.team_id:
        raise Refused("A case's task must go to someone in the case's team.")
    task = Task(
        case=case,
        team=team,
        assignee=assignee,
        title=title.strip(),
        description=description.strip(),
        due_date=due_date,
        created_by=acting_user,
        is_unread=acting_user != assignee,
    )
    task.full_clean()
    task.save()
    if case:
        summary = f"Task for {assignee}: {task.title} (due {due_date:%d/%m/%Y})"
        case_event_record(
            case=case, kind="task.created", acting_user=acting_user, summary=summary, actor_label=actor_label
        )
    return task


@transaction.atomic
def task_complete(*, task: Task, acting_user: User) -> Task:
    if not task.is_open:
        raise Refused("This task is already closed.")
    task.status, task.completed_at, task.completed_by = Task.Status.DONE, timezone.now(), acting_user
    task.is_unread = False
    task.save(update_fields=["status", "completed_at", "completed_by", "is_unread"])
    if task.case:
        case_event_record(
            case=task.case, kind="task.completed", acting_user=acting_user, summary=f"Task done: {task.title}"
        )
    return task


@transaction.atomic
def task_reopen(*, task: Task, acting_user: User) -> Task:
    if task.is_open:
        raise Refused("This task is already open.")
    task.status, task.completed_at, task.completed_by = Task.Status.OPEN, None, None
    task.save(update_fields=["status", "completed_at", "completed_by"])
    if task.case:
        case_event_record(
            case=task.case,
            kind="task.reopened",
            acting_user=acting_user,
            summary=f"Task reopened: {task.title}",
        )
    return task


@transaction.atomic
def task_cancel(*, task: Task, reason: str, acting_user: User | None, actor_label: str = "") -> Task:
    """Close a task that is no longer needed (not done: cancelled), saying why in the case history."""
    if not task.is_open:
        return task
    task.status, task.completed_at, task.completed_by = Task.Status.CANCELLED, timezone.now(), acting_user
    task.save(update_fields=["status", "completed_at", "completed_by", "updated_at"])
    if task.case:
        case_event_record(
            case=task.case,
            kind="task.cancelled",
            acting_user=acting_user,
            actor_label=actor_label,
            summary=f"Task cancelled: {task.title} ({reason})",
        )
    return task


def task_mark_read(*, task: Task, user: User) -> None:
    if task.is_unread and task.assignee_id == user.pk:
        Task.objects.filter(pk=task.pk).update(is_unread=False)


@transaction.atomic
def task_portal_upsert(
    *,
    key: str,
    case: Case,
    title: str,
    description: str,
    due_date: dt.date,
    deadline: dt.date | None = None,
    is_open: bool = True,
) -> Task | None:
    """Create or update the task a portal item asks for, keyed by the portal's own id (never duplicated).

    A closed portal item closes its task; nothing is created for an item that is already closed.
    """
    task = Task.objects.select_for_update().filter(portal_key=key).first()
    if task is None:
        if not is_open:
            return None
        task = Task(
            portal_key=key, case=case, team=case.team, assignee=case.fee_earner, source=Task.Source.PORTAL
        )
    elif not is_open:
        if task.is_open:
            task.status, task.completed_at = Task.Status.DONE, timezone.now()
            task.save(update_fields=["status", "completed_at", "updated_at"])
        return task
    elif not task.is_open:
        task.status, task.completed_at, task.completed_by = Task.Status.OPEN, None, None
    elif (task.title, task.description, task.due_date, task.deadline) == (
        title[:200],
        description,
        due_date,
        deadline,
    ):
        return task  # nothing new: it stays as the user left it (read or not)
    task.title, task.description, task.due_date, task.deadline = title[:200], description, due_date, deadline
    task.is_unread = True
    task.full_clean()
    task.save()
    return task


@transaction.atomic
def tasks_portal_close(*, case: Case, key_prefix: str, keep: set[str] = frozenset()) -> int:
    """Close the case's open portal tasks under ``key_prefix`` whose key is not in ``keep``."""
    stale = Task.objects.filter(case=case, status=Task.Status.OPEN, portal_key__startswith=key_prefix)
    return stale.exclude(portal_key__in=keep).update(
        status=Task.Status.DONE, completed_at=timezone.now(), updated_at=timezone.now()
    )

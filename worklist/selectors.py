import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from worklist.models import Task


def tasks_for_user(user: User) -> QuerySet[Task]:
    """Tasks a user may see: their team's."""
    if user.team_id is None:
        return Task.objects.none()
    return Task.objects.filter(team_id=user.team_id).select_related("case", "case__client", "assignee")


def get_task_for_user(user: User, pk: int) -> Task | None:
    return tasks_for_user(user).filter(pk=pk).first()


def this_week(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """Monday to Sunday of the week of ``today`` (Europe/London)."""
    today = today or timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday())
    return monday, monday + dt.timedelta(days=6)


def tasks_filtered(
    tasks: QuerySet[Task],
    *,
    show: str = "open",
    due: str = "",
    case: str = "",
    assignee: User | None = None,
) -> QuerySet[Task]:
    """The task lists' filters: open/done/all, due today/overdue/this week, one case, one person."""
    today = timezone.localdate()
    if show == "done":
        tasks = tasks.exclude(status=Task.Status.OPEN).order_by("-completed_at", "-id")
    elif show != "all":
        tasks = tasks.filter(status=Task.Status.OPEN)
    if due == "today":
        tasks = tasks.filter(due_date=today)
    elif due == "overdue":
        tasks = tasks.filter(status=Task.Status.OPEN, due_date__lt=today)
    elif due == "week":
        tasks = tasks.filter(due_date__range=this_week(today))
    if case:
        tasks = tasks.filter(case__reference=case)
    if assignee is not None:
        tasks = tasks.filter(assignee=assignee)
    return tasks


def task_cases(tasks: QuerySet[Task]) -> list[tuple[str, str]]:
    """The cases of ``tasks``, as (reference, "reference · client"), for the "by case" filter."""
    rows = (
        tasks.exclude(case=None)
        .order_by("case__reference")
        .values_list("case__reference", "case__client__first_name", "case__client__last_name")
        .distinct()
    )
    return [(reference, f"{reference} · {first} {last}") for reference, first, last in rows]

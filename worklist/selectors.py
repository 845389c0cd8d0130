from django.db.models import QuerySet

from accounts.models import User
from worklist.models import Task


def tasks_for_user(user: User) -> QuerySet[Task]:
    """Tasks a user may see: their team's."""
    if user.team_id is None:
        return Task.objects.none()
    return Task.objects.filter(team_id=user.team_id).select_related("case", "case__client", "assignee")


def get_task_for_user(user: User, pk: int) -> Task | None:
    return tasks_for_user(user).filter(pk=pk).first()

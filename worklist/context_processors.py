from django.db.models import Count, Q
from django.utils import timezone

from worklist.models import Task


def task_badge(request):
    """The number beside "My tasks": open tasks that are unread or overdue (one query per page)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    counts = Task.objects.filter(assignee=user, status=Task.Status.OPEN).aggregate(
        n=Count("id", filter=Q(is_unread=True) | Q(due_date__lt=timezone.localdate()))
    )
    return {"task_badge": counts["n"]}

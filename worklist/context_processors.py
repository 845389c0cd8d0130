from django.db.models import Count, Q
from django.utils import timezone

from worklist.models import Task


def task_badge(request):
    """The number beside "My tasks": open tasks that are new (unread) or overdue, and what it is made of.

    One query per page. ``task_badge_words`` says it in words, for screen readers and the My tasks page.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    overdue = Q(due_date__lt=timezone.localdate())
    counts = Task.objects.filter(assignee=user, status=Task.Status.OPEN).aggregate(
        n=Count("id", filter=Q(is_unread=True) | overdue),
        new=Count("id", filter=Q(is_unread=True)),
        overdue=Count("id", filter=overdue),
    )
    return {
        "task_badge": counts["n"],
        "task_badge_new": counts["new"],
        "task_badge_overdue": counts["overdue"],
        "task_badge_words": _in_words(counts),
    }


def _in_words(counts: dict) -> str:
    if not counts["n"]:
        return "no open task is new or overdue"
    parts = [f"{counts['new']} new or updated"] if counts["new"] else []
    if counts["overdue"]:
        parts.append(f"{counts['overdue']} overdue")
    noun = "task needs" if counts["n"] == 1 else "tasks need"
    return f"{counts['n']} {noun} you: {' and '.join(parts)}"

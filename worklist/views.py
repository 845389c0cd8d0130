from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.models import User
from cases.selectors import get_case_for_user
from lib.errors import Refused
from lib.http import next_url
from worklist import services
from worklist.forms import TaskForm
from worklist.models import Task
from worklist.selectors import get_task_for_user, tasks_for_user


def _filtered(tasks, request):
    show = request.GET.get("show", "open")
    if show == "open":
        tasks = tasks.filter(status=Task.Status.OPEN)
    elif show == "done":
        tasks = tasks.exclude(status=Task.Status.OPEN).order_by("-completed_at")
    return tasks, show


def my_tasks_view(request):
    tasks, show = _filtered(tasks_for_user(request.user).filter(assignee=request.user), request)
    page = Paginator(tasks, 100).get_page(request.GET.get("page"))
    return render(request, "worklist/my_tasks.html", {"page": page, "show": show})


@permission_required("accounts.view_team_work", raise_exception=True)
def team_tasks_view(request):
    tasks, show = _filtered(tasks_for_user(request.user), request)
    assignee_id = request.GET.get("assignee", "")
    if assignee_id.isdigit():
        tasks = tasks.filter(assignee_id=int(assignee_id))
    if request.GET.get("overdue") == "1":
        tasks = tasks.filter(status=Task.Status.OPEN, due_date__lt=timezone.localdate())
    page = Paginator(tasks, 100).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "show": show,
        "assignee_id": int(assignee_id) if assignee_id.isdigit() else None,
        "overdue": request.GET.get("overdue") == "1",
        "members": User.objects.filter(team_id=request.user.team_id, is_active=True),
    }
    return render(request, "worklist/team_tasks.html", context)


def case_tasks_view(request, reference):
    case = get_case_for_user(request.user, reference)
    form = TaskForm(
        request.POST if request.method == "POST" else None,
        team_id=case.team_id,
        default_assignee=case.fee_earner,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        due = data["due_date"] or services.due_in_business_days(data["due_in_business_days"])
        services.task_create(
            case=case,
            title=data["title"],
            description=data["description"],
            assignee=data["assignee"],
            due_date=due,
            acting_user=request.user,
        )
        messages.success(request, f"Task added, due {due:%d/%m/%Y}.")
        return redirect("worklist:case_tasks", reference=case.reference)
    tasks = case.tasks.select_related("assignee").order_by("status", "due_date")
    context = {"case": case, "tab": "tasks", "form": form, "tasks": tasks}
    return render(request, "worklist/case_tasks.html", context, status=400 if form.is_bound else 200)


def _back(request, fallback: str):
    return redirect(next_url(request, reverse(fallback)))


def _task_change(request, pk, change, done: str):
    task = get_task_for_user(request.user, pk)
    if task is None:
        raise Http404("No such task")
    try:
        change(task=task, acting_user=request.user)
        messages.success(request, f"{done}: {task.title}")
    except Refused as exc:
        messages.error(request, str(exc))
    return _back(request, "worklist:mine")


@require_POST
def task_complete_view(request, pk):
    return _task_change(request, pk, services.task_complete, "Done")


@require_POST
def task_reopen_view(request, pk):
    return _task_change(request, pk, services.task_reopen, "Reopened")


def task_open_view(request, pk):
    """Open a task: it stops being bold, and the user lands on its case (or back on the list)."""
    task = get_task_for_user(request.user, pk)
    if task is None:
        raise Http404("No such task")
    services.task_mark_read(task=task, user=request.user)
    if task.case:
        return redirect("worklist:case_tasks", reference=task.case.reference)
    return redirect("worklist:mine")

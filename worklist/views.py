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
from worklist.forms import TaskFilterForm, TaskForm, TeamTaskFilterForm
from worklist.models import Task
from worklist.selectors import get_task_for_user, tasks_for_user


def _filtered(tasks, form):
    """The tasks the filter form asks for: none when it is not valid (the page shows why)."""
    if not form.is_valid():
        return tasks.none()
    show = form.cleaned_data["show"]
    if show == "open":
        tasks = tasks.filter(status=Task.Status.OPEN)
    elif show == "done":
        tasks = tasks.exclude(status=Task.Status.OPEN).order_by("-completed_at")
    return tasks


def my_tasks_view(request):
    form = TaskFilterForm(request.GET)
    tasks = _filtered(tasks_for_user(request.user).filter(assignee=request.user), form)
    page = Paginator(tasks, 100).get_page(form.cleaned_data.get("page"))
    context = {"page": page, "show": form.cleaned_data.get("show", ""), "form": form}
    return render(request, "worklist/my_tasks.html", context, status=200 if form.is_valid() else 400)


@permission_required("accounts.view_team_work", raise_exception=True)
def team_tasks_view(request):
    form = TeamTaskFilterForm(request.GET, team_id=request.user.team_id)
    tasks = _filtered(tasks_for_user(request.user), form)
    filters = form.cleaned_data
    if filters.get("assignee"):
        tasks = tasks.filter(assignee=filters["assignee"])
    if filters.get("overdue"):
        tasks = tasks.filter(status=Task.Status.OPEN, due_date__lt=timezone.localdate())
    page = Paginator(tasks, 100).get_page(filters.get("page"))
    context = {
        "form": form,
        "page": page,
        "show": filters.get("show", ""),
        "assignee_id": getattr(filters.get("assignee"), "pk", None),
        "overdue": bool(filters.get("overdue")),
        "members": User.objects.filter(team_id=request.user.team_id, is_active=True),
    }
    return render(request, "worklist/team_tasks.html", context, status=200 if form.is_valid() else 400)


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

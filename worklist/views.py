from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from accounts.models import User
from cases.selectors import get_case_for_user
from lib.errors import Refused
from lib.http import next_url
from portal.services.updates import unseen_updates, updates_seen
from worklist import services
from worklist.forms import TaskFilterForm, TaskForm
from worklist.selectors import get_task_for_user, task_cases, tasks_filtered, tasks_for_user, this_week


def _task_list(request, tasks, template: str, *, members=None, **context):
    """My tasks and Team tasks: the filter form, the page of tasks, and the Open/Done/All links."""
    form = TaskFilterForm(request.GET, cases=task_cases(tasks), members=members)
    filters = form.filters()
    page = Paginator(tasks_filtered(tasks, **filters), 100).get_page(form.cleaned_data.get("page"))
    show = filters.get("show", "open")
    kept = {name: value for name, value in request.GET.items() if name not in {"show", "page"}}
    context |= {
        "page": page,
        "form": form,
        "show": show,
        "show_links": [
            (value, label, "?" + urlencode(kept | {"show": value}))
            for value, label in form.fields["show"].choices
        ],
        "week": this_week(),
        "filtered": bool(filters.keys() - {"show"}),
    }
    return render(request, template, context, status=400 if form.errors else 200)


def my_tasks_view(request):
    """My tasks: the portal updates not yet seen (one digest per day) and the fee earner's tasks."""
    mine = tasks_for_user(request.user).filter(assignee=request.user)
    return _task_list(request, mine, "worklist/my_tasks.html", digest=unseen_updates(user=request.user))


@permission_required("accounts.view_team_work", raise_exception=True)
def team_tasks_view(request):
    members = User.objects.filter(team_id=request.user.team_id, is_active=True)
    return _task_list(request, tasks_for_user(request.user), "worklist/team_tasks.html", members=members)


@require_POST
def updates_seen_view(request):
    """Mark all as seen: every case with portal updates on My tasks stops showing them."""
    cases = {entry.case for day in unseen_updates(user=request.user) for entry in day.cases}
    for case in cases:
        updates_seen(case=case, user=request.user)
    if cases:
        messages.success(request, f"Portal updates marked as seen on {len(cases)} case(s).")
    return redirect("worklist:mine")


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

"""Supervision screens: the dashboard, the lists behind its figures (page, CSV, Excel), the drift report
and the case's limitation facts. Thin: scope, form, one selector or service, render or redirect."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cases.selectors import get_case_for_user
from lib.errors import Refused
from supervision import exports
from supervision.dashboard_charts import dashboard_charts
from supervision.forms import DriftFilterForm, DriftReviewForm, LimitationForm, ListForm
from supervision.models import DriftCheck, DriftRun
from supervision.selectors.dashboard import dashboard, dashboard_forget
from supervision.selectors.drift import drift_items
from supervision.selectors.measures import local_midnight, month_start
from supervision.selectors.reports import REPORTS
from supervision.selectors.scope import scope_for
from supervision.services.drift import drift_item_review, drift_report_run
from supervision.services.limitation import limitation_set
from supervision.services.snapshots import derived_refresh

PAGE_SIZE = 50


def _scope(request):
    if request.user.team_id is None:
        raise PermissionDenied("Supervision figures are kept per team: you are not in a team.")
    return scope_for(request.user)


def dashboard_view(request):
    scope = _scope(request)
    data = dashboard(scope)
    context = {"data": data, "charts": dashboard_charts(data), "scope": scope}
    return render(request, "supervision/dashboard.html", context)


@require_POST
def dashboard_refresh_view(request):
    dashboard_forget(_scope(request))
    messages.success(request, "The figures were counted again just now.")
    return redirect("supervision:dashboard")


def _bad_request(request, form, title: str):
    context = {"form": form, "title": title}
    return render(request, "supervision/bad_request.html", context, status=400)


def list_view(request, key):
    report = REPORTS.get(key)
    if report is None:
        raise Http404("No such list")
    scope = _scope(request)
    form = ListForm(request.GET, team_id=request.user.team_id, needs=report.needs)
    if not form.is_valid():
        return _bad_request(request, form, "This list cannot be shown")
    params = form.cleaned_data
    now = timezone.now()
    month = params["month"] or month_start(timezone.localdate(now))
    derived_refresh(cases=scope.cases(), claims=scope.claims(), since=local_midnight(month))
    rows = report.rows(scope, params, now, timezone.localdate(now))
    title = report.title(params)
    header = [c.label for c in report.columns]
    filename = f"claimdesk-{key.replace('_', '-')}-{scope.slug}-{timezone.localdate():%Y-%m-%d}"
    values = ([c.value(row) for c in report.columns] for row in rows.iterator(chunk_size=2000))
    if params["format"] == "csv":
        return exports.csv_response(filename, header, values)
    if params["format"] == "xlsx":
        return exports.xlsx_response(filename, title, header, values, [c.money for c in report.columns])
    page = Paginator(rows, PAGE_SIZE).get_page(params["page"])
    lines = [(report.case_of(row), [(c, c.value(row)) for c in report.columns]) for row in page]
    context = {
        "title": title,
        "report": report,
        "page": page,
        "lines": lines,
        "scope": scope,
        "exports": {kind: _filters_query(request, form, format=kind) for kind in ("csv", "xlsx")},
    }
    return render(request, "supervision/list.html", context)


def _filters_query(request, form, **extra) -> str:
    """The page's own filters (only its form's fields, as typed), plus ``extra``, as a query string."""
    query = QueryDict(mutable=True)
    for name in form.fields:
        if name not in ("page", "format") and name in request.GET:
            query.setlist(name, request.GET.getlist(name))
    query.update(extra)
    return query.urlencode()


def drift_view(request):
    scope = _scope(request)
    form = DriftFilterForm(request.GET)
    if not form.is_valid():
        return _bad_request(request, form, "The drift report cannot be shown")
    show, kind = form.cleaned_data["show"] or "open", form.cleaned_data["kind"]
    items = drift_items(cases=scope.cases(), show=show, kind=kind)
    if form.cleaned_data["format"] in ("csv", "xlsx"):
        return _drift_export(items, form.cleaned_data["format"], scope)
    page = Paginator(items, PAGE_SIZE).get_page(form.cleaned_data["page"])
    runs = DriftRun.objects.filter(finished_at__isnull=False)
    context = {
        "page": page,
        "form": form,
        "show": show,
        "kind": kind,
        "checks": DriftCheck.choices,
        "last_run": runs.filter(team__isnull=True).first()
        or runs.filter(team_id=request.user.team_id).first(),
        "can_run": request.user.has_perm("accounts.view_team_work"),
        "review_form": DriftReviewForm(),
        "filters": _filters_query(request, form),
        "exports": {kind: _filters_query(request, form, format=kind) for kind in ("csv", "xlsx")},
    }
    return render(request, "supervision/drift.html", context)


def _drift_export(items, fmt, scope):
    header = ["Case", "Client", "Fee earner", "Check", "What was found", "First found", "Reviewed", "Review"]
    rows = (
        [
            i.case.reference,
            i.case.client.full_name,
            str(i.case.fee_earner),
            i.get_kind_display(),
            i.detail,
            timezone.localtime(i.first_found_at).replace(tzinfo=None),
            f"{timezone.localtime(i.reviewed_at):%d/%m/%Y %H:%M} by {i.reviewed_by}" if i.reviewed_at else "",
            i.review_note,
        ]
        for i in items.iterator(chunk_size=2000)
    )
    filename = f"claimdesk-drift-report-{scope.slug}-{timezone.localdate():%Y-%m-%d}"
    if fmt == "csv":
        return exports.csv_response(filename, header, rows)
    return exports.xlsx_response(filename, "Drift report", header, rows, [False] * len(header))


@require_POST
def drift_run_view(request):
    if not request.user.has_perm("accounts.view_team_work"):
        raise PermissionDenied("Only supervisors and administrators run the drift report.")
    run = drift_report_run(team=request.user.team, trigger="on demand", requested_by=request.user)
    messages.success(
        request, f"Drift report run: {run.found} line(s), {run.new} new, {run.resolved} resolved."
    )
    return redirect("supervision:drift")


@require_POST
def drift_review_view(request, pk):
    item = drift_items(cases=_scope(request).cases(), show="all").filter(pk=pk).first()
    if item is None:
        raise Http404("No such line")
    form = DriftReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The note is too long (300 characters at most).")
    else:
        try:
            drift_item_review(item=item, note=form.cleaned_data["note"], acting_user=request.user)
            messages.success(request, f"{item.case.reference}: marked as reviewed (recorded in the history).")
        except Refused as exc:
            messages.info(request, exc.message)
    return redirect(reverse("supervision:drift") + "?" + request.GET.urlencode())


@require_POST
def limitation_view(request, reference):
    case = get_case_for_user(request.user, reference)
    form = LimitationForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            limitation_set(
                case=case,
                override=data["limitation_override"],
                override_reason=data["limitation_override_reason"],
                lacks_capacity=data["lacks_capacity"],
                acting_user=request.user,
            )
            messages.success(request, "Limitation saved (recorded in the history).")
        except Refused as exc:
            messages.error(request, exc.message)
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"Limitation: {error}")
    return redirect(reverse("cases:details", args=[case.reference]) + "#limitation")

"""Case screens: the list, the new-case form and the tabs. Thin: access helper, forms, one service."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.models import User
from cases import services
from cases.forms import (
    AccidentForm,
    CaseFilterForm,
    ClaimantVehicleForm,
    ClaimsPortalForm,
    ClientForm,
    CloseCaseForm,
    DefendantVehicleFormSet,
    HistoryFilterForm,
    InjuryFormSet,
    InsurerForm,
    LossFormSet,
    NewCaseForm,
    NoteForm,
    ReassignForm,
    ReplacementVehicleForm,
    TreatmentForm,
)
from cases.models import Case
from cases.selectors import case_history, case_list, cases_for_user, get_case_for_user, history_people
from cases.services import SectionEdit
from lib.errors import Refused
from lookups.fields import LookupChoices
from portal.registry import case_sections
from portal.services.updates import updates_seen

PAGE_SIZE = 50

# The Case Details sections a portal's rules may ask for (PortalRules.case_sections), by name.
PORTAL_SECTIONS = {
    "Claims Portal": lambda data, case: ClaimsPortalForm(data, instance=case.claims_portal),
}


def case_list_view(request):
    portal_statuses = list(
        cases_for_user(request.user)
        .exclude(portal_status="")
        .order_by("portal_status")
        .values_list("portal_status", flat=True)
        .distinct()
    )
    form = CaseFilterForm(request.GET, user=request.user, portal_statuses=portal_statuses, auto_id="%s")
    if form.is_valid():
        filters = form.cleaned_data
        fee_earner = filters["fee_earner"]
        cases = case_list(
            user=request.user,
            query=filters["q"].strip(),
            status=filters["status"],
            fee_earner_id=fee_earner.pk if fee_earner else None,
        )
    else:
        cases = Case.objects.none()
    page = Paginator(cases, PAGE_SIZE).get_page(form.cleaned_data.get("page"))
    query = form.cleaned_data.get("q", "").strip()
    if query and page.paginator.count == 1:  # e.g. a claim ID pasted from a portal e-mail: open the case
        case = page.object_list[0]
        messages.info(request, f"The only case matching “{query}”.")
        return redirect("cases:details", reference=case.reference)
    context = {
        "form": form,
        "page": page,
        "query": form.cleaned_data.get("q", ""),
        "status": form.cleaned_data.get("status", ""),
        "fee_earner_id": getattr(form.cleaned_data.get("fee_earner"), "pk", None),
        "statuses": Case.Status.choices,
        "portal_statuses": portal_statuses,
        "fee_earners": User.objects.filter(team_id=request.user.team_id, is_active=True),
    }
    return render(request, "cases/list.html", context, status=200 if form.is_valid() else 400)


def case_new_view(request):
    form = NewCaseForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        case = services.case_open(**form.cleaned_data, acting_user=request.user)
        messages.success(request, f"Case {case.reference} opened. Fill in the tabs, then save.")
        return redirect("cases:details", reference=case.reference)
    status = 400 if form.is_bound else 200
    return render(request, "cases/new.html", {"form": form}, status=status)


def case_view(request, reference):
    case = get_case_for_user(request.user, reference)
    return redirect("cases:details", reference=case.reference)


def _tab(request, case, template, context, *, tab, status=200):
    if status == 400:
        # The forms wrote the refused values onto the case's parts: the header shows what is saved.
        case = get_case_for_user(request.user, case.reference)
    context |= {"case": case, "tab": tab}
    return render(request, template, context, status=status)


def _formset_edit(section: str, formset) -> SectionEdit:
    edit = SectionEdit(section)
    deleted = set(formset.deleted_forms)
    for form in formset.forms:
        if form in deleted:
            if form.instance.pk:
                edit.deleted.append(form.instance)
        elif form.instance.pk:
            edit.edited.append(form.instance)
        elif form.has_changed():
            edit.created.append(form.instance)
    return edit


def case_details_view(request, reference):
    case = get_case_for_user(request.user, reference)
    data = request.POST if request.method == "POST" else None
    shared = LookupChoices()
    sections = {
        "Client": ClientForm(data, instance=case.client, lookup_choices=shared),
        "Accident": AccidentForm(data, instance=case.accident, lookup_choices=shared),
        "Claimant vehicle": ClaimantVehicleForm(data, instance=case.claimant_vehicle),
        "Insurer": InsurerForm(data, instance=case.insurer),
    }
    for name in case_sections(case.portal):  # what only the case's portal's claim form asks for
        sections[name] = PORTAL_SECTIONS[name](data, case)
    defendants = DefendantVehicleFormSet(data, instance=case, prefix="defendants")
    if data is None:
        updates_seen(case=case, user=request.user)  # the fee earner opened the case: its portal news is read
    else:
        valid = all([f.is_valid() for f in sections.values()]) & defendants.is_valid()
        if valid:
            edits = [SectionEdit(name, edited=[f.instance]) for name, f in sections.items()]
            edits.append(_formset_edit("Defendant vehicles", defendants))
            _save_and_report(request, case, edits)
            return redirect("cases:details", reference=case.reference)
    context = {"sections": sections, "defendants": defendants}
    return _tab(
        request, case, "cases/details.html", context, tab="details", status=400 if data is not None else 200
    )


def _save_and_report(request, case, edits):
    changes = services.case_sections_save(case=case, edits=edits, acting_user=request.user)
    if changes:
        messages.success(request, f"Saved: {len(changes)} change(s) recorded in the history.")
    else:
        messages.info(request, "Nothing had changed.")


def case_injury_view(request, reference):
    case = get_case_for_user(request.user, reference)
    data = request.POST if request.method == "POST" else None
    shared = LookupChoices()
    injuries = InjuryFormSet(
        data,
        instance=case,
        prefix="injuries",
        queryset=case.injuries.select_related("body_part"),
        form_kwargs={"lookup_choices": shared},
    )
    treatment = TreatmentForm(data, instance=case.treatment)
    if data is not None and injuries.is_valid() & treatment.is_valid():
        edits = [
            _formset_edit("Injuries", injuries),
            SectionEdit("Treatment and time off work", edited=[treatment.instance]),
        ]
        _save_and_report(request, case, edits)
        return redirect("cases:injury", reference=case.reference)
    context = {"injuries": injuries, "treatment": treatment}
    return _tab(
        request, case, "cases/injury.html", context, tab="injury", status=400 if data is not None else 200
    )


def case_replacement_vehicle_view(request, reference):
    case = get_case_for_user(request.user, reference)
    data = request.POST if request.method == "POST" else None
    form = ReplacementVehicleForm(data, instance=case.replacement_vehicle)
    if data is not None and form.is_valid():
        _save_and_report(request, case, [SectionEdit("Replacement vehicle", edited=[form.instance])])
        return redirect("cases:replacement_vehicle", reference=case.reference)
    context = {"form": form}
    return _tab(
        request,
        case,
        "cases/replacement_vehicle.html",
        context,
        tab="replacement",
        status=400 if data is not None else 200,
    )


def case_losses_view(request, reference):
    case = get_case_for_user(request.user, reference)
    data = request.POST if request.method == "POST" else None
    losses = LossFormSet(
        data,
        instance=case,
        prefix="losses",
        queryset=case.losses.select_related("loss_type"),
        form_kwargs={"lookup_choices": LookupChoices()},
    )
    if data is not None and losses.is_valid():
        _save_and_report(request, case, [_formset_edit("Losses", losses)])
        return redirect("cases:losses", reference=case.reference)
    total = sum((loss.amount for loss in case.losses.all()), start=0)
    context = {"losses": losses, "total": total}
    return _tab(
        request, case, "cases/losses.html", context, tab="losses", status=400 if data is not None else 200
    )


def case_notes_view(request, reference):
    case = get_case_for_user(request.user, reference)
    form = NoteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.note_add(case=case, body=form.cleaned_data["body"], acting_user=request.user)
        messages.success(request, "Note added.")
        return redirect("cases:notes", reference=case.reference)
    notes = case.notes.select_related("author")
    status = 400 if form.is_bound else 200
    return _tab(request, case, "cases/notes.html", {"form": form, "notes": notes}, tab="notes", status=status)


def case_history_view(request, reference):
    case = get_case_for_user(request.user, reference)
    form = HistoryFilterForm(request.GET, people=history_people(case))
    filters = form.filters()
    page = Paginator(case_history(case=case, **filters), 50).get_page(form.cleaned_data.get("page"))
    context = {"page": page, "form": form, "filtering": bool(filters)}
    status = 400 if form.errors else 200
    return _tab(request, case, "cases/history.html", context, tab="history", status=status)


def case_options_view(request, reference):
    case = get_case_for_user(request.user, reference)
    context = {
        "close_form": CloseCaseForm(),
        "fee_earners": User.objects.filter(team_id=case.team_id, is_active=True),
    }
    return _tab(request, case, "cases/options.html", context, tab="options")


@require_POST
def case_reassign_view(request, reference):
    case = get_case_for_user(request.user, reference)
    form = ReassignForm(request.POST, team_id=case.team_id)
    if not form.is_valid():
        messages.error(request, form.errors["fee_earner"][0])
        return redirect("cases:options", reference=case.reference)
    fee_earner = form.cleaned_data["fee_earner"]
    if fee_earner != case.fee_earner:
        services.case_reassign(case=case, fee_earner=fee_earner, acting_user=request.user)
        messages.success(request, f"The case is now {fee_earner}'s.")
    return redirect("cases:options", reference=case.reference)


@require_POST
def case_close_view(request, reference):
    case = get_case_for_user(request.user, reference)
    form = CloseCaseForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the outcome (why the case is closing) to close it.")
    else:
        try:
            services.case_close(case=case, outcome=form.cleaned_data["outcome"], acting_user=request.user)
            messages.success(request, "Case closed.")
        except Refused as exc:
            messages.error(request, str(exc))
    return redirect("cases:options", reference=case.reference)


@require_POST
def case_reopen_view(request, reference):
    case = get_case_for_user(request.user, reference)
    try:
        services.case_reopen(case=case, acting_user=request.user)
        messages.success(request, "Case reopened.")
    except Refused as exc:
        messages.error(request, str(exc))
    return redirect("cases:options", reference=case.reference)

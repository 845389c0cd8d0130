"""The portal buttons of a case (the cManager guide's labels, docs/sources.md), portal settings, operations.

Thin: each view finds the case through the access helper, validates with a form, calls one service
and shows its result.
"""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.reauth import reauthentication_required
from cases.models import Portal
from cases.selectors import get_case_for_user
from documents import storage
from documents.validation import RejectedFile
from lib.http import next_url
from portal.forms import (
    AddressesForm,
    ConnectionForm,
    ExitForm,
    FileForm,
    LinkConfirmForm,
    NoteForm,
    PortalResetForm,
    SpecialEditsForm,
    SubmitForm,
    UnlinkForm,
)
from portal.models import PortalDocument, PortalMessage
from portal.registry import connection_for, installed_portals, rules_for
from portal.selectors import operations_overview, portal_docs, show_claim, stage_panel
from portal.services import claims, connection, correspondence, linking
from portal.services import stages as stage_services
from portal.services.updates import updates_seen
from portal.stage_forms import StageActionForm
from portal.tasks import nightly_sync


def _report(request, result) -> None:
    level = result.level if result.level in {"success", "info", "warning"} else "error"
    if result.message:
        getattr(messages, level)(request, result.message)


def _page(request, case, template, context, status=200):
    context |= {"case": case, "tab": context.get("tab", "portal")}
    return render(request, template, context, status=status)


def submit_view(request, reference):
    """Submit to … Portal: the pre-submission check, then a confirmation, then the send."""
    case = get_case_for_user(request.user, reference)
    if claims.active_claim(case) is not None:
        messages.info(request, "This case is already on the portal.")
        return redirect("portal:docs", reference=case.reference)
    form = SubmitForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        result = claims.claim_submit(case=case, acting_user=request.user)
        _report(request, result)
        if result.ok:
            return redirect("portal:docs", reference=case.reference)
        problems = result.problems
    else:
        check = claims.submission_check(case=case, acting_user=request.user)
        if not check.available.ok:
            messages.warning(request, check.available.reason)
            return redirect("cases:details", reference=case.reference)
        problems = check.problems
    context = {"form": form, "problems": problems, "portal_label": Portal(case.portal).label}
    return _page(
        request, case, "portal/submit.html", context, status=400 if request.method == "POST" else 200
    )


def _back(request, case):
    """Back to the page the button was on, else View Portal Docs."""
    return redirect(next_url(request, reverse("portal:docs", args=[case.reference])))


@require_POST
def complete_view(request, reference):
    case = get_case_for_user(request.user, reference)
    _report(request, claims.claim_complete(case=case, acting_user=request.user))
    return _back(request, case)


@require_POST
def resync_view(request, reference):
    case = get_case_for_user(request.user, reference)
    _report(request, claims.claim_resync(case=case, acting_user=request.user))
    return _back(request, case)


def exit_view(request, reference):
    """Exit Portal: the portal's exit reasons, and an explicit confirmation."""
    case = get_case_for_user(request.user, reference)
    claim = claims.active_claim(case)
    if claim is None or claim.is_closed:
        messages.info(request, "This case has no open claim on the portal.")
        return redirect("cases:details", reference=case.reference)
    form = ExitForm(request.POST if request.method == "POST" else None, portal=claim.portal)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        result = claims.claim_exit(
            case=case, reason=data["reason"], comment=data["comment"], acting_user=request.user
        )
        _report(request, result)
        if result.ok:
            return redirect("portal:docs", reference=case.reference)
    context = {"form": form, "claim": show_claim(claim)}
    return _page(request, case, "portal/exit.html", context, status=400 if request.method == "POST" else 200)


def manage_view(request, reference):
    """Manage on Portal: the claim's page on the portal's own web site (opened in a new tab)."""
    case = get_case_for_user(request.user, reference)
    result = claims.claim_manage_url(case=case, acting_user=request.user)
    if not result.ok:
        _report(request, result)
        return redirect("cases:details", reference=case.reference)
    return HttpResponseRedirect(result.url)


def docs_view(request, reference):
    """View Portal Docs: the claims' documents and notes, new ones in bold; send a note or a file."""
    case = get_case_for_user(request.user, reference)
    listing = portal_docs(case)
    if listing is None:
        messages.info(request, "Submit the claim to the portal first.")
        return redirect("cases:details", reference=case.reference)
    updates_seen(case=case, user=request.user)
    if listing.current is None or listing.current.claim.is_closed:
        return _page(request, case, "portal/docs.html", {"listing": listing})
    portal = listing.current.claim.portal
    note_form = NoteForm(prefix="note", portal=portal)
    file_form = FileForm(prefix="file", portal=portal)
    status = 200
    if request.method == "POST" and "note-text" in request.POST:
        note_form = NoteForm(request.POST, prefix="note", portal=portal)
        if note_form.is_valid():
            result = correspondence.portal_note_send(
                case=case, acting_user=request.user, **note_form.cleaned_data
            )
            if result.ok or not result.field_errors:
                _report(request, result)
                return redirect("portal:docs", reference=case.reference)
            note_form.add_portal_errors(result.field_errors)
        status = 400
    elif request.method == "POST":
        file_form = FileForm(request.POST, request.FILES, prefix="file", portal=portal)
        if file_form.is_valid():
            result = _file_send(request, case, file_form)
            if result is not None:
                return result
        status = 400
    context = {"listing": listing, "note_form": note_form, "file_form": file_form}
    return _page(request, case, "portal/docs.html", context, status=status)


def _file_send(request, case, file_form):
    """Send the uploaded file; a redirect when done, None when the form must be shown again."""
    data = file_form.cleaned_data
    try:
        result = correspondence.portal_file_send(
            case=case,
            content=data["file"].read(),
            file_name=data["file"].name,
            acting_user=request.user,
            category=data["category"],
            memo=data["memo"],
        )
    except RejectedFile as exc:
        file_form.add_error("file", str(exc))
        return None
    if not result.ok and result.field_errors:
        file_form.add_portal_errors(result.field_errors)
        return None
    _report(request, result)
    return redirect("portal:docs", reference=case.reference)


@require_POST
def docs_fetch_view(request, reference):
    """The View Portal Docs button: download what is new on the portal, then show the list."""
    case = get_case_for_user(request.user, reference)
    _report(request, correspondence.portal_docs_fetch(case=case, acting_user=request.user))
    return redirect("portal:docs", reference=case.reference)


def message_view(request, reference, pk):
    case = get_case_for_user(request.user, reference)
    message = PortalMessage.objects.filter(pk=pk, claim__case=case).select_related("claim").first()
    if message is None:
        raise Http404("No such portal message on this case")
    correspondence.portal_message_open(message=message, acting_user=request.user)
    return _page(
        request, case, "portal/message.html", {"message": message, "view": show_claim(message.claim)}
    )


def document_view(request, reference, pk):
    """Open (download) a portal document; it stops being bold."""
    case = get_case_for_user(request.user, reference)
    item = PortalDocument.objects.filter(pk=pk, claim__case=case).select_related("document").first()
    if item is None:
        raise Http404("No such portal document on this case")
    document = correspondence.portal_document_open(item=item, acting_user=request.user)
    if document is None:
        messages.warning(request, f"{item.file_name} is {item.problem}.")
        return redirect("portal:docs", reference=case.reference)
    try:
        handle = storage.path_of(document.storage_name).open("rb")
    except FileNotFoundError:
        raise Http404("The document's file is missing from the store") from None
    inline = request.GET.get("print") == "1" and document.content_type == "application/pdf"
    response = FileResponse(handle, as_attachment=not inline, filename=document.file_name)
    response["Content-Type"] = document.content_type
    response["X-Content-Type-Options"] = "nosniff"
    return response


# -- Claim stage: where the claim is, and every action the portal allows now ---------------------------


def stage_view(request, reference):
    """The Claim stage tab: the claim's stage, facts and valuation, and one form per allowed action."""
    case = get_case_for_user(request.user, reference)
    panel = stage_panel(case)
    if panel is None:
        return _page(request, case, "portal/stage.html", {"panel": None, "tab": "stage"})
    claim, lists = panel.view.claim, panel.view.lists
    forms = [StageActionForm(action=a, claim=claim, lists=lists) for a in panel.actions]
    failed = None
    if request.method == "POST":
        chosen = next((a for a in panel.actions if a.code == request.POST.get(_action_key(a))), None)
        if chosen is None:
            messages.warning(
                request, "That action is no longer possible: the page shows what the claim allows now."
            )
            return redirect("portal:stage", reference=case.reference)
        failed = StageActionForm(request.POST, request.FILES, action=chosen, claim=claim, lists=lists)
        if failed.is_valid():
            result = stage_services.claim_action_perform(
                case=case,
                action_code=chosen.code,
                values=failed.values,
                expected_status=failed.cleaned_data["expected_status"],
                acting_user=request.user,
            )
            if result.ok or not result.field_errors:
                _report(request, result)
                return redirect("portal:stage", reference=case.reference)
            for name, message in result.field_errors.items():
                failed.add_error(name if name in failed.fields else None, f"The portal says: {message}")
        forms = [failed if f.stage_action.code == chosen.code else f for f in forms]
    context = {"panel": panel, "forms": forms, "failed": failed, "tab": "stage"}
    return _page(request, case, "portal/stage.html", context, status=400 if failed is not None else 200)


def _action_key(action) -> str:
    return f"{action.code.replace('.', '-')}-action"


# -- Options tab: Special Edits (link, unlink) and Portal Reset ----------------------------------------


@require_POST
def special_edits_view(request, reference):
    """Save & Exit under Enable Special Edits: find the claim, then ask the fee earner to confirm it."""
    case = get_case_for_user(request.user, reference)
    form = SpecialEditsForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Enter the Claim ID and the Process Ind.")
        return redirect("cases:options", reference=case.reference)
    result = linking.claim_link_lookup(case=case, acting_user=request.user, **form.cleaned_data)
    if not result.ok:
        _report(request, result)
        return redirect("cases:options", reference=case.reference)
    candidate = result.detail
    confirm = LinkConfirmForm(initial=form.cleaned_data, needs_reason=not candidate.matches)
    return _page(
        request, case, "portal/link_confirm.html", {"candidate": candidate, "form": confirm, "tab": "options"}
    )


@require_POST
def link_view(request, reference):
    """Link the confirmed claim (everything is checked again; a mismatch needs a reason)."""
    case = get_case_for_user(request.user, reference)
    form = LinkConfirmForm(request.POST, needs_reason=False)
    if not form.is_valid():
        messages.error(request, "Enter the Claim ID and the Process Ind.")
        return redirect("cases:options", reference=case.reference)
    result = linking.claim_link(case=case, acting_user=request.user, **form.cleaned_data)
    _report(request, result)
    return redirect("portal:docs" if result.ok else "cases:options", reference=case.reference)


@require_POST
def unlink_view(request, reference):
    case = get_case_for_user(request.user, reference)
    form = UnlinkForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the reason for unlinking the claim.")
    else:
        _report(
            request,
            linking.claim_unlink(case=case, reason=form.cleaned_data["reason"], acting_user=request.user),
        )
    return redirect("cases:options", reference=case.reference)


@require_POST
def reset_view(request, reference):
    case = get_case_for_user(request.user, reference)
    form = PortalResetForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose the portal to change to.")
    else:
        _report(
            request,
            claims.portal_reset(case=case, portal=form.cleaned_data["portal"], acting_user=request.user),
        )
    return redirect("cases:options", reference=case.reference)


# -- Advanced settings (administrators) -------------------------------------------------------------


@permission_required("accounts.manage_settings", raise_exception=True)
def settings_index_view(request):
    """Portal settings: the first portal ClaimDesk can talk to (each has a tab on its page)."""
    return redirect("portal:settings", portal=installed_portals()[0])


@permission_required("accounts.manage_settings", raise_exception=True)
@reauthentication_required
def settings_view(request, portal):
    if portal not in Portal.values:
        raise Http404("No such portal")
    record = connection_for(portal)
    extras = [name for name in ConnectionForm.EXTRAS if name in _connection_fields(portal)]
    form = ConnectionForm(
        request.POST if request.method == "POST" else None,
        configured=bool(record.client_id and record.client_secret),
        current_url=record.url,
        portal=portal if portal in installed_portals() else "",
        initial={"url": record.url, "web_url": record.web_url} | {n: getattr(record, n) for n in extras},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        connection.connection_save(
            connection=record,
            url=data["url"],
            web_url=data["web_url"],
            client_id=data["client_id"] or None,
            client_secret=data["client_secret"] or None,
            acting_user=request.user,
            extras={name: data[name] for name in extras},
        )
        messages.success(request, "Portal settings saved.")
        return redirect("portal:settings", portal=portal)
    parameters = [(record._meta.get_field(n).verbose_name, getattr(record, n)) for n in extras]
    rules = rules_for(portal) if portal in installed_portals() else None
    context = {
        "record": record,
        "form": form,
        "portals": Portal.choices,
        "parameters": parameters,
        # Whether each operation's address is a setting (else only the token URL is).
        "addressable": rules is not None and bool(rules.endpoint_defaults()),
        "settings_heading": rules.settings_heading if rules is not None else "Connection",
    }
    return render(request, "portal/settings.html", context, status=400 if form.is_bound else 200)


def _connection_fields(portal: str) -> tuple[str, ...]:
    return rules_for(portal).connection_fields if portal in installed_portals() else ()


@permission_required("accounts.manage_settings", raise_exception=True)
@reauthentication_required
def settings_addresses_view(request, portal):
    """The connection's endpoint table: the token URL and each operation's path."""
    if portal not in installed_portals():
        raise Http404("No such portal")
    record, rules = connection_for(portal), rules_for(portal)
    form = AddressesForm(
        request.POST if request.method == "POST" else None,
        defaults=rules.endpoint_defaults(),
        current=record.endpoints,
        initial={"token_url": record.token_url},
    )
    if request.method == "POST" and form.is_valid():
        try:
            connection.connection_addresses_save(
                connection=record,
                token_url=form.cleaned_data["token_url"],
                endpoints=form.endpoints,
                client_secret=form.cleaned_data["client_secret"] or None,
                acting_user=request.user,
            )
        except ValueError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "The operation addresses are saved. Test the connection to check them.")
            return redirect("portal:settings", portal=portal)
    context = {"record": record, "form": form, "addressable": bool(rules.endpoint_defaults())}
    return render(request, "portal/addresses.html", context, status=400 if form.is_bound else 200)


@permission_required("accounts.manage_settings", raise_exception=True)
@require_POST
def settings_test_view(request, portal):
    if portal not in Portal.values:
        raise Http404("No such portal")
    ok, message = connection.connection_test(connection=connection_for(portal))
    (messages.success if ok else messages.error)(request, message)
    return redirect("portal:settings", portal=portal)


@permission_required("accounts.manage_settings", raise_exception=True)
@require_POST
@reauthentication_required
def settings_forget_token_view(request, portal):
    if portal not in Portal.values:
        raise Http404("No such portal")
    connection.connection_forget_token(connection=connection_for(portal), acting_user=request.user)
    messages.success(request, "The cached ACCESSTOKEN is cleared; the next call fetches a new one.")
    return redirect("portal:settings", portal=portal)


# -- Operations (administrators) ---------------------------------------------------------------------


@permission_required("accounts.view_operations", raise_exception=True)
def operations_view(request):
    return render(request, "portal/operations.html", operations_overview())


@permission_required("accounts.view_operations", raise_exception=True)
@require_POST
def operations_sync_now_view(request):
    nightly_sync.enqueue("", "manual")
    messages.success(
        request, "A portal sync has been queued for every configured portal; this page shows its progress."
    )
    return redirect("portal:operations")

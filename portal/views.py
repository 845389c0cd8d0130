"""The portal buttons of a case (the seed guide's labels) and the portal settings page."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.reauth import reauthentication_required
from cases.models import Portal
from cases.selectors import case_warnings, get_case_for_user
from documents import storage
from documents.validation import RejectedFile
from lib.http import next_url
from portal import errors
from portal.forms import (
    ConnectionForm,
    ExitForm,
    FileForm,
    NoteForm,
    PortalResetForm,
    SpecialEditsForm,
    SubmitForm,
)
from portal.models import PortalClaim, PortalDocument, PortalMessage, SyncRun, SyncState
from portal.registry import adapter_for, connection_for
from portal.services import claims, connection
from portal.services import messages as portal_messages
from portal.tasks import portal_sync


def _report(request, result) -> None:
    getattr(messages, result.level if result.level in {"success", "info", "warning"} else "error")(
        request, result.message
    )


def _page(request, case, template, context, status=200):
    context |= {"case": case, "warnings": case_warnings(case), "tab": context.get("tab", "")}
    return render(request, template, context, status=status)


def submit_view(request, reference):
    """Submit to … Portal: the pre-submission check, then a confirmation, then the send."""
    case = get_case_for_user(request.user, reference)
    if claims.active_claim(case) is not None:
        messages.info(request, "This case is already on the portal.")
        return redirect("portal:docs", reference=case.reference)
    try:
        adapter = adapter_for(case.portal)
    except errors.PortalNotConfigured as exc:
        messages.error(request, exc.message)
        return redirect("cases:details", reference=case.reference)
    try:
        problems = adapter.check(case, acting_user=request.user)
        label = adapter.label
    finally:
        adapter.close()
    form = SubmitForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and not problems and form.is_valid():
        result = claims.claim_submit(case=case, acting_user=request.user)
        if result.ok:
            _report(request, result)
            return redirect("portal:docs", reference=case.reference)
        problems = result.problems
        messages.error(request, result.message)
    context = {"form": form, "problems": problems, "portal_label": label}
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
    _report(request, portal_messages.portal_claim_resync(case=case, acting_user=request.user))
    return _back(request, case)


def exit_view(request, reference):
    """Exit Portal: the valid reasons, then an explicit confirmation."""
    case = get_case_for_user(request.user, reference)
    claim = claims.active_claim(case)
    if claim is None or claim.is_resolved:
        messages.info(request, "This case has no open claim on the portal.")
        return redirect("cases:details", reference=case.reference)
    form = ExitForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        result = claims.claim_exit(
            case=case,
            reason=form.cleaned_data["reason"].code,
            comment=form.cleaned_data["comment"],
            acting_user=request.user,
        )
        _report(request, result)
        if result.ok:
            return redirect("portal:docs", reference=case.reference)
    return _page(
        request,
        case,
        "portal/exit.html",
        {"form": form, "claim": claim},
        status=400 if request.method == "POST" else 200,
    )


def manage_view(request, reference):
    """Manage on Portal: the claim's page on the portal's own web site (opened in a new tab)."""
    case = get_case_for_user(request.user, reference)
    claim = claims.active_claim(case)
    if claim is None:
        raise Http404("This case has no portal claim")
    try:
        adapter = adapter_for(claim.portal)
    except errors.PortalNotConfigured as exc:
        messages.error(request, exc.message)
        return redirect("cases:details", reference=case.reference)
    url = adapter.manage_url(claim.claim_id)
    adapter.close()
    return HttpResponseRedirect(url)


def docs_view(request, reference):
    """View Portal Docs: the claim's documents and notes, new ones in bold; send a note or a file."""
    case = get_case_for_user(request.user, reference)
    claim = claims.active_claim(case) or case.portal_claims.order_by("-created_at").first()
    if claim is None:
        messages.info(request, "Submit the claim to the portal first.")
        return redirect("cases:details", reference=case.reference)
    note_form = NoteForm(prefix="note")
    file_form = FileForm(prefix="file")
    status = 200
    if request.method == "GET":
        fetched = portal_messages.portal_docs_fetch(case=case, acting_user=request.user)
        if fetched is not None:
            _report(request, fetched)
    if request.method == "POST" and "note-text" in request.POST:
        note_form = NoteForm(request.POST, prefix="note")
        if note_form.is_valid():
            _report(
                request,
                portal_messages.portal_note_send(
                    case=case, acting_user=request.user, **note_form.cleaned_data
                ),
            )
            return redirect("portal:docs", reference=case.reference)
        status = 400
    elif request.method == "POST":
        file_form = FileForm(request.POST, request.FILES, prefix="file")
        if file_form.is_valid():
            upload = file_form.cleaned_data["file"]
            try:
                result = portal_messages.portal_file_send(
                    case=case,
                    content=upload.read(),
                    file_name=upload.name,
                    acting_user=request.user,
                    category=file_form.cleaned_data["category"],
                    memo=file_form.cleaned_data["memo"],
                )
            except RejectedFile as exc:
                file_form.add_error("file", str(exc))
            else:
                _report(request, result)
                return redirect("portal:docs", reference=case.reference)
        status = 400
    context = {
        "claim": claim,
        "portal_documents": claim.documents.select_related("document"),
        "portal_messages": claim.messages.all(),
        "note_form": note_form,
        "file_form": file_form,
        "tab": "portal",
    }
    return _page(request, case, "portal/docs.html", context, status=status)


def message_view(request, reference, pk):
    case = get_case_for_user(request.user, reference)
    message = PortalMessage.objects.filter(pk=pk, claim__case=case).select_related("claim").first()
    if message is None:
        raise Http404("No such portal message on this case")
    portal_messages.portal_message_open(message=message, acting_user=request.user)
    return _page(request, case, "portal/message.html", {"message": message, "tab": "portal"})


def document_view(request, reference, pk):
    """Open (download) a portal document; it stops being bold."""
    case = get_case_for_user(request.user, reference)
    item = PortalDocument.objects.filter(pk=pk, claim__case=case).select_related("document").first()
    if item is None:
        raise Http404("No such portal document on this case")
    document = portal_messages.portal_document_open(item=item, acting_user=request.user)
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


@require_POST
def special_edits_view(request, reference):
    case = get_case_for_user(request.user, reference)
    form = SpecialEditsForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Enter the Claim ID and the Process Ind.")
    else:
        _report(request, claims.claim_link(case=case, acting_user=request.user, **form.cleaned_data))
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
@reauthentication_required
def settings_view(request, portal):
    if portal not in Portal.values:
        raise Http404("No such portal")
    record = connection_for(portal)
    form = ConnectionForm(
        request.POST if request.method == "POST" else None,
        configured=bool(record.client_id and record.client_secret),
        current_url=record.url,
        initial={"url": record.url, "web_url": record.web_url},
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
        )
        messages.success(request, "Portal settings saved.")
        return redirect("portal:settings", portal=portal)
    context = {"record": record, "form": form, "portals": Portal.choices}
    return render(request, "portal/settings.html", context, status=400 if form.is_bound else 200)


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
    runs = SyncRun.objects.all()[:30]
    due = PortalClaim.objects.filter(sync_due_at__isnull=False)
    context = {
        "runs": runs,
        "running": any(run.status == SyncRun.Status.RUNNING for run in runs),
        "states": SyncState.objects.all(),
        "due_now": due.filter(sync_due_at__lte=timezone.now()).count(),
        "retrying": due.filter(sync_attempts__gt=0).select_related("case").order_by("-sync_attempts")[:20],
        "waiting_for_compensator": PortalClaim.objects.filter(needs_poll_until__isnull=False).count(),
    }
    return render(request, "portal/operations.html", context)


@permission_required("accounts.view_operations", raise_exception=True)
@require_POST
def operations_sync_now_view(request):
    portal_sync.enqueue(Portal.OIC, "manual")
    messages.success(request, "A portal sync has been queued; this page shows its progress.")
    return redirect("portal:operations")

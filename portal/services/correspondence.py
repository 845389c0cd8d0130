"""The claim's correspondence with the portal: sending notes and files, opening what it sent (new items
stay bold until then), and View Portal Docs downloading what is new."""

import hashlib

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from cases.models import Case
from documents.models import Document
from documents.services import document_attach, document_open
from lib.html_text import html_to_text
from lookups.models import LookupValue
from portal import errors
from portal.base import Part, PortalAdapter
from portal.models import PortalClaim, PortalDocument, PortalMessage, PortalOperation
from portal.services.claims import active_claim, open_claim
from portal.services.refresh import claim_refresh, message_fingerprint
from portal.services.results import ActionResult, history, portal_call
from portal.services.writes import Write, write_once

# The portal's field names in a refused note or file, and the form field each belongs to.
NOTE_FIELDS = {"category": "category", "note": "text"}
FILE_FIELDS = {"category": "category", "memo": "memo", "fileName": "file", "fileStream": "file"}


def _field_errors(exc: errors.PortalRejected, fields: dict[str, str]) -> dict[str, str]:
    found = {}
    for problem in exc.problems:
        name = fields.get(problem.field.split(".")[-1])
        if name:
            found[name] = problem.message
    return found


def _refused(exc: errors.PortalRejected, label: str, fields: dict[str, str]) -> ActionResult:
    field_errors = _field_errors(exc, fields)
    named = "; ".join(f"{p.field}: {p.message}" for p in exc.problems) or exc.message
    return ActionResult(False, f"The portal refused the {label}: {named}", field_errors=field_errors)


def _look_for_note(adapter: PortalAdapter, claim: PortalClaim, fingerprint: str) -> str:
    """The portal id of a note with this fingerprint that ClaimDesk does not hold yet, if any."""
    known = set(PortalMessage.objects.filter(claim=claim).values_list("portal_id", flat=True))
    for ref in adapter.messages(claim.claim_id):
        if ref.portal_id in known:
            continue
        message = adapter.message(ref.portal_id)
        if message_fingerprint(message.category, html_to_text(message.body_html)) == fingerprint:
            return ref.portal_id
    return ""


def portal_note_send(*, case: Case, category: LookupValue, text: str, acting_user: User) -> ActionResult:
    """Send a note to the portal claim, exactly once; it shows as sent (ours) in View Portal Docs."""
    text = text.strip()
    with portal_call(case.portal, "Note to the portal", case=case, acting_user=acting_user) as call:
        claim, adapter = open_claim(case), call.adapter
        fingerprint = message_fingerprint(category.code, text)
        write = Write(
            kind=PortalOperation.Kind.MESSAGE,
            label="Note to the portal",
            fingerprint=fingerprint,
            send=lambda key: adapter.send_message(
                claim.claim_id, category=category.code, text=text, idempotency_key=key
            ),
            look=lambda: _look_for_note(adapter, claim, fingerprint),
        )
        try:
            written = write_once(case=case, adapter=adapter, write=write, acting_user=acting_user)
        except errors.PortalRejected as exc:
            call.result = _refused(exc, "note", NOTE_FIELDS)
            return call.result
        _note_record(claim, written.portal_ref, category, text, acting_user)
        call.result = ActionResult(True, "Note sent to the portal.")
    return call.result


@transaction.atomic
def _note_record(
    claim: PortalClaim, portal_id: str, category: LookupValue, text: str, acting_user: User
) -> None:
    PortalMessage.objects.get_or_create(
        claim=claim,
        portal_id=portal_id,
        defaults={
            "direction": PortalMessage.Direction.OUTBOUND,
            "category": category.code,
            "author": str(acting_user),
            "body": text,
            "portal_created_at": timezone.now(),
            "opened_at": timezone.now(),
            "opened_by": acting_user,
        },
    )
    history(claim.case, acting_user, f"Note sent to the portal ({category.label})")


def _look_for_file(adapter: PortalAdapter, claim: PortalClaim, sha256: str, file_name: str, size: int) -> str:
    known = set(PortalDocument.objects.filter(claim=claim).values_list("portal_id", flat=True))
    for ref in adapter.attachments(claim.claim_id):
        if ref.portal_id in known:
            continue
        if ref.sha256 == sha256 or (not ref.sha256 and ref.file_name == file_name):
            return ref.portal_id
    return ""


def portal_file_send(
    *, case: Case, content: bytes, file_name: str, category: LookupValue, memo: str, acting_user: User
) -> ActionResult:
    """File the document on the case (checked by content) and send it to the portal with its category."""
    with portal_call(case.portal, "File to the portal", case=case, acting_user=acting_user) as call:
        claim, adapter = open_claim(case), call.adapter
        document = document_attach(
            case=case,
            content=content,
            file_name=file_name,
            category=category,
            description=memo,
            acting_user=acting_user,
        )
        sha256 = hashlib.sha256(content).hexdigest()
        write = Write(
            kind=PortalOperation.Kind.DOCUMENT,
            label=f"File {document.file_name} to the portal",
            fingerprint=sha256,
            send=lambda key: adapter.send_attachment(
                claim.claim_id,
                file_name=document.file_name,
                content=content,
                category=category.code,
                memo=memo,
                idempotency_key=key,
            ),
            look=lambda: _look_for_file(adapter, claim, sha256, document.file_name, len(content)),
        )
        try:
            written = write_once(case=case, adapter=adapter, write=write, acting_user=acting_user)
        except errors.PortalRejected as exc:
            call.result = _refused(exc, "file", FILE_FIELDS)
            return call.result
        _file_record(claim, written.portal_ref, document, category, memo, acting_user)
        call.result = ActionResult(True, f"{document.file_name} sent to the portal.")
    return call.result


@transaction.atomic
def _file_record(
    claim, portal_id: str, document: Document, category: LookupValue, memo: str, acting_user
) -> None:
    PortalDocument.objects.get_or_create(
        claim=claim,
        portal_id=portal_id,
        defaults={
            "direction": PortalDocument.Direction.OUTBOUND,
            "document": document,
            "file_name": document.file_name,
            "category": category.code,
            "memo": memo[:300],
            "portal_created_at": timezone.now(),
            "opened_at": timezone.now(),
        },
    )
    history(claim.case, acting_user, f"File sent to the portal: {document.file_name} ({category.label})")


def portal_message_open(*, message: PortalMessage, acting_user: User) -> None:
    if message.opened_at is None:
        PortalMessage.objects.filter(pk=message.pk, opened_at__isnull=True).update(
            opened_at=timezone.now(), opened_by=acting_user
        )


def portal_document_open(*, item: PortalDocument, acting_user: User) -> Document | None:
    """Mark a portal document as opened and audit the download; None when it could not be copied in."""
    if item.opened_at is None:
        PortalDocument.objects.filter(pk=item.pk, opened_at__isnull=True).update(opened_at=timezone.now())
    if item.document is None:
        return None
    document_open(document=item.document, acting_user=acting_user)
    return item.document


def portal_docs_fetch(*, case: Case, acting_user: User) -> ActionResult:
    """View Portal Docs: download the claim's new notes and files now (the cManager guide)."""
    claim = active_claim(case)
    if claim is None or claim.is_closed:
        return ActionResult(True, "", level="info")  # nothing to fetch: the page shows what ClaimDesk holds
    with portal_call(claim.portal, "View Portal Docs", case=None, acting_user=acting_user) as call:
        parts = frozenset({Part.MESSAGES, Part.DOCUMENTS})
        report = claim_refresh(claim=claim, adapter=call.adapter, parts=parts, acting_user=acting_user)
        PortalClaim.objects.filter(pk=claim.pk).update(last_synced_at=timezone.now())
        if report.messages or report.documents:
            history(case, acting_user, f"View Portal Docs downloaded {report.summary()}")
            call.result = ActionResult(True, f"Downloaded from the portal: {report.summary()}.", level="info")
        else:
            call.result = ActionResult(True, "Up to date with the portal: nothing new.", level="info")
    if not call.result.ok:
        call.result = ActionResult(
            False, f"{call.result.message} The list shows what ClaimDesk already has.", level="warning"
        )
    return call.result

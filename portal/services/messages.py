"""Sending notes and files to a portal claim, and opening what it sent (new items stay bold until then)."""

import hashlib
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from cases.models import Case
from cases.services import case_event_record
from documents.models import Document
from documents.services import document_attach, document_open
from lookups.models import LookupValue
from portal import errors
from portal.models import PortalClaim, PortalDocument, PortalMessage, PortalOperation
from portal.registry import adapter_for
from portal.services.claims import ActionResult, _failure, active_claim
from portal.services.operations import OperationInFlight, operation_finish, operation_start
from portal.services.sync import DOCUMENTS, MESSAGES, claim_sync, message_fingerprint


def _unknown_send(case: Case, kind: str, fingerprint: str) -> bool:
    return PortalOperation.objects.filter(
        case=case, kind=kind, fingerprint=fingerprint, state=PortalOperation.State.UNKNOWN
    ).exists()


@dataclass
class _Sent:
    result: ActionResult
    portal_id: str = ""
    claim: PortalClaim | None = None


def _send(case: Case, acting_user: User, kind: str, fingerprint: str, label: str, send) -> _Sent:
    """Send once: an earlier identical send whose answer was lost is looked for on the portal first."""
    claim = active_claim(case)
    if claim is None or claim.is_resolved:
        return _Sent(ActionResult(False, "This case has no open claim on the portal."))
    try:
        adapter = adapter_for(claim.portal)
    except errors.PortalError as exc:
        return _Sent(_failure(case, acting_user, label, exc))
    try:
        if _unknown_send(case, kind, fingerprint):
            claim_sync(claim=claim, adapter=adapter, acting_user=acting_user)
            if not _unknown_send(case, kind, fingerprint):
                return _Sent(
                    ActionResult(True, f"{label}: the earlier send had arrived; it was not sent twice.")
                )
        operation = operation_start(case=case, kind=kind, fingerprint=fingerprint, acting_user=acting_user)
        try:
            portal_id = send(adapter, claim)
        except errors.PortalOutcomeUnknown as exc:
            operation_finish(operation, PortalOperation.State.UNKNOWN, error=str(exc))
            raise
        except errors.PortalRejected as exc:
            operation_finish(operation, PortalOperation.State.REJECTED, error=str(exc))
            raise
        except errors.PortalError as exc:
            operation_finish(operation, PortalOperation.State.FAILED, error=str(exc))
            raise
        operation_finish(operation, PortalOperation.State.DONE, portal_ref=portal_id)
        return _Sent(ActionResult(True, f"{label}: sent."), portal_id, claim)
    except OperationInFlight as exc:
        return _Sent(ActionResult(False, str(exc)))
    except errors.PortalError as exc:
        return _Sent(_failure(case, acting_user, label, exc))
    finally:
        adapter.close()


def portal_note_send(*, case: Case, category: LookupValue, text: str, acting_user: User) -> ActionResult:
    text = text.strip()
    fingerprint = message_fingerprint(category.code, text)
    outcome = _send(
        case,
        acting_user,
        PortalOperation.Kind.MESSAGE,
        fingerprint,
        "Note to the portal",
        lambda adapter, claim: adapter.send_message(claim.claim_id, category=category.code, text=text),
    )
    if not outcome.portal_id:
        return outcome.result
    with transaction.atomic():
        PortalMessage.objects.get_or_create(
            claim=outcome.claim,
            portal_id=outcome.portal_id,
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
        case_event_record(
            case=case,
            kind="portal.action",
            acting_user=acting_user,
            summary=f"Note sent to the portal ({category.label})",
        )
    return outcome.result


def portal_file_send(
    *, case: Case, content: bytes, file_name: str, category: LookupValue, memo: str, acting_user: User
) -> ActionResult:
    """File the document on the case (checked by content) and send it to the portal with its category."""
    document = document_attach(
        case=case,
        content=content,
        file_name=file_name,
        category=category,
        description=memo,
        acting_user=acting_user,
    )
    fingerprint = hashlib.sha256(content).hexdigest()
    outcome = _send(
        case,
        acting_user,
        PortalOperation.Kind.DOCUMENT,
        fingerprint,
        f"File {document.file_name} to the portal",
        lambda adapter, claim: adapter.send_attachment(
            claim.claim_id, file_name=document.file_name, content=content, category=category.code, memo=memo
        ),
    )
    if not outcome.portal_id:
        return outcome.result
    with transaction.atomic():
        PortalDocument.objects.get_or_create(
            claim=outcome.claim,
            portal_id=outcome.portal_id,
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
        case_event_record(
            case=case,
            kind="portal.action",
            acting_user=acting_user,
            summary=f"File sent to the portal: {document.file_name} ({category.label})",
        )
    return outcome.result


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


def portal_claim_resync(*, case: Case, acting_user: User) -> ActionResult:
    """Re-Sync with Portal: this one case, now."""
    claim = active_claim(case)
    if claim is None:
        return ActionResult(False, "This case has no claim on the portal to re-sync.")
    try:
        adapter = adapter_for(claim.portal)
    except errors.PortalError as exc:
        return _failure(case, acting_user, "Re-Sync with Portal", exc)
    try:
        assignments = claim_assignments(adapter, claim)
        report = claim_sync(claim=claim, adapter=adapter, acting_user=acting_user, assignments=assignments)
    except errors.PortalError as exc:
        return _failure(case, acting_user, "Re-Sync with Portal", exc)
    finally:
        adapter.close()
    case_event_record(
        case=case,
        kind="portal.action",
        acting_user=acting_user,
        summary=f"Re-Sync with Portal: {report.summary()}",
    )
    notes = f" ({'; '.join(report.problems)})" if report.problems else ""
    return ActionResult(
        True,
        f"Re-synced with the portal: {report.summary()}.{notes}",
        level="success" if report.anything_new else "info",
    )


def claim_assignments(adapter, claim: PortalClaim) -> list:
    """The portal's actions on this claim, read from the assignment feed since the claim was submitted."""
    since = claim.submitted_at or claim.created_at
    found, page = [], 1
    while page:
        result = adapter.assignments(since=since, until=None, page=page, claim_id=claim.claim_id)
        found += [a for a in result.assignments if a.claim_id == claim.claim_id]
        page = result.next_page
    latest = {}
    for assignment in found:  # the feed may list one assignment more than once as it changes
        latest[assignment.portal_id] = assignment
    return list(latest.values())


def portal_docs_fetch(*, case: Case, acting_user: User) -> ActionResult | None:
    """Opening View Portal Docs downloads the claim's new notes and files (seed guide, c.vi and d).

    Returns None when there was nothing new, a result to show otherwise (including "the portal could
    not be reached": the page then shows what ClaimDesk already has).
    """
    claim = active_claim(case)
    if claim is None or claim.is_resolved:
        return None
    try:
        adapter = adapter_for(claim.portal)
    except errors.PortalError:
        return None
    try:
        report = claim_sync(
            claim=claim,
            adapter=adapter,
            acting_user=acting_user,
            parts=frozenset({MESSAGES, DOCUMENTS}),
            email=False,
        )
    except errors.PortalError as exc:
        return ActionResult(
            False,
            f"The portal could not be reached ({exc.message}): the list shows what ClaimDesk already has.",
            level="warning",
        )
    finally:
        adapter.close()
    if not (report.messages or report.documents):
        return None
    case_event_record(
        case=case,
        kind="portal.sync",
        acting_user=acting_user,
        summary=f"View Portal Docs downloaded {report.summary()}",
    )
    return ActionResult(True, f"Downloaded from the portal: {report.summary()}.", level="info")

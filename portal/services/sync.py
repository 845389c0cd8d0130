"""Bring one portal claim up to date: status, messages, documents and the actions the portal asks for.

Used by the Re-Sync with Portal button and, claim by claim, by the nightly sync. Idempotent: every
item is keyed by the portal's own id, so running it twice (or after a crash half-way) changes
nothing the second time.
"""

import hashlib
import logging
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from documents.models import Document
from documents.services import document_attach
from documents.validation import RejectedFile
from lib.business_days import add_business_days
from lib.html_text import html_to_text
from lookups.models import LookupValue, ValueList
from portal.base import Assignment, AttachmentRef, MessageRef
from portal.errors import PortalBadResponse
from portal.models import PortalClaim, PortalDocument, PortalMessage, PortalOperation
from portal.notify import updates_email
from portal.services.state import claim_state_apply
from worklist.models import Task
from worklist.services import task_portal_upsert

logger = logging.getLogger(__name__)
SYNC_ACTOR = "Portal sync"
# The parts of a claim a sync can refresh; the nightly sync asks only for those that changed.
DETAILS, MESSAGES, DOCUMENTS = "details", "messages", "documents"
ALL_PARTS = frozenset({DETAILS, MESSAGES, DOCUMENTS})
# A claim new to ClaimDesk (submitted or linked) is due for a whole sync: whatever it already has
# on the portal is brought in by the next run, however old its notifications are.
FIRST_SYNC_DUE = {"sync_details": True, "sync_messages": True, "sync_documents": True}


@dataclass
class SyncReport:
    """What one claim's sync found (for the screen, the fee earner and the run's counts)."""

    claim_id: str
    status_changes: list[dict] = field(default_factory=list)
    messages: int = 0
    documents: int = 0
    actions: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def anything_new(self) -> bool:
        return bool(self.status_changes or self.messages or self.documents or self.actions)

    def summary(self) -> str:
        parts = []
        if self.status_changes:
            parts.append(f"status {self.status_changes[0]['after']}")
        parts += [
            f"{n} new {what}"
            for n, what in (
                (self.messages, "message(s)"),
                (self.documents, "document(s)"),
                (self.actions, "action(s) required"),
            )
            if n
        ]
        return ", ".join(p for p in parts if p) or "nothing new"


def claim_sync(
    *,
    claim: PortalClaim,
    adapter,
    acting_user: User | None = None,
    assignments: list[Assignment] | None = None,
    parts: frozenset[str] = ALL_PARTS,
    email: bool = True,
) -> SyncReport:
    """Fetch what changed on one claim (``parts``) and apply ``assignments`` if given.

    1. Claim details → status, compensator and liability (history rows for changes).
    2. Message list → fetch and store each message we do not have yet.
    3. Attachment list → download and file each document we do not have yet.
    4. Assignments → one task each, with the portal's deadline; closed when the portal closes them.
    5. Tell the fee earner: a task listing the updates, and (``email``) an email; the nightly sync
       sends one digest per fee earner instead.
    """
    report = SyncReport(claim.claim_id)
    actor_label = "" if acting_user else SYNC_ACTOR
    version = claim.sync_version
    if DETAILS in parts:
        state = adapter.claim(claim.claim_id)
        report.status_changes = claim_state_apply(
            claim=claim, state=state, acting_user=acting_user, actor_label=actor_label
        )
        claim.refresh_from_db()
    if MESSAGES in parts:
        for ref in [m for m in adapter.messages(claim.claim_id) if not _known_message(claim, m)]:
            report.messages += _message_store(claim, adapter, ref)
    if DOCUMENTS in parts:
        for ref in [a for a in adapter.attachments(claim.claim_id) if not _known_document(claim, a)]:
            report.documents += _document_store(claim, adapter, ref, report)
    for assignment in assignments or []:
        report.actions += assignment_apply(claim, assignment)
    if parts == ALL_PARTS:  # everything was fetched: the nightly sync need not come back for it
        PortalClaim.objects.filter(pk=claim.pk, sync_version=version, sync_lease_owner="").update(
            sync_details=False,
            sync_messages=False,
            sync_documents=False,
            sync_due_at=None,
            sync_attempts=0,
            sync_error="",
        )
    fee_earner_notify(claim, report, email=email)
    return report


def _known_message(claim: PortalClaim, ref: MessageRef) -> bool:
    return PortalMessage.objects.filter(claim=claim, portal_id=ref.portal_id).exists()


def _known_document(claim: PortalClaim, ref: AttachmentRef) -> bool:
    return PortalDocument.objects.filter(claim=claim, portal_id=ref.portal_id).exists()


def message_fingerprint(category: str, text: str) -> str:
    return hashlib.sha256(f"{category}\n{text.strip()}".encode()).hexdigest()


def _message_store(claim: PortalClaim, adapter, ref: MessageRef) -> int:
    message = adapter.message(ref.portal_id)
    text = html_to_text(message.body_html)
    ours = _settle_unknown(
        claim, PortalOperation.Kind.MESSAGE, message_fingerprint(message.category, text), ref.portal_id
    )
    try:
        with transaction.atomic():
            PortalMessage.objects.create(
                claim=claim,
                portal_id=message.portal_id,
                direction=PortalMessage.Direction.OUTBOUND if ours else PortalMessage.Direction.INBOUND,
                category=message.category,
                author=message.author[:200],
                body=text,
                portal_created_at=message.created_at,
                opened_at=timezone.now() if ours else None,
            )
    except IntegrityError:
        return 0  # stored meanwhile by a concurrent sync
    return 0 if ours else 1


def _settle_unknown(claim: PortalClaim, kind: str, fingerprint: str, portal_id: str) -> bool:
    """True when this item is one of our own sends whose answer was lost (its operation is now settled)."""
    return bool(
        PortalOperation.objects.filter(
            case_id=claim.case_id,
            kind=kind,
            fingerprint=fingerprint,
            state__in=[PortalOperation.State.UNKNOWN, PortalOperation.State.SENDING],
        ).update(state=PortalOperation.State.DONE, portal_ref=portal_id, finished_at=timezone.now())
    )


def _category(code: str) -> LookupValue:
    values = LookupValue.objects.filter(value_list=ValueList.DOCUMENT_CATEGORY)
    return values.filter(code=code).first() or values.get(code="Other")


def _document_store(claim: PortalClaim, adapter, ref: AttachmentRef, report: SyncReport) -> int:
    if ref.sha256 and _settle_unknown(claim, PortalOperation.Kind.DOCUMENT, ref.sha256, ref.portal_id):
        return 0  # our own upload whose answer was lost: the local copy is already on the case
    attachment = adapter.attachment(ref.portal_id)
    if ref.sha256 and hashlib.sha256(attachment.content).hexdigest() != ref.sha256:
        # A damaged or cut-short download is never filed: the claim stays due and is fetched again.
        raise PortalBadResponse(
            f"{ref.file_name} arrived damaged (its checksum does not match the portal's)."
        )
    with transaction.atomic():
        if _known_document(claim, ref):
            return 0
        document, problem = _file_on_case(claim, attachment, ref)
        PortalDocument.objects.create(
            claim=claim,
            portal_id=ref.portal_id,
            direction=PortalDocument.Direction.INBOUND,
            document=document,
            file_name=ref.file_name[:200],
            category=ref.category,
            sub_type=ref.sub_type,
            memo=ref.memo[:300],
            portal_created_at=ref.created_at,
            problem=problem,
        )
    if problem:
        report.problems.append(f"{ref.file_name}: {problem}")
    return 1


def _file_on_case(claim: PortalClaim, attachment, ref: AttachmentRef) -> tuple[Document | None, str]:
    try:
        document = document_attach(
            case=claim.case,
            content=attachment.content,
            file_name=ref.file_name,
            category=_category(ref.category),
            description=ref.memo,
            source=Document.Source.PORTAL,
            acting_user=None,
            actor_label=SYNC_ACTOR,
        )
    except RejectedFile as exc:
        # Kept on the portal, listed here with the reason: never silently dropped.
        return None, f"not copied into ClaimDesk ({exc}); open it on the portal"
    return document, ""


def assignment_apply(claim: PortalClaim, assignment: Assignment) -> int:
    """The task for one portal action (1 if it is a new or reopened open action)."""
    due = (
        timezone.localdate(assignment.deadline)
        if assignment.deadline
        else add_business_days(timezone.localdate(), 5)
    )
    goal = f" Goal: {timezone.localtime(assignment.goal):%d/%m/%Y}." if assignment.goal else ""
    key = f"{claim.portal}:assignment:{assignment.portal_id}"
    existed = _task_open(key)
    task = task_portal_upsert(
        key=key,
        case=claim.case,
        title=f"Portal action: {assignment.instructions}"[:200],
        description=f"{assignment.instructions}{goal} Deadline: {due:%d/%m/%Y}. Claim {claim.claim_id}.",
        due_date=due,
        is_open=assignment.is_open,
    )
    return int(task is not None and assignment.is_open and not existed)


def _task_open(key: str) -> bool:
    return Task.objects.filter(portal_key=key, status=Task.Status.OPEN).exists()


def fee_earner_notify(claim: PortalClaim, report: SyncReport, *, email: bool = True) -> None:
    """A running "portal updates" task for the fee earner, and an email, when something new arrived."""
    lines = []
    if report.status_changes:
        lines.append(f"Status now {claim.status}.")
    if report.messages:
        lines.append(f"{report.messages} new portal message(s).")
    if report.documents:
        lines.append(f"{report.documents} new portal document(s).")
    if not lines:
        return
    stamp = timezone.localtime().strftime("%d/%m/%Y %H:%M")
    task_portal_upsert(
        key=f"{claim.portal}:updates:{claim.claim_id}",
        case=claim.case,
        title=f"Review portal updates on {claim.case.reference}",
        description=f"{stamp}: {' '.join(lines)}",
        due_date=add_business_days(timezone.localdate(), 1),
        append=True,
    )
    if email:
        updates_email(claim, lines)


def compensator_overdue_notify(claim: PortalClaim) -> None:
    """Polling for a compensator has reached its limit: stop, and ask the fee earner to chase the portal."""
    task_portal_upsert(
        key=f"{claim.portal}:compensator:{claim.claim_id}",
        case=claim.case,
        title=f"No compensator yet on {claim.case.reference}: contact the Portal Support Centre",
        description=(
            f"Claim {claim.claim_id} is still waiting for the portal to assign a compensator. "
            "ClaimDesk has stopped checking daily; use Re-Sync with Portal after chasing it."
        ),
        due_date=add_business_days(timezone.localdate(), 1),
    )
    PortalClaim.objects.filter(pk=claim.pk).update(needs_poll_until=None)

"""Bring one portal claim up to date: status, messages, documents and the actions the portal asks for.

Used by the Re-Sync with Portal button and, claim by claim, by the nightly sync. Idempotent: every
item is keyed by the portal's own id, so running it twice (or after a crash half-way) changes
nothing the second time. Each item is stored together with its announcement to the fee earner (an
outbox row, portal.services.updates) in one transaction, so nothing stored goes untold.
"""

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass, field

from django.db import IntegrityError
from django.utils import timezone

from accounts.models import User
from documents import storage
from documents.models import Document
from documents.services import document_attach
from documents.validation import RejectedFile
from lib.business_days import add_business_days
from lib.html_text import html_to_text
from lookups.models import LookupValue
from portal.base import ALL_PARTS, Assignment, AttachmentRef, MessageRef, Part, PortalAdapter
from portal.errors import PortalBadResponse
from portal.models import PortalClaim, PortalDocument, PortalMessage, PortalOperation, PortalUpdate
from portal.registry import rules_for
from portal.services.fencing import NO_FENCE, Fence, fenced
from portal.services.state import claim_state_apply
from portal.services.updates import update_record
from portal.services.writes import operation_settle_seen
from worklist.models import Task
from worklist.services import task_portal_upsert, tasks_portal_close

logger = logging.getLogger(__name__)
SYNC_ACTOR = "Portal sync"
# A claim new to ClaimDesk (submitted or linked) is due for a whole refresh: whatever it already has
# on the portal, however old, is brought in by the next run (its open actions included).
FIRST_SYNC_DUE = {"sync_details": True, "sync_messages": True, "sync_documents": True, "sync_actions": True}
_MARKS = {
    Part.DETAILS: "sync_details",
    Part.MESSAGES: "sync_messages",
    Part.DOCUMENTS: "sync_documents",
    Part.ACTIONS: "sync_actions",
}


@dataclass
class RefreshReport:
    """What one claim's refresh found (for the screen and the run's counts)."""

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
        parts = [f"status {self.status_changes[0]['after']}"] if self.status_changes else []
        counts = (
            (self.messages, "message(s)"),
            (self.documents, "document(s)"),
            (self.actions, "action(s) required"),
        )
        parts += [f"{n} new {what}" for n, what in counts if n]
        return ", ".join(parts) or "nothing new"


def claim_refresh(
    *,
    claim: PortalClaim,
    adapter: PortalAdapter,
    parts: frozenset[Part] = ALL_PARTS,
    acting_user: User | None = None,
    fence: Fence = NO_FENCE,
) -> RefreshReport:
    """Fetch what changed on one claim (``parts``).

    1. Details → status, compensator and liability (history rows and an update for a new status).
    2. Message list → fetch and store each message we do not have yet.
    3. Attachment list → download and file each document we do not have yet.
    4. Actions (asked for, or after a status change) → one task each, with the portal's goal and
       deadline; tasks of actions the portal no longer lists are closed.

    ``acting_user`` is who pulled the changes in (Re-Sync, View Portal Docs), or None for the sync.
    """
    report = RefreshReport(claim.claim_id)
    who = {"acting_user": acting_user, "actor_label": "" if acting_user else SYNC_ACTOR}
    status_before = claim.status
    if Part.DETAILS in parts:
        state = adapter.claim(claim.claim_id)
        with fenced(fence):
            report.status_changes = claim_state_apply(claim=claim, state=state, pulled_by=acting_user, **who)
        claim.refresh_from_db()
    if Part.MESSAGES in parts:
        for ref in [m for m in adapter.messages(claim.claim_id) if not _known_message(claim, m)]:
            report.messages += _message_store(claim, adapter, ref, acting_user, fence)
    if Part.DOCUMENTS in parts:
        for ref in [a for a in adapter.attachments(claim.claim_id) if not _known_document(claim, a)]:
            report.documents += _document_store(claim, adapter, ref, report, acting_user, fence)
    # A new status means new work and old work done: the actions are read again, so a portal that
    # only lists open actions (and never says one closed) still closes their tasks.
    if Part.ACTIONS in parts or claim.status != status_before:
        since = claim.submitted_at or claim.created_at
        report.actions += actions_apply(
            claim, adapter.claim_actions(claim.claim_id, since=since), fence, complete=True
        )
    return report


def claim_marks_clear(*, claim: PortalClaim, version: int, owner: str = "") -> bool:
    """Everything due was fetched: clear the claim's sync marks, unless the claim was marked again
    meanwhile (its version moved) or another worker holds it. True when cleared."""
    return bool(
        PortalClaim.objects.filter(pk=claim.pk, sync_version=version, sync_lease_owner=owner).update(
            sync_details=False,
            sync_messages=False,
            sync_documents=False,
            sync_actions=False,
            sync_due_at=None,
            sync_attempts=0,
            sync_error="",
            sync_lease_owner="",
            sync_lease_until=None,
        )
    )


def marks_of(claim: PortalClaim) -> frozenset[Part]:
    return frozenset(part for part, flag in _MARKS.items() if getattr(claim, flag))


def mark_fields(parts) -> dict:
    return {_MARKS[part]: True for part in parts}


# -- Messages -----------------------------------------------------------------------------------------


def _known_message(claim: PortalClaim, ref: MessageRef) -> bool:
    return PortalMessage.objects.filter(claim=claim, portal_id=ref.portal_id).exists()


def _known_document(claim: PortalClaim, ref: AttachmentRef) -> bool:
    return PortalDocument.objects.filter(claim=claim, portal_id=ref.portal_id).exists()


def message_fingerprint(category: str, text: str) -> str:
    """A note's identity, however the portal reflowed it (a note comes back as HTML paragraphs)."""
    return hashlib.sha256(f"{category}\n{' '.join(text.split())}".encode()).hexdigest()


def _message_store(
    claim: PortalClaim, adapter, ref: MessageRef, acting_user: User | None, fence: Fence
) -> int:
    message = adapter.message(ref.portal_id)
    text = html_to_text(message.body_html)
    fingerprint = message_fingerprint(message.category, text)
    try:
        with fenced(fence):
            ours = operation_settle_seen(
                case_id=claim.case_id,
                kind=PortalOperation.Kind.MESSAGE,
                fingerprint=fingerprint,
                portal_ref=ref.portal_id,
            )
            stored = PortalMessage.objects.create(
                claim=claim,
                portal_id=message.portal_id,
                direction=PortalMessage.Direction.OUTBOUND if ours else PortalMessage.Direction.INBOUND,
                category=message.category,
                author=message.author[:200],
                body=text,
                portal_created_at=message.created_at,
                opened_at=timezone.now() if ours else None,
            )
            if not ours:
                update_record(
                    claim=claim,
                    kind=PortalUpdate.Kind.MESSAGE,
                    summary=f"New message: {_preview(text)}",
                    message=stored,
                    pulled_by=acting_user,
                )
    except IntegrityError:
        return 0  # stored meanwhile by a concurrent refresh
    return 0 if ours else 1


def _preview(text: str, length: int = 120) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= length else flat[: length - 1] + "…"


# -- Documents -----------------------------------------------------------------------------------------


def _category(claim: PortalClaim, code: str) -> LookupValue:
    values = LookupValue.objects.filter(value_list=rules_for(claim.portal).lists.document_category)
    return values.filter(code=code).first() or values.get(code="Other")


def _document_store(
    claim, adapter, ref: AttachmentRef, report: RefreshReport, acting_user, fence: Fence
) -> int:
    if ref.sha256 and operation_settle_seen(
        case_id=claim.case_id,
        kind=PortalOperation.Kind.DOCUMENT,
        fingerprint=ref.sha256,
        portal_ref=ref.portal_id,
    ):
        return _record_own_upload(claim, ref, fence)
    attachment = adapter.attachment(ref.portal_id)
    if ref.sha256 and hashlib.sha256(attachment.content).hexdigest() != ref.sha256:
        # A damaged or cut-short download is never filed: the claim stays due and is fetched again.
        raise PortalBadResponse(
            f"{ref.file_name} arrived damaged (its checksum does not match the portal's)."
        )
    written: list[str] = []
    try:
        with fenced(fence):
            _lock(claim)  # one refresh at a time files a claim's documents: never twice, no orphan file
            if _known_document(claim, ref):
                return 0
            document, problem = _file_on_case(claim, attachment, ref)
            if document is not None:
                written.append(document.storage_name)
            stored = _portal_document(claim, ref, document, problem, PortalDocument.Direction.INBOUND)
            update_record(
                claim=claim,
                kind=PortalUpdate.Kind.DOCUMENT,
                summary=f"New document: {ref.file_name}",
                document=stored,
                pulled_by=acting_user,
            )
    except IntegrityError:
        _remove(written)  # stored meanwhile by another refresh: keep no second copy of the file
        return 0
    except BaseException:
        _remove(written)
        raise
    if problem:
        report.problems.append(f"{ref.file_name}: {problem}")
    return 1


def _lock(claim: PortalClaim) -> None:
    list(PortalClaim.objects.select_for_update().filter(pk=claim.pk).values_list("pk", flat=True))


def _remove(storage_names: list[str]) -> None:
    for name in storage_names:
        storage.remove(name)


def _record_own_upload(claim: PortalClaim, ref: AttachmentRef, fence: Fence) -> int:
    """One of our uploads whose answer was lost: the local copy is already on the case."""
    document = Document.objects.filter(case_id=claim.case_id, sha256=ref.sha256).order_by("-id").first()
    try:
        with fenced(fence):
            _portal_document(claim, ref, document, "", PortalDocument.Direction.OUTBOUND, opened=True)
    except IntegrityError:
        pass
    return 0


def _portal_document(claim, ref: AttachmentRef, document, problem: str, direction: str, opened: bool = False):
    return PortalDocument.objects.create(
        claim=claim,
        portal_id=ref.portal_id,
        direction=direction,
        document=document,
        file_name=ref.file_name[:200],
        category=ref.category,
        sub_type=ref.sub_type,
        memo=ref.memo[:300],
        portal_created_at=ref.created_at,
        problem=problem,
        opened_at=timezone.now() if opened else None,
    )


def _file_on_case(claim: PortalClaim, attachment, ref: AttachmentRef) -> tuple[Document | None, str]:
    try:
        document = document_attach(
            case=claim.case,
            content=attachment.content,
            file_name=ref.file_name,
            category=_category(claim, ref.category),
            description=ref.memo,
            source=Document.Source.PORTAL,
            acting_user=None,
            actor_label=SYNC_ACTOR,
        )
    except RejectedFile as exc:
        # Kept on the portal, listed here with the reason: never silently dropped.
        return None, f"not copied into ClaimDesk ({exc}); open it on the portal"
    return document, ""


# -- Actions (tasks) -----------------------------------------------------------------------------------


def assignment_key(claim: PortalClaim, portal_id: str = "") -> str:
    return f"{claim.portal}:assignment:{portal_id}"


def actions_apply(claim: PortalClaim, assignments: list[Assignment], fence: Fence, *, complete: bool) -> int:
    """One task per portal action; returns how many actions are new. ``complete``: the list is every open
    action of the claim, so tasks of actions it no longer lists are closed."""
    new = sum(_assignment_apply(claim, assignment, fence) for assignment in assignments)
    if complete:
        keep = {assignment_key(claim, a.portal_id) for a in assignments if a.open}
        with fenced(fence):
            tasks_portal_close(case=claim.case, key_prefix=assignment_key(claim), keep=keep)
    return new


def _assignment_apply(claim: PortalClaim, assignment: Assignment, fence: Fence) -> int:
    """The task for one portal action (1 if it is a new open action), dated at its goal."""
    deadline = timezone.localdate(assignment.deadline) if assignment.deadline else None
    goal = timezone.localdate(assignment.goal) if assignment.goal else None
    due = goal or deadline or add_business_days(timezone.localdate(), 5)
    key = assignment_key(claim, assignment.portal_id)
    with fenced(fence):
        existed = _open_task_exists(key)
        task = task_portal_upsert(
            key=key,
            case=claim.case,
            title=f"Portal action: {assignment.instructions}"[:200],
            description=_action_text(assignment, claim, goal, deadline),
            due_date=due,
            deadline=deadline,
            is_open=assignment.open,
        )
        is_new = task is not None and assignment.open and not existed
        if is_new:
            update_record(
                claim=claim,
                kind=PortalUpdate.Kind.ACTION,
                summary=f"Action required: {assignment.instructions}",
            )
    return int(is_new)


def _action_text(
    assignment: Assignment, claim: PortalClaim, goal: dt.date | None, deadline: dt.date | None
) -> str:
    dates = []
    if goal:
        dates.append(f"Goal: {goal:%d/%m/%Y}.")
    if deadline:
        dates.append(f"Deadline: {deadline:%d/%m/%Y}.")
    return " ".join([assignment.instructions, *dates, f"Claim {claim.claim_id}."])


def _open_task_exists(key: str) -> bool:
    return Task.objects.filter(portal_key=key, status=Task.Status.OPEN).exists()


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

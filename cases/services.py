"""State changes of a case. Each is atomic, checks its data, and writes a history row."""

from dataclasses import dataclass, field

from django.db import models, transaction
from django.utils import timezone

from accounts.models import User
from cases.events import EVENT_KINDS
from cases.models import (
    Accident,
    Case,
    CaseEvent,
    ClaimantVehicle,
    Insurer,
    Note,
    ReferenceCounter,
    ReplacementVehicle,
    Treatment,
)
from clients.models import Client
from lib import audit
from lib.references import case_reference

# The one-to-one parts every case has from the start, so the tabs never meet a missing row.
CASE_PARTS = (Accident, ClaimantVehicle, Insurer, Treatment, ReplacementVehicle)


def case_event_record(
    *,
    case: Case,
    kind: str,
    acting_user: User | None,
    summary: str = "",
    changes: list | None = None,
    actor_label: str = "",
) -> CaseEvent:
    """Append one line to the case history. ``acting_user`` None means the system (give actor_label)."""
    if kind not in EVENT_KINDS:
        raise ValueError(f"Unknown case event kind {kind!r}")
    return CaseEvent.objects.create(
        case=case,
        kind=kind,
        summary=(summary or EVENT_KINDS[kind])[:300],
        changes=changes or [],
        actor=acting_user,
        actor_label=actor_label if acting_user is None else "",
    )


def _next_reference() -> str:
    year = timezone.localdate().year
    counter, _ = ReferenceCounter.objects.select_for_update().get_or_create(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return case_reference(year, counter.last_number)


@transaction.atomic
def case_open(
    *, portal: str, fee_earner: User, title: str, first_name: str, last_name: str, acting_user: User
) -> Case:
    """Open a case for a new client, with every tab's part ready to fill in."""
    client = Client(title=title, first_name=first_name.strip(), last_name=last_name.strip())
    client.full_clean()
    client.save()
    case = Case(
        reference=_next_reference(), portal=portal, fee_earner=fee_earner, team=fee_earner.team, client=client
    )
    case.full_clean()
    case.save()
    for part in CASE_PARTS:
        part.objects.create(case=case)
    case_event_record(
        case=case,
        kind="case.opened",
        acting_user=acting_user,
        summary=f"Case opened for {client.full_name} ({case.get_portal_display()}), fee earner {fee_earner}",
    )
    return case


@dataclass
class SectionEdit:
    """What a tab's save changes: edited instances (with their before-snapshots), new ones, removed ones."""

    section: str
    edited: list[tuple[models.Model, dict]] = field(default_factory=list)
    created: list[models.Model] = field(default_factory=list)
    deleted: list[models.Model] = field(default_factory=list)


@transaction.atomic
def case_sections_save(*, case: Case, edits: list[SectionEdit], acting_user: User) -> list[dict]:
    """Save one tab's worth of changes atomically and record every field change in the history.

    Instances arrive modified (by forms) but unsaved. Everything is validated before anything is
    written, so a bad value leaves the case exactly as it was.
    """
    for edit in edits:
        for instance in edit.created:
            instance.case = case
        for instance in [i for i, _ in edit.edited] + edit.created:
            instance.full_clean()
    changes: list[dict] = []
    for edit in edits:
        changes += _save_section(case, edit)
    if changes:
        case.save(update_fields=["updated_at"])
        sections = sorted({c["section"] for c in changes})
        case_event_record(
            case=case,
            kind="case.updated",
            acting_user=acting_user,
            summary=f"Changed {', '.join(sections)}",
            changes=changes,
        )
    return changes


def _save_section(case: Case, edit: SectionEdit) -> list[dict]:
    changes = []
    for instance, before in edit.edited:
        after = audit.snapshot(instance)
        rows = audit.diff(before, after, section=edit.section)
        if rows:
            instance.save()
            changes += rows
    for instance in edit.created:
        instance.save()
        changes.append({"section": edit.section, "field": "Added", "before": "", "after": str(instance)})
    for instance in edit.deleted:
        changes.append({"section": edit.section, "field": "Removed", "before": str(instance), "after": ""})
        instance.delete()
    return changes


@transaction.atomic
def case_reassign(*, case: Case, fee_earner: User, acting_user: User) -> Case:
    if fee_earner.team_id != case.team_id:
        raise ValueError("The new fee earner must belong to the case's team.")
    before = str(case.fee_earner)
    case.fee_earner = fee_earner
    case.save(update_fields=["fee_earner", "updated_at"])
    change = {"section": "Case", "field": "Fee earner", "before": before, "after": str(fee_earner)}
    case_event_record(case=case, kind="case.reassigned", acting_user=acting_user, changes=[change])
    return case


@transaction.atomic
def case_close(*, case: Case, outcome: str, acting_user: User) -> Case:
    if case.status == Case.Status.CLOSED:
        raise ValueError("The case is already closed.")
    if case.status == Case.Status.IN_PORTAL:
        raise ValueError("The claim is still open on the portal: exit the portal before closing the case.")
    before = case.get_status_display()
    case.status, case.closed_at = Case.Status.CLOSED, timezone.now()
    case.save(update_fields=["status", "closed_at", "updated_at"])
    change = {"section": "Case", "field": "Status", "before": before, "after": case.get_status_display()}
    case_event_record(
        case=case,
        kind="case.closed",
        acting_user=acting_user,
        summary=f"Case closed: {outcome}"[:300],
        changes=[change],
    )
    return case


@transaction.atomic
def case_reopen(*, case: Case, acting_user: User) -> Case:
    if case.status != Case.Status.CLOSED:
        raise ValueError("Only a closed case can be reopened.")
    case.status = Case.Status.EXITED if case.portal_status else Case.Status.NEW
    case.closed_at = None
    case.save(update_fields=["status", "closed_at", "updated_at"])
    change = {"section": "Case", "field": "Status", "before": "Closed", "after": case.get_status_display()}
    case_event_record(case=case, kind="case.reopened", acting_user=acting_user, changes=[change])
    return case


@transaction.atomic
def note_add(*, case: Case, body: str, acting_user: User) -> Note:
    note = Note(case=case, body=body.strip(), author=acting_user)
    note.full_clean()
    note.save()
    preview = note.body if len(note.body) <= 120 else note.body[:117] + "…"
    case_event_record(case=case, kind="note.added", acting_user=acting_user, summary=f"Note added: {preview}")
    return note

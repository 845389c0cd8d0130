"""State changes of a case. Each is atomic, checks its data, and writes a history row.

A change the rules refuse raises ``lib.errors.Refused`` with a message for the user.
"""

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
    ClaimsPortalDetails,
    Insurer,
    Loss,
    Note,
    ReferenceCounter,
    ReplacementVehicle,
    Treatment,
)
from clients.models import Client
from lib import audit
from lib.audit import change
from lib.errors import Refused
from lib.references import case_reference

# The one-to-one parts every case has from the start, so the tabs never meet a missing row.
CASE_PARTS = (Accident, ClaimantVehicle, Insurer, Treatment, ReplacementVehicle, ClaimsPortalDetails)


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
    """What a tab's save changes: edited instances (modified, unsaved), new ones, removed ones."""

    section: str
    edited: list[models.Model] = field(default_factory=list)
    created: list[models.Model] = field(default_factory=list)
    deleted: list[models.Model] = field(default_factory=list)


@transaction.atomic
def case_sections_save(*, case: Case, edits: list[SectionEdit], acting_user: User) -> list[dict]:
    """Save one tab's worth of changes atomically and record every field change in the history.

    Instances arrive modified (by forms) but unsaved; what they were is read back from the database.
    Everything is validated before anything is written, so a bad value leaves the case as it was.
    """
    for edit in edits:
        for instance in edit.created:
            instance.case = case
        for instance in edit.edited + edit.created:
            instance.full_clean()
    befores = _stored_snapshots([i for edit in edits for i in edit.edited])
    changes: list[dict] = []
    for edit in edits:
        changes += _save_section(edit, befores)
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


def _stored_snapshots(instances: list[models.Model]) -> dict[tuple[type, int], dict]:
    """Snapshots of the stored rows behind edited instances (one query per model)."""
    by_model: dict[type, list[int]] = {}
    for instance in instances:
        by_model.setdefault(type(instance), []).append(instance.pk)
    return {
        (model, pk): audit.snapshot(stored)
        for model, pks in by_model.items()
        for pk, stored in model._default_manager.in_bulk(pks).items()
    }


def _save_section(edit: SectionEdit, befores: dict) -> list[dict]:
    changes = []
    for instance in edit.edited:
        before = befores.get((type(instance), instance.pk), {})
        after = audit.snapshot(instance)
        rows = audit.diff(before, after, section=edit.section)
        if rows:
            instance.save()
            changes += rows
    for instance in edit.created:
        instance.save()
        changes.append(change(edit.section, "Added", "", str(instance)))
    for instance in edit.deleted:
        changes.append(change(edit.section, "Removed", str(instance), ""))
        instance.delete()
    return changes


@transaction.atomic
def case_reassign(*, case: Case, fee_earner: User, acting_user: User) -> Case:
    if fee_earner.team_id != case.team_id:
        raise Refused("The new fee earner must belong to the case's team.")
    before = str(case.fee_earner)
    case.fee_earner = fee_earner
    case.save(update_fields=["fee_earner", "updated_at"])
    row = change("Case", "Fee earner", before, str(fee_earner))
    case_event_record(case=case, kind="case.reassigned", acting_user=acting_user, changes=[row])
    return case


@transaction.atomic
def case_close(*, case: Case, outcome: str, acting_user: User) -> Case:
    if case.status == Case.Status.CLOSED:
        raise Refused("The case is already closed.")
    if case.status == Case.Status.IN_PORTAL:
        raise Refused("The claim is still open on the portal: exit the portal before closing the case.")
    before = case.get_status_display()
    case.status, case.closed_at = Case.Status.CLOSED, timezone.now()
    case.save(update_fields=["status", "closed_at", "updated_at"])
    case_event_record(
        case=case,
        kind="case.closed",
        acting_user=acting_user,
        summary=f"Case closed: {outcome}"[:300],
        changes=[change("Case", "Status", before, case.get_status_display())],
    )
    return case


@transaction.atomic
def case_reopen(*, case: Case, acting_user: User) -> Case:
    if case.status != Case.Status.CLOSED:
        raise Refused("Only a closed case can be reopened.")
    case.status = Case.Status.EXITED if case.portal_status else Case.Status.NEW
    case.closed_at = None
    case.save(update_fields=["status", "closed_at", "updated_at"])
    row = change("Case", "Status", "Closed", case.get_status_display())
    case_event_record(case=case, kind="case.reopened", acting_user=acting_user, changes=[row])
    return case


@transaction.atomic
def note_add(*, case: Case, body: str, acting_user: User) -> Note:
    note = Note(case=case, body=body.strip(), author=acting_user)
    note.full_clean()
    note.save()
    preview = note.body if len(note.body) <= 120 else note.body[:117] + "…"
    case_event_record(case=case, kind="note.added", acting_user=acting_user, summary=f"Note added: {preview}")
    return note


@transaction.atomic
def case_prognosis_set(*, case: Case, months: int, acting_user: User) -> list[dict]:
    """A medical report's prognosis becomes the prognosis of the case's injuries (history rows for each)."""
    edits = []
    for injury in case.injuries.select_related("body_part"):
        if injury.prognosis_months != months:
            injury.prognosis_months = months
            edits.append(injury)
    if not edits:
        return []
    return case_sections_save(
        case=case, edits=[SectionEdit("Injuries", edited=edits)], acting_user=acting_user
    )


@transaction.atomic
def case_loss_add(
    *, case: Case, loss_type, amount, description: str, ongoing: bool, evidence: bool, acting_user: User
) -> list[dict]:
    """An item of loss claimed (e.g. on the portal) is recorded on the case's Losses tab too."""
    loss = Loss(
        loss_type=loss_type,
        amount=amount,
        description=(description or "").strip(),
        ongoing=ongoing,
        evidence_available=evidence,
    )
    return case_sections_save(
        case=case, edits=[SectionEdit("Losses", created=[loss])], acting_user=acting_user
    )


# -- Following the portal ------------------------------------------------------------------------------


def case_portal_follow(*, case: Case, portal_status: str, status: str) -> list[dict]:
    """The case follows its portal claim: the portal's status, and ours (unless the case is closed).

    Returns the history change rows; the caller records them with the claim's own changes.
    """
    rows, fields = [], []
    if case.portal_status != portal_status:
        case.portal_status = portal_status
        fields.append("portal_status")
    if case.status != status and case.status != Case.Status.CLOSED:
        rows.append(change("Case", "Status", case.get_status_display(), Case.Status(status).label))
        case.status = status
        fields.append("status")
    if fields:
        case.save(update_fields=[*fields, "updated_at"])
    return rows


@transaction.atomic
def case_portal_change(*, case: Case, portal: str, acting_user: User) -> Case:
    """Portal Reset: the case will go to ``portal`` and starts again as New (unless it is closed)."""
    before = (case.get_portal_display(), case.status_label)
    case.portal, case.portal_status = portal, ""
    if case.status != Case.Status.CLOSED:
        case.status = Case.Status.NEW
    case.full_clean()
    case.save(update_fields=["portal", "portal_status", "status", "updated_at"])
    case_event_record(
        case=case,
        kind="portal.action",
        acting_user=acting_user,
        summary=f"Portal Reset: the case will go to the {case.get_portal_display()}",
        changes=[
            change("Case", "Portal", before[0], case.get_portal_display()),
            change("Case", "Status", before[1], case.status_label),
        ],
    )
    return case

"""The one service that performs any claim stage action, for any portal, exactly once.

The portal's rules say which actions the claim's status allows (declarative specs); this service
checks the claim has not moved on since the page was drawn, files any document on the case, sends
the action through ``write_once`` (an idempotency key, a look on the portal before any resend, one
in flight per case), applies the portal's answer, lets the tasks follow the new status, and records
the action with its amounts and the portal's answer in the case history.
"""

import hashlib
import json
from decimal import Decimal

from django.db import transaction

from accounts.models import User
from cases.models import Case
from cases.services import case_loss_add, case_prognosis_set
from documents.services import document_attach
from lib.audit import change
from lookups.models import LookupValue
from portal import errors
from portal.base import FieldKind, Part, PortalAdapter, StageAction, StageFacts
from portal.models import PortalClaim, PortalOperation
from portal.registry import rules_for
from portal.services.claims import INVALID_STATUS, active_claim, claim_moved_on
from portal.services.refresh import claim_refresh
from portal.services.results import ActionRefused, ActionResult, history, portal_call
from portal.services.state import claim_state_apply, status_of
from portal.services.writes import Write, write_once
from valuation.services import pounds

# The case document category a file sent with an action is filed under, by the action's group.
DOCUMENT_CATEGORY = {"Medical": "MedicalReport", "Losses": "EvidenceOfLosses", "Court": "CourtOrder"}


def claim_action_perform(
    *, case: Case, action_code: str, values: dict, expected_status: str, acting_user: User
) -> ActionResult:
    """Perform the stage action ``action_code`` with the form's ``values`` (see the module docstring)."""
    with portal_call(case.portal, "Claim stage action", case=case, acting_user=acting_user) as call:
        claim, adapter = active_claim(case), call.adapter
        if claim is None:
            raise ActionRefused("This case has no claim on the portal.")
        if claim.status != expected_status:
            call.result = claim_moved_on(claim, adapter, acting_user)
            return call.result
        action = _allowed(adapter, claim, action_code)
        _file_documents(case, action, values, acting_user)
        try:
            written = write_once(
                case=case,
                adapter=adapter,
                write=_write(claim, adapter, action, values),
                acting_user=acting_user,
            )
        except errors.PortalConflict as exc:
            if exc.code != INVALID_STATUS:
                raise
            call.result = claim_moved_on(claim, adapter, acting_user)
            return call.result
        except errors.PortalRejected as exc:
            call.result = _refused(case, acting_user, action, exc)
            return call.result
        state = written.answer if written.answer is not None else adapter.claim(claim.claim_id)
        call.result = _done(case, claim, adapter, action, values, state, acting_user)
    return call.result


def _allowed(adapter: PortalAdapter, claim: PortalClaim, code: str) -> StageAction:
    facts = StageFacts.from_json(claim.facts)
    action = next((a for a in adapter.actions(claim.status, facts) if a.code == code), None)
    if action is None:
        raise ActionRefused(f"That is not possible while the claim is {claim.status}.")
    return action


def _fingerprint(claim: PortalClaim, action: StageAction, values: dict) -> str:
    def plain(value):
        if isinstance(value, tuple) and len(value) == 2 and isinstance(value[1], bytes):
            return hashlib.sha256(value[1]).hexdigest()
        return str(value) if not isinstance(value, list | tuple) else [plain(v) for v in value]

    canonical = json.dumps({k: plain(v) for k, v in sorted(values.items())}, sort_keys=True)
    return hashlib.sha256(f"{action.code}\n{claim.status}\n{canonical}".encode()).hexdigest()


def _write(claim: PortalClaim, adapter: PortalAdapter, action: StageAction, values: dict) -> Write:
    def look() -> str:
        """The action arrived if the portal's claim is no longer as ClaimDesk last saw it."""
        state = adapter.claim(claim.claim_id)
        moved = state.status != claim.status or state.facts.to_json() != (
            claim.facts or StageFacts().to_json()
        )
        return claim.claim_id if moved else ""

    return Write(
        kind=PortalOperation.Kind.ACTION,
        label=action.label,
        fingerprint=_fingerprint(claim, action, values),
        send=lambda key: adapter.perform(
            claim.claim_id, action, values, version=claim.portal_version, idempotency_key=key
        ),
        look=look,
        ref_of=lambda state: state.claim_id,
    )


def _file_documents(case: Case, action: StageAction, values: dict, acting_user: User) -> None:
    """A file sent with an action is filed on the case first, checked by its content."""
    categories = LookupValue.objects.filter(value_list=rules_for(case.portal).lists.document_category)
    category = categories.filter(code=DOCUMENT_CATEGORY.get(action.group, "Other")).first() or categories.get(
        code="Other"
    )
    for spec in action.fields:
        if spec.kind == FieldKind.FILE and values.get(spec.name):
            name, content = values[spec.name]
            document_attach(
                case=case,
                content=content,
                file_name=name,
                category=category,
                description=action.label,
                acting_user=acting_user,
            )


def _refused(case: Case, acting_user: User, action: StageAction, exc: errors.PortalRejected) -> ActionResult:
    names = {spec.name for spec in action.fields}
    field_errors = {}
    for problem in exc.problems:
        leaf = problem.field.split(".")[-1].split("[")[0]
        field_errors[_FIELD_OF.get(leaf, leaf) if _FIELD_OF.get(leaf, leaf) in names else "__all__"] = (
            problem.message
        )
    said = "; ".join(p.message for p in exc.problems) or exc.message
    history(case, acting_user, f"{action.label} refused by the portal: {said}", failed=True)
    return ActionResult(False, f"The portal refused it: {said}", field_errors=field_errors)


# The portal's field names, where they differ from the action's.
_FIELD_OF = {
    "medcoReference": "medco_reference",
    "expertName": "expert",
    "reportDate": "report_date",
    "prognosisMonths": "prognosis_months",
    "courtClaimNumber": "court_claim_number",
    "documentIDs": "documents",
    "lossType": "loss_type",
    "tariffAmount": "tariff",
    "upliftPercentage": "uplift",
    "nonTariffAmount": "non_tariff",
    "otherLossesAmount": "special_damages",
}


@transaction.atomic
def _record(case, claim, action, values, state, acting_user) -> str:
    claim_state_apply(claim=claim, state=state, acting_user=acting_user, pulled_by=acting_user)
    if action.prognosis_field and values.get(action.prognosis_field):
        case_prognosis_set(case=case, months=int(values[action.prognosis_field]), acting_user=acting_user)
    if action.records_loss:
        _loss_record(case, values, acting_user)
    claim.refresh_from_db()
    info = status_of(claim)
    summary = f"{action.label}: the claim is now {claim.status} ({info.label})"
    history(case, acting_user, summary, changes=_described(action, values))
    return f"{action.label}: done. The claim is now {claim.status}: {info.label}."


def _loss_record(case: Case, values: dict, acting_user: User) -> None:
    loss_type = LookupValue.objects.get(
        value_list=rules_for(case.portal).lists.loss_type, code=values["loss_type"]
    )
    case_loss_add(
        case=case,
        loss_type=loss_type,
        amount=values["amount"],
        description=values.get("description") or "",
        ongoing=bool(values.get("ongoing")),
        evidence=bool(values.get("evidence")),
        acting_user=acting_user,
    )


def _done(case, claim, adapter, action, values, state, acting_user) -> ActionResult:
    message = _record(case, claim, action, values, state, acting_user)
    # The portal closed the action it asked for and may ask for the next: the tasks follow now.
    claim_refresh(claim=claim, adapter=adapter, parts=frozenset({Part.ACTIONS}), acting_user=acting_user)
    return ActionResult(True, message)


def _described(action: StageAction, values: dict) -> list[dict]:
    """The action's answers as history rows: amounts as £1,234.56, files by name, text as typed."""
    rows = []
    for spec in action.fields:
        value = values.get(spec.name)
        if value in (None, "", [], ()):
            continue
        if spec.kind == FieldKind.MONEY:
            shown = pounds(Decimal(value))
        elif spec.kind == FieldKind.PERCENT:
            shown = f"{Decimal(value):g}%"
        elif spec.kind == FieldKind.FILE:
            shown = value[0]
        elif spec.kind == FieldKind.CHOICES:
            shown = ", ".join(value)
        elif spec.kind == FieldKind.YES_NO:
            shown = "Yes" if value else "No"
        else:
            shown = str(value)
        rows.append(change(action.group, spec.label, "", shown[:500]))
    return rows

"""Fixtures for the whole-system tests: one of everything on a case, and both portal simulators."""

import pytest

from lookups.models import LookupValue
from portal.models import PortalClaim, PortalDocument, PortalMessage
from tests.claims_portal_sim import cp_control, cp_sim  # noqa: F401 - fixtures
from tests.factories import fill_case, make_case
from tests.simulator import oic, sim, sim_control  # noqa: F401 - fixtures
from worklist.services import task_create


@pytest.fixture
def world(alice, charlie, ada):
    """Team Alpha's case with one of everything, and Bravo's user who must never reach it."""
    case = fill_case(make_case(fee_earner=alice))
    claim = PortalClaim.objects.create(
        case=case, portal="oic", claim_id="OIC-00000042", status="Pending-Liability"
    )
    from documents.services import document_attach
    from lookups.models import ValueList

    category = LookupValue.objects.get(value_list=ValueList.DOCUMENT_CATEGORY, code="Other")
    document = document_attach(
        case=case, content=b"%PDF-1.4\n%%EOF\n", file_name="a.pdf", category=category, acting_user=alice
    )
    portal_document = PortalDocument.objects.create(
        claim=claim, portal_id="ATT-1", direction="in", document=document, file_name="a.pdf"
    )
    message = PortalMessage.objects.create(claim=claim, portal_id="MSG-1", direction="in", body="secret")
    task = task_create(
        case=case, title="Alpha's task", due_date=case.opened_at.date(), assignee=alice, acting_user=alice
    )
    from supervision.models import DriftItem

    drift = DriftItem.objects.create(
        case=case, team=case.team, kind="no_task", detail="Alpha's drift", last_found_at=case.opened_at
    )
    return {
        "reference": case.reference,
        "case": case,
        "documents:download": document.pk,
        "portal:document": portal_document.pk,
        "portal:message": message.pk,
        "worklist:": task.pk,
        "accounts:user": alice.pk,
        "accounts:team": alice.team_id,
        "lookups:edit": category.pk,
        "value_list": "body_part",
        "portal": "oic",
        "supervision:drift_review": drift.pk,
        "key": "liability_overdue",
    }

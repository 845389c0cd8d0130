"""The Claim stage panel over real HTTP: every claimant-side action of an OIC claim, its refusals, and
its faults. The simulator's control API plays the compensator."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.models import PortalClaim, PortalOperation
from portal.services.claims import claim_complete, claim_submit
from worklist.models import Task

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _on_portal(case, user, sim_control) -> PortalClaim:
    assert claim_submit(case=case, acting_user=user).ok
    sim_control.advance(minutes=6)
    assert claim_complete(case=case, acting_user=user).ok
    return PortalClaim.objects.get(case=case)


def _stage(client, case) -> str:
    return client.get(f"/cases/{case.reference}/portal/stage/").content.decode()


def _act(client, case, code, *, expected=None, **fields):
    """Post one action's form as the panel would (prefix from the action's code)."""
    prefix = code.replace(".", "-")
    claim = PortalClaim.objects.get(case=case, is_active=True)
    data = {
        f"{prefix}-action": code,
        f"{prefix}-expected_status": expected or claim.status,
        f"{prefix}-confirm": "on",
    }
    for name, value in fields.items():
        if isinstance(value, bytes):
            value = SimpleUploadedFile(f"{name}.pdf", value)
        data[f"{prefix}-{name}"] = value
    return client.post(f"/cases/{case.reference}/portal/stage/", data, follow=True)


def _status(case) -> str:
    return PortalClaim.objects.get(case=case, is_active=True).status


def _resync(client, case):
    client.post(f"/cases/{case.reference}/portal/resync/")


def test_the_panel_shows_the_stage_who_acts_and_the_portals_dates(
    alice_client, alice, ready_case, oic, sim_control
):
    claim = _on_portal(ready_case, alice, sim_control)
    page = _stage(alice_client, ready_case)
    assert (
        "Waiting for the compensator" in page and "liability decision" in page and "The compensator" in page
    )
    assert "Add an item of loss" in page and "Accept the denial" not in page
    sim_control.act(claim.claim_id, "liability", decision="denied", justification="Your client reversed.")
    _resync(alice_client, ready_case)
    page = _stage(alice_client, ready_case)
    assert "Accept the denial" in page and "Go to court on liability" in page
    assert "Upload the MedCo report" not in page  # exactly what the status allows
    task = Task.objects.get(case=ready_case, portal_key__contains=":assignment:", status=Task.Status.OPEN)
    assert task.due_date.strftime("%d/%m/%Y") in page and task.deadline.strftime("%d/%m/%Y") in page
    assert "Your client reversed." in page


def test_accepting_a_denial_needs_confirmation_then_closes_its_task(
    alice_client, alice, ready_case, oic, sim_control
):
    claim = _on_portal(ready_case, alice, sim_control)
    sim_control.act(claim.claim_id, "liability", decision="denied", justification="Not our fault")
    _resync(alice_client, ready_case)
    prefix = "liability-accept_denial"
    unconfirmed = alice_client.post(
        f"/cases/{ready_case.reference}/portal/stage/",
        {
            f"{prefix}-action": "liability.accept_denial",
            f"{prefix}-expected_status": "Pending-LiabilityRejected",
        },
    )
    assert unconfirmed.status_code == 400 and "this cannot be undone" in unconfirmed.content.decode()
    assert _status(ready_case) == "Pending-LiabilityRejected"
    page = _act(
        alice_client, ready_case, "liability.accept_denial", comment="Client accepts."
    ).content.decode()
    assert "Accept the denial: done. The claim is now Pending-RejectedLiability" in page
    assert not Task.objects.filter(
        case=ready_case, portal_key__contains=":assignment:", status=Task.Status.OPEN
    ).exists()
    event = ready_case.events.filter(summary__startswith="Accept the denial").get()
    assert {"field": "Comment", "after": "Client accepts."}.items() <= event.changes[0].items()


def test_court_on_liability_then_reopening_with_the_court_order(
    alice_client, alice, ready_case, oic, sim_control
):
    claim = _on_portal(ready_case, alice, sim_control)
    sim_control.act(claim.claim_id, "liability", decision="denied", justification="Not our fault")
    _resync(alice_client, ready_case)
    alice_client.post(f"/cases/{ready_case.reference}/portal/docs/fetch/")
    documents = list(PortalClaim.objects.get(pk=claim.pk).documents.values_list("portal_id", flat=True))
    assert documents, "the claim form is a document of the claim"
    _act(alice_client, ready_case, "liability.court", documents=documents)
    assert _status(ready_case) == "Pending-LiabilityListReview"
    sim_control.ok("POST", f"/_sim/claims/{claim.claim_id}/court", json={"action": "agree"})
    _resync(alice_client, ready_case)
    _act(alice_client, ready_case, "court.submit")
    assert _status(ready_case) == "Resolved-CourtLiability"
    missing = _act(alice_client, ready_case, "court.reopen", court_claim_number="K00LS123")
    assert missing.status_code == 400 and "This field is required" in missing.content.decode()
    _act(alice_client, ready_case, "court.reopen", court_claim_number="K00LS123", court_order=PDF)
    assert _status(ready_case) == "Pending-MedicalAfterCourt"
    assert ready_case.documents.filter(category__code="CourtOrder").exists()  # filed on the case too


def test_challenging_a_partial_admission_and_answering_the_reply(
    alice_client, alice, ready_case, oic, sim_control
):
    claim = _on_portal(ready_case, alice, sim_control)
    sim_control.act(
        claim.claim_id, "liability", decision="admitted_in_part", percentage=60, justification="Seat belt"
    )
    _resync(alice_client, ready_case)
    low = _act(
        alice_client, ready_case, "liability.challenge", comment="Our client wore a belt", percentage="50"
    )
    assert low.status_code == 400 and "The portal says" in low.content.decode()  # at or below the admission
    _act(
        alice_client,
        ready_case,
        "liability.challenge",
        comment="Our client wore a belt",
        responsible_driver="The defendant",
        percentage="100",
    )
    assert "Challenge the partial admission" not in _stage(
        alice_client, ready_case
    )  # one challenge at a time
    sim_control.act(
        f"{claim.claim_id}-CL1",
        "liability",
        decision="admitted_in_part",
        percentage=80,
        justification="Partly",
    )
    _resync(alice_client, ready_case)
    page = _act(alice_client, ready_case, "liability.review_challenge", decision="accept").content.decode()
    assert "done" in page
    assert PortalClaim.objects.get(pk=claim.pk).liability_percentage == Decimal("80")


def test_the_medical_stage_from_report_to_release(alice_client, alice, ready_case, oic, sim_control):
    claim = _on_portal(ready_case, alice, sim_control)
    sim_control.act(claim.claim_id, "liability", decision="admitted", justification="Admitted")
    _resync(alice_client, ready_case)
    report = dict(
        medco_reference="MC-123", expert="Dr A Patel", report_date="2026-10-01", prognosis_months="9"
    )
    not_pdf = _act(alice_client, ready_case, "medical.upload", report=b"plain text, not a report", **report)
    assert not_pdf.status_code == 400 and _status(ready_case) == "Pending-Medical"
    _act(alice_client, ready_case, "medical.upload", report=PDF, **report)
    assert _status(ready_case) == "Pending-CheckMedical"
    assert list(ready_case.injuries.values_list("prognosis_months", flat=True)) == [
        9
    ]  # the OIC Injury tab follows
    page = _stage(alice_client, ready_case)
    assert "Dr A Patel" in page and "MC-123" in page
    _act(alice_client, ready_case, "medical.amend", comment="Wrong accident date")
    assert _status(ready_case) == "Pending-MRPReportReject"
    _act(alice_client, ready_case, "medical.upload", report=PDF, **report)
    _act(alice_client, ready_case, "medical.accept")
    _act(alice_client, ready_case, "medical.wait")
    assert _status(ready_case) == "Pending-WaitPrognosisMedical"
    _act(
        alice_client,
        ready_case,
        "losses.add",
        loss_type="PolicyExcess",
        amount="250.00",
        description="Excess",
        evidence=PDF,
    )
    assert "£250.00" in _stage(alice_client, ready_case)
    _act(alice_client, ready_case, "medical.release")
    assert _status(ready_case) == "Pending-FirstOffer"
    assert "Add an item of loss" not in _stage(alice_client, ready_case)  # not after the offer is requested


def test_offers_counter_offers_and_settlement(alice_client, alice, ready_case, oic, sim_control):
    claim = _on_portal(ready_case, alice, sim_control)
    sim_control.act(claim.claim_id, "liability", decision="admitted", justification="Admitted")
    sim_control.act(claim.claim_id, "medical-report", prognosisMonths=6)
    _resync(alice_client, ready_case)
    _act(alice_client, ready_case, "medical.accept")
    _act(alice_client, ready_case, "medical.release")
    sim_control.act(claim.claim_id, "offer", tariffAmount=400, otherLossesAmount=100)
    _resync(alice_client, ready_case)
    page = _stage(alice_client, ready_case)
    assert "£500.00" in page and "below our valuation" in page
    too_much = _act(
        alice_client, ready_case, "offer.counter", tariff="495", uplift="25", comment="Per tariff"
    )
    assert too_much.status_code == 400 and _status(ready_case) == "Pending-ReviewOffer"
    _act(
        alice_client,
        ready_case,
        "offer.counter",
        tariff="495",
        uplift="10",
        special_damages="100",
        comment="Per tariff",
    )
    assert _status(ready_case) == "Pending-RespondCounter"
    revised = {"action": "reject", "tariffAmount": 450, "otherLossesAmount": 100}
    sim_control.ok("POST", f"/_sim/claims/{claim.claim_id}/counter-response", json=revised)
    _resync(alice_client, ready_case)
    sim_control.fault_next(method="POST", path="offer-response$", fault="drop_after_commit", times=1)
    page = _act(alice_client, ready_case, "offer.accept").content.decode()
    assert "Resolved-Completed" in page
    settled = PortalClaim.objects.get(pk=claim.pk)
    assert settled.settled_amount == Decimal("550.00") and settled.outcome == "settled"
    offers = _stage(alice_client, ready_case)
    assert offers.count('<tr><td class="nowrap">') == 3  # offer, our counter, the revised offer
    assert "£644.50" in offers  # our counter: 495 + 10% + 100
    # accept the report, release it, counter, accept: four actions, each sent once
    assert PortalOperation.objects.filter(kind="action", state="done").count() == 4
    event = ready_case.events.filter(summary__startswith="Make a counter-offer").get()
    assert {"field": "Tariff amount (£)", "after": "£495.00"}.items() <= event.changes[0].items()


def test_a_claim_that_moved_on_gets_its_fresh_state_not_an_error(
    alice_client, alice, ready_case, oic, sim_control
):
    claim = _on_portal(ready_case, alice, sim_control)
    sim_control.act(claim.claim_id, "liability", decision="denied", justification="Not our fault")
    _resync(alice_client, ready_case)
    page_drawn = _status(ready_case)
    sim_control.act(claim.claim_id, "remove", reason="ComplexIssues", note="Removed")  # the portal moves on
    response = _act(alice_client, ready_case, "liability.accept_denial", expected=page_drawn)
    assert response.status_code == 200
    assert "The claim has moved on: it is now Pending-Removal" in response.content.decode()
    assert "Acknowledge the removal" in response.content.decode()
    _act(alice_client, ready_case, "removal.acknowledge")
    assert _status(ready_case) == "Resolved-Removed"


def test_an_action_the_status_does_not_allow_is_refused(alice_client, alice, ready_case, oic, sim_control):
    _on_portal(ready_case, alice, sim_control)
    response = _act(alice_client, ready_case, "offer.accept")
    assert "no longer possible" in response.content.decode()
    assert not PortalOperation.objects.filter(kind="action").exists()


@pytest.mark.parametrize(
    ("amount", "error"),
    [("-5", "greater than or equal to 0"), ("12.345", "2 decimal places"), ("lots", "Enter a number")],
)
def test_bad_amounts_get_field_errors(alice_client, alice, ready_case, oic, sim_control, amount, error):
    claim = _on_portal(ready_case, alice, sim_control)
    sim_control.act(claim.claim_id, "liability", decision="admitted", justification="Admitted")
    _resync(alice_client, ready_case)
    response = _act(alice_client, ready_case, "losses.add", loss_type="PolicyExcess", amount=amount)
    assert response.status_code == 400 and error in response.content.decode()

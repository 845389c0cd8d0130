"""Exit Portal, linking an existing claim (Special Edits, Process Ind 1) and Portal Reset."""

import pytest

from cases.models import Case, Portal
from lookups.models import ValueList
from portal.models import PortalClaim
from portal.services.claims import claim_complete, claim_submit
from tests.factories import fill_case, lookup, make_case


def _submitted(case, user, sim_control):
    assert claim_submit(case=case, acting_user=user).ok
    sim_control.advance(minutes=3)
    assert claim_complete(case=case, acting_user=user).ok
    return PortalClaim.objects.get(case=case)


def test_exit_portal_needs_a_reason_and_confirmation_then_follows_the_portal(
    alice_client, alice, ready_case, oic, sim_control
):
    claim = _submitted(ready_case, alice, sim_control)
    url = f"/cases/{ready_case.reference}/portal/exit/"
    page = alice_client.get(url).content.decode()
    assert "Complex issues of fact or law" in page
    other = lookup(ValueList.EXIT_REASON, "Other").pk
    assert (
        alice_client.post(url, {"reason": other, "confirm": "on"}).status_code == 400
    )  # "Other" needs a reason
    assert alice_client.post(url, {"reason": other, "comment": "Client moving abroad"}).status_code == 400
    claim.refresh_from_db()
    assert claim.status == "Pending-Liability"
    response = alice_client.post(
        url, {"reason": other, "comment": "Client moving abroad", "confirm": "on"}, follow=True
    )
    assert "Exit sent" in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == "Pending-Withdrawal"
    sim_control.act(claim.claim_id, "acknowledge-withdrawal")
    alice_client.post(f"/cases/{ready_case.reference}/portal/resync/")
    ready_case.refresh_from_db()
    assert (ready_case.portal_status, ready_case.status) == ("Resolved-Withdrawn", Case.Status.EXITED)
    assert ready_case.events.filter(summary__startswith="Exit Portal (Other)").exists()


def _portal_claim_made_elsewhere(sim_control, alice) -> str:
    """A claim the firm made on the portal directly (not from ClaimDesk)."""
    from portal.oic.mapping import scnf
    from portal.registry import adapter_for

    source = fill_case(make_case(fee_earner=alice, last_name="Elsewhere"))
    form = scnf(source, acting_user=alice) | {"clientReference": "WEB-123"}
    adapter = adapter_for("oic")
    state = adapter.client.create_claim(form)
    adapter.close()
    return state.claim_id


@pytest.mark.parametrize("process_ind", ["I", "l", "", "0", "11"])
def test_special_edits_refuse_anything_but_process_ind_1(
    alice_client, alice, alice_case, oic, sim_control, process_ind
):
    claim_id = _portal_claim_made_elsewhere(sim_control, alice)
    page = alice_client.post(
        f"/cases/{alice_case.reference}/portal/special-edits/",
        {"claim_id": claim_id, "process_ind": process_ind},
        follow=True,
    ).content.decode()
    assert "Process Ind must be 1" in page or "Enter the Claim ID and the Process Ind" in page
    assert not PortalClaim.objects.filter(claim_id=claim_id).exists()


def test_special_edits_link_an_existing_claim(alice_client, alice, alice_case, oic, sim_control):
    claim_id = _portal_claim_made_elsewhere(sim_control, alice)
    page = alice_client.post(
        f"/cases/{alice_case.reference}/portal/special-edits/",
        {"claim_id": claim_id, "process_ind": "1"},
        follow=True,
    ).content.decode()
    assert f"Linked to claim {claim_id}" in page
    claim = PortalClaim.objects.get(claim_id=claim_id)
    assert claim.case == alice_case and claim.linked_by == PortalClaim.LinkedBy.SPECIAL_EDIT
    alice_case.refresh_from_db()
    assert alice_case.portal_status == "Pending-New" and alice_case.status == Case.Status.IN_PORTAL


def test_special_edits_report_an_unknown_claim_and_one_linked_elsewhere(
    alice_client, alice, alice_case, oic, sim_control
):
    url = f"/cases/{alice_case.reference}/portal/special-edits/"
    missing = alice_client.post(url, {"claim_id": "OIC-99999999", "process_ind": "1"}, follow=True)
    assert "The portal has no claim OIC-99999999" in missing.content.decode()
    claim_id = _portal_claim_made_elsewhere(sim_control, alice)
    other_case = make_case(fee_earner=alice)
    alice_client.post(
        f"/cases/{other_case.reference}/portal/special-edits/", {"claim_id": claim_id, "process_ind": "1"}
    )
    taken = alice_client.post(url, {"claim_id": claim_id, "process_ind": "1"}, follow=True).content.decode()
    assert f"already linked to case {other_case.reference}" in taken
    assert PortalClaim.objects.filter(claim_id=claim_id).count() == 1


def test_portal_reset_switches_an_unsubmitted_case(alice_client, alice_case, oic):
    alice_client.post(f"/cases/{alice_case.reference}/portal/reset/", {"portal": Portal.CLAIMS_PORTAL})
    alice_case.refresh_from_db()
    assert alice_case.portal == Portal.CLAIMS_PORTAL
    assert alice_case.events.filter(summary__startswith="Portal Reset").exists()


def test_portal_reset_refuses_a_submitted_case_until_it_is_exited(
    alice_client, alice, ready_case, oic, sim_control
):
    claim = _submitted(ready_case, alice, sim_control)
    page = alice_client.post(
        f"/cases/{ready_case.reference}/portal/reset/", {"portal": Portal.CLAIMS_PORTAL}, follow=True
    ).content.decode()
    assert "Exit the current portal first" in page
    ready_case.refresh_from_db()
    assert ready_case.portal == Portal.OIC
    reason = lookup(ValueList.EXIT_REASON, "ValueAboveLimit").pk
    alice_client.post(f"/cases/{ready_case.reference}/portal/exit/", {"reason": reason, "confirm": "on"})
    sim_control.act(claim.claim_id, "acknowledge-withdrawal")
    alice_client.post(f"/cases/{ready_case.reference}/portal/resync/")
    alice_client.post(f"/cases/{ready_case.reference}/portal/reset/", {"portal": Portal.CLAIMS_PORTAL})
    ready_case.refresh_from_db()
    assert (ready_case.portal, ready_case.status, ready_case.portal_status) == (
        Portal.CLAIMS_PORTAL,
        Case.Status.NEW,
        "",
    )
    claim.refresh_from_db()
    assert not claim.is_active  # kept, for the record


def test_the_claims_portal_is_not_installed_yet_and_says_so(alice_client, alice):
    case = fill_case(make_case(fee_earner=alice, portal=Portal.CLAIMS_PORTAL))
    page = alice_client.get(f"/cases/{case.reference}/portal/submit/", follow=True).content.decode()
    assert "integration is not installed" in page

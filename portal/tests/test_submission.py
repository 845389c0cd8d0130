"""Submit to OIC Portal and Complete Submission, over real HTTP against the simulator."""

from cases.models import Case
from portal.models import PortalClaim, PortalOperation

CONFIRM = {"consent": "on", "statement_of_truth": "on"}


def _submit(client, case):
    return client.post(f"/cases/{case.reference}/portal/submit/", CONFIRM, follow=True)


def test_the_pre_submission_check_lists_every_problem_with_links(alice_client, alice_case, oic, sim_control):
    page = alice_client.get(f"/cases/{alice_case.reference}/portal/submit/").content.decode()
    for text in (
        "a phone number is required",
        "an email address is required",
        "a valid UK postcode is required",
        "add at least one injury",
        "the date of birth is missing",
    ):
        assert text in page
    assert f'href="/cases/{alice_case.reference}/details/#id_client-phone"' in page
    assert f'href="/cases/{alice_case.reference}/injury/"' in page
    _submit(alice_client, alice_case)
    assert sim_control.claims() == []  # nothing was sent


def test_submit_moves_the_case_from_new_to_pending_new(alice_client, ready_case, oic, sim_control):
    page = _submit(alice_client, ready_case).content.decode()
    claim = PortalClaim.objects.get(case=ready_case)
    assert claim.status == "Pending-New" and claim.claim_id.startswith("OIC-")
    assert f"Claim {claim.claim_id} submitted" in page
    ready_case.refresh_from_db()
    assert (ready_case.status, ready_case.portal_status) == (Case.Status.IN_PORTAL, "Pending-New")
    [portal_claim] = sim_control.claims()
    assert portal_claim["clientReference"] == ready_case.reference
    assert ready_case.events.filter(kind="portal.action", summary__contains=claim.claim_id).exists()


def test_submit_needs_consent_and_the_statement_of_truth(alice_client, ready_case, oic, sim_control):
    response = alice_client.post(f"/cases/{ready_case.reference}/portal/submit/", {})
    assert response.status_code == 400
    assert "Confirm the client&#x27;s consent" in response.content.decode()
    assert sim_control.claims() == []


def test_portal_validation_errors_are_shown_against_the_fields_and_nothing_changes(
    alice_client, ready_case, oic, sim_control
):
    client = ready_case.client
    client.phone = "+33142685300"  # a valid French number: ClaimDesk accepts it, the OIC wants a UK one
    client.save()
    page = _submit(alice_client, ready_case).content.decode()
    assert "The portal refused the claim" in page
    assert f'/cases/{ready_case.reference}/details/#id_client-phone"' in page
    assert "claimant.phoneNumber" in page
    ready_case.refresh_from_db()
    assert ready_case.status == Case.Status.NEW and ready_case.portal_status == ""
    assert not PortalClaim.objects.exists()
    assert PortalOperation.objects.get().state == PortalOperation.State.REJECTED
    assert ready_case.events.filter(kind="portal.error", summary__contains="refused").exists()


def test_complete_submission_too_early_gives_the_guides_advice_then_works(
    alice_client, ready_case, oic, sim_control
):
    _submit(alice_client, ready_case)
    early = alice_client.post(f"/cases/{ready_case.reference}/portal/complete/", follow=True).content.decode()
    assert "Wait a couple of minutes, then click Complete Submission again." in early
    assert PortalClaim.objects.get().status == "Pending-New"
    sim_control.advance(minutes=3)
    done = alice_client.post(f"/cases/{ready_case.reference}/portal/complete/", follow=True).content.decode()
    claim = PortalClaim.objects.get()
    assert claim.status == "Pending-Liability"
    assert claim.compensator_name and claim.compensator_name in done
    ready_case.refresh_from_db()
    assert ready_case.portal_status == "Pending-Liability"
    summaries = list(ready_case.events.values_list("summary", flat=True))
    assert any("still processing" in s for s in summaries) and any(
        "Complete Submission: Pending-Liability" in s for s in summaries
    )


def test_an_unknown_insurer_waits_for_the_support_centre(alice_client, ready_case, oic, sim_control):
    ready_case.insurer.name = "Obscure Mutual of Nowhere"
    ready_case.insurer.save()
    _submit(alice_client, ready_case)
    sim_control.advance(minutes=3)
    page = alice_client.post(f"/cases/{ready_case.reference}/portal/complete/", follow=True).content.decode()
    claim = PortalClaim.objects.get()
    assert claim.status == "Pending-CompensatorAssignment"
    assert claim.needs_poll_until is not None
    assert "Being assigned by the Portal Support Centre" in page


def test_a_case_already_on_the_portal_is_not_submitted_again(alice_client, ready_case, oic, sim_control):
    _submit(alice_client, ready_case)
    _submit(alice_client, ready_case)
    assert len(sim_control.claims()) == 1

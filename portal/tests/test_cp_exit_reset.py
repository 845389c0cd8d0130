"""Exit Portal with the Claims Portal's reasons, the compensator's exits, and Portal Reset between the OIC
and the Claims Portal in both directions, the old claim's correspondence staying readable. Real HTTP."""

from cases.models import Case, Portal
from lookups.models import ValueList
from portal.models import PortalClaim, PortalDocument
from portal.services.claims import claim_complete, claim_submit
from tests.claims_portal_sim import fill_cp_case
from tests.factories import lookup
from worklist.models import Task


def _exit(client, case, code: str, comment: str = ""):
    reason = lookup(ValueList.CP_EXIT_REASON, code).pk
    data = {"reason": reason, "comment": comment, "confirm": "on"}
    return client.post(f"/cases/{case.reference}/portal/exit/", data, follow=True)


def test_exit_portal_offers_the_claims_portals_reasons_only(
    alice_client, alice, cp_case, claims_portal, cp_control
):
    assert claim_submit(case=cp_case, acting_user=alice).ok
    page = alice_client.get(f"/cases/{cp_case.reference}/portal/exit/").content.decode()
    assert "Claim too complex for the process" in page and "Withdrawal of the claim" in page
    assert "Incomplete information on the claim notification form" not in page  # the compensator's code 1
    assert "Complex issues of fact or law" not in page  # an OIC reason


def test_an_exit_waits_for_the_compensators_acknowledgement(
    alice_client, alice, cp_case, claims_portal, cp_control
):
    assert claim_submit(case=cp_case, acting_user=alice).ok
    claim = PortalClaim.objects.get(case=cp_case)
    other = _exit(alice_client, cp_case, "10")
    assert "Give the reason when you choose" in other.content.decode()  # "Other" needs the reason
    page = _exit(alice_client, cp_case, "4", "Causation needs expert evidence.").content.decode()
    assert "Exit sent. The claim is now ExitProcessByCR" in page
    assert "Exit requested, waiting for the compensator" in page
    on_portal = cp_control.claim(claim.claim_id)["applicationData"]["exitProcess"]["exitCR"]
    assert (on_portal["exitReasonCode"], on_portal["exitComment"]) == (
        "4",
        "Causation needs expert evidence.",
    )
    cp_control.act(claim.claim_id, "acknowledgeExitProcess")
    alice_client.post(f"/cases/{cp_case.reference}/portal/resync/")
    claim.refresh_from_db()
    assert claim.status == "ExitProcessEnd" and claim.outcome == "exited"
    stage = alice_client.get(f"/cases/{cp_case.reference}/portal/stage/").content.decode()
    assert "You exited the claim" in stage and "Causation needs expert evidence." in stage
    cp_case.refresh_from_db()
    assert cp_case.status == Case.Status.EXITED
    assert cp_case.events.filter(
        summary__startswith="Exit Portal (Claim too complex for the process)"
    ).exists()


def test_the_compensators_exit_becomes_a_task_to_acknowledge(
    alice_client, alice, cp_case, claims_portal, cp_control
):
    assert claim_submit(case=cp_case, acting_user=alice).ok
    claim = PortalClaim.objects.get(case=cp_case)
    cp_control.act(
        claim.claim_id, "exitProcess", exitReasonCode="1", exitComment="The CNF has no injury details."
    )
    alice_client.post(f"/cases/{cp_case.reference}/portal/resync/")
    task = Task.objects.get(case=cp_case, status=Task.Status.OPEN, portal_key__contains=":assignment:")
    assert "The compensator took the claim out of the process" in task.title
    stage = alice_client.get(f"/cases/{cp_case.reference}/portal/stage/").content.decode()
    assert "The compensator exited the claim" in stage and "Incomplete information on the CNF" in stage
    assert "The CNF has no injury details." in stage
    prefix = "exit-acknowledge"
    alice_client.post(
        f"/cases/{cp_case.reference}/portal/stage/",
        {
            f"{prefix}-action": "exit.acknowledge",
            f"{prefix}-expected_status": "ExitProcessByCM",
            f"{prefix}-confirm": "on",
        },
    )
    claim.refresh_from_db()
    task.refresh_from_db()
    assert claim.status == "ExitProcessEnd" and task.status == Task.Status.DONE


def test_reset_from_the_claims_portal_to_the_oic_keeps_the_claims_portal_files(
    alice_client, alice, cp_case, claims_portal, cp_control, oic, sim_control
):
    assert claim_submit(case=cp_case, acting_user=alice).ok
    claim = PortalClaim.objects.get(case=cp_case)
    alice_client.post(f"/cases/{cp_case.reference}/portal/resync/")  # the CNF PDF comes in
    _exit(alice_client, cp_case, "2", "")
    refused = alice_client.post(
        f"/cases/{cp_case.reference}/portal/reset/", {"portal": Portal.OIC}, follow=True
    ).content.decode()
    assert "waits for the compensator to confirm the exit" in refused
    cp_control.act(claim.claim_id, "acknowledgeExitProcess")
    alice_client.post(f"/cases/{cp_case.reference}/portal/resync/")
    page = alice_client.post(f"/cases/{cp_case.reference}/portal/reset/", {"portal": Portal.OIC}, follow=True)
    assert "Portal Reset done: this case is now for the OIC Portal." in page.content.decode()
    cp_case.refresh_from_db()
    assert (cp_case.portal, cp_case.status) == (Portal.OIC, Case.Status.NEW)
    docs = alice_client.get(f"/cases/{cp_case.reference}/portal/docs/").content.decode()
    cnf = PortalDocument.objects.get(claim=claim, category="CNF")
    assert f"Earlier claim · Claims Portal claim {claim.claim_id}" in docs and cnf.file_name in docs
    assert "Send a file" not in docs  # read-only
    assert alice_client.get(f"/cases/{cp_case.reference}/portal/documents/{cnf.pk}/").status_code == 200
    assert claim_submit(case=cp_case, acting_user=alice).ok  # and on to the OIC
    assert PortalClaim.objects.get(case=cp_case, is_active=True).portal == Portal.OIC


def test_reset_from_the_oic_to_the_claims_portal_keeps_the_oic_notes_and_carries_its_reference(
    alice_client, alice, ready_case, oic, sim_control, claims_portal, cp_control
):
    assert claim_submit(case=ready_case, acting_user=alice).ok
    sim_control.advance(minutes=3)
    assert claim_complete(case=ready_case, acting_user=alice).ok
    oic_claim = PortalClaim.objects.get(case=ready_case)
    sim_control.act(
        oic_claim.claim_id, "message", category="General", note="Value above the small claims limit."
    )
    reason = lookup(ValueList.EXIT_REASON, "ValueAboveLimit").pk
    alice_client.post(f"/cases/{ready_case.reference}/portal/exit/", {"reason": reason, "confirm": "on"})
    sim_control.act(oic_claim.claim_id, "acknowledge-withdrawal")
    alice_client.post(f"/cases/{ready_case.reference}/portal/resync/")
    alice_client.post(f"/cases/{ready_case.reference}/portal/reset/", {"portal": Portal.CLAIMS_PORTAL})
    ready_case.refresh_from_db()
    assert ready_case.portal == Portal.CLAIMS_PORTAL
    fill_cp_case_details(ready_case)
    submitted = alice_client.post(
        f"/cases/{ready_case.reference}/portal/submit/",
        {"consent": "on", "statement_of_truth": "on"},
        follow=True,
    ).content.decode()
    assert "submitted: status ClaimSubmitted" in submitted, submitted[:3000]
    cp_claim = PortalClaim.objects.get(case=ready_case, is_active=True)
    cnf = cp_control.claim(cp_claim.claim_id)["claimNotificationForm"]
    assert cnf["claimDetails"]["oicReferenceNumber"] == oic_claim.claim_id
    docs = alice_client.get(f"/cases/{ready_case.reference}/portal/docs/").content.decode()
    assert f"Claims Portal claim {cp_claim.claim_id}" in docs
    assert f"Earlier claim · OIC Portal claim {oic_claim.claim_id}" in docs
    assert "Value above the small claims limit." in docs  # the OIC's notes, still readable
    assert docs.count("Send a note") == 0


def fill_cp_case_details(case):
    """The Claims Portal section and the defendant's name, which an OIC case did not need."""
    details = case.claims_portal
    details.value_band, details.ask_cue_reference = 2, "CUE-777"
    details.liability_reasons = "Rear-end collision."
    details.save()
    defendant = case.defendant_vehicles.first()
    defendant.driver_last_name = "Driver"
    defendant.save()


def test_a_filled_claims_portal_case_passes_the_check(alice):
    from portal.registry import rules_for
    from tests.factories import make_case

    case = fill_cp_case(make_case(fee_earner=alice, portal=Portal.CLAIMS_PORTAL))
    assert rules_for(Portal.CLAIMS_PORTAL).check(case, acting_user=alice) == []


def test_manage_on_portal_opens_the_claims_page_on_the_portal(
    alice_client, alice, cp_case, claims_portal, cp_control
):
    assert claim_submit(case=cp_case, acting_user=alice).ok
    claim = PortalClaim.objects.get(case=cp_case)
    response = alice_client.get(f"/cases/{cp_case.reference}/portal/manage/")
    assert (
        response.status_code == 302
        and response["Location"] == f"{claims_portal.url}/portal/claims/{claim.claim_id}"
    )
    import httpx

    assert claim.claim_id in httpx.get(response["Location"]).text  # the simulated portal's own page


def test_a_claim_already_on_the_portal_is_linked_with_special_edits(
    alice_client, alice, claims_portal, cp_control
):
    """The claim was sent from another case (say, before ClaimDesk): linking gives this case its files."""
    from tests.claims_portal_sim import make_cp_case

    first = make_cp_case(fee_earner=alice, first_name="Lena", last_name="Marsh")
    assert claim_submit(case=first, acting_user=alice).ok
    claim = PortalClaim.objects.get(case=first)
    PortalClaim.objects.filter(pk=claim.pk).update(is_active=False)  # as if it were never linked here
    case = make_cp_case(fee_earner=alice, first_name="Lena", last_name="Marsh")
    number = claim.claim_id
    found = alice_client.post(
        f"/cases/{case.reference}/portal/special-edits/", {"claim_id": number, "process_ind": "1"}
    ).content.decode()
    assert "Lena Marsh" in found
    done = alice_client.post(
        f"/cases/{case.reference}/portal/link/", {"claim_id": number, "process_ind": "1"}, follow=True
    ).content.decode()
    assert f"Linked to claim {claim.claim_id}" in done
    linked = PortalClaim.objects.get(case=case, is_active=True)
    assert linked.claim_id == claim.claim_id and linked.status == "ClaimSubmitted"

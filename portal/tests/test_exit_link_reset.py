"""Exit Portal, linking an existing claim (Special Edits, Process Ind 1), unlinking, and Portal Reset."""

import pytest
from django.utils.html import escape

from cases.models import Case, Portal
from lookups.models import ValueList
from portal.models import PortalClaim
from portal.oic.mapping import scnf
from portal.registry import adapter_for, rules_for
from portal.services.claims import claim_complete, claim_submit
from tests.factories import fill_case, lookup, make_case
from worklist.models import Task


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
    )  # "Other" needs words
    assert alice_client.post(url, {"reason": other, "comment": "Client moving abroad"}).status_code == 400
    claim.refresh_from_db()
    assert claim.status == "Pending-Liability"
    response = alice_client.post(
        url, {"reason": other, "comment": "Client moving abroad", "confirm": "on"}, follow=True
    )
    page = response.content.decode()
    waiting = rules_for("oic").status("Pending-Withdrawal").label
    assert escape(f"Exit sent. The claim is now Pending-Withdrawal: {waiting}.") in page
    assert (
        "Exit requested, waiting for the compensator" in page
        and f"/cases/{ready_case.reference}/portal/exit/" not in page
    )
    claim.refresh_from_db()
    assert claim.status == "Pending-Withdrawal"
    sim_control.act(claim.claim_id, "acknowledge-withdrawal")
    alice_client.post(f"/cases/{ready_case.reference}/portal/resync/")
    ready_case.refresh_from_db()
    assert (ready_case.portal_status, ready_case.status) == ("Resolved-Withdrawn", Case.Status.EXITED)
    assert ready_case.events.filter(summary__startswith="Exit Portal (Other (give the reason))").exists()


def test_the_exit_closes_the_tasks_it_makes_moot_at_once(alice, ready_case, oic, sim_control):
    from portal.services.claims import claim_exit

    claim = _submitted(ready_case, alice, sim_control)
    sim_control.act(claim.claim_id, "liability", decision="denied", justification="Not our driver")
    from portal.services.claims import claim_resync

    claim_resync(case=ready_case, acting_user=alice)
    denial = Task.objects.get(case=ready_case, portal_key__contains=":assignment:")
    assert denial.is_open
    reason = lookup(ValueList.EXIT_REASON, "ComplexIssues")
    assert claim_exit(case=ready_case, reason=reason, comment="", acting_user=alice).ok
    denial.refresh_from_db()
    assert not denial.is_open  # closed by the exit, not left for the next Re-Sync


# -- Special Edits: linking a claim already on the portal ------------------------------------------


def _portal_claim_made_elsewhere(alice, *, last_name="Elsewhere", reference="WEB-123") -> str:
    """A claim the firm made on the portal directly (not from ClaimDesk)."""
    source = fill_case(make_case(fee_earner=alice, first_name="Jane", last_name=last_name))
    form = scnf(source, acting_user=alice) | {"clientReference": reference}
    adapter = adapter_for("oic")
    try:
        return adapter.client.create_claim(form, idempotency_key="").claim_id
    finally:
        adapter.close()


def _look_up(client, case, claim_id, process_ind="1"):
    return client.post(
        f"/cases/{case.reference}/portal/special-edits/",
        {"claim_id": claim_id, "process_ind": process_ind},
        follow=True,
    ).content.decode()


def _link(client, case, claim_id, **extra):
    data = {"claim_id": claim_id, "process_ind": "1", **extra}
    return client.post(f"/cases/{case.reference}/portal/link/", data, follow=True).content.decode()


@pytest.mark.parametrize("process_ind", ["I", "l", "", "0", "11"])
def test_special_edits_refuse_anything_but_process_ind_1(
    alice_client, alice, alice_case, oic, sim_control, process_ind
):
    claim_id = _portal_claim_made_elsewhere(alice)
    page = _look_up(alice_client, alice_case, claim_id, process_ind)
    assert "Process Ind must be 1" in page or "Enter the Claim ID and the Process Ind" in page
    assert not PortalClaim.objects.filter(claim_id=claim_id).exists()


def test_the_claimant_is_confirmed_before_an_existing_claim_is_linked(alice_client, alice, oic, sim_control):
    case = fill_case(make_case(fee_earner=alice, first_name="Jane", last_name="Elsewhere"))
    claim_id = _portal_claim_made_elsewhere(alice)
    page = _look_up(alice_client, case, claim_id)
    assert f"Link claim {claim_id} to this case?" in page
    assert page.count("Matches") == 2 and "Does not match" not in page
    assert "12/04/1985" in page  # the portal's date of birth, beside the case's
    assert not PortalClaim.objects.exists()  # nothing is linked before the fee earner confirms
    linked = _link(alice_client, case, claim_id)
    assert f"Linked to claim {claim_id}" in linked
    claim = PortalClaim.objects.get(claim_id=claim_id)
    assert claim.case == case and claim.linked_by == PortalClaim.LinkedBy.SPECIAL_EDIT
    case.refresh_from_db()
    assert case.portal_status == "Pending-New" and case.status == Case.Status.IN_PORTAL
    assert case.events.filter(summary__contains="claimant matches the client").exists()


def test_a_claimant_who_does_not_match_needs_an_explicit_override_with_a_reason(
    alice_client, alice, alice_case, oic, sim_control
):
    claim_id = _portal_claim_made_elsewhere(alice, last_name="Somebody-Else")
    page = _look_up(alice_client, alice_case, claim_id)
    assert "Does not match" in page and "Jane Somebody-Else" in page
    refused = _link(alice_client, alice_case, claim_id)
    assert "does not match this case" in refused
    assert not PortalClaim.objects.exists()
    _link(alice_client, alice_case, claim_id, override_reason="Client changed her surname on marriage")
    assert PortalClaim.objects.get(claim_id=claim_id).case == alice_case
    event = alice_case.events.get(summary__contains="although the claimant does not match")
    assert "changed her surname on marriage" in event.summary
    assert {"Name", "Date of birth"} <= {row["field"] for row in event.changes}


def test_an_unknown_claim_and_one_linked_to_a_visible_case_are_told_apart(
    alice_client, alice, alice_case, oic, sim_control
):
    missing = _look_up(alice_client, alice_case, "OIC-99999999")
    assert "The portal has no claim OIC-99999999 that can be linked" in missing
    claim_id = _portal_claim_made_elsewhere(alice)
    other_case = fill_case(make_case(fee_earner=alice, first_name="Jane", last_name="Elsewhere"))
    _link(alice_client, other_case, claim_id)
    taken = _look_up(alice_client, alice_case, claim_id)
    assert f"already linked to case {other_case.reference}" in taken  # the user can see that case
    assert PortalClaim.objects.filter(claim_id=claim_id).count() == 1


def test_another_teams_claim_gets_the_same_answer_as_an_unknown_one(
    client, sign_in, alice, charlie, oic, sim_control
):
    held_case = fill_case(make_case(fee_earner=alice, first_name="Jane", last_name="Elsewhere"))
    claim_id = _portal_claim_made_elsewhere(alice)
    _link(sign_in(client, alice), held_case, claim_id)
    intruder_case = fill_case(make_case(fee_earner=charlie, first_name="Jane", last_name="Elsewhere"))
    sign_in(client, charlie)
    unknown = _look_up(client, intruder_case, "OIC-99999999").replace("OIC-99999999", "ID")
    held = _look_up(client, intruder_case, claim_id).replace(claim_id, "ID")
    assert held_case.reference not in held
    assert _message(held) == _message(unknown)
    _link(client, intruder_case, claim_id)
    assert PortalClaim.objects.filter(claim_id=claim_id, is_active=True).get().case == held_case


def test_a_child_claim_of_another_teams_claim_cannot_be_linked_or_read(
    client, sign_in, alice, charlie, oic, sim_control
):
    """The review's case: a medical child claim (…-MED1) of another team's claim."""
    held_case = fill_case(make_case(fee_earner=alice))
    claim = _submitted(held_case, alice, sim_control)
    sim_control.act(claim.claim_id, "liability", decision="admitted")
    child_id = f"{claim.claim_id}-MED1"
    assert any(c["claimID"] == child_id for c in sim_control.claims())
    intruder_case = fill_case(make_case(fee_earner=charlie))
    sign_in(client, charlie)
    unknown = _look_up(client, intruder_case, "OIC-99999999").replace("OIC-99999999", "ID")
    child = _look_up(client, intruder_case, child_id).replace(child_id, "ID")
    assert claim.claim_id not in child and held_case.reference not in child
    assert _message(child) == _message(unknown)
    _link(client, intruder_case, child_id)
    assert not PortalClaim.objects.filter(claim_id=child_id).exists()
    resync = client.post(f"/cases/{intruder_case.reference}/portal/resync/", follow=True).content.decode()
    assert "no claim on the portal" in resync


def test_a_child_claim_is_refused_in_favour_of_its_parent(alice_client, alice, oic, sim_control):
    parent_case = fill_case(make_case(fee_earner=alice))
    claim = _submitted(parent_case, alice, sim_control)
    sim_control.act(claim.claim_id, "liability", decision="admitted")
    PortalClaim.objects.filter(pk=claim.pk).update(is_active=False)  # not held by any case now
    page = _look_up(alice_client, fill_case(make_case(fee_earner=alice)), f"{claim.claim_id}-MED1")
    assert f"Link the main claim, {claim.claim_id}" in page


def _message(page: str) -> str:
    """The last flash message shown to the user."""
    start = page.rindex('class="message message-')
    return page[start : page.index("</", start)]


def test_a_wrong_link_can_be_undone_without_touching_the_portal(alice_client, alice, oic, sim_control):
    case = fill_case(make_case(fee_earner=alice, first_name="Jane", last_name="Elsewhere"))
    claim_id = _portal_claim_made_elsewhere(alice)
    _link(alice_client, case, claim_id)
    sim_control.ok("POST", "/_sim/stats/reset")
    page = alice_client.post(
        f"/cases/{case.reference}/portal/unlink/", {"reason": "Linked to the wrong client"}, follow=True
    ).content.decode()
    assert f"Claim {claim_id} is no longer linked" in page
    assert sim_control.ok("GET", "/_sim/stats")["totalRequests"] == 0  # nothing sent to the portal
    case.refresh_from_db()
    assert (case.status, case.portal_status) == (Case.Status.NEW, "")
    assert (
        case.events.filter(summary__contains="Unlinked claim")
        .filter(summary__contains="wrong client")
        .exists()
    )
    other = fill_case(make_case(fee_earner=alice, first_name="Jane", last_name="Elsewhere"))
    _link(alice_client, other, claim_id)  # the right case can now have it
    assert PortalClaim.objects.get(claim_id=claim_id, is_active=True).case == other


def test_a_submitted_claim_is_not_unlinked(alice_client, alice, ready_case, oic, sim_control):
    _submitted(ready_case, alice, sim_control)
    page = alice_client.post(f"/cases/{ready_case.reference}/portal/unlink/", {"reason": "Oops"}, follow=True)
    assert "left with Exit Portal" in page.content.decode()
    assert PortalClaim.objects.get(case=ready_case).is_active


# -- Portal Reset ------------------------------------------------------------------------------------


def test_portal_reset_switches_an_unsubmitted_case(alice_client, alice_case, oic):
    alice_client.post(f"/cases/{alice_case.reference}/portal/reset/", {"portal": Portal.CLAIMS_PORTAL})
    alice_case.refresh_from_db()
    assert alice_case.portal == Portal.CLAIMS_PORTAL
    assert alice_case.events.filter(summary__startswith="Portal Reset").exists()


def test_portal_reset_waits_for_the_exit_then_keeps_the_old_correspondence(
    alice_client, alice, ready_case, oic, sim_control
):
    claim = _submitted(ready_case, alice, sim_control)
    sim_control.act(claim.claim_id, "message", category="Liability decision", note="We deny liability.")
    alice_client.post(f"/cases/{ready_case.reference}/portal/resync/")
    page = alice_client.post(
        f"/cases/{ready_case.reference}/portal/reset/", {"portal": Portal.CLAIMS_PORTAL}, follow=True
    )
    assert "Exit the current portal first" in page.content.decode()
    reason = lookup(ValueList.EXIT_REASON, "ValueAboveLimit").pk
    alice_client.post(f"/cases/{ready_case.reference}/portal/exit/", {"reason": reason, "confirm": "on"})
    waiting = alice_client.post(
        f"/cases/{ready_case.reference}/portal/reset/", {"portal": Portal.CLAIMS_PORTAL}, follow=True
    )
    assert "waits for the compensator to confirm the exit" in waiting.content.decode()
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
    assert not claim.is_active
    docs = alice_client.get(f"/cases/{ready_case.reference}/portal/docs/").content.decode()
    assert f"Earlier claim · OIC Portal claim {claim.claim_id}" in docs and "We deny liability." in docs
    assert "Send a note" not in docs  # read-only


def test_a_portal_that_cannot_be_used_says_so_before_anyone_tries(alice_client, alice, oic):
    case = fill_case(make_case(fee_earner=alice, portal=Portal.CLAIMS_PORTAL))  # its connection is not set up
    page = alice_client.get(f"/cases/{case.reference}/details/").content.decode()
    assert "The Claims Portal connection is not set up yet" in page
    assert f"/cases/{case.reference}/portal/submit/" not in page  # no button that can only fail
    submit = alice_client.get(f"/cases/{case.reference}/portal/submit/", follow=True).content.decode()
    assert "The Claims Portal connection is not set up yet" in submit

"""Every Claims Portal write is sent exactly once: a lost answer, a slow commit or a 5xx never makes a
second claim, a second step or a second file. Over real HTTP against the Claims Portal simulator."""

import time

from django.core.files.uploadedfile import SimpleUploadedFile

from cases.models import Case
from lookups.models import ValueList
from portal.models import PortalClaim, PortalDocument, PortalOperation
from portal.services.claims import claim_exit, claim_submit
from portal.services.stages import claim_action_perform
from tests.factories import lookup

CLAIMS = "^/api/v1/claims$"


def _claims_for(control, case) -> list[dict]:
    return [c for c in control.claims() if c["applicationReferences"]["crReferenceNumber"] == case.reference]


def _posts(control, route: str) -> dict:
    return control.ok("GET", "/_sim/stats")["routes"].get(route, {})


def _wait_for(condition, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the portal never committed"
        time.sleep(0.2)


def test_a_lost_answer_is_answered_again_under_the_same_key(cp_case, alice, claims_portal, cp_control):
    cp_control.fault_next(method="POST", path=CLAIMS, fault="drop_after_commit", times=1)
    result = claim_submit(case=cp_case, acting_user=alice)
    assert result.ok, result.message
    [on_portal] = _claims_for(cp_control, cp_case)
    assert PortalClaim.objects.get().claim_id == on_portal["applicationId"]
    assert PortalOperation.objects.get().state == PortalOperation.State.DONE


def test_an_unknown_outcome_is_looked_for_before_anything_is_sent_again(
    cp_case, alice, claims_portal, cp_control
):
    cp_control.fault_next(method="POST", path=CLAIMS, fault="drop_after_commit", times=1)
    cp_control.fault_next(method="POST", path=CLAIMS, fault="error", status=503, times=2)  # the retries
    first = claim_submit(case=cp_case, acting_user=alice)
    assert not first.ok and "ClaimDesk will check the portal before sending it again" in first.message
    cp_case.refresh_from_db()
    assert cp_case.status == Case.Status.NEW
    cp_control.ok("POST", "/_sim/stats/reset")
    second = claim_submit(case=cp_case, acting_user=alice)
    assert second.ok and "found on the portal" in second.message
    assert _posts(cp_control, "POST /api/v1/claims") == {}  # found by its CR reference: nothing sent again
    assert len(_claims_for(cp_control, cp_case)) == 1


def test_a_portal_slow_to_commit_never_gets_the_claim_twice(cp_case, alice, claims_portal, cp_control):
    cp_control.fault_next(method="POST", path=CLAIMS, fault="slow_commit", delaySeconds=3, times=1)
    first = claim_submit(case=cp_case, acting_user=alice)  # times out (2 s); its retry: "in progress"
    assert not first.ok and "still processing" in first.message
    _wait_for(lambda: len(_claims_for(cp_control, cp_case)) == 1)
    done = claim_submit(case=cp_case, acting_user=alice)
    assert done.ok, done.message
    assert len(_claims_for(cp_control, cp_case)) == 1
    assert PortalOperation.objects.count() == 1
    assert PortalOperation.objects.get().state == PortalOperation.State.DONE


def test_a_5xx_before_commit_is_repeated_safely_under_the_same_key(cp_case, alice, claims_portal, cp_control):
    cp_control.fault_next(method="POST", path=CLAIMS, fault="error", status=500, times=1)
    assert claim_submit(case=cp_case, acting_user=alice).ok
    assert len(_claims_for(cp_control, cp_case)) == 1


def _admitted(case, user, control) -> PortalClaim:
    assert claim_submit(case=case, acting_user=user).ok
    claim = PortalClaim.objects.get(case=case)
    control.act(claim.claim_id, "acceptClaim")
    control.act(claim.claim_id, "applyArticle75", isArticle75=False)
    control.act(claim.claim_id, "sendLiabilityDecision", liabilityDecision="A")
    return claim


def _perform(case, user, code, values=None):
    claim = PortalClaim.objects.get(case=case, is_active=True)
    return claim_action_perform(
        case=case, action_code=code, values=values or {}, expected_status=claim.status, acting_user=user
    )


def test_stage_actions_whose_answers_were_lost_are_done_once(cp_case, alice, claims_portal, cp_control):
    claim = _admitted(cp_case, alice, cp_control)
    claim_action_perform(  # the page was drawn before the decision
        case=cp_case, action_code="liability.acknowledge", values={}, expected_status="", acting_user=alice
    )
    claim.refresh_from_db()
    assert claim.status == "LiabilityAdmitted"  # the claim moved on, and was read again
    assert _perform(cp_case, alice, "liability.acknowledge").ok
    actions = "^/api/v1/claims/[0-9]+/actions/"
    cp_control.fault_next(method="POST", path=actions + "setInterimPaymentNeeded$", fault="drop_after_commit")
    assert _perform(cp_case, alice, "stage2.start").ok
    cp_control.fault_next(method="POST", path=actions + "addStage2SPFRequest$", fault="drop_after_commit")
    result = _perform(cp_case, alice, "stage2.pack", {"general_damages": 3000, "medical_reports": 1})
    assert result.ok, result.message
    history = [step["action"] for step in cp_control.claim(claim.claim_id)["processHistory"]]
    assert history.count("setInterimPaymentNeeded") == 1 and history.count("addStage2SPFRequest") == 1
    claim.refresh_from_db()
    assert claim.status == "Stage2SettlementPackDecision"


def test_a_stage_action_of_unknown_outcome_is_found_on_the_portal_not_resent(
    cp_case, alice, claims_portal, cp_control
):
    claim = _admitted(cp_case, alice, cp_control)
    claim_action_perform(
        case=cp_case, action_code="liability.acknowledge", values={}, expected_status="", acting_user=alice
    )
    path = "^/api/v1/claims/[0-9]+/actions/acknowledgeLiabilityAdmitted$"
    cp_control.fault_next(method="POST", path=path, fault="drop_after_commit")
    cp_control.fault_next(method="POST", path=path, fault="error", status=503, times=2)  # the retries
    first = _perform(cp_case, alice, "liability.acknowledge")
    assert not first.ok and "ClaimDesk will check the portal before sending it again" in first.message
    cp_control.ok("POST", "/_sim/stats/reset")
    second = _perform(cp_case, alice, "liability.acknowledge")
    assert second.ok, second.message
    assert _posts(cp_control, "POST /api/v1/claims/{applicationId}/actions/{method}") == {}
    claim.refresh_from_db()
    assert claim.status == "StartOfStage21"


def test_an_exit_whose_answer_was_lost_is_sent_once(cp_case, alice, claims_portal, cp_control):
    assert claim_submit(case=cp_case, acting_user=alice).ok
    claim = PortalClaim.objects.get(case=cp_case)
    cp_control.fault_next(method="POST", path="/actions/exitProcess$", fault="drop_after_commit")
    reason = lookup(ValueList.CP_EXIT_REASON, "5")
    assert claim_exit(case=cp_case, reason=reason, comment="", acting_user=alice).ok
    history = [step["action"] for step in cp_control.claim(claim.claim_id)["processHistory"]]
    assert history.count("exitProcess") == 1
    claim.refresh_from_db()
    assert claim.status == "ExitProcessByCR"


def test_a_file_whose_answer_was_lost_is_attached_once(
    alice_client, cp_case, alice, claims_portal, cp_control
):
    assert claim_submit(case=cp_case, acting_user=alice).ok
    claim = PortalClaim.objects.get(case=cp_case)
    cp_control.fault_next(method="POST", path="/attachments$", fault="drop_after_commit")
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    alice_client.post(
        f"/cases/{cp_case.reference}/portal/docs/",
        {
            "file-file": SimpleUploadedFile("estimate.pdf", pdf),
            "file-category": lookup(ValueList.CP_DOCUMENT_CATEGORY, "EvidenceOfLosses").pk,
            "file-memo": "",
        },
    )
    [row] = [c for c in cp_control.claims() if c["applicationId"] == claim.claim_id]
    assert row["attachmentsCount"] == 1
    assert PortalDocument.objects.filter(claim=claim, direction="out").count() == 1

"""Stage 1: acknowledgement, rejection, Article 75, the liability decision and its acknowledgements."""

from simulators.claims_portal.tests.conftest import at_phase, cnf


def _phase(portal, application_id: str) -> str:
    return portal.status(application_id)["phaseCacheId"]


def test_an_insurer_acknowledges_then_decides_on_article_75(portal, control):
    application_id = portal.add()["applicationId"]
    info = control.act(application_id, "acceptClaim", insurerClaimReferenceNumber="AV-778")
    assert (info["phaseCacheId"], info["phaseCacheName"]) == ("Article75Decision", "Article 75 decision")
    assert portal.claim(application_id)["applicationData"]["insurerClaimReferenceNumber"] == "AV-778"
    assert (
        control.act(application_id, "applyArticle75", isArticle75=False)["phaseCacheId"]
        == "LiabilityDecision"
    )


def test_the_mib_goes_straight_to_the_liability_decision(portal, control):
    form = cnf(**{"defendant.insurer": {"organisationId": "COMP009", "insurerType": "M"}})
    application_id = portal.add(form)["applicationId"]
    assert control.act(application_id, "acceptClaim")["phaseCacheId"] == "LiabilityDecision"
    assert portal.claim(application_id)["applicationData"]["isMIB"] is True


def test_admitted_liability_leads_to_stage_2_1(portal, control):
    application_id = at_phase(portal, control, "LiabilityDecision")
    info = control.act(application_id, "sendLiabilityDecision", liabilityDecision="A")
    assert (info["phaseCacheId"], info["phaseCacheName"]) == ("LiabilityAdmitted", "Liability Admitted")
    assert portal.act(application_id, "acknowledgeLiabilityAdmitted")["phaseCacheId"] == "StartOfStage21"
    response = portal.claim(application_id)["insurerResponse"]
    assert (response["liabilityDecision"], response["contributoryNegligencePercentage"]) == ("A", None)


def test_a_child_claim_is_acknowledged_with_the_child_variant(portal, control):
    application_id = at_phase(portal, control, "LiabilityAdmitted", cnf(**{"claimant.childClaim": True}))
    wrong = portal.call(application_id, "acknowledgeLiabilityAdmitted")
    assert (wrong.status_code, wrong.json()["method"]) == (409, "acknowledgeLiabilityAdmittedForChild")
    assert (
        portal.act(application_id, "acknowledgeLiabilityAdmittedForChild")["phaseCacheId"] == "StartOfStage21"
    )


def test_contributory_negligence_needs_a_percentage_and_ends_the_claim(portal, control):
    application_id = at_phase(portal, control, "LiabilityDecision")
    missing = control.post(
        f"/_sim/claims/{application_id}/actions/sendLiabilityDecision", json={"liabilityDecision": "AN"}
    )
    assert missing.status_code == 422
    assert missing.json()["errors"][0]["field"] == "contributoryNegligencePercentage"
    info = control.act(
        application_id, "sendLiabilityDecision", liabilityDecision="AN", contributoryNegligencePercentage=25
    )
    assert info["phaseCacheId"] == "LiabilityAdmittedWithNegligence"
    assert portal.claim(application_id)["insurerResponse"]["contributoryNegligencePercentage"] == 25
    end = portal.act(application_id, "acknowledgeLiabilityAdmittedWithNeg")
    assert end["phaseCacheId"] == "LiabilityAdmittedWithNegligenceEnd"


def test_liability_not_admitted_needs_reasons_and_ends_the_claim(portal, control):
    application_id = at_phase(portal, control, "LiabilityDecision")
    no_reasons = control.post(
        f"/_sim/claims/{application_id}/actions/sendLiabilityDecision", json={"liabilityDecision": "N"}
    )
    assert no_reasons.json()["errors"][0]["code"] == "MustBeProvided"
    control.act(
        application_id, "sendLiabilityDecision", liabilityDecision="N", unadmittedLiabilityReasons="Not us."
    )
    assert (
        portal.act(application_id, "acknowledgeDeniedLiability")["phaseCacheId"] == "LiabilityNotAdmittedEnd"
    )


def test_fraud_stated_ends_the_claim(portal, control):
    application_id = at_phase(portal, control, "LiabilityDecision")
    control.act(application_id, "stateFraud", reasonDescription="Staged accident.")
    assert _phase(portal, application_id) == "FraudStated"
    assert portal.act(application_id, "acknowledgeFraudStated")["phaseCacheId"] == "FraudStatedEnd"


def test_a_rejected_cnf_is_corrected_and_resent(portal, control):
    application_id = portal.add()["applicationId"]
    control.advance(hours=2)
    control.act(application_id, "rejectClaimToCR", rejectionReasonCode="2")
    assert _phase(portal, application_id) == "AcknowledgeRejectedClaim"
    assert (
        portal.claim(application_id)["applicationData"]["rejection"]["reason"]
        == "AskCUE PI reference invalid"
    )
    assert portal.act(application_id, "acknowledgeRejectedClaim")["phaseCacheId"] == "ClaimRejectedToCR"
    corrected = cnf(**{"claimant.askCuePiReference": "CUE-999999"})
    assert (
        portal.act(application_id, "resendRejectedClaim", claim=corrected)["phaseCacheId"] == "ClaimSubmitted"
    )
    claim = portal.claim(application_id)
    assert claim["applicationData"]["sentDate"] == "2025-03-03T11:00:00.000Z"  # the period restarts
    assert claim["claimNotificationForm"]["claimant"]["askCuePiReference"] == "CUE-999999"


def test_a_resent_cnf_is_validated_again(portal, control):
    application_id = portal.add()["applicationId"]
    control.act(application_id, "rejectClaimToCR", rejectionReasonCode="3")
    portal.act(application_id, "acknowledgeRejectedClaim")
    response = portal.call(
        application_id, "resendRejectedClaim", claim=cnf(**{"claimant.askCuePiReference": ...})
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "field": "claimant.askCuePiReference",
            "code": "MustBeProvided",
            "message": "claimant.askCuePiReference is required.",
        }
    ]
    assert portal.act(application_id, "exitRejectedClaim")["phaseCacheId"] == "ExitRejectedClaim"


def test_a_method_the_phase_does_not_allow_is_refused_clearly(portal, control):
    application_id = portal.add()["applicationId"]
    response = portal.call(application_id, "acknowledgeLiabilityAdmitted")
    body = response.json()
    assert (response.status_code, body["error"]) == (409, "invalid_phase")
    assert (body["phaseCacheId"], body["phaseCacheName"]) == ("ClaimSubmitted", "Claim submitted")
    assert body["allowedPhases"] == ["LiabilityAdmitted"]
    refused = control.post(
        f"/_sim/claims/{application_id}/actions/sendLiabilityDecision", json={"liabilityDecision": "A"}
    )
    assert refused.json()["allowedPhases"] == ["Article75Decision", "LiabilityDecision"]
    assert _phase(portal, application_id) == "ClaimSubmitted"


def test_a_stale_guid_is_refused_with_the_current_guid_and_phase(portal, control):
    application_id = at_phase(portal, control, "LiabilityAdmitted")
    old = portal.status(application_id)["activityEngineGuid"]
    new = portal.act(application_id, "acknowledgeLiabilityAdmitted", activityEngineGuid=old)[
        "activityEngineGuid"
    ]
    assert new != old
    again = portal.call(
        application_id, "setInterimPaymentNeeded", activityEngineGuid=old, isInterimPaymentNeeded=False
    )
    body = again.json()
    assert (again.status_code, body["error"]) == (409, "stale_activity_engine_guid")
    assert (body["activityEngineGuid"], body["phaseCacheId"]) == (new, "StartOfStage21")
    assert body["phaseCacheName"] == "Start of stage 2.1"
    assert portal.status(application_id)["activityEngineGuid"] == new  # nothing changed


def test_the_guid_is_required_and_checked_by_the_control_api_when_given(portal, control):
    application_id = portal.add()["applicationId"]
    missing = portal.post(
        f"/api/v1/claims/{application_id}/actions/exitProcess", json={"exitReasonCode": "5"}
    )
    assert (missing.status_code, missing.json()["errors"][0]["field"]) == (422, "activityEngineGuid")
    stale = control.post(
        f"/_sim/claims/{application_id}/actions/acceptClaim", json={"activityEngineGuid": "0" * 8}
    )
    assert (stale.status_code, stale.json()["error"]) == (409, "stale_activity_engine_guid")


def test_unknown_methods_are_404_on_both_sides(portal, control):
    application_id = portal.add()["applicationId"]
    assert (
        portal.call(application_id, "acceptClaim").json()["error"] == "unknown_method"
    )  # a compensator method
    assert control.post(f"/_sim/claims/{application_id}/actions/addClaim", json={}).status_code == 404


def test_every_claim_view_carries_the_phase_code_and_name(portal, control):
    application_id = at_phase(portal, control, "StartOfStage21")
    claim = portal.claim(application_id)
    listed = portal.get("/api/v1/claims", params={"applicationId": application_id}).json()["claims"][0]
    worklist = portal.get("/api/v1/claims/worklist").json()["claims"][0]
    for view in (claim["claimInfo"], listed, worklist, portal.status(application_id)):
        assert (view["phaseCacheId"], view["phaseCacheName"]) == ("StartOfStage21", "Start of stage 2.1")
    assert [step["action"] for step in claim["processHistory"]] == [
        "addClaim",
        "acceptClaim",
        "applyArticle75",
        "sendLiabilityDecision",
        "acknowledgeLiabilityAdmitted",
    ]


def test_the_worklist_holds_the_claims_waiting_for_the_representative(portal, control):
    waiting = at_phase(portal, control, "LiabilityAdmitted")
    portal.add()  # with the compensator
    assert [item["applicationId"] for item in portal.get("/api/v1/claims/worklist").json()["claims"]] == [
        waiting
    ]


def test_search_filters_and_sorts(portal, control):
    first = portal.add()["applicationId"]
    control.advance(hours=1)
    second = portal.add()["applicationId"]
    control.act(first, "acceptClaim")
    by_phase = portal.get("/api/v1/claims", params={"phaseCacheId": "Article75Decision"}).json()["claims"]
    by_reference = portal.get("/api/v1/claims", params={"crReferenceNumber": "DLL-0002"}).json()["claims"]
    newest_first = portal.get("/api/v1/claims", params={"sortField": "StartDate", "sortOrder": "Desc"}).json()
    unpadded = portal.get("/api/v1/claims", params={"applicationId": str(int(second))}).json()["claims"]
    assert [item["applicationId"] for item in by_phase] == [first]
    assert [item["applicationId"] for item in by_reference] == [second]
    assert [item["applicationId"] for item in newest_first["claims"]] == [second, first]
    assert [item["applicationId"] for item in unpadded] == [second]
    assert portal.get("/api/v1/claims", params={"sortField": "Colour"}).status_code == 400

"""Exits: reason codes per side, acknowledgement by the other side, and what cannot exit."""

from simulators.claims_portal.tests.conftest import at_phase


def _phase(portal, application_id: str) -> str:
    return portal.status(application_id)["phaseCacheId"]


def test_the_representative_exits_and_the_compensator_acknowledges(portal, control):
    application_id = at_phase(portal, control, "StartOfStage21")
    info = portal.act(application_id, "exitProcess", exitReasonCode="4", exitComment="Too complex.")
    assert info["phaseCacheId"] == "ExitProcessByCR"
    exit_cr = portal.claim(application_id)["applicationData"]["exitProcess"]["exitCR"]
    assert (exit_cr["exitReasonCode"], exit_cr["exitReason"]) == ("4", "Claim too complex for the process")
    assert control.act(application_id, "acknowledgeExitProcess")["phaseCacheId"] == "ExitProcessEnd"


def test_the_compensator_acknowledges_by_itself_after_5_business_days(portal, control):
    application_id = at_phase(portal, control, "LiabilityAdmitted")
    portal.act(application_id, "exitProcess", exitReasonCode="5")
    control.advance(businessDays=4)
    assert _phase(portal, application_id) == "ExitProcessByCR"
    control.advance(businessDays=1)
    assert _phase(portal, application_id) == "ExitProcessEnd"


def test_each_side_has_its_own_reason_codes(portal, control):
    application_id = at_phase(portal, control, "LiabilityDecision")
    compensator_code = portal.call(application_id, "exitProcess", exitReasonCode="1")
    assert (compensator_code.status_code, compensator_code.json()["errors"][0]["code"]) == (422, "WrongValue")
    representative_code = control.post(
        f"/_sim/claims/{application_id}/actions/exitProcess", json={"exitReasonCode": "4"}
    )
    assert representative_code.status_code == 422
    assert control.act(application_id, "exitProcess", exitReasonCode="1")["phaseCacheId"] == "ExitProcessByCM"


def test_reason_1_is_only_possible_before_the_liability_decision(portal, control):
    application_id = at_phase(portal, control, "StartOfStage21")
    late = control.post(f"/_sim/claims/{application_id}/actions/exitProcess", json={"exitReasonCode": "1"})
    assert late.json()["errors"][0] == {
        "field": "exitReasonCode",
        "code": "WrongValue",
        "message": "Reason 1 (incomplete CNF) is only possible before the decision.",
    }


def test_the_representative_acknowledges_the_compensators_exit(portal, control):
    application_id = at_phase(portal, control, "Stage2SettlementPackDecision")
    control.act(application_id, "exitProcess", exitReasonCode="6", exitComment="Duplicate of another claim.")
    assert _phase(portal, application_id) == "ExitProcessByCM"
    notice = portal.notifications()[-1]["notificationMessage"]
    assert (
        notice
        == f"Claim {application_id}: the compensator exited the claim from the process: Duplicated claim"
    )
    assert portal.act(application_id, "acknowledgeExitProcess")["phaseCacheId"] == "ExitProcessEnd"


def test_an_ended_claim_cannot_exit(portal, control):
    application_id = at_phase(portal, control, "LiabilityDecision")
    control.act(
        application_id, "sendLiabilityDecision", liabilityDecision="N", unadmittedLiabilityReasons="No."
    )
    portal.act(application_id, "acknowledgeDeniedLiability")
    response = portal.call(application_id, "exitProcess", exitReasonCode="5")
    assert (response.status_code, response.json()["error"]) == (409, "invalid_phase")

"""The scripted compensator: rules that answer claims by themselves as they reach a phase."""

from simulators.claims_portal.tests.conftest import S2SP, at_phase


def _phase(portal, application_id: str) -> str:
    return portal.status(application_id)["phaseCacheId"]


def test_the_demo_script_takes_a_claim_to_a_settlement(portal, control):
    assert len(control.ok("PUT", "/_sim/scenario", json={"rules": "demo"})["rules"]) == 6
    application_id = portal.add()["applicationId"]
    control.advance(businessDays=1)  # acknowledged, Article 75 not applied at once
    assert _phase(portal, application_id) == "LiabilityDecision"
    control.advance(businessDays=2)
    assert _phase(portal, application_id) == "LiabilityAdmitted"
    portal.act(application_id, "acknowledgeLiabilityAdmitted")
    portal.act(application_id, "setInterimPaymentNeeded", isInterimPaymentNeeded=False)
    portal.act(application_id, "addStage2SPFRequest", **S2SP)
    control.advance(businessDays=5)
    assert _phase(portal, application_id) == "Stage2SettlementPackCounterOfferDecision"
    portal.act(application_id, "addStage2SPFCounterOfferByCR", grossAmount=2600)
    control.advance(businessDays=2)
    assert _phase(portal, application_id) == "Stage2SettlementPackAgreedEnd"
    assert portal.claim(application_id)["stage2SettlementPack"]["agreedAmount"] == 2600


def test_a_step_is_skipped_when_the_claim_has_moved_on(portal, control):
    rule = {"phase": "LiabilityDecision", "method": "sendLiabilityDecision", "afterBusinessDays": 2}
    control.ok("PUT", "/_sim/scenario", json={"rules": [{**rule, "body": {"liabilityDecision": "A"}}]})
    application_id = at_phase(portal, control, "LiabilityDecision")
    control.act(
        application_id, "sendLiabilityDecision", liabilityDecision="N", unadmittedLiabilityReasons="No."
    )
    control.advance(businessDays=2)
    assert _phase(portal, application_id) == "LiabilityNotAdmitted"


def test_a_step_the_method_refuses_is_logged(portal, control):
    rule = {
        "phase": "LiabilityDecision",
        "method": "sendLiabilityDecision",
        "body": {"liabilityDecision": "AN"},
    }
    control.ok("PUT", "/_sim/scenario", json={"rules": [rule]})
    application_id = at_phase(portal, control, "LiabilityDecision")
    control.advance(minutes=1)
    history = portal.claim(application_id)["processHistory"]
    assert history[-1]["action"] == "scenario sendLiabilityDecision skipped"
    assert history[-1]["errors"][0]["field"] == "contributoryNegligencePercentage"
    assert _phase(portal, application_id) == "LiabilityDecision"


def test_rules_are_validated_and_cleared_by_a_reset(control):
    bad = control.put("/_sim/scenario", json={"rules": [{"phase": "StartOfStage21", "method": "fly"}]})
    assert {error["field"] for error in bad.json()["errors"]} == {"rules[0].phase", "rules[0].method"}
    control.ok("PUT", "/_sim/scenario", json={"rules": "demo"})
    control.ok("POST", "/_sim/reset", json={})
    assert control.ok("GET", "/_sim/scenario") == {"rules": []}

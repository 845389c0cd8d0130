"""Stage 2: the settlement pack, confirmation, repudiation, counter-offers, agreement and periods."""

from simulators.claims_portal.tests.conftest import S2SP, at_phase


def _phase(portal, application_id: str) -> str:
    return portal.status(application_id)["phaseCacheId"]


def _stage2(portal, application_id: str) -> dict:
    return portal.claim(application_id)["stage2SettlementPack"]


def _timeout_day(portal, application_id: str) -> str:
    return portal.claim(application_id)["timeouts"]["currentTimeout"]["selectedTimeOut"]


def test_the_settlement_pack_is_validated(portal, control):
    application_id = at_phase(portal, control, "Stage2SettlementPackForm")
    pack = {
        **S2SP,
        "losses": [{"lossType": 99, "grossValueClaimed": 0}],
        "medCoCaseId": None,
        "excepCircumstancesUpliftPerc": 10,
    }
    response = portal.call(application_id, "addStage2SPFRequest", **pack)
    assert {(error["field"], error["code"]) for error in response.json()["errors"]} == {
        ("losses[0].lossType", "WrongValue"),
        ("losses[0].grossValueClaimed", "GreaterThanZero"),
        ("medCoCaseId", "OtherMustBeProvided"),
        ("excepCircumstancesUpliftPerc", "MustNotBeProvided"),
    }
    uplift = portal.call(application_id, "addStage2SPFRequest", **{**S2SP, "excepCircumstancesUplift": True})
    assert uplift.json()["errors"][0] == {
        "field": "excepCircumstancesUpliftPerc",
        "code": "MustBeProvided",
        "message": "excepCircumstancesUpliftPerc is required.",
    }


def test_a_confirmed_pack_settles_at_the_amount_claimed(portal, control):
    application_id = at_phase(portal, control, "Stage2SettlementPackDecision")
    control.act(application_id, "addStage2SPFResponse", settlementPackDecision="C")
    assert _phase(portal, application_id) == "Stage2SettlementPackConfirmation"
    end = portal.act(application_id, "acknowledgeStage2SPFConfirmation")
    assert end["phaseCacheId"] == "Stage2SettlementPackConfirmationEnd"
    assert _stage2(portal, application_id)["agreedAmount"] == 3250


def test_a_repudiated_pack_ends_the_claim(portal, control):
    application_id = at_phase(portal, control, "Stage2SettlementPackDecision")
    no_reason = control.post(
        f"/_sim/claims/{application_id}/actions/addStage2SPFResponse", json={"settlementPackDecision": "R"}
    )
    assert no_reason.json()["errors"][0]["field"] == "comments"
    control.act(
        application_id, "addStage2SPFResponse", settlementPackDecision="R", comments="Injury not caused."
    )
    end = portal.act(application_id, "acknowledgeStage2SPFRepudiation")
    assert end["phaseCacheId"] == "Stage2SettlementPackRepudiationEnd"


def test_a_counter_offer_extends_the_period_to_35_days(portal, control):
    application_id = at_phase(portal, control, "Stage2SettlementPackDecision")
    assert _timeout_day(portal, application_id) == "2025-03-25"
    control.act(application_id, "addStage2SPFResponse", settlementPackDecision="CO", grossAmount=2500)
    assert _phase(portal, application_id) == "Stage2SettlementPackCounterOfferDecision"
    assert _timeout_day(portal, application_id) == "2025-04-24"  # 35 business days, Easter skipped


def test_counter_offers_go_back_and_forth_until_the_compensator_agrees(portal, control):
    application_id = at_phase(portal, control, "Stage2SettlementPackCRCounterOfferDecision")
    control.act(application_id, "addStage2SPFCounterOfferByCM", grossAmount=2700, comments="Final thoughts")
    assert _phase(portal, application_id) == "Stage2SettlementPackCounterOfferDecision"
    portal.act(application_id, "addStage2SPFCounterOfferByCR", grossAmount=2800)
    info = control.act(application_id, "acknowledgeStage2SPFAgreed")
    assert (info["phaseCacheId"], info["phaseCacheName"]) == (
        "Stage2SettlementPackAgreedEnd",
        "Stage 2 Settlement Pack agreed: settled",
    )
    stage2 = _stage2(portal, application_id)
    assert stage2["agreedAmount"] == 2800
    assert [(offer["by"], offer["grossAmount"]) for offer in stage2["offers"]] == [
        ("COMP", 2500),
        ("CR", 2900),
        ("COMP", 2700),
        ("CR", 2800),
    ]


def test_the_representative_agrees_the_compensators_offer(portal, control):
    application_id = at_phase(portal, control, "Stage2SettlementPackCounterOfferDecision")
    end = portal.act(application_id, "setStage2SPFAgreementDecision", isAgreed=True)
    assert end["phaseCacheId"] == "Stage2SettlementPackAgreedEnd"
    assert _stage2(portal, application_id)["agreedAmount"] == 2500


def test_no_new_counter_offer_then_disagreement_goes_to_stage_3(portal, control):
    application_id = at_phase(portal, control, "Stage2SettlementPackCounterOfferDecision")
    needed = portal.call(application_id, "setStage2SPFCounterOfferNeeded", isCounterOfferNeeded=True)
    assert needed.json()["errors"][0]["code"] == "WrongValue"
    info = portal.act(application_id, "setStage2SPFCounterOfferNeeded", isCounterOfferNeeded=False)
    assert (info["phaseCacheId"], info["phaseCacheName"]) == (
        "Stage2SettlementPackAgreementDecision",
        "Stage 2 Settlement Pack agreement decision",
    )
    end = portal.act(application_id, "setStage2SPFAgreementDecision", isAgreed=False)
    assert end["phaseCacheId"] == "Stage2SettlementPackNotAgreedEnd"


def test_an_offer_in_the_last_5_days_extends_the_period_once(portal, control):
    application_id = at_phase(portal, control, "Stage2SettlementPackCounterOfferDecision")
    control.set_clock("2025-04-17T09:00:00Z")  # 3 business days left (Easter falls in between)
    portal.act(application_id, "addStage2SPFCounterOfferByCR", grossAmount=2900)
    assert _timeout_day(portal, application_id) == "2025-05-01"  # 5 more business days
    assert _stage2(portal, application_id)["lateExtensionUsed"] is True
    refused = control.post(
        f"/_sim/claims/{application_id}/actions/addStage2SPFCounterOfferByCM", json={"grossAmount": 2700}
    )
    assert (refused.status_code, refused.json()["error"]) == (409, "counter_offer_not_allowed")
    assert (
        control.act(application_id, "acknowledgeStage2SPFAgreed")["phaseCacheId"]
        == "Stage2SettlementPackAgreedEnd"
    )


def test_an_early_offer_does_not_extend_the_period(portal, control):
    application_id = at_phase(portal, control, "Stage2SettlementPackCRCounterOfferDecision")
    assert _timeout_day(portal, application_id) == "2025-04-24"
    control.act(application_id, "addStage2SPFCounterOfferByCM", grossAmount=2700)
    assert _stage2(portal, application_id)["lateExtensionUsed"] is False


def test_either_side_can_extend_the_period_to_an_agreed_date(portal, control):
    application_id = at_phase(portal, control, "Stage2SettlementPackCounterOfferDecision")
    early = portal.call(
        application_id,
        "extendStage2SPFCounterOfferTimeout",
        newTimeOut="2025-04-20",
        reasonForExtension="Agreed",
    )
    assert early.json()["errors"][0]["code"] == "AfterCurrentTimeoutDate"
    portal.act(
        application_id,
        "extendStage2SPFCounterOfferTimeout",
        newTimeOut="2025-05-02",
        reasonForExtension="Agreed",
    )
    claim = portal.claim(application_id)
    assert claim["timeouts"]["currentTimeout"]["selectedTimeOut"] == "2025-05-02"
    assert claim["timeouts"]["lastExtendedTime"] == {
        "newTimeOutDate": "2025-05-02",
        "reasonForExtension": "Agreed",
    }
    control.act(
        application_id, "extendStage2SPFDecisionTimeout", newTimeOut="2025-05-09", reasonForExtension="More"
    )
    assert _timeout_day(portal, application_id) == "2025-05-09"
    control.set_clock("2025-05-08T22:59:59Z")
    assert _phase(portal, application_id) == "Stage2SettlementPackCounterOfferDecision"
    control.advance(seconds=1)
    assert _phase(portal, application_id) == "Stage2SettlementPackDecisionTimeout"


def test_stage_1_costs_payment_is_recorded_without_a_phase_change(portal, control):
    application_id = at_phase(portal, control, "StartOfStage21")
    before = portal.status(application_id)
    after = portal.act(application_id, "setStage1Payment", isStage1Paid=True)
    assert after["phaseCacheId"] == before["phaseCacheId"]
    assert after["activityEngineGuid"] != before["activityEngineGuid"]
    assert portal.claim(application_id)["applicationData"]["stage1Paid"] is True

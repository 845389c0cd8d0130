"""Stage 2.1: interim settlement packs, the compensator's decisions, payment and timeouts."""

from simulators.claims_portal.tests.conftest import ISP, at_phase


def _phase(portal, application_id: str) -> str:
    return portal.status(application_id)["phaseCacheId"]


def test_an_interim_request_must_be_at_least_1000(portal, control):
    application_id = at_phase(portal, control, "InterimSettlementPackForm")
    response = portal.call(application_id, "addInterimSPFRequest", **{**ISP, "interimPaymentAmount": 999})
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "field": "interimPaymentAmount",
            "code": "LessThan1000",
            "message": "An interim payment request must be at least £1,000.",
        }
    ]


def test_paid_in_full_then_received_returns_to_the_start_of_stage_2_1(portal, control):
    application_id = at_phase(portal, control, "InterimPaymentDecision")
    info = control.act(application_id, "addInterimSPFResponse", paymentDecision="Full")
    assert (info["phaseCacheId"], info["phaseCacheName"]) == (
        "WaitingForInterimPayment",
        "Waiting for Interim Payment",
    )
    assert (
        portal.act(application_id, "setStage21Payment", isStage21Paid=True)["phaseCacheId"]
        == "StartOfStage21"
    )
    pack = portal.claim(application_id)["interimSettlementPackList"][0]
    assert (pack["response"]["amountOffered"], pack["paid"], pack["paymentType"]) == (
        1500,
        True,
        "HighPayment",
    )
    assert portal.act(application_id, "setInterimPaymentNeeded", isInterimPaymentNeeded=True)  # repeatable


def test_a_partial_offer_is_accepted_or_declined(portal, control):
    accepted = at_phase(portal, control, "InterimPaymentDecision")
    control.act(accepted, "addInterimSPFResponse", paymentDecision="Partial", amountOffered=1200)
    assert _phase(portal, accepted) == "AcceptanceOfPartialInterimPayment"
    assert (
        portal.act(accepted, "acceptPartialInterimPayment", isAccepted=True)["phaseCacheId"]
        == "WaitingForInterimPayment"
    )
    declined = at_phase(portal, control, "InterimPaymentDecision")
    too_much = control.post(
        f"/_sim/claims/{declined}/actions/addInterimSPFResponse",
        json={"paymentDecision": "Partial", "amountOffered": 1500},
    )
    assert too_much.json()["errors"][0]["code"] == "WrongValue"
    control.act(declined, "addInterimSPFResponse", paymentDecision="Partial", amountOffered=1000)
    assert (
        portal.act(declined, "acceptPartialInterimPayment", isAccepted=False)["phaseCacheId"]
        == "StartOfStage21"
    )


def test_a_rejected_pack_goes_on_to_stage_2_or_back_to_stage_2_1(portal, control):
    onward = at_phase(portal, control, "InterimPaymentDecision")
    control.act(onward, "rejectInterimSettlementPack", rejectionComment="Not justified yet.")
    assert _phase(portal, onward) == "InterimSettlementPackRejected"
    ack = portal.act(onward, "acknowledgeRejectedInterimSettlementPack")
    assert ack["phaseCacheId"] == "Stage2SettlementPackForm"
    back = at_phase(portal, control, "InterimPaymentDecision")
    control.act(back, "rejectInterimSettlementPack", rejectionComment="No.")
    assert portal.act(back, "returnToStartOfStage21")["phaseCacheId"] == "StartOfStage21"


def test_a_1000_request_times_out_after_10_business_days(portal, control):
    application_id = at_phase(portal, control, "InterimSettlementPackForm")
    portal.act(application_id, "addInterimSPFRequest", **{**ISP, "interimPaymentAmount": 1000})
    timeout = portal.claim(application_id)["timeouts"]["currentTimeout"]
    assert (timeout["selectedTimeOut"], timeout["timeOutType"]) == ("2025-03-18", "InterimPaymentTimeout")
    control.set_clock("2025-03-18T00:00:00Z")
    assert _phase(portal, application_id) == "InterimPaymentDecisionTimeout"
    messages = [item["notificationMessage"] for item in portal.notifications()]
    assert f"Stage 2.1 Interim Payment needed for claim {application_id}: time limit reached" in messages
    assert portal.act(application_id, "acknowledgeInterimPaymentDecisionTimeout")["phaseCacheId"] == (
        "Stage2SettlementPackForm"
    )


def test_a_higher_request_has_15_days_extendable_once_to_30(portal, control):
    application_id = at_phase(portal, control, "InterimPaymentDecision")
    assert portal.claim(application_id)["timeouts"]["currentTimeout"]["selectedTimeOut"] == "2025-03-25"
    control.act(application_id, "extendInterimPaymentDecisionTimeout")
    claim = portal.claim(application_id)
    assert claim["timeouts"]["currentTimeout"]["selectedTimeOut"] == "2025-04-15"
    assert claim["applicationData"]["interimPaymentTimeoutExtended"] is True
    again = control.post(
        f"/_sim/claims/{application_id}/actions/extendInterimPaymentDecisionTimeout", json={}
    )
    assert (again.status_code, again.json()["error"]) == (409, "extension_not_allowed")


def test_a_1000_request_cannot_be_extended(portal, control):
    application_id = at_phase(portal, control, "InterimSettlementPackForm")
    portal.act(application_id, "addInterimSPFRequest", **{**ISP, "interimPaymentAmount": 1000})
    refused = control.post(
        f"/_sim/claims/{application_id}/actions/extendInterimPaymentDecisionTimeout", json={}
    )
    assert refused.status_code == 409

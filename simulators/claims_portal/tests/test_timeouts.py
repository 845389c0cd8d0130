"""Protocol timeouts on the simulated clock: business days, bank holidays, warnings, what happens next."""

from simulators.claims_portal.tests.conftest import at_phase, cnf

MIB = {"defendant.insurer": {"organisationId": "COMP009", "insurerType": "M"}}


def _phase(portal, application_id: str) -> str:
    return portal.status(application_id)["phaseCacheId"]


def _timeout(portal, application_id: str) -> dict:
    return portal.claim(application_id)["timeouts"]["currentTimeout"]


def test_the_insurer_has_15_business_days_then_the_claim_times_out(portal, control):
    application_id = portal.add()["applicationId"]  # Monday 3 March 2025, 09:00
    assert _timeout(portal, application_id) == {
        "selectedTimeOut": "2025-03-25",  # the day after the 15th business day (Monday 24 March)
        "timeOutDateTime": "2025-03-25T00:00:00.000Z",
        "timeOutType": "LiabilityDecisionTimeout",
    }
    control.set_clock("2025-03-24T23:59:59Z")
    assert _phase(portal, application_id) == "Article75Decision"  # acknowledged automatically after a day
    control.advance(seconds=1)
    info = portal.status(application_id)
    assert (info["phaseCacheId"], info["phaseCacheName"]) == (
        "LiabilityDecisionTimeout",
        "Liability Decision Timeout",
    )
    assert _timeout(portal, application_id) is None
    late = control.post(
        f"/_sim/claims/{application_id}/actions/sendLiabilityDecision", json={"liabilityDecision": "A"}
    )
    assert late.json()["error"] == "invalid_phase"
    end = portal.act(application_id, "acknowledgeLiabilityDecisionTimeout")
    assert end["phaseCacheId"] == "LiabilityDecisionTimeoutEnd"


def test_the_mib_has_30_business_days(portal, control):
    application_id = portal.add(cnf(**MIB))["applicationId"]
    assert _timeout(portal, application_id)["selectedTimeOut"] == "2025-04-15"
    control.set_clock("2025-04-14T22:59:59Z")  # BST from 30 March: midnight in London is 23:00 UTC
    assert _phase(portal, application_id) == "LiabilityDecision"
    control.advance(seconds=1)
    assert _phase(portal, application_id) == "LiabilityDecisionTimeout"


def test_applying_article_75_gives_30_business_days_from_the_cnf(portal, control):
    application_id = at_phase(portal, control, "Article75Decision")
    control.advance(businessDays=3)
    control.act(application_id, "applyArticle75", isArticle75=True)
    claim = portal.claim(application_id)
    assert claim["applicationData"]["article75"] is True
    assert claim["timeouts"]["currentTimeout"]["selectedTimeOut"] == "2025-04-15"
    precalculated = claim["timeouts"]["preCalculatedTimeouts"]["cnf"]
    assert precalculated == {
        "insurer": {"liabilityDecisionTimeout": "2025-03-25"},
        "mibOrArt75": {"liabilityDecisionTimeout": "2025-04-15"},
    }


def test_bank_holidays_do_not_count(portal, control):
    control.set_clock("2025-04-14T08:00:00Z")  # Monday before Easter; May Day follows
    application_id = portal.add()["applicationId"]
    # Good Friday, Easter Monday and the early May bank holiday push the 15th day to Thursday 8 May.
    assert _timeout(portal, application_id)["selectedTimeOut"] == "2025-05-09"
    control.set_clock("2025-05-08T22:59:59Z")
    assert _phase(portal, application_id) == "Article75Decision"
    control.advance(seconds=1)
    assert _phase(portal, application_id) == "LiabilityDecisionTimeout"


def test_warnings_come_5_and_3_days_before_and_at_the_limit(portal, control):
    application_id = portal.add()["applicationId"]
    control.set_clock("2025-04-01T00:00:00Z")
    warnings = [
        (item["notificationDateTime"], item["notificationMessage"])
        for item in portal.notifications()
        if "Liability decision" in item["notificationMessage"]
    ]
    assert warnings == [
        ("2025-03-18T00:00:00.000Z", f"Liability decision for claim {application_id}: 5 days left"),
        ("2025-03-20T00:00:00.000Z", f"Liability decision for claim {application_id}: 3 days left"),
        ("2025-03-25T00:00:00.000Z", f"Liability decision for claim {application_id}: time limit reached"),
    ]


def test_no_warning_once_the_decision_is_made(portal, control):
    application_id = at_phase(portal, control, "LiabilityAdmitted")
    control.set_clock("2025-04-01T00:00:00Z")
    assert not [item for item in portal.notifications() if "days left" in item["notificationMessage"]]
    assert _phase(portal, application_id) == "LiabilityAdmitted"


def test_events_are_stamped_at_their_own_time_after_a_long_jump(portal, control):
    application_id = portal.add()["applicationId"]
    control.advance(days=120)
    history = portal.claim(application_id)["processHistory"]
    assert [(step["action"], step["at"]) for step in history[1:]] == [
        ("acceptClaim", "2025-03-04T09:00:00.000Z"),
        ("timeout", "2025-03-25T00:00:00.000Z"),
    ]


def test_automatic_acknowledgement_can_be_switched_off(portal, control):
    control.ok("PUT", "/_sim/config", json={"autoAcknowledgeBusinessDays": 0})
    application_id = portal.add()["applicationId"]
    control.advance(businessDays=5)
    assert _phase(portal, application_id) == "ClaimSubmitted"


def test_the_stage_2_decision_times_out_after_15_business_days(portal, control):
    application_id = at_phase(portal, control, "Stage2SettlementPackDecision")
    assert _timeout(portal, application_id)["timeOutType"] == "Stage2DecisionOrCounterOfferTimeout"
    control.advance(businessDays=15)
    messages = [item["notificationMessage"] for item in portal.notifications()]
    assert f"Stage 2 Settlement Pack response needed for claim {application_id}: 3 days left" in messages
    assert _phase(portal, application_id) == "Stage2SettlementPackDecision"
    control.advance(days=1)
    assert _phase(portal, application_id) == "Stage2SettlementPackDecisionTimeout"
    end = portal.act(application_id, "acknowledgeStage2SPFDecisionTimeout")
    assert (end["phaseCacheId"], end["phaseCacheName"]) == (
        "Stage2SettlementPackDecisionTimeoutEnd",
        "Stage 2 Settlement Pack Decision Timeout End",
    )


def test_periods_are_configurable(portal, control):
    control.ok("PUT", "/_sim/config", json={"liabilityBusinessDays": 2})
    application_id = portal.add()["applicationId"]
    assert _timeout(portal, application_id)["selectedTimeOut"] == "2025-03-06"
    bad = control.put("/_sim/config", json={"liabilityBusinessDays": 0, "nonsense": 1})
    assert (bad.status_code, len(bad.json()["problems"])) == (422, 2)

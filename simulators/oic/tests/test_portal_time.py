"""Time-based portal behaviour: support-centre assignment, deemed admission, acknowledgements."""

from simulators.oic.tests.conftest import at_status, scnf, submitted

UNKNOWN_INSURER = {"insurer.name": "Acme Mutual of Nowhere"}


def _notifications(portal) -> list[dict]:
    return portal.get("/api/v1/notifications", params={"dateFrom": "2020-01-01", "pageSize": 500}).json()[
        "notifications"
    ]


def test_the_support_centre_assigns_a_compensator_after_a_business_day_without_notifying(portal, control):
    claim_id = submitted(portal, control, scnf(**UNKNOWN_INSURER))["claimID"]
    before = _notifications(portal)
    messages_before = portal.get(f"/api/v1/claims/{claim_id}/messages").json()["results"]

    control.advance(businessDays=1)
    claim = portal.claim(claim_id)

    assert claim["claimStatus"] == "Pending-Liability"
    assert claim["compensatorOrgName"] == "Acme Mutual of Nowhere"
    assert (
        claim["liabilityDeadlineDateTime"] == "2025-04-15T08:02:00.000Z"
    )  # 30 business days from the assignment
    new = [n for n in _notifications(portal) if n not in before and n["notificationType"] != "NewDocument"]
    assert new == []
    assert portal.get(f"/api/v1/claims/{claim_id}/messages").json()["results"] == messages_before


def test_the_support_centre_can_be_driven_by_the_control_api_only(portal, control):
    control.ok("PUT", "/_sim/config", json={"pscAssignmentBusinessDays": 0})
    claim_id = submitted(portal, control, scnf(**UNKNOWN_INSURER))["claimID"]
    control.advance(businessDays=10)
    assert portal.claim(claim_id)["claimStatus"] == "Pending-CompensatorAssignment"
    count = len(_notifications(portal))
    claim = control.act(
        claim_id, "assign-compensator", compensatorOrgName="Motor Insurers' Bureau", isMIB=True
    )
    assert claim["claimStatus"] == "Pending-Liability"
    assert claim["isCompensatorMIB"] is True
    assert len(_notifications(portal)) == count


def test_liability_is_deemed_admitted_after_thirty_business_days(portal, control):
    claim_id = submitted(portal, control)["claimID"]
    control.advance(businessDays=29)
    assert portal.claim(claim_id)["claimStatus"] == "Pending-Liability"
    control.advance(businessDays=1)
    claim = portal.claim(claim_id)
    assert claim["claimStatus"] == "Pending-Medical"
    message_id = portal.get(f"/api/v1/claims/{claim_id}/messages").json()["results"][-1]["id"]
    message = portal.get(f"/api/v1/messages/{message_id}").json()
    assert message["author"] == "Official Injury Claim"
    assert message["messageInfo"]["category"] == "Liability decision"
    assert "admitted in full" in message["note"]


def test_the_mib_has_forty_business_days(portal, control):
    claim = submitted(portal, control, scnf(**{"insurer.name": "MIB (uninsured driver)"}))
    claim_id = claim["claimID"]
    assert claim["isCompensatorMIB"] is True
    control.advance(businessDays=39)
    assert portal.claim(claim_id)["claimStatus"] == "Pending-Liability"
    control.advance(businessDays=1)
    assert portal.claim(claim_id)["claimStatus"] == "Pending-Medical"


def test_events_are_stamped_at_their_due_time_even_after_a_long_jump(portal, control):
    claim_id = submitted(portal, control)["claimID"]
    deadline = portal.claim(claim_id)["liabilityDeadlineDateTime"]
    control.advance(days=120)
    changes = [
        n
        for n in _notifications(portal)
        if n["notificationType"] == "StatusChanged" and "Medical" in n["description"]
    ]
    assert [n["createdDateTime"] for n in changes] == [deadline]


def test_withdrawal_and_denial_are_acknowledged_after_five_business_days(portal, control):
    withdrawn = submitted(portal, control)["claimID"]
    portal.act(withdrawn, "withdraw", withdrawalReason="ClientInstructions")
    denied = at_status(portal, control, "Pending-LiabilityRejected")
    portal.act(denied, "liability-reply", action="acceptdenial")
    control.advance(businessDays=4)
    assert portal.claim(withdrawn)["claimStatus"] == "Pending-Withdrawal"
    assert portal.claim(denied)["claimStatus"] == "Pending-RejectedLiability"
    control.advance(businessDays=1)
    assert portal.claim(withdrawn)["claimStatus"] == "Resolved-Withdrawn"
    assert portal.claim(denied)["claimStatus"] == "Resolved-RejectedLiability"


def test_a_transfer_completes_by_itself_and_reapplies_the_period(portal, control):
    claim_id = submitted(portal, control)["claimID"]
    control.act(claim_id, "transfer", compensatorOrgName="Motor Insurers' Bureau")
    assert portal.claim(claim_id)["claimStatus"] == "Open-Transferred"
    control.advance(hours=1)
    claim = portal.claim(claim_id)
    assert claim["claimStatus"] == "Pending-Liability"
    assert claim["compensatorOrgName"] == "Motor Insurers' Bureau"
    assert claim["isCompensatorMIB"] is True
    assert (
        claim["liabilityDeadlineDateTime"] == "2025-04-30T08:02:00.000Z"
    )  # 40 business days from the original start


def test_the_processing_delay_is_configurable(portal, control):
    control.ok("PUT", "/_sim/config", json={"processingDelaySeconds": 10})
    claim_id = portal.create()["claimID"]
    assert portal.post(f"/api/v1/claims/{claim_id}/complete-submission").json()["retryAfter"] == 10
    control.advance(seconds=10)
    assert portal.act(claim_id, "complete-submission")["claimStatus"] == "Pending-Liability"

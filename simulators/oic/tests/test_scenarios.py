"""Scripted compensator behaviour that moves claims as the clock advances."""

from simulators.oic.tests.conftest import submitted

DEMO = [
    {"afterBusinessDays": 5, "action": "liability", "decision": "admitted"},
    {
        "afterBusinessDays": 10,
        "action": "message",
        "category": "CompResponseCategory",
        "note": "Please send the report.",
    },
    {"afterBusinessDays": 20, "action": "medical-report", "prognosisMonths": 6},
]


def test_a_default_scenario_moves_every_new_claim_by_itself(portal, control):
    control.ok("PUT", "/_sim/scenario", json={"steps": DEMO})
    claim_id = submitted(portal, control)["claimID"]
    control.advance(businessDays=4)
    assert portal.claim(claim_id)["claimStatus"] == "Pending-Liability"
    control.advance(businessDays=1)
    assert portal.claim(claim_id)["claimStatus"] == "Pending-Medical"
    control.advance(businessDays=5)
    messages = portal.get(f"/api/v1/claims/{claim_id}/messages").json()["results"]
    assert messages[-1]["category"] == "CompResponseCategory"
    note = portal.get(f"/api/v1/messages/{messages[-1]['id']}").json()
    assert note["author"] == "Aviva Insurance Limited"
    assert note["note"] == "<p>Please send the report.</p>"
    control.advance(businessDays=10)
    assert portal.claim(claim_id)["claimStatus"] == "Pending-CheckMedical"


def test_steps_count_from_complete_submission_not_from_create(portal, control):
    control.ok("PUT", "/_sim/scenario", json={"steps": DEMO[:1]})
    claim_id = portal.create()["claimID"]
    control.advance(businessDays=3)
    portal.act(claim_id, "complete-submission")
    control.advance(businessDays=4)
    assert portal.claim(claim_id)["claimStatus"] == "Pending-Liability"
    control.advance(businessDays=1)
    assert portal.claim(claim_id)["claimStatus"] == "Pending-Medical"


def test_a_claim_scenario_starts_now_and_logs_skipped_steps(portal, control):
    claim_id = submitted(portal, control)["claimID"]
    steps = [
        {"afterMinutes": 10, "action": "offer", "tariffAmount": 500},  # not possible before liability
        {"afterMinutes": 20, "action": "liability", "decision": "denied", "justification": "Not us."},
    ]
    scenario = control.ok("PUT", f"/_sim/claims/{claim_id}/scenario", json={"steps": steps})
    assert [item["step"] for item in scenario["queued"]] == [0, 1]
    control.advance(minutes=20)
    progress = control.ok("GET", f"/_sim/claims/{claim_id}/scenario")
    assert [entry["result"] for entry in progress["log"]] == ["skipped", "done"]
    assert "not possible" in progress["log"][0]["reason"]
    assert progress["queued"] == []
    assert portal.claim(claim_id)["claimStatus"] == "Pending-LiabilityRejected"


def test_bad_scripts_are_rejected_with_every_problem(control):
    response = control.put(
        "/_sim/scenario", json={"steps": [{"action": "dance"}, {"action": "liability", "afterDays": -1}, 3]}
    )
    assert response.status_code == 422
    fields = {error["field"] for error in response.json()["errors"]}
    assert fields == {"steps[0].action", "steps[1].afterDays", "steps[2]"}


def test_reset_clears_the_default_scenario(control):
    control.ok("PUT", "/_sim/scenario", json={"steps": DEMO})
    control.ok("POST", "/_sim/reset", json={})
    assert control.ok("GET", "/_sim/scenario") == {"steps": []}

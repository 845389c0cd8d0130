"""The control API: clock, users, claims across organisations, reset, stats and reference lists."""

from simulators.claims_portal.tests.conftest import CLIENT_ID, at_phase


def test_the_clock_advances_in_business_days_and_runs_due_events(portal, control):
    application_id = portal.add()["applicationId"]
    clock = control.advance(businessDays=1)
    assert clock["now"] == "2025-03-04T09:00:00.000Z"
    assert clock["eventsRun"] == 1  # the automatic acknowledgement
    assert control.claim(application_id)["claimInfo"]["phaseCacheId"] == "Article75Decision"
    friday = control.set_clock("2025-03-07T09:00:00Z")
    assert control.advance(businessDays=1)["now"] == "2025-03-10T09:00:00.000Z" != friday["now"]


def test_claims_of_every_organisation_are_listed_and_filtered(portal, control):
    first = portal.add()["applicationId"]
    at_phase(portal, control, "LiabilityAdmitted")
    listed = control.ok("GET", "/_sim/claims", params={"phase": "ClaimSubmitted"})
    assert [item["applicationId"] for item in listed["claims"]] == [first]
    assert listed["claims"][0]["organisation"] == "Demo Law LLP"
    assert control.ok("GET", "/_sim/claims")["totalCount"] == 2
    assert control.get("/_sim/claims/0000000000000999").status_code == 404


def test_reset_forgets_claims_but_keeps_clients_unless_asked(portal, control):
    portal.add()
    control.ok("POST", "/_sim/reset", json={})
    assert control.ok("GET", "/_sim/claims")["totalCount"] == 0
    assert [item["clientId"] for item in control.ok("GET", "/_sim/clients")["clients"]] == [CLIENT_ID]
    control.ok("POST", "/_sim/reset", json={"clients": True})
    assert control.ok("GET", "/_sim/clients")["clients"] == []
    assert control.ok("GET", "/_sim/users")["users"] == []


def test_stats_count_portal_requests_by_route(portal, control):
    control.ok("POST", "/_sim/stats/reset")
    application_id = portal.add()["applicationId"]
    portal.act(application_id, "exitProcess", exitReasonCode="5")
    routes = control.ok("GET", "/_sim/stats")["routes"]
    assert routes["POST /api/v1/claims"] == {"201": 1}
    assert routes["POST /api/v1/claims/{applicationId}/actions/{method}"] == {"200": 1}


def test_bad_control_bodies_are_422(control):
    assert control.post("/_sim/users", json={"organisation": "X"}).status_code == 422
    assert control.post("/_sim/clock", json={"advance": {"businessDays": -1}}).status_code == 422


def test_reference_lists_and_version(portal):
    phases = portal.get("/api/v1/reference/phases").json()["results"]
    assert {
        "code": "LiabilityDecision",
        "label": "Liability decision",
        "stage": "1",
        "turn": "COMP",
        "end": False,
    } in phases
    exits = {
        item["code"]: item["label"] for item in portal.get("/api/v1/reference/exit-reasons").json()["results"]
    }
    assert exits["5"] == "Withdrawal of claim"
    assert portal.get("/api/v1/reference/colours").status_code == 404
    assert portal.get("/api/v1/system/version").json() == {
        "processName": "RTA",
        "versionMajor": 7,
        "versionMinor": 0,
    }

"""The control API: clock, configuration, reset, claim listing, statistics and bulk activity."""

from simulators.oic.tests.conftest import ORGANISATION, submitted


def test_the_clock_can_be_frozen_set_and_advanced(control):
    assert control.ok("GET", "/_sim/clock") == {
        "now": "2025-03-03T09:00:00.000Z",
        "frozen": True,
        "offsetSeconds": 0,
    }
    assert control.advance(days=1, hours=2, minutes=3, seconds=4.5)["now"] == "2025-03-04T11:03:04.500Z"
    assert control.advance(businessDays=5)["now"] == "2025-03-11T11:03:04.500Z"
    assert (
        control.ok("POST", "/_sim/clock", json={"set": "2025-12-24T17:00:00Z"})["now"]
        == "2025-12-24T17:00:00.000Z"
    )
    running = control.ok("POST", "/_sim/clock", json={"freeze": False})
    assert running["frozen"] is False
    assert running["now"] >= "2025-12-24T17:00:00.000Z"


def test_bad_clock_changes_are_422(control):
    response = control.post("/_sim/clock", json={"set": "whenever", "advance": {"days": -1}})
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"set", "advance.days"}


def test_config_changes_are_checked_and_kept(control):
    config = control.ok(
        "PUT", "/_sim/config", json={"processingDelaySeconds": 5, "liabilityBusinessDaysMib": 45}
    )
    assert (config["processingDelaySeconds"], config["liabilityBusinessDaysMib"]) == (5, 45)
    assert control.ok("GET", "/_sim/config")["processingDelaySeconds"] == 5
    bad = control.put(
        "/_sim/config",
        json={
            "processingDelaySeconds": -1,
            "tokenLifetimeSeconds": 0,
            "colour": "red",
            "assignmentPeriods": {"Pending-New": {}},
        },
    )
    assert bad.status_code == 422
    assert len(bad.json()["problems"]) == 4


def test_reset_forgets_claims_but_keeps_clients_unless_asked(portal, control):
    portal.create()
    control.ok("POST", "/_sim/reset", json={})
    assert control.ok("GET", "/_sim/claims")["totalCount"] == 0
    assert control.ok("GET", "/_sim/clock")["frozen"] is False
    assert len(control.ok("GET", "/_sim/clients")["clients"]) == 1
    control.ok("POST", "/_sim/reset", json={"clients": True})
    assert control.ok("GET", "/_sim/clients")["clients"] == []


def test_claims_are_listed_with_organisation_and_counts(portal, control):
    claim_id = submitted(portal, control)["claimID"]
    portal.create()
    listing = control.ok("GET", "/_sim/claims", params={"organisation": ORGANISATION})
    first = listing["claims"][0]
    assert listing["totalCount"] == 2
    assert first["claimID"] == claim_id
    assert first["organisation"] == ORGANISATION
    assert first["messageCount"] == 1
    by_reference = control.ok("GET", "/_sim/claims", params={"clientReference": "DLL-0002"})
    assert by_reference["totalCount"] == 1
    detail = control.ok("GET", f"/_sim/claims/{claim_id}")
    assert detail["organisation"] == ORGANISATION


def test_stats_count_portal_requests_by_route_and_status(portal, control):
    control.ok("POST", "/_sim/stats/reset")
    portal.get("/api/v1/claims/OIC-00000001")
    portal.get("/api/v1/claims/OIC-00000002")
    portal.refresh_token()
    stats = control.ok("GET", "/_sim/stats")
    assert stats["routes"]["GET /api/v1/claims/{claimID}"] == {"404": 2}
    assert stats["tokenRequests"] == 1
    assert stats["totalRequests"] == 3


def test_bulk_activity_changes_distinct_open_claims(portal, control):
    claims = [submitted(portal, control)["claimID"] for _ in range(6)]
    since = control.advance(hours=1)["now"]
    result = control.ok(
        "POST",
        "/_sim/bulk/activity",
        json={
            "organisation": ORGANISATION,
            "count": 6,
            "kinds": ["message", "document", "status"],
            "seed": 3,
        },
    )
    assert result["count"] == 6
    assert {change["claimID"] for change in result["changed"]} == set(claims)
    assert sorted(change["kind"] for change in result["changed"]) == [
        "document",
        "document",
        "message",
        "message",
        "status",
        "status",
    ]
    moved = [change for change in result["changed"] if change["kind"] == "status"]
    assert {change["claimStatus"] for change in moved} == {"Pending-Medical"}
    kinds = {
        n["notificationType"]
        for n in portal.get("/api/v1/notifications", params={"dateFrom": since}).json()["notifications"]
    }
    assert kinds == {"NewMessage", "NewDocument", "StatusChanged"}


def test_bulk_activity_validates_its_body(control):
    response = control.post("/_sim/bulk/activity", json={"count": 0, "kinds": ["dance"]})
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"organisation", "count", "kinds"}

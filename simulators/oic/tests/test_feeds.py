"""The notification and assignment feeds: date windows, paging, ordering and the Date watermark."""

from email.utils import parsedate_to_datetime

from simulators.oic.tests.conftest import at_status, submitted


def _feed(portal, name: str, **params) -> dict:
    response = portal.get(f"/api/v1/{name}", params={"dateFrom": "2025-01-01T00:00:00Z", **params})
    assert response.status_code == 200, response.text
    return response.json()


def test_notifications_page_in_order_with_a_next_page(portal, control):
    control.ok(
        "PUT", "/_sim/config", json={"scnfDelaySeconds": 3600}
    )  # keep the SCNF documents out of the count
    for _ in range(3):
        claim_id = submitted(portal, control)["claimID"]
        control.advance(minutes=1)
    first = _feed(portal, "notifications", pageSize=4)
    second = _feed(portal, "notifications", pageSize=4, page=2)
    last = _feed(portal, "notifications", pageSize=4, page=first["totalCount"] // 4 + 1)

    assert first["totalCount"] == 6  # each submission: StatusChanged + its system message
    assert (first["page"], first["pageSize"], first["nextPage"]) == (1, 4, 2)
    assert second["nextPage"] is None
    items = first["notifications"] + second["notifications"]
    assert [(n["createdDateTime"], n["notificationID"]) for n in items] == sorted(
        (n["createdDateTime"], n["notificationID"]) for n in items
    )
    assert items[0]["notificationType"] == "StatusChanged"
    assert items[1]["description"] == "A new message has been added to the claim"
    assert items[-1]["claimID"] == claim_id
    assert last["notifications"] == [] or last["nextPage"] is None


def test_date_from_is_inclusive_and_date_to_exclusive(portal, control):
    submitted(portal, control)  # everything stamped 09:02:00.000
    at = "2025-03-03T09:02:00Z"
    assert _feed(portal, "notifications", dateFrom=at)["totalCount"] == 2
    assert _feed(portal, "notifications", dateFrom="2025-03-03T09:02:00.001Z")["totalCount"] == 0
    assert _feed(portal, "notifications", dateTo=at)["totalCount"] == 0
    assert _feed(portal, "notifications", dateTo="2025-03-03T09:02:00.001Z")["totalCount"] == 2
    assert _feed(portal, "notifications", dateFrom="20250303T090200.000 GMT")["totalCount"] == 2


def test_the_date_header_is_portal_time_and_a_safe_watermark(portal, control):
    response = portal.get("/api/v1/notifications", params={"dateFrom": "2025-01-01"})
    watermark = response.headers["Date"]
    assert parsedate_to_datetime(watermark).isoformat() == "2025-03-03T09:00:00+00:00"
    claim_id = submitted(portal, control)["claimID"]
    newer = portal.get(
        "/api/v1/notifications", params={"dateFrom": parsedate_to_datetime(watermark).isoformat()}
    ).json()
    assert {n["claimID"] for n in newer["notifications"]} == {claim_id}


def test_assignments_open_on_claimant_statuses_and_complete_on_exit(portal, control):
    claim_id = at_status(portal, control, "Pending-LiabilityRejected")
    opened = _feed(portal, "assignments")["assignments"]
    assert len(opened) == 1
    assignment = opened[0]
    assert assignment["status"] == "Open"
    assert assignment["claimID"] == claim_id
    assert assignment["claimStatus"] == "Pending-LiabilityRejected"
    assert "Accept the denial" in assignment["instructions"]
    assert assignment["goalDateTime"] < assignment["deadlineDateTime"]
    assert assignment["deadlineDateTime"] == "2025-03-31T08:02:00.000Z"  # 20 business days, 09:02 BST

    control.advance(hours=1)
    portal.act(claim_id, "liability-reply", action="acceptdenial")
    closed = _feed(portal, "assignments", dateFrom="2025-03-03T10:00:00Z")["assignments"]
    assert [(a["assignmentID"], a["status"]) for a in closed] == [(assignment["assignmentID"], "Completed")]
    assert closed[0]["updatedDateTime"] == "2025-03-03T10:02:00.000Z"


def test_assignment_periods_are_configurable(portal, control):
    periods = {"Pending-LiabilityRejected": {"goalBusinessDays": 1, "deadlineBusinessDays": 2}}
    control.ok("PUT", "/_sim/config", json={"assignmentPeriods": periods})
    at_status(portal, control, "Pending-LiabilityRejected")
    assignment = _feed(portal, "assignments")["assignments"][0]
    assert (assignment["goalDateTime"], assignment["deadlineDateTime"]) == (
        "2025-03-04T09:02:00.000Z",
        "2025-03-05T09:02:00.000Z",
    )


def test_bad_feed_parameters_are_400(portal):
    assert portal.get("/api/v1/notifications").json()["error"] == "invalid_parameter"
    assert portal.get("/api/v1/notifications", params={"dateFrom": "soon"}).status_code == 400
    assert (
        portal.get("/api/v1/assignments", params={"dateFrom": "2025-01-01", "pageSize": 501}).status_code
        == 400
    )
    assert portal.get("/api/v1/assignments", params={"dateFrom": "2025-01-01", "page": 0}).status_code == 400


def test_both_feeds_narrow_to_one_claim(portal, control):
    first = at_status(portal, control, "Pending-Medical")
    second = at_status(portal, control, "Pending-Medical")
    for name, key in (("notifications", "notifications"), ("assignments", "assignments")):
        everything = _feed(portal, name)[key]
        mine = _feed(portal, name, claimID=first)[key]
        assert {item["claimID"] for item in everything} >= {first, second}
        assert mine and {item["claimID"] for item in mine} == {first}
        assert mine == [item for item in everything if item["claimID"] == first]

"""Portal time on every response, the watermark guarantee, restarts and concurrency."""

from concurrent.futures import ThreadPoolExecutor
from email.utils import parsedate_to_datetime

import httpx

from simulators.claims_portal.server import run_in_thread
from simulators.claims_portal.tests.conftest import CLIENT_ID, CLIENT_SECRET, USER, Control, Portal, cnf
from simulators.common.testing import HTTP, SSL_CONTEXT


def test_every_response_has_a_request_id_and_a_portal_date(sim, portal, control):
    control.set_clock("2030-06-01T12:00:00Z")
    for response in (
        portal.get("/api/v1/claims/worklist"),
        portal.post("/api/v1/claims", json={}),
        HTTP.get(sim.url + "/api/v1/nowhere"),
        HTTP.get(sim.url + "/portal/"),
        HTTP.get(sim.url + "/_sim/clock"),
    ):
        assert len(response.headers["X-Request-ID"]) == 32
        assert response.headers["Date"] == "Sat, 01 Jun 2030 12:00:00 GMT"


def test_a_search_from_the_last_date_sees_every_later_change(portal, control):
    control.ok("POST", "/_sim/clock", json={"freeze": False})
    first = portal.add()["applicationId"]
    watermark = parsedate_to_datetime(portal.get("/api/v1/claims/worklist").headers["Date"]).isoformat()
    second = portal.add()["applicationId"]
    control.act(first, "acceptClaim")
    changed = portal.get("/api/v1/claims", params={"updatedFrom": watermark}).json()["claims"]
    assert {item["applicationId"] for item in changed} == {first, second}


def test_concurrent_claims_all_succeed(sim, control):
    portals = [Portal(sim.url) for _ in range(4)]

    def work(index: int) -> list[int]:
        portal = portals[index % len(portals)]
        form = cnf(**{"claimantRepresentative.referenceNumber": f"C-{index}"})
        return [
            portal.post("/api/v1/claims", json=form).status_code,
            portal.get("/api/v1/notifications").status_code,
        ]

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = [status for statuses in pool.map(work, range(16)) for status in statuses]
    for portal in portals:
        portal.close()
    assert set(results) == {200, 201}
    claims = control.ok("GET", "/_sim/claims", params={"pageSize": 100})["claims"]
    assert len({claim["applicationId"] for claim in claims}) == 16


def test_claims_clock_and_settings_survive_a_restart(tmp_path):
    db = tmp_path / "cp.sqlite3"
    client = {
        "clientId": CLIENT_ID,
        "clientSecret": CLIENT_SECRET,
        "organisation": "Demo Law LLP",
        "loginAs": USER,
    }
    with run_in_thread(db) as first, Control(base_url=first.url, verify=SSL_CONTEXT) as control:
        control.ok("POST", "/_sim/clients", json=client)
        control.ok("POST", "/_sim/clock", json={"freeze": True, "set": "2025-03-03T09:00:00Z"})
        control.ok("PUT", "/_sim/config", json={"autoAcknowledgeBusinessDays": 2})
        with Portal(first.url) as portal:
            application_id = portal.add()["applicationId"]
    with run_in_thread(db) as second, Portal(second.url) as portal:
        assert (
            httpx.get(second.url + "/_sim/config", verify=SSL_CONTEXT).json()["autoAcknowledgeBusinessDays"]
            == 2
        )
        assert portal.status(application_id)["phaseCacheId"] == "ClaimSubmitted"
        httpx.post(second.url + "/_sim/clock", json={"advance": {"businessDays": 2}}, verify=SSL_CONTEXT)
        assert (
            portal.status(application_id)["phaseCacheId"] == "Article75Decision"
        )  # queued before the restart

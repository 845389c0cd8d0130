"""Many clients at once: writes are serialised, so nothing fails with SQLITE_BUSY or duplicates."""

from concurrent.futures import ThreadPoolExecutor

from simulators.oic.tests.conftest import Portal, scnf


def test_concurrent_creates_and_reads_all_succeed(sim, control):
    portals = [Portal(sim.url) for _ in range(8)]

    def work(index: int) -> list[int]:
        portal = portals[index % len(portals)]
        statuses = []
        for attempt in range(5):
            created = portal.post("/api/v1/claims", json=scnf(clientReference=f"C-{index}-{attempt}"))
            statuses.append(created.status_code)
            statuses.append(
                portal.get("/api/v1/notifications", params={"dateFrom": "2025-01-01"}).status_code
            )
        return statuses

    with ThreadPoolExecutor(max_workers=16) as pool:
        results = [status for statuses in pool.map(work, range(16)) for status in statuses]
    for portal in portals:
        portal.close()

    assert set(results) == {200, 201}
    claims = control.ok("GET", "/_sim/claims", params={"pageSize": 1000})["claims"]
    assert len(claims) == 80
    assert len({claim["claimID"] for claim in claims}) == 80

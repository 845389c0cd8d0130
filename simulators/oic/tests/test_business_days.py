"""The deadlines the portal derives from business days (England and Wales)."""

from simulators.oic.tests.conftest import scnf, submitted


def test_a_liability_deadline_across_christmas_falls_due_exactly(portal, control):
    control.ok("POST", "/_sim/clock", json={"set": "2024-12-20T09:58:00Z"})
    claim = submitted(portal, control, scnf(**{"accident.dateTime": "2024-12-01T10:00:00Z"}))
    claim_id = claim["claimID"]
    assert claim["liabilityDeadlineDateTime"] == "2025-02-05T10:00:00.000Z"

    control.ok("POST", "/_sim/clock", json={"set": "2025-02-05T09:59:59.999Z"})
    assert portal.claim(claim_id)["claimStatus"] == "Pending-Liability"
    control.advance(seconds=0.001)
    deemed = portal.claim(claim_id)
    assert deemed["claimStatus"] == "Pending-Medical"
    assert deemed["claimDetails"]["liability"]["liabilityDecision"] == "Liability admitted in full"
    assert (
        deemed["claimDetails"]["liability"]["liabilityHistory"][-1]["actionedBy"] == "Official Injury Claim"
    )

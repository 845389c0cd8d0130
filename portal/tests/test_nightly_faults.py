"""The nightly sync under the simulator's fault switches: it always ends equal to the portal."""

import pytest
from django.core.cache import cache
from django.utils import timezone

from portal.models import PortalClaim, SyncRun
from portal.services import nightly
from tests.simulator import claims_on_portal, portal_differences

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("restored_value_lists")]


def _changes_everywhere(claims, sim_control):
    for index, claim in enumerate(claims):
        sim_control.act(claim.claim_id, "message", category="CompResponseCategory", note=f"Update {index}")
        if index % 2:
            sim_control.act(claim.claim_id, "liability", decision="admitted")


def _sync_until_settled(runs: int = 6) -> list[SyncRun]:
    """Run the sync until a run succeeds with no claim left due (skipping each failed claim's back-off)."""
    done = []
    for _ in range(runs):
        cache.clear()  # a breaker opened by the faults has had its cool-off
        done.append(nightly.run_portal(portal="oic", threads=3))
        due = PortalClaim.objects.exclude(sync_due_at=None)
        if done[-1].status == SyncRun.Status.SUCCEEDED and not due.exists():
            return done
        due.update(sync_due_at=timezone.now())
    raise AssertionError(f"still due after {runs} runs: {list(due.values_list('claim_id', 'sync_error'))}")


@pytest.mark.parametrize(
    "faults",
    [
        {"errorRate": 0.05, "errorStatus": 500, "seed": 5},
        {"timeoutRate": 0.05, "timeoutSeconds": 3, "seed": 6},
        {"rateLimitPerSecond": 15, "rateLimitBurst": 3},
        {"tokenRevocationRate": 0.1, "seed": 7},
        {"dropAfterCommitRate": 0.05, "seed": 8},
    ],
    ids=["5xx", "timeouts", "429-bursts", "token-revoked", "response-lost"],
)
def test_under_faults_nothing_is_lost_or_duplicated(alice, oic, sim_control, settings, faults):
    settings.PORTAL_MAX_REQUESTS_PER_SECOND = 200
    settings.PORTAL_TIMEOUT_SECONDS = 1
    claims = claims_on_portal(alice, sim_control, 6)
    nightly.run_portal(portal="oic")
    _changes_everywhere(claims, sim_control)
    sim_control.ok("PUT", "/_sim/faults", json=faults)
    runs = _sync_until_settled()
    sim_control.ok(
        "PUT",
        "/_sim/faults",
        json={
            "errorRate": 0,
            "timeoutRate": 0,
            "rateLimitPerSecond": 0,
            "tokenRevocationRate": 0,
            "dropAfterCommitRate": 0,
        },
    )
    assert portal_differences() == []
    assert sum(run.claims_synced for run in runs) >= len(claims)
    if "rateLimitPerSecond" in faults:
        assert sim_control.ok("GET", "/_sim/stats")["rateLimited"] > 0  # the limit did bite, and was survived

"""The Claims Portal sync under the simulator's fault switches: it always ends equal to the portal."""

import pytest
from django.core.cache import cache
from django.utils import timezone

from portal.models import PortalClaim, SyncRun
from portal.services import nightly
from tests.claims_portal_sim import cp_claims_on_portal
from tests.simulator import portal_differences

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("restored_value_lists")]


def _sync_until_settled(runs: int = 6) -> None:
    for _ in range(runs):
        cache.clear()  # a breaker opened by the faults has had its cool-off
        run = nightly.run_portal(portal="claims_portal", threads=3)
        due = PortalClaim.objects.exclude(sync_due_at=None)
        if run.status == SyncRun.Status.SUCCEEDED and not due.exists():
            return
        due.update(sync_due_at=timezone.now())
    raise AssertionError(f"still due after {runs} runs: {list(due.values_list('claim_id', 'sync_error'))}")


@pytest.mark.parametrize(
    "faults",
    [
        {"errorRate": 0.1, "errorStatus": 503, "seed": 5},
        {"timeoutRate": 0.05, "timeoutSeconds": 3, "seed": 6},
        {"tokenRevocationRate": 0.1, "seed": 7},
        {"rateLimitPerSecond": 15, "rateLimitBurst": 3},
    ],
    ids=["5xx", "timeouts", "token-revoked", "429-bursts"],
)
def test_under_faults_nothing_is_lost_or_duplicated(alice, claims_portal, cp_control, settings, faults):
    settings.PORTAL_MAX_REQUESTS_PER_SECOND = 200
    settings.PORTAL_TIMEOUT_SECONDS = 1
    claims = cp_claims_on_portal(alice, 5)
    nightly.run_portal(portal="claims_portal")
    for index, claim in enumerate(claims):
        cp_control.act(claim.claim_id, "acceptClaim")
        if index % 2:
            cp_control.act(claim.claim_id, "applyArticle75", isArticle75=False)
            cp_control.act(claim.claim_id, "sendLiabilityDecision", liabilityDecision="A")
    cp_control.ok("PUT", "/_sim/faults", json=faults)
    _sync_until_settled()
    cp_control.ok(
        "PUT",
        "/_sim/faults",
        json={"errorRate": 0, "timeoutRate": 0, "rateLimitPerSecond": 0, "tokenRevocationRate": 0},
    )
    assert portal_differences("claims_portal") == []

"""The OIC client's error mapping, retries and token handling.

Faults come from the simulator's switches; shapes the simulator never sends (malformed or truncated
answers) come from httpx.MockTransport, the network edge.
"""

import datetime as dt
import threading

import httpx
import pytest

from portal import errors
from portal.models import PortalConnection
from portal.oic.client import OICClient, backoff_seconds, retry_after_seconds
from portal.registry import adapter_for


def test_backoff_doubles_from_half_a_second_with_jitter_and_a_cap():
    assert [backoff_seconds(n, rng=lambda: 1.0) for n in (1, 2, 3, 4, 5)] == [0.5, 1.0, 2.0, 4.0, 4.0]
    assert [backoff_seconds(n, rng=lambda: 0.0) for n in (1, 2, 3)] == [0.25, 0.5, 1.0]


@pytest.mark.parametrize(
    ("header", "expected"), [("2", 2.0), ("0", 0.0), ("3600", 30.0), ("soon", None), (None, None)]
)
def test_retry_after_is_parsed_and_clamped(header, expected):
    assert retry_after_seconds(header) == expected


def test_retry_after_accepts_an_http_date():
    when = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=10)
    seconds = retry_after_seconds(when.strftime("%a, %d %b %Y %H:%M:%S GMT"))
    assert 8 <= seconds <= 10


def _client(oic, **options):
    return adapter_for("oic", **options).client


def test_reads_are_retried_through_transient_5xx(oic, sim_control):
    sim_control.fault_next(method="GET", path="^/api/v1/reference", fault="error", status=503, times=2)
    sleeps = []
    client = _client(oic, sleep=sleeps.append)
    assert client.withdrawal_reasons()
    assert len(sleeps) == 2


def test_reads_give_up_after_bounded_retries(oic, sim_control):
    sim_control.fault_next(method="GET", path="^/api/v1/reference", fault="error", status=500, times=5)
    client = _client(oic, sleep=lambda _: None)
    with pytest.raises(errors.PortalUnavailable):
        client.withdrawal_reasons()


def test_a_timeout_on_a_read_is_unavailable_and_retried(oic, sim_control):
    sim_control.fault_next(method="GET", path="^/api/v1/reference", fault="timeout", times=1)
    client = _client(oic, sleep=lambda _: None, timeout=httpx.Timeout(0.5))
    assert client.withdrawal_reasons()


def test_429_honours_retry_after(oic, sim_control):
    sim_control.fault_next(method="GET", path="^/api/v1/reference", fault="rate_limit", retryAfter=2, times=1)
    sleeps = []
    assert _client(oic, sleep=sleeps.append).withdrawal_reasons()
    assert sleeps == [2.0]


def test_writes_are_never_resent_by_the_client(oic, sim_control):
    sim_control.fault_next(method="POST", path="^/api/v1/claims$", fault="error", status=503, times=1)
    with pytest.raises(errors.PortalOutcomeUnknown):
        _client(oic, sleep=lambda _: None).create_claim({"clientReference": "X"})
    stats = sim_control.ok("GET", "/_sim/stats")
    assert _posts_to_claims(stats) == 1


def _posts_to_claims(stats: dict) -> int:
    return sum(stats["routes"].get("POST /api/v1/claims", {}).values())


def test_a_revoked_token_is_refreshed_once(oic, sim_control):
    client = _client(oic)
    client.withdrawal_reasons()
    first = PortalConnection.objects.get().access_token
    sim_control.ok("POST", "/_sim/tokens/revoke", json={})
    assert client.withdrawal_reasons()
    assert PortalConnection.objects.get().access_token != first


def test_refused_credentials_stop_at_once(oic, sim_control):
    oic.client_secret = "rotated-away"
    oic.save()
    with pytest.raises(errors.PortalAuthError, match="Client authentication failed"):
        _client(oic).withdrawal_reasons()


def test_concurrent_callers_share_one_token_fetch(transactional_db, sim, sim_control):
    from cases.models import Portal
    from tests.simulator import CLIENT_ID, CLIENT_SECRET

    PortalConnection.objects.create(
        portal=Portal.OIC, url=sim.url, client_id=CLIENT_ID, client_secret=CLIENT_SECRET
    )
    sim_control.ok("POST", "/_sim/stats/reset")
    failures = []

    def call():
        try:
            client = adapter_for("oic").client
            client.withdrawal_reasons()
            client.close()
        except Exception as exc:
            failures.append(exc)
        finally:
            from django.db import connection

            connection.close()

    threads = [threading.Thread(target=call) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert sim_control.ok("GET", "/_sim/stats")["tokenRequests"] == 1


def _mock_client(handler) -> OICClient:
    return OICClient(
        "https://portal.test",
        client_id="a",
        client_secret="b",
        connection_pk=0,
        transport=httpx.MockTransport(handler),
        sleep=lambda _: None,
    )


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(200, text="<html>maintenance</html>"),
        httpx.Response(200, json={"claimStatus": "Pending-New"}),
        httpx.Response(200, json={"claimID": 42, "claimStatus": "Pending-New"}),
        httpx.Response(200, json=["not", "an", "object"]),
        httpx.Response(
            200,
            json={
                "claimID": "OIC-1",
                "claimStatus": "Pending-Liability",
                "claimDetails": {"liability": {"liabilityPercentage": "lots"}},
            },
        ),
        httpx.Response(
            200,
            json={"claimID": "OIC-1", "claimStatus": "Pending-Liability", "lastUpdatedDateTime": "yesterday"},
        ),
    ],
)
def test_malformed_answers_become_bad_response_errors(db, answer):
    from cases.models import Portal
    from portal.tokens import Token

    connection = PortalConnection.objects.create(portal=Portal.OIC, access_token="t")
    connection.access_token_expires_at = dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)
    connection.save()

    def handler(request):
        return answer

    client = _mock_client(handler)
    client.tokens.connection_pk = connection.pk
    client.tokens._cached = Token("t", connection.access_token_expires_at)
    with pytest.raises(errors.PortalBadResponse):
        client.get_claim("OIC-1")


@pytest.mark.parametrize("claim_id", ["../secrets", "OIC-1/../x", "a?b", "", "%2e%2e"])
def test_ids_cannot_change_the_request_path(claim_id):
    client = _mock_client(lambda request: httpx.Response(500))
    with pytest.raises(errors.PortalRejected):
        client.get_claim(claim_id)

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


def test_a_write_without_an_idempotency_key_is_never_resent(oic, sim_control):
    sim_control.fault_next(method="POST", path="^/api/v1/claims$", fault="error", status=503, times=1)
    with pytest.raises(errors.PortalOutcomeUnknown):
        _client(oic, sleep=lambda _: None).create_claim({"clientReference": "X"}, idempotency_key="")
    stats = sim_control.ok("GET", "/_sim/stats")
    assert _posts_to_claims(stats) == 1


def _posts_to_claims(stats: dict) -> int:
    return sum(stats["routes"].get("POST /api/v1/claims", {}).values())


def test_a_write_with_a_key_is_repeated_only_under_the_same_key(stored_token):
    seen = []

    def handler(request):
        seen.append((request.method, request.headers.get("Idempotency-Key")))
        if len(seen) == 1:
            return httpx.Response(503, json={"error": "server_error", "message": "busy"})
        return httpx.Response(201, json={"claimID": "OIC-7", "claimStatus": "Pending-New"})

    state = _mock_client(handler, stored_token).create_claim({"clientReference": "X"}, idempotency_key="k-1")
    assert state.claim_id == "OIC-7"
    assert seen == [("POST", "k-1"), ("POST", "k-1")]


def test_a_revoked_token_is_refreshed_exactly_once(oic, sim_control):
    client = _client(oic)
    client.withdrawal_reasons()
    first = PortalConnection.objects.get().access_token
    sim_control.ok("POST", "/_sim/tokens/revoke", json={})
    sim_control.ok("POST", "/_sim/stats/reset")
    assert client.withdrawal_reasons()
    assert PortalConnection.objects.get().access_token != first
    assert sim_control.ok("GET", "/_sim/stats")["tokenRequests"] == 1


def test_a_short_lived_token_is_reused_for_most_of_its_life(oic, sim_control):
    """A token living 30 s counts as expired a tenth of its life early, not a minute early."""
    sim_control.ok("PUT", "/_sim/config", json={"tokenLifetimeSeconds": 30})
    client = _client(oic)
    sim_control.ok("POST", "/_sim/stats/reset")
    for _ in range(40):
        client.withdrawal_reasons()
    assert sim_control.ok("GET", "/_sim/stats")["tokenRequests"] == 1


def test_a_revocation_during_a_retry_is_refreshed_again(stored_token):
    """Each attempt may refresh the token once: a revocation that hits the retry too is survived."""
    calls = {"token": 0, "api": 0}

    def handler(request):
        if request.url.path.endswith("/oauth/token"):
            calls["token"] += 1
            return httpx.Response(200, json={"access_token": f"t{calls['token']}", "expires_in": 3600})
        calls["api"] += 1
        if calls["api"] <= 3:  # the first attempt and its refreshed resend, then the retry's first try
            return httpx.Response(401, json={"error": "invalid_token", "message": "Invalid token."})
        return httpx.Response(200, json={"results": [{"code": "Other", "label": "Other"}]})

    assert _mock_client(handler, stored_token).withdrawal_reasons() == [("Other", "Other")]
    assert calls["token"] == 2


def test_an_invalid_token_sentence_in_a_body_refreshes_the_token(stored_token):
    """Public integration code drops the token when a body says "Invalid token.", whatever the status."""
    answers = iter(
        [
            httpx.Response(200, json={"message": "Invalid token."}),
            httpx.Response(200, json={"results": []}),
        ]
    )

    def handler(request):
        if request.url.path.endswith("/oauth/token"):
            return httpx.Response(200, json={"access_token": "fresh", "expires_in": 3600})
        return next(answers)

    assert _mock_client(handler, stored_token).withdrawal_reasons() == []


def test_a_note_that_mentions_an_invalid_token_is_just_a_note(stored_token):
    body = {
        "messageInfo": {"id": "M1", "category": "General"},
        "author": "Aviva",
        "note": "Invalid token. Ha.",
    }

    def handler(request):
        assert not request.url.path.endswith("/oauth/token"), "no refresh for the text of a note"
        return httpx.Response(200, json=body)

    assert _mock_client(handler, stored_token).get_message("M1").body_html == "Invalid token. Ha."


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


@pytest.fixture
def stored_token(db) -> PortalConnection:
    """A connection whose ACCESSTOKEN is stored and valid for an hour (the mock portal accepts it)."""
    from cases.models import Portal

    now = dt.datetime.now(dt.UTC)
    return PortalConnection.objects.create(
        portal=Portal.OIC, access_token="t", access_token_expires_at=now + dt.timedelta(hours=1)
    )


def _mock_client(handler, connection: PortalConnection | None = None) -> OICClient:
    return OICClient(
        "https://portal.test",
        client_id="a",
        client_secret="b",
        connection_pk=connection.pk if connection else 0,
        transport=httpx.MockTransport(handler),
        sleep=lambda _: None,
    )


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(200, text="<html>maintenance</html>"),
        httpx.Response(200, json={"claimID": "OIC-1"}),
        httpx.Response(200, json={"claimID": "OIC-1", "claimStatus": {"code": "Pending-New"}}),
        httpx.Response(200, json=["not", "an", "object"]),
        httpx.Response(200, json={"claimID": "OIC-1", "claimStatus": "Pending-New", "claimDetails": "none"}),
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
def test_malformed_answers_become_bad_response_errors(stored_token, answer):
    with pytest.raises(errors.PortalBadResponse):
        _mock_client(lambda request: answer, stored_token).get_claim("OIC-1")


@pytest.mark.parametrize("claim_id", ["../secrets", "OIC-1/../x", "a?b", "", "%2e%2e"])
def test_ids_cannot_change_the_request_path(claim_id):
    client = _mock_client(lambda request: httpx.Response(500))
    with pytest.raises(errors.PortalRejected):
        client.get_claim(claim_id)

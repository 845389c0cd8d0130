"""The Claims Portal client at the transport: what it sends, and how it reads the portal's answers."""

import json

import httpx
import pytest

from cases.models import Portal
from portal import errors
from portal.base import Actor, Outcome
from portal.claims_portal import schemas, statuses
from portal.claims_portal.client import ClaimsPortalClient
from portal.models import PortalConnection
from simulators.claims_portal.phases import PHASES

pytestmark = pytest.mark.django_db


def _client(handler) -> ClaimsPortalClient:
    connection = PortalConnection.objects.create(portal=Portal.CLAIMS_PORTAL)
    return ClaimsPortalClient(
        "https://cp.example",
        client_id="id",
        client_secret="secret",
        login_as="alpha.a2a",
        connection_pk=connection.pk,
        transport=httpx.MockTransport(handler),
        sleep=lambda seconds: None,
    )


def _token(request):
    return httpx.Response(200, json={"access_token": "t1", "expires_in": 3600})


def test_every_call_carries_the_token_and_the_login_as_user_and_writes_their_key():
    seen = []

    def handler(request):
        if request.url.path == "/oauth/token":
            return _token(request)
        seen.append(request)
        info = {
            "applicationId": "0000000000000007",
            "activityEngineGuid": "g2",
            "phaseCacheId": "StartOfStage21",
        }
        return httpx.Response(200, json={"claimInfo": info})

    client = _client(handler)
    state = client.workflow(
        "0000000000000007", "acknowledgeLiabilityAdmitted", {}, version="g1", idempotency_key="k-1"
    )
    assert (state.status, state.version) == ("StartOfStage21", "g2")
    [request] = seen
    assert request.headers["Authorization"] == "Bearer t1" and request.headers["loginAs"] == "alpha.a2a"
    assert request.headers["Idempotency-Key"] == "k-1"
    assert json.loads(request.content) == {"activityEngineGuid": "g1"}
    assert request.url.path == "/api/v1/claims/0000000000000007/actions/acknowledgeLiabilityAdmitted"


@pytest.mark.parametrize("code", ["stale_activity_engine_guid", "invalid_phase"])
def test_a_claim_that_moved_on_is_a_conflict_the_services_understand(code):
    def handler(request):
        if request.url.path == "/oauth/token":
            return _token(request)
        return httpx.Response(
            409, json={"error": code, "message": "moved", "phaseCacheId": "ExitProcessByCM"}
        )

    with pytest.raises(errors.PortalConflict) as caught:
        _client(handler).workflow("1", "exitProcess", {}, version="old", idempotency_key="k")
    assert caught.value.code == "invalid_status" and caught.value.details["error"] == code


def test_a_refused_token_is_fetched_again_once_and_the_call_repeated():
    tokens, calls = iter(["t1", "t2"]), []

    def handler(request):
        if request.url.path == "/oauth/token":
            return httpx.Response(200, json={"access_token": next(tokens), "expires_in": 3600})
        calls.append(request.headers["Authorization"])
        if len(calls) == 1:
            return httpx.Response(401, json={"error": "invalid_token", "message": "expired"})
        return httpx.Response(200, json={"notifications": []})

    body, _ = _client(handler).notifications()
    assert body == {"notifications": []} and calls == ["Bearer t1", "Bearer t2"]


def test_a_write_that_got_no_answer_is_an_unknown_outcome_unless_it_has_a_key():
    def handler(request):
        if request.url.path == "/oauth/token":
            return _token(request)
        raise httpx.ReadTimeout("slow", request=request)

    with pytest.raises(errors.PortalOutcomeUnknown):
        _client(handler).add_claim({}, idempotency_key="")


def test_the_claim_document_is_read_tolerantly():
    doc = {
        "claimInfo": {
            "applicationId": "0000000000000009",
            "activityEngineGuid": "g",
            "phaseCacheId": "NewPhaseX",
        },
        "applicationData": None,
        "insurerResponse": {"liabilityDecision": "AN", "contributoryNegligencePercentage": 20},
        "stage2SettlementPack": {"offers": [{"by": "COMP", "grossAmount": "1500.5"}, "junk"]},
        "unknownSection": [1, 2, 3],
    }
    state = schemas.claim_state(doc)
    assert state.status == "NewPhaseX" and state.liability_percentage == 80
    assert [offer.total for offer in state.facts.offers] == [schemas.amount("1500.50")]
    with pytest.raises(errors.PortalBadResponse):
        schemas.claim_state({"claimInfo": {"applicationId": "1"}})


def test_every_phase_of_the_contract_is_explained():
    for code, phase in PHASES.items():
        info = statuses.status_info(code)
        assert info.label != code, code
        expected = {"CR": Actor.US, "COMP": Actor.COMPENSATOR, None: Actor.NOBODY}[phase.turn]
        assert info.next_actor == expected, code
        assert info.is_closed == (phase.turn is None), code
    assert statuses.status_info("Stage2SettlementPackAgreedEnd").outcome == Outcome.SETTLED
    assert statuses.status_info("ExitProcessByCR").exit_requested
    assert statuses.status_info("SomethingNewEnd").is_closed
    assert not statuses.status_info("SomethingNew").is_closed

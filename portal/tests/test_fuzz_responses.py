"""Malformed, truncated or unexpected portal answers, generated: always a PortalError, never a crash."""

import datetime as dt

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases.models import Portal
from portal import errors
from portal.models import PortalConnection
from portal.oic.client import OICClient

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=6)
    ),
    max_leaves=25,
)
# Keys the client looks for, so the generator often produces nearly-right answers.
likely = st.dictionaries(
    st.sampled_from(
        [
            "claimID",
            "claimStatus",
            "results",
            "notifications",
            "assignments",
            "messageInfo",
            "note",
            "fileInfo",
            "fileStream",
            "nextPage",
            "totalCount",
            "claimDetails",
            "id",
            "category",
        ]
    ),
    json_values,
    max_size=8,
)
bodies = st.one_of(
    json_values, likely, st.binary(max_size=200), st.just(b'{"claimID": NaN, "claimStatus": Infinity}')
)
statuses = st.sampled_from([200, 200, 200, 201, 204, 301, 400, 404, 409, 418, 422, 429, 500, 502])

CALLS = [
    lambda c: c.get_claim("OIC-1"),
    lambda c: c.search_claims("CD-1"),
    lambda c: c.list_messages("OIC-1"),
    lambda c: c.get_message("MSG-1"),
    lambda c: c.list_attachments("OIC-1"),
    lambda c: c.get_attachment("ATT-1"),
    lambda c: c.notifications(date_from=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)),
    lambda c: c.assignments(date_from=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)),
    lambda c: c.create_claim({"clientReference": "CD-1"}, idempotency_key=""),
    lambda c: c.add_message("OIC-1", category="General", note="Hello", idempotency_key=""),
    lambda c: c.withdrawal_reasons(),
]


@pytest.fixture
def connection(db) -> PortalConnection:
    """A stored, valid token: the generated answers are the API's, never the token endpoint's."""
    expires = dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)
    return PortalConnection.objects.create(
        portal=Portal.OIC, access_token="t", access_token_expires_at=expires
    )


def _client(connection: PortalConnection, status: int, body) -> OICClient:
    def handler(request):
        if isinstance(body, bytes):
            return httpx.Response(status, content=body)
        return httpx.Response(status, json=body)

    client = OICClient(
        "https://portal.test",
        client_id="a",
        client_secret="b",
        connection_pk=connection.pk,
        transport=httpx.MockTransport(handler),
        sleep=lambda _: None,
        max_retries=0,
    )
    return client


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(status=statuses, body=bodies, call=st.sampled_from(CALLS))
def test_any_answer_is_a_result_or_a_portal_error(connection, status, body, call):
    client = _client(connection, status, body)
    try:
        call(client)
    except errors.PortalError as exc:
        assert exc.message  # a sentence a user can read
    finally:
        client.close()

"""Pages cost a fixed number of SQL queries, however many cases, injuries or notes there are."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import Injury, Loss
from lookups.models import ValueList
from tests.factories import fill_case, lookup, make_case


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_case_list_query_count_does_not_grow(alice_client, alice):
    for _ in range(3):
        fill_case(make_case(fee_earner=alice))
    few = _queries(alice_client, "/cases/")
    for _ in range(20):
        fill_case(make_case(fee_earner=alice))
    assert _queries(alice_client, "/cases/") == few


def test_case_tabs_query_count_does_not_grow_with_rows(alice_client, alice):
    case = fill_case(make_case(fee_earner=alice))
    urls = [
        f"/cases/{case.reference}/{tab}/"
        for tab in ("details", "injury", "losses", "notes", "history", "documents", "tasks")
    ]
    before = {url: _queries(alice_client, url) for url in urls}
    neck = lookup(ValueList.BODY_PART, "Neck")
    excess = lookup(ValueList.LOSS_TYPE, "PolicyExcess")
    for _ in range(8):
        Injury.objects.create(case=case, body_part=neck, prognosis_months=3)
        Loss.objects.create(case=case, loss_type=excess, amount=10)
        alice_client.post(f"/cases/{case.reference}/notes/", {"body": "note"})
    after = {url: _queries(alice_client, url) for url in urls}
    assert after == before

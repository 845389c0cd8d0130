"""Every supervision page answers, for the roles that may see it, and refuses bad input clearly."""

import pytest
from django.utils import timezone

from supervision.tests.builders import make_claim, status_of
from tests import factories

LISTS = [
    ("stage", {"portal": "oic", "stage": "Liability"}),
    ("past_deadline", {"portal": "oic", "stage": "Liability"}),
    ("not_submitted", {"portal": "oic"}),
    ("liability_overdue", {}),
    ("pending_new", {}),
    ("dormant", {"days": "30"}),
    ("limitation", {"band": "6m"}),
    ("tasks_overdue", {}),
    ("tasks_week", {}),
    ("settled", {"month": "2026-01"}),
    ("liability_time", {}),
]


@pytest.fixture
def sue_client(client, sue, sign_in):
    return sign_in(client, sue)


@pytest.fixture
def data(alice):
    case = factories.make_case(fee_earner=alice, complete=True)
    make_claim(case, status_of("oic", stage="Liability", next_actor="compensator"), since=timezone.now())
    return case


def test_the_dashboard_shows_for_a_supervisor(sue_client, data):
    response = sue_client.get("/supervision/")
    assert response.status_code == 200
    assert b"Supervision" in response.content and b"<svg" in response.content


def test_the_dashboard_shows_a_fee_earner_her_own_work(alice_client, data):
    response = alice_client.get("/supervision/")
    assert response.status_code == 200
    assert b"for your own cases and tasks" in response.content


@pytest.mark.parametrize(("key", "params"), LISTS)
@pytest.mark.parametrize("fmt", ["html", "csv", "xlsx"])
def test_every_list_shows_and_exports(sue_client, data, key, params, fmt):
    response = sue_client.get(f"/supervision/lists/{key}/", {**params, "format": fmt})
    assert response.status_code == 200
    if fmt != "html":
        disposition = response["Content-Disposition"]
        today = timezone.localdate()
        assert f'filename="claimdesk-{key.replace("_", "-")}-alpha-{today:%Y-%m-%d}.{fmt}"' in disposition


@pytest.mark.parametrize(
    "query",
    [
        "/supervision/lists/stage/?portal=oic&stage=Nowhere",
        "/supervision/lists/stage/?portal=mars&stage=Liability",
        "/supervision/lists/stage/",
        "/supervision/lists/dormant/?days=45",
        "/supervision/lists/dormant/?days=abc",
        "/supervision/lists/limitation/?band=forever",
        "/supervision/lists/settled/?month=2026-13",
        "/supervision/lists/tasks_overdue/?fee_earner=999999",
        "/supervision/lists/tasks_overdue/?page=0",
        "/supervision/lists/tasks_overdue/?format=pdf",
        "/supervision/drift/?show=everything",
    ],
)
def test_bad_parameters_get_a_clear_400(sue_client, data, query):
    response = sue_client.get(query)
    assert response.status_code == 400
    assert b"does not understand" in response.content


def test_an_unknown_list_is_404(sue_client):
    assert sue_client.get("/supervision/lists/nothing/").status_code == 404


def test_the_drift_report_and_case_details_show(sue_client, data):
    assert sue_client.get("/supervision/drift/").status_code == 200
    response = sue_client.get(f"/cases/{data.reference}/details/")
    assert response.status_code == 200
    assert b'id="limitation"' in response.content

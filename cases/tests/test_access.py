"""A fee earner of team Alpha can neither see nor change team Bravo's cases, however the URL is made."""

import re

import pytest

from cases.models import Case
from tests.factories import make_case

CASE_PAGES = [
    "",
    "details/",
    "injury/",
    "replacement-vehicle/",
    "losses/",
    "notes/",
    "history/",
    "options/",
    "documents/",
    "tasks/",
]
CASE_ACTIONS = [
    "details/",
    "injury/",
    "replacement-vehicle/",
    "losses/",
    "notes/",
    "options/reassign/",
    "options/close/",
    "options/reopen/",
    "documents/",
    "tasks/",
]


@pytest.fixture
def bravo_case(charlie):
    return make_case(fee_earner=charlie, first_name="Secret", last_name="Bravo")


@pytest.mark.parametrize("page", CASE_PAGES)
def test_another_teams_case_answers_404(alice_client, bravo_case, page):
    assert alice_client.get(f"/cases/{bravo_case.reference}/{page}").status_code == 404


@pytest.mark.parametrize("action", CASE_ACTIONS)
def test_another_teams_case_cannot_be_changed(alice_client, bravo_case, action):
    before = bravo_case.events.count()
    response = alice_client.post(f"/cases/{bravo_case.reference}/{action}", {"body": "x", "outcome": "x"})
    assert response.status_code == 404
    assert bravo_case.events.count() == before
    bravo_case.refresh_from_db()
    assert bravo_case.status == Case.Status.NEW


def test_guessed_references_answer_the_same_404_as_real_ones(alice_client, bravo_case):
    alice_client.get("/cases/")  # consume the sign-in messages
    real = alice_client.get(f"/cases/{bravo_case.reference}/details/")
    guessed = alice_client.get("/cases/CD-2026-999999/details/")
    assert real.status_code == guessed.status_code == 404
    unmasked = [re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", r.content) for r in (real, guessed)]
    assert unmasked[0] == unmasked[1]


def test_the_case_list_shows_only_the_users_team(alice_client, alice, bravo_case):
    mine = make_case(fee_earner=alice)
    listed = list(alice_client.get("/cases/").context["page"])
    assert listed == [mine]
    assert list(alice_client.get("/cases/", {"q": "Bravo"}).context["page"]) == []


def test_a_supervisor_sees_the_teams_cases(client, sign_in, sue, alice, bob):
    cases = {make_case(fee_earner=alice), make_case(fee_earner=bob)}
    sign_in(client, sue)
    assert set(client.get("/cases/").context["page"]) == cases

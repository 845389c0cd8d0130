"""Case search: what a fee earner has to hand (a claim ID from a portal e-mail, a phone number, a
registration) finds the case, typed the way people type it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import DefendantVehicle, Portal
from cases.selectors import case_list
from lib import uk
from portal.models import PortalClaim
from tests.factories import make_case


@pytest.fixture
def priya(alice):
    case = make_case(fee_earner=alice, first_name="Priya", last_name="Sharma")
    client = case.client
    client.postcode, client.email = "LS6 2AB", "priya.sharma@example.com"
    client.phone = uk.normalise_phone("07911 123456")
    client.save()
    case.claimant_vehicle.registration = "YK22LMN"
    case.claimant_vehicle.save()
    DefendantVehicle.objects.create(case=case, registration="MA19XYZ")
    PortalClaim.objects.create(case=case, portal=Portal.OIC, claim_id="OIC-24680", status="Pending-Liability")
    return case


@pytest.fixture
def others(alice, bob):
    other = make_case(fee_earner=bob, first_name="Tom", last_name="Okonjo")
    other.client.phone = uk.normalise_phone("0113 496 0457")
    other.client.save()
    return [other, make_case(fee_earner=alice, first_name="Ann", last_name="Lee")]


def _found(user, query):
    return [case.reference for case in case_list(user=user, query=query)]


@pytest.mark.parametrize(
    "query",
    [
        "sharma",
        "Priya Sharma",
        "ls6 2ab",
        "LS62AB",
        "priya.sharma@example.com",
        "@example.com sharma",
        "07911 123456",
        "07911123456",
        "+44 7911 123456",
        "+447911123456",
        "123456",
        "yk22 lmn",
        "YK22LMN",
        "ma19 xyz",
        "OIC-24680",
        "oic-24680",
        "24680",
    ],
)
def test_each_thing_a_fee_earner_has_to_hand_finds_the_case(alice, priya, others, query):
    assert _found(alice, query) == [priya.reference]


def test_every_word_must_match(alice, priya, others):
    assert _found(alice, "Sharma YK22") == [priya.reference]
    assert _found(alice, "Sharma Okonjo") == []


def test_a_phone_number_typed_with_spaces_finds_its_owner_only(alice, priya, others):
    assert _found(alice, "0113 496 0457") == [others[0].reference]
    assert _found(alice, "(0113) 496-0457") == [others[0].reference]


def test_an_earlier_claim_left_by_portal_reset_still_finds_the_case(alice, priya):
    PortalClaim.objects.filter(case=priya).update(is_active=False)
    assert _found(alice, "OIC-24680") == [priya.reference]


def test_another_teams_case_is_never_found(charlie, priya):
    assert _found(charlie, "OIC-24680") == []


def test_the_search_is_one_query_for_the_page_and_one_for_its_count(alice_client, priya, others):
    with CaptureQueriesContext(connection) as few:
        alice_client.get("/cases/", {"q": "Okonjo Lee"})
    with CaptureQueriesContext(connection) as searched:
        alice_client.get("/cases/", {"q": "0113 496 0457 example YK22 OIC"})
    assert len(searched.captured_queries) == len(few.captured_queries)


def test_one_match_opens_the_case(alice_client, priya, others):
    response = alice_client.get("/cases/", {"q": " OIC-24680 "})
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{priya.reference}/details/"


def test_several_matches_are_listed(alice_client, alice, priya, others):
    make_case(fee_earner=alice, first_name="Ravi", last_name="Sharma")
    response = alice_client.get("/cases/", {"q": "sharma"})
    assert response.status_code == 200
    assert priya.reference in response.content.decode()

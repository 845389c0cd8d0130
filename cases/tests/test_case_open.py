import re

from cases.models import Accident, Case, CaseEvent, Portal
from tests.factories import make_case


def test_it_opens_a_case_with_a_reference_and_every_part(alice):
    case = make_case(fee_earner=alice)
    assert re.fullmatch(r"CD-\d{4}-\d{6}", case.reference)
    assert case.team == alice.team
    assert case.status == Case.Status.NEW
    assert Accident.objects.filter(case=case).exists()
    assert case.claimant_vehicle and case.insurer and case.treatment and case.replacement_vehicle
    event = CaseEvent.objects.get(case=case)
    assert event.kind == "case.opened" and event.actor == alice


def test_references_are_sequential_and_unique(alice):
    first, second = make_case(fee_earner=alice), make_case(fee_earner=alice)
    assert int(second.reference[-6:]) == int(first.reference[-6:]) + 1


def test_the_new_case_form_opens_a_case_for_the_chosen_portal(alice_client, alice, bob):
    response = alice_client.post(
        "/cases/new/",
        {
            "portal": Portal.CLAIMS_PORTAL,
            "fee_earner": bob.pk,
            "title": "Mr",
            "first_name": "Tom",
            "last_name": "Jones",
        },
    )
    case = Case.objects.get(client__last_name="Jones")
    assert response["Location"] == f"/cases/{case.reference}/details/"
    assert case.portal == Portal.CLAIMS_PORTAL and case.fee_earner == bob


def test_the_new_case_form_refuses_a_fee_earner_of_another_team(alice_client, charlie):
    response = alice_client.post(
        "/cases/new/",
        {"portal": Portal.OIC, "fee_earner": charlie.pk, "first_name": "Tom", "last_name": "Jones"},
    )
    assert response.status_code == 400
    assert "fee_earner" in response.context["form"].errors
    assert not Case.objects.exists()


def test_the_case_list_finds_a_case_by_client_name(alice_client, alice):
    make_case(fee_earner=alice, first_name="Zebedee", last_name="Quill")
    make_case(fee_earner=alice, first_name="Zara", last_name="Quilliam")
    make_case(fee_earner=alice, first_name="Other", last_name="Person")
    response = alice_client.get("/cases/", {"q": "quill"})
    assert sorted(c.client.last_name for c in response.context["page"]) == ["Quill", "Quilliam"]

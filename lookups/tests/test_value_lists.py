from lookups.models import LookupValue, ValueList


def test_every_list_ships_with_values(db):
    for value_list in ValueList.values:
        assert LookupValue.objects.filter(value_list=value_list, active=True).count() >= 5


def test_an_administrator_adds_and_retires_a_value(client, sign_in, ada):
    sign_in(client, ada)
    response = client.post("/value-lists/body_part/", {"code": "Jaw", "label": "Jaw", "sort_order": 5})
    assert response.status_code == 302
    value = LookupValue.objects.get(value_list="body_part", code="Jaw")
    client.post(f"/value-lists/values/{value.pk}/", {"label": "Jaw", "sort_order": 5})  # active unticked
    value.refresh_from_db()
    assert not value.active


def test_codes_are_unique_within_a_list(client, sign_in, ada):
    sign_in(client, ada)
    response = client.post(
        "/value-lists/body_part/", {"code": "neck", "label": "Neck again", "sort_order": 1}
    )
    assert response.status_code == 200
    assert "already has a value with that code" in response.content.decode()


def test_a_retired_value_stays_on_the_case_that_has_it_but_is_not_offered_to_others(alice_client, alice):
    from tests.factories import fill_case, make_case

    case = fill_case(make_case(fee_earner=alice))
    status = case.client.employment_status
    status.active = False
    status.save()
    own = alice_client.get(f"/cases/{case.reference}/details/").content.decode()
    other = alice_client.get(f"/cases/{make_case(fee_earner=alice).reference}/details/").content.decode()
    assert status.label in own
    assert status.label not in other


def test_an_unknown_list_is_404(client, sign_in, ada):
    sign_in(client, ada)
    assert client.get("/value-lists/not_a_list/").status_code == 404

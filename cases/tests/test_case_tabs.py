"""The tabs: saving good data, refusing bad data with field errors and no partial write."""

import datetime as dt

import pytest
from django.utils import timezone

from cases.models import CaseEvent, Injury, Loss
from lookups.models import ValueList
from tests.factories import lookup


def details_data(case, **overrides):
    """A complete, valid Case Details post for ``case`` (no defendant vehicles)."""
    data = {
        "client-title": "Ms",
        "client-first_name": "Jane",
        "client-last_name": "Doe",
        "client-date_of_birth": "1985-04-12",
        "client-ni_number": "AB123456C",
        "client-no_ni_reason": "",
        "client-address_line1": "1 Park Row",
        "client-address_line2": "",
        "client-town": "Leeds",
        "client-county": "",
        "client-postcode": "ls1 5hd",
        "client-phone": "0113 496 0123",
        "client-email": "jane@example.com",
        "client-employment_status": lookup(ValueList.EMPLOYMENT_STATUS, "Employed").pk,
        "client-occupation": "Nurse",
        "accident-occurred_at": (timezone.localtime() - dt.timedelta(days=10)).strftime("%Y-%m-%dT%H:%M"),
        "accident-accident_type": lookup(ValueList.ACCIDENT_TYPE, "HitInRear").pk,
        "accident-description": "Hit in the rear.",
        "accident-location": "Leeds",
        "accident-in_england_or_wales": "on",
        "accident-police_reference": "",
        "accident-police_station": "",
        "accident-witness_details": "",
        "vehicle-involvement": "Driver",
        "vehicle-vehicle_type": "Car",
        "vehicle-registration": "yk21 abc",
        "vehicle-make_model": "Ford Fiesta",
        "vehicle-ownership": "Owner",
        "vehicle-seat_belt_worn": "yes",
        "vehicle-occupants": "1",
        "insurer-name": "Aviva",
        "insurer-policy_number": "P1",
        "insurer-reference": "",
        "insurer-claim_handler": "",
        "defendants-TOTAL_FORMS": "0",
        "defendants-INITIAL_FORMS": "0",
        "defendants-MIN_NUM_FORMS": "0",
        "defendants-MAX_NUM_FORMS": "10",
    }
    data.update(overrides)
    return data


def test_case_details_save_normalises_and_records_history(alice_client, alice_case):
    response = alice_client.post(f"/cases/{alice_case.reference}/details/", details_data(alice_case))
    assert response.status_code == 302
    alice_case.client.refresh_from_db()
    assert alice_case.client.postcode == "LS1 5HD"
    assert alice_case.client.phone == "+441134960123"
    assert alice_case.claimant_vehicle.__class__.objects.get(case=alice_case).registration == "YK21ABC"
    event = CaseEvent.objects.filter(case=alice_case, kind="case.updated").get()
    fields = {(c["section"], c["field"]): c for c in event.changes}
    assert fields[("Client", "Postcode")] == {
        "section": "Client",
        "field": "Postcode",
        "before": "",
        "after": "LS1 5HD",
    }
    assert event.actor.username == "alice"


def test_sensitive_values_are_masked_in_history(alice_client, alice_case):
    alice_client.post(f"/cases/{alice_case.reference}/details/", details_data(alice_case))
    event = CaseEvent.objects.get(case=alice_case, kind="case.updated")
    ni = next(c for c in event.changes if c["field"] == "National Insurance number")
    assert ni["after"] == "(set)" and "AB123456C" not in str(event.changes)


def test_saving_unchanged_details_records_nothing(alice_client, alice_case):
    alice_client.post(f"/cases/{alice_case.reference}/details/", details_data(alice_case))
    alice_client.post(f"/cases/{alice_case.reference}/details/", details_data(alice_case))
    assert CaseEvent.objects.filter(case=alice_case, kind="case.updated").count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("client-postcode", "LS1", "valid UK postcode"),
        ("client-phone", "12345", "phone number"),
        ("client-email", "not-an-email", "valid email"),
        ("client-date_of_birth", (dt.date.today() + dt.timedelta(days=2)).isoformat(), "future"),
        (
            "accident-occurred_at",
            (timezone.localtime() + dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
            "future",
        ),
        ("client-ni_number", "AB12", "National Insurance"),
        ("vehicle-registration", "TOO LONG REG 1", "registration"),
        ("client-first_name", "", "required"),
    ],
)
def test_bad_details_get_a_field_error_and_nothing_is_written(
    alice_client, alice_case, field, value, message
):
    data = details_data(alice_case, **{field: value})
    response = alice_client.post(f"/cases/{alice_case.reference}/details/", data)
    assert response.status_code == 400
    assert message.lower() in response.content.decode().lower()
    alice_case.client.refresh_from_db()
    assert alice_case.client.town == ""  # the valid parts of the same post were not saved either
    assert not CaseEvent.objects.filter(case=alice_case, kind="case.updated").exists()


def test_a_client_under_18_shows_a_warning(alice_client, alice_case):
    young = (timezone.localdate() - dt.timedelta(days=365 * 16)).isoformat()
    alice_client.post(
        f"/cases/{alice_case.reference}/details/", details_data(alice_case, **{"client-date_of_birth": young})
    )
    response = alice_client.get(f"/cases/{alice_case.reference}/details/")
    assert "under 18" in response.content.decode()


def test_an_adult_client_shows_no_age_warning(alice_client, alice_case):
    alice_client.post(f"/cases/{alice_case.reference}/details/", details_data(alice_case))
    assert "under 18" not in alice_client.get(f"/cases/{alice_case.reference}/details/").content.decode()


def injury_data(rows, **extra):
    data = {
        "injuries-TOTAL_FORMS": str(len(rows)),
        "injuries-INITIAL_FORMS": "0",
        "injuries-MIN_NUM_FORMS": "0",
        "injuries-MAX_NUM_FORMS": "30",
        "treatment-nights_in_hospital": "0",
        "treatment-days_off_work": "0",
        "treatment-hospital_name": "",
        "treatment-treatment_notes": "",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"injuries-{i}-{key}"] = value
    data.update(extra)
    return data


def test_injuries_are_added_with_treatment(alice_client, alice_case):
    neck = lookup(ValueList.BODY_PART, "Neck").pk
    rows = [
        {
            "body_part": neck,
            "is_whiplash": "on",
            "prognosis_months": "6",
            "exceptionally_severe_description": "",
            "exceptional_circumstances_description": "",
        }
    ]
    response = alice_client.post(
        f"/cases/{alice_case.reference}/injury/",
        injury_data(
            rows,
            **{
                "treatment-gp_attended": "on",
                "treatment-time_off_work": "on",
                "treatment-days_off_work": "3",
            },
        ),
    )
    assert response.status_code == 302
    injury = Injury.objects.get(case=alice_case)
    assert injury.prognosis_months == 6 and injury.is_whiplash
    alice_case.treatment.refresh_from_db()
    assert alice_case.treatment.days_off_work == 3


def test_exceptional_severity_needs_a_description(alice_client, alice_case):
    neck = lookup(ValueList.BODY_PART, "Neck").pk
    rows = [
        {
            "body_part": neck,
            "prognosis_months": "6",
            "exceptionally_severe": "on",
            "exceptionally_severe_description": "",
            "exceptional_circumstances_description": "",
        }
    ]
    response = alice_client.post(f"/cases/{alice_case.reference}/injury/", injury_data(rows))
    assert response.status_code == 400
    assert "Describe why the injury is exceptionally severe" in response.content.decode()
    assert not Injury.objects.exists()


def test_a_bad_treatment_value_keeps_good_injuries_unsaved(alice_client, alice_case):
    neck = lookup(ValueList.BODY_PART, "Neck").pk
    rows = [
        {
            "body_part": neck,
            "prognosis_months": "6",
            "exceptionally_severe_description": "",
            "exceptional_circumstances_description": "",
        }
    ]
    response = alice_client.post(
        f"/cases/{alice_case.reference}/injury/", injury_data(rows, **{"treatment-days_off_work": "-3"})
    )
    assert response.status_code == 400
    assert not Injury.objects.exists()


def test_replacement_vehicle_needs_a_reason_when_not_needed(alice_client, alice_case):
    url = f"/cases/{alice_case.reference}/replacement-vehicle/"
    response = alice_client.post(url, {"repair_help_needed": "false", "hire_vehicle_needed": "true"})
    assert response.status_code == 400
    assert "Choose why no repair help is needed" in response.content.decode()
    reason = lookup(ValueList.NO_REPAIR_REASON, "WrittenOff").pk
    ok = alice_client.post(
        url, {"repair_help_needed": "false", "no_repair_reason": reason, "hire_vehicle_needed": "true"}
    )
    assert ok.status_code == 302
    alice_case.replacement_vehicle.refresh_from_db()
    assert alice_case.replacement_vehicle.repair_help_needed is False
    assert alice_case.replacement_vehicle.no_repair_reason.code == "WrittenOff"


def test_losses_are_added_and_removed_with_history(alice_client, alice_case):
    excess = lookup(ValueList.LOSS_TYPE, "PolicyExcess").pk
    url = f"/cases/{alice_case.reference}/losses/"
    management = {"losses-INITIAL_FORMS": "0", "losses-MIN_NUM_FORMS": "0", "losses-MAX_NUM_FORMS": "50"}
    alice_client.post(
        url,
        {
            **management,
            "losses-TOTAL_FORMS": "1",
            "losses-0-loss_type": excess,
            "losses-0-amount": "250.00",
            "losses-0-description": "",
        },
    )
    loss = Loss.objects.get(case=alice_case)
    alice_client.post(
        url,
        {
            **management,
            "losses-INITIAL_FORMS": "1",
            "losses-TOTAL_FORMS": "1",
            "losses-0-id": loss.pk,
            "losses-0-loss_type": excess,
            "losses-0-amount": "250.00",
            "losses-0-description": "",
            "losses-0-DELETE": "on",
        },
    )
    assert not Loss.objects.exists()
    fields = [c["field"] for e in alice_case.events.filter(kind="case.updated") for c in e.changes]
    assert sorted(fields) == ["Added", "Removed"]


@pytest.mark.parametrize("amount", ["-5", "abc", "100000000000"])
def test_bad_loss_amounts_are_refused(alice_client, alice_case, amount):
    excess = lookup(ValueList.LOSS_TYPE, "PolicyExcess").pk
    response = alice_client.post(
        f"/cases/{alice_case.reference}/losses/",
        {
            "losses-INITIAL_FORMS": "0",
            "losses-MIN_NUM_FORMS": "0",
            "losses-MAX_NUM_FORMS": "50",
            "losses-TOTAL_FORMS": "1",
            "losses-0-loss_type": excess,
            "losses-0-amount": amount,
        },
    )
    assert response.status_code == 400
    assert not Loss.objects.exists()


def test_a_note_is_added_and_recorded(alice_client, alice_case):
    alice_client.post(f"/cases/{alice_case.reference}/notes/", {"body": "Spoke to the client."})
    assert alice_case.notes.get().body == "Spoke to the client."
    assert alice_case.events.filter(kind="note.added").exists()


def test_an_empty_note_is_refused(alice_client, alice_case):
    response = alice_client.post(f"/cases/{alice_case.reference}/notes/", {"body": "   "})
    assert response.status_code == 400
    assert not alice_case.notes.exists()

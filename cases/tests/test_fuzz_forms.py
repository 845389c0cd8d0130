"""Generated input for the case tabs: never a server error, and a refused save changes nothing."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases.models import CaseEvent, Injury, Loss
from cases.tests.test_case_tabs import details_data, injury_data

FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
text = st.text(max_size=300)
junk = st.one_of(
    text,
    st.integers().map(str),
    st.floats(allow_nan=True).map(str),
    st.just(""),
    st.dates(min_value=dt.date(1, 1, 1)).map(str),
    st.sampled_from(["\x00", "' OR 1=1 --", "<script>"]),
)
DETAIL_FIELDS = [
    "client-postcode",
    "client-phone",
    "client-email",
    "client-date_of_birth",
    "client-ni_number",
    "client-first_name",
    "client-employment_status",
    "accident-occurred_at",
    "accident-accident_type",
    "vehicle-registration",
    "vehicle-occupants",
    "vehicle-vehicle_type",
    "defendants-TOTAL_FORMS",
]


def _state(case):
    case.client.refresh_from_db()
    return (
        [
            getattr(case.client, f.attname)
            for f in case.client._meta.concrete_fields
            if f.name != "updated_at"
        ],
        CaseEvent.objects.filter(case=case).count(),
    )


@FUZZ
@given(values=st.dictionaries(st.sampled_from(DETAIL_FIELDS), junk, min_size=1, max_size=5))
def test_case_details_never_fail_and_never_half_save(alice_client, alice_case, values):
    before = _state(alice_case)
    response = alice_client.post(
        f"/cases/{alice_case.reference}/details/", details_data(alice_case, **values)
    )
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert _state(alice_case) == before


@FUZZ
@given(
    prognosis=junk,
    days_off=junk,
    body_part=junk,
    nights=junk,
    total=st.sampled_from(["1", "0", "-1", "x", "99"]),
)
def test_the_injury_tab_never_fails_and_never_half_saves(
    alice_client, alice_case, prognosis, days_off, body_part, nights, total
):
    injuries = Injury.objects.filter(case=alice_case).count()
    rows = [
        {
            "body_part": body_part,
            "prognosis_months": prognosis,
            "exceptionally_severe_description": "",
            "exceptional_circumstances_description": "",
        }
    ]
    data = injury_data(
        rows,
        **{
            "treatment-days_off_work": days_off,
            "treatment-nights_in_hospital": nights,
            "injuries-TOTAL_FORMS": total,
        },
    )
    response = alice_client.post(f"/cases/{alice_case.reference}/injury/", data)
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert Injury.objects.filter(case=alice_case).count() == injuries


@FUZZ
@given(amount=junk, loss_type=junk, description=text)
def test_the_losses_tab_never_fails(alice_client, alice_case, amount, loss_type, description):
    losses = Loss.objects.filter(case=alice_case).count()
    data = {
        "losses-TOTAL_FORMS": "1",
        "losses-INITIAL_FORMS": "0",
        "losses-MIN_NUM_FORMS": "0",
        "losses-MAX_NUM_FORMS": "50",
        "losses-0-loss_type": loss_type,
        "losses-0-amount": amount,
        "losses-0-description": description,
    }
    response = alice_client.post(f"/cases/{alice_case.reference}/losses/", data)
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert Loss.objects.filter(case=alice_case).count() == losses


@pytest.mark.parametrize(
    ("path", "error"),
    [
        ("/cases/?q=%00", "Search: Null characters are not allowed."),
        ("/cases/?page=-1", "Page: Ensure this value is greater than or equal to 1."),
        ("/cases/?fee_earner=abc", "Fee earner: Select a valid choice."),
        ("/tasks/?page=x", "Page: Enter a whole number."),
        ("/tasks/?show=everything", "Show: Show open, done or all tasks: “everything” is not one of them."),
        ("/cases/?status=" + "x" * 5000, "Status: Select a valid choice."),
    ],
)
def test_odd_query_strings_get_the_page_with_a_clear_error(alice_client, path, error):
    response = alice_client.get(path)
    assert response.status_code == 400
    assert error in response.content.decode()

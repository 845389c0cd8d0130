"""Marker values planted through the screens must appear in no database row, log line, history row
or error page: the NI number and medical free text (encrypted at rest) and the portal secret."""

import logging

import pytest
from django.db import connection

from cases.models import CaseEvent
from lookups.models import ValueList
from tests.factories import lookup

NI = "CK998877A"
MEDICAL = "MARKER-MEDICAL-7731"
TREATMENT = "MARKER-TREATMENT-5519"
SECRET = "MARKER-SECRET-4402"
MARKERS = (NI, MEDICAL, TREATMENT, SECRET)


def _every_stored_value() -> str:
    """What a database dump would contain: every row of every table, raw."""
    parts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - our own table names
            parts.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(parts)


@pytest.fixture
def planted(client, sign_in, alice, ada, alice_case, caplog):
    caplog.set_level(logging.DEBUG)
    from cases.tests.test_case_tabs import details_data, injury_data

    sign_in(client, alice)
    assert (
        client.post(
            f"/cases/{alice_case.reference}/details/", details_data(alice_case, **{"client-ni_number": NI})
        ).status_code
        == 302
    )
    rows = [
        {
            "body_part": lookup(ValueList.BODY_PART, "Neck").pk,
            "prognosis_months": "6",
            "exceptionally_severe": "on",
            "exceptionally_severe_description": MEDICAL,
            "exceptional_circumstances_description": "",
        }
    ]
    response = client.post(
        f"/cases/{alice_case.reference}/injury/",
        injury_data(rows, **{"treatment-treatment_notes": TREATMENT}),
    )
    assert response.status_code == 302
    client.get(f"/cases/{alice_case.reference}/history/")
    sign_in(client, ada)
    client.post(
        "/portal-settings/oic/",
        {"url": "http://127.0.0.1:9", "client_id": "firm-id", "client_secret": SECRET},
    )
    client.post(
        "/portal-settings/oic/test/"
    )  # fails (nothing listens): its message must not carry the secret
    return client


def test_the_values_are_really_stored_and_readable_by_the_app(planted, alice_case):
    alice_case.client.refresh_from_db()
    assert alice_case.client.ni_number == NI
    assert alice_case.injuries.get().exceptionally_severe_description == MEDICAL


def test_no_marker_is_in_the_database_in_clear(planted):
    dump = _every_stored_value()
    for marker in MARKERS:
        assert marker not in dump, marker


def test_no_marker_is_in_the_history(planted, alice_case):
    history = repr(list(CaseEvent.objects.values_list("summary", "changes")))
    for marker in MARKERS:
        assert marker not in history


def test_no_marker_is_in_any_log_line(planted, caplog):
    records = caplog.get_records("setup")  # everything the planting flows logged, at every level
    assert records, "the flows above should have logged something"
    logged = "\n".join(f"{r.getMessage()} {r.exc_text or ''}" for r in records)
    for marker in MARKERS:
        assert marker not in logged


def test_an_error_page_shows_none_of_the_posted_data(client, sign_in, alice, alice_case, monkeypatch, caplog):
    from cases import services
    from cases.tests.test_case_tabs import details_data

    def broken(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "case_sections_save", broken)
    sign_in(client, alice)
    client.raise_request_exception = False
    response = client.post(
        f"/cases/{alice_case.reference}/details/", details_data(alice_case, **{"client-ni_number": NI})
    )
    assert response.status_code == 500
    assert NI not in response.content.decode() and "Traceback" not in response.content.decode()
    assert NI not in caplog.text


def test_the_portal_settings_page_never_echoes_the_secret(planted):
    page = planted.get("/portal-settings/oic/").content.decode()
    assert SECRET not in page and "firm-id" not in page

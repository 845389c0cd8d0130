"""What the case screens show: the header after a refused save, the fields the portal needs, and the
history's filters."""

import datetime as dt
import re

from django.db import connection
from django.utils import timezone

from cases.models import CaseEvent
from cases.services import note_add
from cases.tests.test_case_tabs import details_data
from portal.models import PortalClaim, PortalUpdate
from portal.services.updates import update_record


def _header(page: str) -> str:
    return page.split('aria-label="Case summary"', 1)[1].split("</section>", 1)[0]


def test_a_refused_save_leaves_the_header_as_it_is_saved(alice_client, alice_case):
    changes = {
        "client-first_name": "Janet",
        "client-postcode": "LS6 XYZ",
        "accident-occurred_at": "2026-01-02T08:30",
    }
    data = details_data(alice_case, **changes)
    response = alice_client.post(f"/cases/{alice_case.reference}/details/", data)
    assert response.status_code == 400
    page = response.content.decode()
    header = _header(page)
    assert "Jane Doe" in header and "Janet" not in header
    assert "02/01/2026" not in header  # the refused accident date is not shown as the case's
    assert 'value="Janet"' in page  # the form keeps what was typed, to correct it


def test_phone_email_and_postcode_say_the_portal_needs_them(alice_client, alice_case):
    page = alice_client.get(f"/cases/{alice_case.reference}/details/").content.decode()
    for name in ("postcode", "phone", "email"):
        field = re.search(rf'<input[^>]*name="client-{name}"[^>]*>', page).group(0)
        assert f'aria-describedby="id_client-{name}_helptext"' in field
        help_text = re.search(rf'id="id_client-{name}_helptext">([^<]*)<', page).group(1)
        assert help_text.startswith("Needed for the portal")
    assert page.count('class="portal-tag"') == 3


def test_opening_the_case_marks_its_portal_updates_seen(alice_client, alice, alice_case):
    claim = PortalClaim.objects.create(
        case=alice_case, portal="oic", claim_id="OIC-1", status="Pending-Liability"
    )
    update_record(claim=claim, kind=PortalUpdate.Kind.STATUS, summary="Status now Pending-Liability")
    alice_client.get(f"/cases/{alice_case.reference}/injury/")
    assert PortalUpdate.objects.filter(seen_at__isnull=True).count() == 1  # another tab: still news
    alice_client.get(f"/cases/{alice_case.reference}/details/")
    assert PortalUpdate.objects.filter(seen_at__isnull=True).count() == 0


def _history(client, case, **params):
    return client.get(f"/cases/{case.reference}/history/", params)


def _rows(response) -> list[str]:
    return [event.summary for event in response.context["page"]]


def test_the_history_filters_by_kind_person_and_day(alice_client, alice, bob, alice_case):
    note_add(case=alice_case, body="Alice's note", acting_user=alice)
    note_add(case=alice_case, body="Bob's note", acting_user=bob)
    note_add(case=alice_case, body="An old note", acting_user=bob)
    _backdate("Note added: An old note", timezone.now() - dt.timedelta(days=30))

    assert len(_rows(_history(alice_client, alice_case, kind="note.added"))) == 3
    assert _rows(_history(alice_client, alice_case, kind="note.added", who=f"user:{alice.pk}")) == [
        "Note added: Alice's note"
    ]
    today = timezone.localdate().isoformat()
    recent = _rows(_history(alice_client, alice_case, kind="note.added", day_from=today, day_to=today))
    assert sorted(recent) == ["Note added: Alice's note", "Note added: Bob's note"]
    assert f'value="user:{bob.pk}"' in _history(alice_client, alice_case).content.decode()


def _backdate(summary: str, when) -> None:
    """History rows are append-only in the application: test set-up moves one by SQL."""
    event = CaseEvent.objects.get(summary=summary)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE cases_caseevent SET created_at = %s WHERE id = %s", [when, event.pk])


def test_bad_history_filters_are_explained_never_a_crash(alice_client, alice_case):
    for params in (
        {"day_from": "yesterday"},
        {"kind": "no.such.kind"},
        {"who": "user:99999"},
        {"day_from": "2026-05-02", "day_to": "2026-05-01"},
        {"page": "x", "day_to": "31/02/2026"},
    ):
        response = _history(alice_client, alice_case, **params)
        assert response.status_code == 400, params
        assert response.context["form"].errors
        assert 'class="errors"' in response.content.decode()
    response = _history(alice_client, alice_case, day_from="2026-05-02", day_to="2026-05-01")
    assert "The end date is before the start date." in response.content.decode()

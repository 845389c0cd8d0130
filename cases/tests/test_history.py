import pytest

from cases.models import CaseEvent


def test_history_rows_cannot_be_changed_or_deleted(alice_case):
    event = alice_case.events.get()
    event.summary = "rewritten"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        CaseEvent.objects.filter(pk=event.pk).update(summary="rewritten")
    with pytest.raises(PermissionError):
        CaseEvent.objects.filter(pk=event.pk).delete()


def test_the_history_tab_shows_who_did_what(alice_client, alice_case):
    alice_client.post(f"/cases/{alice_case.reference}/notes/", {"body": "Called the client."})
    page = alice_client.get(f"/cases/{alice_case.reference}/history/").content.decode()
    assert "Note added: Called the client." in page
    assert "Case opened for" in page


def test_closing_and_reopening_are_recorded(alice_client, alice_case):
    alice_client.post(f"/cases/{alice_case.reference}/options/close/", {"outcome": "Client withdrew"})
    alice_case.refresh_from_db()
    assert alice_case.status == "closed"
    alice_client.post(f"/cases/{alice_case.reference}/options/reopen/")
    alice_case.refresh_from_db()
    assert alice_case.status == "new"
    assert list(alice_case.events.values_list("kind", flat=True)[:2]) == ["case.reopened", "case.closed"]

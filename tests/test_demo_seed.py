"""The demo firm `make run` seeds: its cases are filled in through the same services users call."""

import io

from django.core.management import call_command

from cases.models import Case, CaseEvent


def test_it_seeds_filled_in_cases(db, monkeypatch):
    monkeypatch.setenv("CLAIMDESK_DEMO_PASSWORD", "Demo-password-for-tests")
    monkeypatch.delenv("CLAIMDESK_DEMO_OIC_URL", raising=False)
    call_command("demo_seed", "--cases", "5", stdout=io.StringIO())

    assert Case.objects.count() == 5
    filled = Case.objects.exclude(client__postcode="")
    assert filled.count() == 4  # a fifth of the cases are left freshly opened
    # each filled case's tabs saved once, through the service that records the history
    tabs = CaseEvent.objects.filter(case__in=filled, kind="case.updated", summary__contains="Client")
    assert sorted(tabs.values_list("case_id", flat=True)) == sorted(filled.values_list("pk", flat=True))

    call_command("demo_seed", "--cases", "5", stdout=io.StringIO())  # safe to run again
    assert Case.objects.count() == 5

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
    assert CaseEvent.objects.filter(case__in=filled, kind="case.updated").count() == 4

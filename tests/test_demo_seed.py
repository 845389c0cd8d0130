"""The demo firm `make run` seeds: its cases are filled in through the same services users call."""

import io

from django.core.management import call_command

from cases.models import Case, CaseEvent, Portal
from portal.models import PortalClaim, PortalConnection
from tests.claims_portal_sim import CP_CLIENT_ID, CP_CLIENT_SECRET, CP_LOGIN_AS
from tests.simulator import CLIENT_ID, CLIENT_SECRET, portal_differences


def test_it_seeds_filled_in_cases(db, monkeypatch):
    monkeypatch.setenv("CLAIMDESK_DEMO_PASSWORD", "Demo-password-for-tests")
    monkeypatch.delenv("CLAIMDESK_DEMO_OIC_URL", raising=False)
    monkeypatch.delenv("CLAIMDESK_DEMO_CP_URL", raising=False)
    call_command("demo_seed", "--cases", "5", stdout=io.StringIO())

    assert Case.objects.count() == 5
    filled = Case.objects.exclude(client__postcode="")
    assert filled.count() == 4  # a fifth of the cases are left freshly opened
    # each filled case's tabs saved once, through the service that records the history
    tabs = CaseEvent.objects.filter(case__in=filled, kind="case.updated", summary__contains="Client")
    assert sorted(tabs.values_list("case_id", flat=True)) == sorted(filled.values_list("pk", flat=True))

    call_command("demo_seed", "--cases", "5", stdout=io.StringIO())  # safe to run again
    assert Case.objects.count() == 5


def test_it_puts_demo_claims_on_both_portals_as_make_run_does(
    db, monkeypatch, sim, sim_control, cp_sim, cp_control
):
    monkeypatch.setenv("CLAIMDESK_DEMO_PASSWORD", "Demo-password-for-tests")
    demo = {
        "CLAIMDESK_DEMO_OIC_URL": sim.url,
        "CLAIMDESK_DEMO_OIC_CLIENT_ID": CLIENT_ID,
        "CLAIMDESK_DEMO_OIC_CLIENT_SECRET": CLIENT_SECRET,
        "CLAIMDESK_DEMO_CP_URL": cp_sim.url,
        "CLAIMDESK_DEMO_CP_CLIENT_ID": CP_CLIENT_ID,
        "CLAIMDESK_DEMO_CP_CLIENT_SECRET": CP_CLIENT_SECRET,
        "CLAIMDESK_DEMO_CP_LOGIN_AS": CP_LOGIN_AS,
    }
    for name, value in demo.items():
        monkeypatch.setenv(name, value)
    out = io.StringIO()
    call_command("demo_seed", stdout=out)

    claims = PortalClaim.objects.filter(is_active=True)
    for portal in (Portal.OIC, Portal.CLAIMS_PORTAL):
        on_portal = claims.filter(portal=portal)
        assert on_portal.exists(), f"no demo claim on {portal}: {out.getvalue()}"
        # every demo claim is the portal's own, as the portal now tells it
        assert portal_differences(portal) == [], portal
    assert PortalConnection.objects.filter(portal=Portal.CLAIMS_PORTAL, login_as=CP_LOGIN_AS).exists()

"""The dashboard's cost does not grow with the number of cases, it is cached per team (or fee earner),
it never counts another team's work, exports hold what the page shows, and a second portal
(the Claims Portal, once its rules are installed) is counted with no change to supervision."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from cases.models import Portal
from portal import registry
from portal.base import Actor, Outcome, StatusInfo
from supervision.selectors import portals as portal_selectors
from supervision.selectors.dashboard import dashboard, dashboard_build
from supervision.selectors.scope import scope_for
from supervision.tests.builders import make_claim, status_of, task
from tests import factories


def _populate(user, count):
    waiting = status_of("oic", stage="Liability", next_actor="compensator")
    for _ in range(count):
        case = factories.make_case(fee_earner=user)
        make_claim(case, waiting)
        task(case, due=dt.date.today())


def _queries(scope) -> int:
    dashboard_build(scope)  # snapshots and limitation dates brought up to date first
    with CaptureQueriesContext(connection) as queries:
        dashboard_build(scope)
    return len(queries)


def test_the_query_count_does_not_grow_with_the_cases(alice, sue):
    _populate(alice, 3)
    few = _queries(scope_for(sue))
    _populate(alice, 30)
    assert _queries(scope_for(sue)) == few
    assert few <= 25


def test_figures_are_cached_per_team_and_per_fee_earner(alice, sue, settings):
    settings.SUPERVISION_CACHE_SECONDS = 300
    cache.clear()
    _populate(alice, 2)
    first = dashboard(scope_for(sue))
    with CaptureQueriesContext(connection) as queries:
        again = dashboard(scope_for(sue))
    assert len(queries) == 0 and again["as_of"] == first["as_of"]
    assert dashboard(scope_for(alice))["whole_team"] is False  # a fee earner has her own entry


def test_another_teams_supervisor_sees_none_of_it(alice, charlie, client, sign_in):
    _populate(alice, 2)
    bravo_sup = factories.make_user(team=charlie.team, role="Supervisor", username="bsup")
    data = dashboard_build(scope_for(bravo_sup))
    assert data["portals"][0]["total"] == 0 and data["tasks"] == []
    sign_in(client, bravo_sup)
    listed = client.get("/supervision/lists/stage/", {"portal": "oic", "stage": "Liability"})
    assert listed.context["page"].paginator.count == 0
    # Naming another team's fee earner is refused, not silently answered.
    assert client.get("/supervision/lists/tasks_overdue/", {"fee_earner": alice.pk}).status_code == 400


def test_exports_hold_the_rows_with_dates_and_money(alice, sue, client, sign_in):
    from django.utils import timezone

    settled = status_of("oic", stage="Closed", outcome="settled")
    now = timezone.now()
    case = factories.make_case(fee_earner=alice, title="", first_name="=cmd|", last_name="Smith")
    make_claim(case, settled, since=now, settled_amount=Decimal("1234.56"), settled_at=now)
    sign_in(client, sue)
    page = client.get("/supervision/lists/settled/")
    assert "£1,234.56" in page.content.decode()
    rows = list(
        csv.reader(
            io.StringIO(
                client.get("/supervision/lists/settled/", {"format": "csv"}).content.decode("utf-8-sig")
            )
        )
    )
    assert rows[0][:5] == ["Case", "Client", "Fee earner", "Settled on", "Settled (£)"]
    assert rows[1][0] == case.reference and rows[1][4] == "1234.56"
    assert rows[1][1].startswith("'")  # a formula-looking name is written as text
    xlsx = client.get("/supervision/lists/settled/", {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[1][0] == case.reference and values[1][4] == pytest.approx(1234.56)
    assert sheet.cell(row=2, column=5).number_format == '"£"#,##0.00'


class ClaimsPortalRules:
    """A stand-in for the Claims Portal's rules: its own stage names and status codes."""

    portal = Portal.CLAIMS_PORTAL
    _statuses = [
        StatusInfo("CP-Notified", "Claim notified", "Stage 1", Actor.COMPENSATOR),
        StatusInfo("CP-Stage2", "Stage 2 pack", "Stage 2", Actor.US),
        StatusInfo("CP-Closed", "Settled", "Closed", Actor.NOBODY, Outcome.SETTLED),
    ]

    def statuses(self):
        return self._statuses

    def status(self, code):
        return next(
            (s for s in self._statuses if s.code == code), StatusInfo(code, code, "Not known", Actor.PORTAL)
        )


@pytest.fixture
def two_portals(monkeypatch):
    monkeypatch.setitem(registry._INSTALLED, Portal.CLAIMS_PORTAL, ("x", "y", "z"))
    real_rules_for = registry.rules_for

    def rules_for(portal):
        return ClaimsPortalRules() if portal == Portal.CLAIMS_PORTAL else real_rules_for(portal)

    for module in (
        "portal.registry",
        "supervision.selectors.portals",
        "supervision.selectors.reports",
        "supervision.tests.builders",
    ):
        monkeypatch.setattr(f"{module}.rules_for", rules_for)
    portal_selectors.portal_statuses.cache_clear()
    yield
    portal_selectors.portal_statuses.cache_clear()


def test_both_portals_are_counted_by_their_own_stages(two_portals, alice, sue, client, sign_in):
    oic = factories.make_case(fee_earner=alice)
    make_claim(oic, status_of("oic", stage="Liability", next_actor="compensator"))
    for code in ("CP-Notified", "CP-Notified", "CP-Stage2"):
        make_claim(factories.make_case(fee_earner=alice, portal=Portal.CLAIMS_PORTAL), code)
    data = dashboard_build(scope_for(sue))
    by_portal = {p["portal"]: {s["stage"]: s["claims"] for s in p["stages"]} for p in data["portals"]}
    assert by_portal["claims_portal"] == {"Stage 1": 2, "Stage 2": 1}
    assert by_portal["oic"]["Liability"] == 1
    sign_in(client, sue)
    listed = client.get("/supervision/lists/stage/", {"portal": "claims_portal", "stage": "Stage 1"})
    assert listed.context["page"].paginator.count == 2
    assert "Claims Portal: claims by stage" in client.get("/supervision/").content.decode()

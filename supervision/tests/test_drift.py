"""The drift report: each check against hand-built data, lines kept while they last, reviews recorded,
no other team's line ever shown, and the nightly sync runs it."""

import datetime as dt

import pytest
from django.test import override_settings
from django.utils import timezone

from cases.models import Case, CaseEvent
from supervision.models import DriftCheck, DriftItem
from supervision.services.drift import drift_report_run
from supervision.tests.builders import inbound_message, make_claim, portal_task, status_of
from tests import factories


def _kinds(case):
    return set(DriftItem.objects.filter(case=case, resolved_at__isnull=True).values_list("kind", flat=True))


@pytest.fixture
def sue_client(client, sue, sign_in):
    return sign_in(client, sue)


def test_closed_here_but_open_on_the_portal_and_the_reverse(alice):
    closed_here = factories.make_case(fee_earner=alice)
    make_claim(closed_here, status_of("oic", stage="Liability", next_actor="compensator"))
    Case.objects.filter(pk=closed_here.pk).update(status=Case.Status.CLOSED)
    open_here = factories.make_case(fee_earner=alice)
    make_claim(open_here, status_of("oic", stage="Closed", outcome="exited"))
    Case.objects.filter(pk=open_here.pk).update(status=Case.Status.IN_PORTAL)
    in_step = factories.make_case(fee_earner=alice)
    make_claim(in_step, status_of("oic", stage="Closed", outcome="settled"))
    drift_report_run()
    assert _kinds(closed_here) == {DriftCheck.CLOSED_HERE_OPEN_ON_PORTAL}
    assert _kinds(open_here) == {DriftCheck.CLOSED_ON_PORTAL_OPEN_HERE}
    assert _kinds(in_step) == set()


@override_settings(DRIFT_MEDICAL_REPORT_DAYS=30)
def test_medical_stage_with_no_report_after_n_days(alice):
    now = timezone.now()
    medical = status_of("oic", stage="Medical", next_actor="us")
    late = factories.make_case(fee_earner=alice)
    late_claim = make_claim(late, medical, since=now - dt.timedelta(days=31))
    portal_task(late, late_claim, due=timezone.localdate())
    with_report = factories.make_case(fee_earner=alice)
    claim = make_claim(with_report, medical, since=now - dt.timedelta(days=40))
    claim.facts = {"reports": [{"reference": "MR1", "expert": "Dr Jones"}]}
    claim.save()
    portal_task(with_report, claim, due=timezone.localdate())
    recent = factories.make_case(fee_earner=alice)
    recent_claim = make_claim(recent, medical, since=now - dt.timedelta(days=29))
    portal_task(recent, recent_claim, due=timezone.localdate())
    drift_report_run()
    assert _kinds(late) == {DriftCheck.NO_MEDICAL_REPORT}
    assert _kinds(with_report) == _kinds(recent) == set()


@override_settings(DRIFT_UNREAD_MESSAGE_DAYS=5)
def test_unread_portal_messages_older_than_n_days(alice):
    now = timezone.now()
    waiting = status_of("oic", stage="Liability", next_actor="compensator")
    old_unread = factories.make_case(fee_earner=alice)
    inbound_message(make_claim(old_unread, waiting), received=now - dt.timedelta(days=6))
    old_read = factories.make_case(fee_earner=alice)
    inbound_message(make_claim(old_read, waiting), received=now - dt.timedelta(days=6), opened=True)
    fresh = factories.make_case(fee_earner=alice)
    inbound_message(make_claim(fresh, waiting), received=now - dt.timedelta(days=4))
    drift_report_run()
    assert _kinds(old_unread) == {DriftCheck.UNREAD_MESSAGES}
    assert _kinds(old_read) == _kinds(fresh) == set()


def test_the_portal_waits_on_us_with_no_open_task_and_a_task_on_a_closed_claim(alice):
    ours = status_of("oic", stage="Medical", next_actor="us")
    no_task = factories.make_case(fee_earner=alice)
    make_claim(no_task, ours)
    with_task = factories.make_case(fee_earner=alice)
    portal_task(with_task, make_claim(with_task, ours), due=timezone.localdate())
    pending_new = factories.make_case(fee_earner=alice)
    make_claim(pending_new, status_of("oic", awaits_completion=True))  # counted as Pending-New instead
    closed = factories.make_case(fee_earner=alice)
    portal_task(
        closed,
        make_claim(closed, status_of("oic", stage="Closed", outcome="settled")),
        due=timezone.localdate(),
    )
    drift_report_run()
    assert _kinds(no_task) == {DriftCheck.DEADLINE_WITHOUT_TASK}
    assert _kinds(with_task) == _kinds(pending_new) == set()
    assert _kinds(closed) == {DriftCheck.TASK_ON_CLOSED_CLAIM}


def test_lines_are_kept_once_resolved_when_put_right_and_reviews_are_recorded(alice, sue, sue_client):
    case = factories.make_case(fee_earner=alice)
    make_claim(case, status_of("oic", stage="Medical", next_actor="us"))
    first = drift_report_run()
    again = drift_report_run()
    assert (first.new, again.new, again.found) == (1, 0, 1)
    item = DriftItem.objects.get()
    response = sue_client.post(f"/supervision/drift/{item.pk}/review/", {"note": "Chased the client"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.reviewed_by == sue and item.review_note == "Chased the client"
    assert CaseEvent.objects.filter(case=case, kind="drift.reviewed", actor=sue).exists()
    assert sue_client.get("/supervision/drift/").context["page"].paginator.count == 0  # reviewed
    assert sue_client.get("/supervision/drift/", {"show": "reviewed"}).context["page"].paginator.count == 1
    portal_task(case, case.portal_claims.get(), due=timezone.localdate())
    assert drift_report_run().resolved == 1
    item.refresh_from_db()
    assert item.resolved_at is not None


def test_no_line_of_another_team_is_ever_shown_or_reviewable(charlie, alice, client, sign_in):
    case = factories.make_case(fee_earner=alice)
    make_claim(case, status_of("oic", stage="Medical", next_actor="us"))
    drift_report_run()
    item = DriftItem.objects.get()
    sign_in(client, charlie)
    assert client.get("/supervision/drift/").context["page"].paginator.count == 0
    assert client.post(f"/supervision/drift/{item.pk}/review/", {"note": "x"}).status_code == 404
    csv = client.get("/supervision/drift/", {"format": "csv", "show": "all"}).content.decode("utf-8-sig")
    assert case.reference not in csv


def test_only_supervisors_run_it_on_demand_and_it_exports(client, sign_in, alice, sue):
    case = factories.make_case(fee_earner=alice)
    make_claim(case, status_of("oic", stage="Medical", next_actor="us"))
    assert sign_in(client, alice).post("/supervision/drift/run/").status_code == 403
    sue_client = sign_in(client, sue)
    assert sue_client.post("/supervision/drift/run/").status_code == 302
    csv = sue_client.get("/supervision/drift/", {"format": "csv"}).content.decode("utf-8-sig")
    assert case.reference in csv and "The portal waits on us" in csv


def test_the_nightly_sync_runs_the_drift_report(alice):
    from portal.tasks import nightly_sync

    case = factories.make_case(fee_earner=alice)
    make_claim(case, status_of("oic", stage="Medical", next_actor="us"))
    nightly_sync.enqueue("", "manual")
    assert _kinds(case) == {DriftCheck.DEADLINE_WITHOUT_TASK}

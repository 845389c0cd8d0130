"""Telling fee earners what the portal changed: announced with the change, seen when the case is
opened, e-mailed once a day — and not e-mailed to a fee earner who pulled the change in herself."""

import pytest
from django.core import mail

from portal.models import PortalDigest, PortalUpdate
from portal.services import nightly
from portal.services.claims import claim_resync
from portal.services.updates import digests_send
from tests.simulator import claims_on_portal

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("restored_value_lists")]


def test_each_fee_earner_gets_one_digest_of_her_cases_once(alice, bob, oic, sim_control, settings):
    settings.CLAIMDESK_BASE_URL = "https://claimdesk.firm.example:8443"
    alices = claims_on_portal(alice, sim_control, 2)
    [bobs] = claims_on_portal(bob, sim_control, 1)
    nightly.run_portal(portal="oic")
    digests_send()
    mail.outbox.clear()
    for claim in [*alices, bobs]:
        sim_control.act(claim.claim_id, "message", category="CompResponseCategory", note="Overnight news")
    nightly.run_portal(portal="oic")
    assert digests_send() == 2
    by_person = {message.to[0]: message for message in mail.outbox}
    assert set(by_person) == {alice.email, bob.email}
    assert all(c.case.reference in by_person[alice.email].body for c in alices)
    assert bobs.case.reference not in by_person[alice.email].body  # each hears of her own cases only
    assert "https://claimdesk.firm.example:8443/tasks/" in by_person[alice.email].body
    assert (
        by_person[alice.email].extra_headers["Message-ID"] != by_person[bob.email].extra_headers["Message-ID"]
    )
    assert digests_send() == 0 and len(mail.outbox) == 2  # never twice


def test_a_fee_earners_own_resync_is_not_emailed_to_her_but_a_colleagues_is(alice, sue, oic, sim_control):
    [claim] = claims_on_portal(alice, sim_control, 1)
    claim_resync(case=claim.case, acting_user=alice)
    digests_send()
    mail.outbox.clear()
    sim_control.act(claim.claim_id, "message", category="CompResponseCategory", note="Seen by Alice herself")
    claim_resync(case=claim.case, acting_user=alice)
    own = PortalUpdate.objects.filter(kind=PortalUpdate.Kind.MESSAGE).latest("id")
    assert own.seen_at is not None and not own.email_due
    assert digests_send() == 0
    sim_control.act(claim.claim_id, "message", category="CompResponseCategory", note="Pulled in by Sue")
    claim_resync(case=claim.case, acting_user=sue)
    assert digests_send() == 1 and mail.outbox[0].to == [alice.email]
    assert "Pulled in by Sue" in mail.outbox[0].body


def test_a_digest_that_could_not_be_sent_is_sent_later_not_lost(alice, oic, sim_control, settings):
    [claim] = claims_on_portal(alice, sim_control, 1)
    nightly.run_portal(portal="oic")
    digests_send()
    sim_control.act(claim.claim_id, "message", category="CompResponseCategory", note="Mail server down")
    nightly.run_portal(portal="oic")
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 1},
        }
    }
    assert digests_send() == 0
    assert PortalDigest.objects.filter(sent_at__isnull=True).count() == 1  # kept, with its updates
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    mail.outbox.clear()
    assert digests_send() == 1 and "Mail server down" in mail.outbox[0].body


def test_opening_the_case_marks_its_updates_seen_for_its_fee_earner_only(
    alice, sue, client, sign_in, oic, sim_control
):
    [claim] = claims_on_portal(alice, sim_control, 1)
    sim_control.act(claim.claim_id, "message", category="CompResponseCategory", note="Unseen")
    nightly.run_portal(portal="oic")
    unseen = PortalUpdate.objects.filter(case=claim.case, seen_at__isnull=True)
    assert unseen.exists()
    sign_in(client, sue).get(f"/cases/{claim.case.reference}/portal/docs/")
    assert unseen.exists()  # the supervisor's look is not the fee earner's
    sign_in(client, alice).get(f"/cases/{claim.case.reference}/portal/docs/")
    assert not unseen.exists()

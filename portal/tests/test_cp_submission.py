"""Submit to Claims Portal, over real HTTP against the Claims Portal simulator."""

from cases.models import Case
from portal.claims_portal.mapping import locate
from portal.models import PortalClaim, PortalOperation
from portal.templatetags.portal_tags import field_url

CONFIRM = {"consent": "on", "statement_of_truth": "on"}


def _submit(client, case):
    return client.post(f"/cases/{case.reference}/portal/submit/", CONFIRM, follow=True)


def test_submit_sends_the_claim_notification_form(alice_client, cp_case, claims_portal, cp_control):
    page = _submit(alice_client, cp_case).content.decode()
    claim = PortalClaim.objects.get(case=cp_case)
    assert claim.status == "ClaimSubmitted" and len(claim.claim_id) == 16
    assert f"Claim {claim.claim_id} submitted: status ClaimSubmitted" in page
    assert claim.portal_version  # the activityEngineGuid
    cp_case.refresh_from_db()
    assert (cp_case.status, cp_case.portal_status) == (Case.Status.IN_PORTAL, "ClaimSubmitted")
    [portal_claim] = cp_control.claims()
    assert portal_claim["applicationReferences"]["crReferenceNumber"] == cp_case.reference
    cnf = cp_control.claim(claim.claim_id)["claimNotificationForm"]
    assert cnf["defendant"]["insurer"]["organisationId"] == "COMP001"  # "Aviva", found by name
    assert cnf["claimant"]["forename"] == "Priya" and cnf["claimant"]["askCuePiReference"] == "CUE-123456"
    assert cnf["claimDetails"]["claimValue"] == 1
    assert PortalOperation.objects.get().state == PortalOperation.State.DONE


def test_the_pre_submission_check_lists_every_problem_with_links(
    alice_client, alice, claims_portal, cp_control
):
    from tests.factories import make_case

    case = make_case(fee_earner=alice, portal="claims_portal")
    page = alice_client.get(f"/cases/{case.reference}/portal/submit/").content.decode()
    assert "Submit to Claims Portal" in page
    for text, anchor in (
        ("choose the value of the claim", "details/#id_cp-value_band"),
        ("the AskCUE PI search reference is required", "details/#id_cp-ask_cue_reference"),
        ("say why the defendant is at fault", "details/#id_cp-liability_reasons"),
        ("the date of birth is missing", "details/#id_client-date_of_birth"),
        ("a valid UK postcode is required", "details/#id_client-postcode"),
        ("add the vehicle that caused the accident", "details/#id_defendants-TOTAL_FORMS"),
        ("add at least one injury", "injury/"),
        ("name the defendant&#x27;s insurer", "details/#id_insurer-name"),
    ):
        assert text in page, text
        assert f'href="/cases/{case.reference}/{anchor}"' in page, anchor
    _submit(alice_client, case)
    assert cp_control.claims() == []  # nothing was sent


def test_the_claims_portal_section_is_on_case_details_only_for_its_cases(alice_client, alice, cp_case):
    from tests.factories import make_case

    page = alice_client.get(f"/cases/{cp_case.reference}/details/").content.decode()
    assert "<legend>Claims Portal</legend>" in page and 'id="id_cp-value_band"' in page
    oic_case = make_case(fee_earner=alice)
    assert (
        "id_cp-value_band" not in alice_client.get(f"/cases/{oic_case.reference}/details/").content.decode()
    )


def test_the_claims_portal_section_saves_with_field_errors_and_history(alice_client, cp_case):
    url = f"/cases/{cp_case.reference}/details/"
    form = _details_form(alice_client, url)
    form |= {"cp-oic_reference": "12345", "cp-ask_cue_reference": "CUE#1"}
    page = alice_client.post(url, form)
    assert page.status_code == 400
    text = page.content.decode()
    assert "An OIC reference looks like OIC-12345678." in text and "Use letters, digits" in text
    form |= {"cp-oic_reference": "OIC-123", "cp-ask_cue_reference": "CUE-999", "cp-value_band": "2"}
    assert alice_client.post(url, form).status_code == 302
    cp_case.claims_portal.refresh_from_db()
    assert (cp_case.claims_portal.value_band, cp_case.claims_portal.oic_reference) == (2, "OIC-123")
    event = cp_case.events.get(kind="case.updated")
    assert {(c["section"], c["field"]) for c in event.changes} >= {
        ("Claims Portal", "Value of the claim"),
        ("Claims Portal", "OIC reference"),
        ("Claims Portal", "AskCUE PI search reference"),
    }


def _details_form(client, url) -> dict:
    """The Case Details form as the browser would post it back unchanged."""
    import re

    html = client.get(url).content.decode()
    form = {}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html):
        form[name] = value
    for name, body in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        form[name] = body.strip()
    for name, options in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', options)
        form[name] = chosen[1] if chosen else ""
    for name in re.findall(r'<input type="checkbox" name="([^"]+)"[^>]*checked', html):
        form[name] = "on"
    form.pop("csrfmiddlewaretoken", None)
    return {k: v.replace("&#x27;", "'").replace("&amp;", "&") for k, v in form.items()}


def test_portal_validation_errors_are_shown_against_the_fields_and_nothing_changes(
    alice_client, cp_case, claims_portal, cp_control
):
    client = cp_case.client
    client.occupation = "Senior consultant in paediatric intensive care medicine"  # over the CNF's 50
    client.save()
    page = _submit(alice_client, cp_case).content.decode()
    assert "The portal refused the claim" in page
    assert "claimant.occupation" in page
    assert f'/cases/{cp_case.reference}/details/#id_client-occupation"' in page
    cp_case.refresh_from_db()
    assert cp_case.status == Case.Status.NEW and not PortalClaim.objects.exists()
    assert PortalOperation.objects.get().state == PortalOperation.State.REJECTED
    assert cp_case.events.filter(kind="portal.error", summary__contains="refused").exists()


def test_an_insurer_the_portal_does_not_know_is_refused_against_the_insurer(
    alice_client, cp_case, claims_portal, cp_control
):
    cp_case.insurer.name = "Obscure Mutual of Nowhere"
    cp_case.insurer.save()
    page = _submit(alice_client, cp_case).content.decode()
    assert "no compensator called" in page
    assert f'/cases/{cp_case.reference}/details/#id_insurer-name"' in page
    assert cp_control.claims() == []


def test_an_ambiguous_insurer_lists_the_candidates_and_their_id_settles_it(
    alice_client, cp_case, claims_portal, cp_control
):
    cp_case.insurer.name = "Insurance"
    cp_case.insurer.save()
    page = _submit(alice_client, cp_case).content.decode()
    assert "matches several compensators" in page and "AXA Insurance UK plc (COMP004)" in page
    assert f'/cases/{cp_case.reference}/details/#id_cp-compensator_id"' in page
    cp_case.claims_portal.compensator_id = "COMP004"
    cp_case.claims_portal.save()
    _submit(alice_client, cp_case)
    claim = PortalClaim.objects.get(case=cp_case)
    assert cp_control.claim(claim.claim_id)["claimNotificationForm"]["defendant"]["insurer"][
        "organisationId"
    ] == ("COMP004")


def test_the_compensators_acknowledgement_shows_after_a_resync(
    alice_client, cp_case, claims_portal, cp_control
):
    _submit(alice_client, cp_case)
    claim = PortalClaim.objects.get(case=cp_case)
    page = alice_client.get(f"/cases/{cp_case.reference}/details/").content.decode()
    assert "Complete Submission" not in page  # one step: the claim is sent
    cp_control.act(claim.claim_id, "acceptClaim", insurerClaimReferenceNumber="AV-778899")
    done = alice_client.post(f"/cases/{cp_case.reference}/portal/resync/", follow=True).content.decode()
    claim.refresh_from_db()
    assert claim.status == "Article75Decision"
    assert claim.compensator_name == "Aviva Insurance Limited" and claim.compensator_reference == "AV-778899"
    assert claim.liability_deadline is not None
    assert "Aviva Insurance Limited" in done


def test_a_case_already_on_the_portal_is_not_submitted_again(
    alice_client, cp_case, claims_portal, cp_control
):
    _submit(alice_client, cp_case)
    _submit(alice_client, cp_case)
    assert len(cp_control.claims()) == 1


def test_a_refused_firm_detail_links_to_the_claims_portal_settings(cp_case):
    where = locate("claimantRepresentative.telephoneNumber")
    assert (where.tab, field_url(where, cp_case)) == ("Portal settings", "/portal-settings/claims_portal/")

"""The portal's web pages: listing, the claim page, its forms and downloads."""

import io

from simulators.common.testing import HTTP
from simulators.oic.tests.conftest import scnf, submitted


def test_the_claim_list_links_to_each_claim(sim, portal):
    claim_id = portal.create()["claimID"]
    page = HTTP.get(sim.url + "/portal/")
    assert page.status_code == 200
    assert "SIMULATED PORTAL" in page.text
    assert f'href="/portal/claims/{claim_id}"' in page.text
    assert claim_id not in HTTP.get(sim.url + "/portal/", params={"q": "nothing-like-it"}).text


def test_the_claim_page_shows_the_claim_and_escapes_everything(sim, portal, control):
    form = scnf(**{"accident.description": "<script>alert('x')</script>"})
    claim_id = submitted(portal, control, form)["claimID"]
    control.act(claim_id, "liability", decision="denied", justification="We <b>deny</b> it.")
    page = HTTP.get(f"{sim.url}/portal/claims/{claim_id}").text
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert "We &lt;b&gt;deny&lt;/b&gt; it." in page
    assert "Pending-LiabilityRejected" in page
    assert "Accept the denial or take the claim to court" in page  # the open assignment
    assert "Aviva Insurance Limited" in page


def test_a_user_can_act_through_the_page_forms(sim, portal, control):
    claim_id = portal.create()["claimID"]
    control.advance(minutes=2)
    done = HTTP.post(
        f"{sim.url}/portal/claims/{claim_id}/actions/complete-submission", follow_redirects=False
    )
    assert done.status_code == 303
    assert portal.claim(claim_id)["claimStatus"] == "Pending-Liability"
    control.act(claim_id, "liability", decision="denied", justification="No.")
    HTTP.post(f"{sim.url}/portal/claims/{claim_id}/actions/liability-reply", data={"action": "acceptdenial"})
    assert portal.claim(claim_id)["claimStatus"] == "Pending-RejectedLiability"


def test_form_errors_come_back_on_the_page(sim, portal):
    claim_id = portal.create()["claimID"]
    response = HTTP.post(
        f"{sim.url}/portal/claims/{claim_id}/actions/complete-submission", follow_redirects=True
    )
    assert "still being processed" in response.text
    assert 'class="error"' in response.text


def test_documents_can_be_uploaded_and_downloaded(sim, portal, control):
    claim_id = submitted(portal, control)["claimID"]
    control.act(claim_id, "liability", decision="admitted")
    files = {"file": ("report.pdf", io.BytesIO(b"%PDF-1.4 own report"), "application/pdf")}
    HTTP.post(
        f"{sim.url}/portal/claims/{claim_id}/actions/medical-report",
        data={"prognosisMonths": "6"},
        files=files,
    )
    claim = portal.claim(claim_id)
    assert claim["claimStatus"] == "Pending-CheckMedical"
    report_id = claim["medicalReports"][0]["attachmentID"]
    download = HTTP.get(f"{sim.url}/portal/attachments/{report_id}")
    assert download.content == b"%PDF-1.4 own report"
    assert download.headers["Content-Disposition"] == "attachment; filename*=UTF-8''report.pdf"


def test_unknown_claims_get_an_html_404(sim):
    response = HTTP.get(sim.url + "/portal/claims/OIC-404")
    assert response.status_code == 404
    assert "text/html" in response.headers["Content-Type"]

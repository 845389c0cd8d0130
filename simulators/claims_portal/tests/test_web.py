"""The portal's web pages: where "Manage on Portal" lands."""

from simulators.claims_portal.tests.conftest import at_phase, cnf
from simulators.common.testing import HTTP


def test_the_claim_list_links_to_each_claim(sim, portal):
    application_id = portal.add()["applicationId"]
    page = HTTP.get(sim.url + "/portal/")
    assert page.status_code == 200
    assert "SIMULATED PORTAL" in page.text
    assert f'href="/portal/claims/{application_id}"' in page.text
    assert application_id not in HTTP.get(sim.url + "/portal/", params={"q": "nothing-like-it"}).text


def test_the_claim_page_shows_the_claim_and_escapes_everything(sim, portal, control):
    form = cnf(**{"accident.description": "<script>alert('x')</script>"})
    application_id = at_phase(portal, control, "Stage2SettlementPackCounterOfferDecision", form)
    page = HTTP.get(f"{sim.url}/portal/claims/{application_id}")
    assert page.status_code == 200
    assert "SIMULATED PORTAL" in page.text
    assert "<script>alert" not in page.text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page.text
    assert "Stage 2 Settlement Pack counter offer decision" in page.text
    assert "waiting for the claimant representative" in page.text
    assert "£2500.00" in page.text
    assert "Aviva Insurance Limited" in page.text
    assert "addStage2SPFResponse" in page.text  # the process history


def test_documents_download_from_the_page(sim, portal, control):
    application_id = portal.add()["applicationId"]
    page = HTTP.get(f"{sim.url}/portal/claims/{application_id}").text
    document_id = portal.get(f"/api/v1/claims/{application_id}/documents").json()["documents"][0][
        "printableDocumentId"
    ]
    assert f'href="/portal/documents/{document_id}"' in page
    download = HTTP.get(f"{sim.url}/portal/documents/{document_id}")
    assert download.content.startswith(b"%PDF-")


def test_unknown_claims_get_an_html_404(sim):
    response = HTTP.get(sim.url + "/portal/claims/0000000000000404")
    assert response.status_code == 404
    assert "text/html" in response.headers["Content-Type"]
    assert "SIMULATED PORTAL" in response.text

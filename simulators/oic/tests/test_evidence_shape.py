"""The evidence shape: only the addresses, fields and formats public integration code shows.

Every request here goes through the endpoint table of ``GET /_sim/endpoints``, as ClaimDesk's
adapter does, so the table and the routes are tested together.
"""

import base64
import itertools
import re

import pytest

from simulators.common.testing import HTTP
from simulators.oic.tests.conftest import CLIENT_ID, scnf

PEGA = re.compile(r"^\d{8}T\d{6}\.\d{3} GMT$")
DAY_START = "20250303T000000.000 GMT"
PDF = base64.b64encode(b"%PDF-1.4 evidence").decode()


class Evidence:
    """The portal API of the evidence shape, called by operation name."""

    def __init__(self, portal, control):
        self.portal = portal
        self.control = control
        self.table = control.ok("GET", "/_sim/endpoints")["endpoints"]
        self._references = itertools.count(1)

    def call(self, operation: str, ident: str | None = None, **kwargs):
        """One operation; ``ident`` replaces the path's ``{...}`` id."""
        method, path = self.table[operation]["method"], self.table[operation]["path"]
        if ident is not None:
            path = re.sub(r"\{\w+\}$", ident, path)
        return self.portal.request(method, path, **kwargs)

    def ok(self, operation: str, ident: str | None = None, **kwargs) -> dict:
        """An operation that must succeed."""
        response = self.call(operation, ident, **kwargs)
        assert response.status_code < 300, response.text
        return response.json()

    def submitted(self) -> str:
        """A claim with its compensator (Pending-Liability); returns its id."""
        reference = f"DLL-{next(self._references):04d}"
        claim_id = self.ok("create_claim", json=scnf(clientReference=reference))["claimID"]
        self.control.advance(minutes=2)
        self.ok("complete_submission", claim_id)
        return claim_id

    def status(self, claim_id: str) -> str:
        """The claim's status, from Get Claim Details."""
        return self.ok("claim_details", claim_id)["claimStatus"]


@pytest.fixture
def evidence(portal, control):
    """The simulator switched to the evidence shape, and its API by operation name."""
    assert control.ok("PUT", "/_sim/config", json={"shape": "evidence"})["shape"] == "evidence"
    return Evidence(portal, control)


def _feed(evidence, operation: str, **params) -> dict:
    return evidence.ok(operation, params={"dateFrom": DAY_START, **params})


def test_every_evidence_address_ends_with_its_id(control):
    tables = {
        shape: control.ok("GET", "/_sim/endpoints", params={"shape": shape})
        for shape in ("evidence", "claimdesk")
    }
    evidence_paths = [entry["path"] for entry in tables["evidence"]["endpoints"].values()]
    assert all("{" not in path or re.fullmatch(r"[^{}]*/\{\w+\}", path) for path in evidence_paths)
    assert all(entry["method"] in ("GET", "POST") for entry in tables["evidence"]["endpoints"].values())
    claimdesk_paths = [entry["path"] for entry in tables["claimdesk"]["endpoints"].values()]
    assert any(re.search(r"\}/", path) for path in claimdesk_paths)  # the default shape has ids mid-path
    shared = set(evidence_paths) & set(claimdesk_paths)
    assert shared == {"/oauth/token"}


def test_only_the_current_shapes_family_is_served(evidence, portal, control):
    claim_id = evidence.submitted()
    claimdesk = control.ok("GET", "/_sim/endpoints", params={"shape": "claimdesk"})["endpoints"]

    def addresses(table):
        for operation, entry in table.items():
            if operation != "token":
                yield entry["method"], re.sub(r"\{\w+\}", claim_id, entry["path"])

    for method, path in addresses(claimdesk):
        response = portal.request(method, path, json={})
        assert response.status_code == 404, (method, path)
        assert response.json()["error"] == "not_found"
    assert evidence.call("claim_details", claim_id).status_code == 200

    control.ok("PUT", "/_sim/config", json={"shape": "claimdesk"})
    for method, path in addresses(evidence.table):
        assert portal.request(method, path, json={}).status_code == 404, (method, path)
    assert portal.get(f"/api/v1/claims/{claim_id}").status_code == 200


def test_claims_are_created_found_and_located_by_id_last_addresses(evidence):
    created = evidence.call("create_claim", json=scnf())
    claim_id = created.json()["claimID"]
    found = evidence.ok("find_claims", params={"clientReference": "DLL-0001"})["results"]
    assert created.status_code == 201
    assert created.headers["Location"] == f"/api/v1/claimdetails/{claim_id}"
    assert created.json()["createdDateTime"] == "20250303T090000.000 GMT"
    assert [claim["claimID"] for claim in found] == [claim_id]


def test_claim_details_carry_no_claim_id_and_nest_the_nahl_fields(evidence, control):
    claim_id = evidence.submitted()
    control.act(claim_id, "liability", decision="admitted")
    body = evidence.ok("claim_details", claim_id)
    details = body["claimDetails"]

    assert "claimID" not in body
    assert set(body) == {
        "claimStatus",
        "compensatorOrgName",
        "isClaimWithinCluster",
        "claimDetails",
        "medical",
    }
    assert set(details) == {
        "claimReferenceNumber",
        "claimHandlerName",
        "claimHandlerPhone",
        "claimHandlerEmail",
        "insurerPolicyNumber",
        "insurerId",
        "isCompensatorMIB",
        "withdrawalReason",
        "withdrawalMotivation",
        "liability",
    }
    assert details["isCompensatorMIB"] is False
    assert details["liability"]["liabilityDecision"] == "Liability admitted in full"
    assert "courtClaimNumber" not in details["liability"]
    assert PEGA.match(details["liability"]["liabilityHistory"][0]["actionedOn"])
    assert body["medical"] == [{"medicalID": f"{claim_id}-MED1"}]
    medical = evidence.ok("claim_details", f"{claim_id}-MED1")
    assert medical["medicalClaimDetails"] == {"medicalClaimID": f"{claim_id}-MED1", "parentClaimID": claim_id}


def test_a_challenge_claim_links_its_parent_without_ids(evidence, control):
    claim_id = evidence.submitted()
    control.act(
        claim_id, "liability", decision="admitted_in_part", percentage=70, justification="Late braking."
    )
    evidence.ok(
        "liability_reply",
        claim_id,
        json={"action": "challengepartialliability", "comment": "No.", "percentage": 90},
    )
    challenge = evidence.ok("claim_details", f"{claim_id}-CL1")
    assert challenge["parentClaimDetails"]["claimStatus"] == "Pending-MedicalPartLiable"
    assert "claimID" not in challenge["parentClaimDetails"]
    assert challenge["challengeLiabilityDetails"] == {"content": {"liabilityPercentageAdmittedByComp": 70}}


def test_feeds_take_and_give_pega_datetimes(evidence, portal):
    evidence.submitted()
    iso = portal.get(evidence.table["notifications"]["path"], params={"dateFrom": "2025-03-03T00:00:00Z"})
    missing = portal.get(evidence.table["assignments"]["path"])
    bad_time = portal.get(
        evidence.table["assignments"]["path"], params={"dateFrom": DAY_START, "timeFrom": "9am"}
    )
    for response in (iso, missing, bad_time):
        assert response.status_code == 400
        assert response.json()["error"] == "invalid_parameter"
    notifications = _feed(evidence, "notifications")["notifications"]
    assert notifications and all(PEGA.match(item["createdDateTime"]) for item in notifications)
    assert notifications[0]["createdDateTime"] == "20250303T090200.000 GMT"


def test_notifications_are_sentences_without_ids_or_paging(evidence, control):
    claim_id = evidence.submitted()  # a status change and its system message, at 09:02
    control.advance(minutes=5)  # the SCNF document appears at 09:05
    evidence.ok("add_losses", claim_id, json={"losses": [{"lossType": "Medication", "amount": 4.5}]})
    body = _feed(evidence, "notifications", pageSize=1, page=2)

    assert set(body) == {"notifications"}
    assert all(
        set(item) == {"claimID", "NotificationType", "createdDateTime"} for item in body["notifications"]
    )
    assert [item["NotificationType"] for item in body["notifications"]] == [
        "A new message has been added to the claim",
        "A new document has been added to the claim",
        "New loss(es) have been added to the claim",
    ]  # no notification of the status change itself, and page/pageSize have no effect
    window = _feed(
        evidence, "notifications", dateFrom="20250303T090500.000 GMT", dateTo="20250303T090700.000 GMT"
    )
    assert [item["createdDateTime"] for item in window["notifications"]] == ["20250303T090500.000 GMT"]


def test_assignments_have_no_status_and_disappear_when_done(evidence, control):
    claim_id = evidence.submitted()
    control.act(claim_id, "liability", decision="denied", justification="Not our fault.")
    control.advance(hours=1)
    listed = _feed(evidence, "assignments")
    assert set(listed) == {"assignments"}
    (assignment,) = listed["assignments"]
    assert set(assignment) == {
        "claimID",
        "assignmentID",
        "instructions",
        "createdDateTime",
        "deadlineDateTime",
        "goalDateTime",
    }
    assert assignment["claimID"] == claim_id
    assert assignment["createdDateTime"] == "20250303T090200.000 GMT"
    assert PEGA.match(assignment["deadlineDateTime"]) and PEGA.match(assignment["goalDateTime"])
    assert (
        _feed(evidence, "assignments", timeFrom="09:02:01")["assignments"] == []
    )  # created before the window

    evidence.ok("liability_reply", claim_id, json={"action": "acceptdenial"})
    assert _feed(evidence, "assignments")["assignments"] == []


def test_messages_and_documents_have_exactly_the_nahl_fields(evidence):
    claim_id = evidence.ok("create_claim", json=scnf())["claimID"]
    sent = evidence.ok("add_message", claim_id, json={"category": "General", "note": "Hello"})
    listed = evidence.ok("message_list", claim_id)["results"]
    message = evidence.ok("message", sent["id"])
    uploaded = evidence.ok(
        "add_attachment",
        claim_id,
        json={"fileName": "a.pdf", "category": "Other", "memo": "m", "fileStream": PDF},
    )
    documents = evidence.ok("attachment_list", claim_id)["results"]
    document = evidence.ok("attachment", uploaded["id"])

    assert listed == [{"id": sent["id"], "category": "General", "createDateTime": "20250303T090000.000 GMT"}]
    assert set(message) == {"messageInfo", "author", "note"}
    assert message["messageInfo"] == {
        "id": sent["id"],
        "category": "General",
        "createdDateTime": "20250303T090000.000 GMT",
    }
    assert documents == [
        {
            "id": uploaded["id"],
            "category": "Other",
            "fileName": "a.pdf",
            "memo": "m",
            "createDateTime": "20250303T090000.000 GMT",
        }
    ]
    assert set(document) == {"fileInfo", "fileStream"}
    assert set(document["fileInfo"]) == {"fileName", "createdDateTime", "memo", "category", "id"}
    assert base64.b64decode(document["fileStream"]) == b"%PDF-1.4 evidence"


def test_a_removal_closes_the_claim_at_once_with_its_reason(evidence, control):
    claim_id = evidence.submitted()
    control.act(claim_id, "liability", decision="admitted")
    removed = control.act(claim_id, "remove", reason="ComplexIssues", note="Exaggerated injuries.")
    details = evidence.ok("claim_details", claim_id)
    assert removed["claimStatus"] == details["claimStatus"] == "Resolved-Removed"
    assert details["claimDetails"]["withdrawalReason"] == "ComplexIssues"
    assert details["claimDetails"]["withdrawalMotivation"] == "Exaggerated injuries."
    assert _feed(evidence, "assignments")["assignments"] == []  # the medical work item was cancelled
    categories = [item["category"] for item in evidence.ok("message_list", claim_id)["results"]]
    assert categories[-1] == "Claim Removed"
    acknowledge = evidence.call("acknowledge_removal", claim_id)
    assert (acknowledge.status_code, acknowledge.json()["error"]) == (409, "invalid_status")


@pytest.mark.parametrize(
    ("decision", "status"),
    [
        (
            {"decision": "admitted_in_part", "percentage": 60, "justification": "Both to blame."},
            "Pending-MedicalPartLiable",
        ),
        (
            {"decision": "causation_disputed", "percentage": 60, "justification": "Low speed."},
            "Pending-MedPartCausation",
        ),
        ({"decision": "causation_disputed", "justification": "Low speed."}, "Pending-MedCausation"),
    ],
    ids=["part-liable", "part-causation", "full-causation"],
)
def test_the_medical_stage_uses_the_ui_test_statuses(evidence, control, decision, status):
    claim_id = evidence.submitted()
    control.act(claim_id, "liability", **decision)
    assert evidence.status(claim_id) == status
    (assignment,) = _feed(evidence, "assignments")["assignments"]
    assert "Obtain a medical report" in assignment["instructions"]
    report = {"fileName": "r.pdf", "fileStream": PDF, "prognosisMonths": 6}
    evidence.ok("medical_report", claim_id, json=report)
    assert evidence.status(claim_id) == "Pending-CheckMedical"


def _at_offer(evidence, control) -> str:
    claim_id = evidence.submitted()
    control.act(claim_id, "liability", decision="admitted")
    control.act(claim_id, "medical-report", prognosisMonths=6)
    evidence.ok("medical_review", claim_id, json={"action": "accept"})
    evidence.ok("medical_review", claim_id, json={"action": "proceed"})
    control.act(claim_id, "offer", tariffAmount=520, nonTariffAmount=300)
    return claim_id


def _to_court(evidence, control, claim_id) -> str:
    evidence.ok("offer_response", claim_id, json={"action": "court"})
    documents = [item["id"] for item in evidence.ok("attachment_list", claim_id)["results"]]
    evidence.ok("court_pack", claim_id, json={"action": "select", "documentIDs": documents})
    control.act(claim_id, "court", action="agree")
    evidence.ok("court_pack", claim_id, json={"action": "submit"})
    return evidence.status(claim_id)


def test_an_accepted_offer_waits_for_the_compensators_acknowledgement(evidence, control):
    claim_id = _at_offer(evidence, control)
    assert (
        evidence.ok("offer_response", claim_id, json={"action": "accept"})["claimStatus"]
        == "Pending-Acknowledgement"
    )
    assert control.act(claim_id, "acknowledge-offer")["claimStatus"] == "Resolved-Completed"


def test_court_on_the_offer_and_on_non_payment_close_as_the_ui_tests_show(evidence, control):
    assert _to_court(evidence, control, _at_offer(evidence, control)) == "Resolved-CourtOffer"
    unpaid = _at_offer(evidence, control)
    evidence.ok("offer_response", unpaid, json={"action": "accept"})
    assert _to_court(evidence, control, unpaid) == "Resolved-NonPayment"


@pytest.mark.parametrize("token", ["expired", "revoked", "unknown", "missing"])
def test_a_bad_token_gets_a_json_body_saying_invalid_token(sim, evidence, portal, control, token):
    headers = {"Authorization": f"Bearer {portal.token}"}
    if token == "expired":
        control.advance(seconds=3600)
    elif token == "revoked":
        control.ok("POST", "/_sim/tokens/revoke", json={"clientId": CLIENT_ID})
    elif token == "unknown":
        headers = {"Authorization": "Bearer not-a-token"}
    else:
        headers = {}
    response = HTTP.get(sim.url + evidence.table["withdrawal_reasons"]["path"], headers=headers)
    assert response.status_code == 401
    body = response.json()
    assert isinstance(body, dict)  # NAHL parses the body as a JSON object ...
    assert "Invalid token." in response.text  # ... and looks for this text, whatever the status


def test_the_shape_is_a_setting(control):
    assert control.ok("GET", "/_sim/config")["shape"] == "claimdesk"
    bad = control.put("/_sim/config", json={"shape": "stripe"})
    assert bad.status_code == 422
    assert bad.json()["problems"] == ["shape: must be one of claimdesk, evidence"]
    bad_table = control.get("/_sim/endpoints", params={"shape": "stripe"})
    assert bad_table.status_code == 400

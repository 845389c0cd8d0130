"""``GET /_sim/endpoints``: ClaimDesk's per-connection endpoint table, for each API shape."""

import re

import pytest

CLAIMDESK = {
    "token": ("POST", "/oauth/token"),
    "create_claim": ("POST", "/api/v1/claims"),
    "find_claims": ("GET", "/api/v1/claims"),
    "claim_details": ("GET", "/api/v1/claims/{claimID}"),
    "complete_submission": ("POST", "/api/v1/claims/{claimID}/complete-submission"),
    "withdraw": ("POST", "/api/v1/claims/{claimID}/withdraw"),
    "liability_reply": ("POST", "/api/v1/claims/{claimID}/liability-reply"),
    "offer_response": ("POST", "/api/v1/claims/{claimID}/offer-response"),
    "medical_report": ("POST", "/api/v1/claims/{claimID}/medical-report"),
    "medical_review": ("POST", "/api/v1/claims/{claimID}/medical-review"),
    "court_pack": ("POST", "/api/v1/claims/{claimID}/court-pack"),
    "reopen": ("POST", "/api/v1/claims/{claimID}/reopen"),
    "acknowledge_removal": ("POST", "/api/v1/claims/{claimID}/acknowledge-removal"),
    "add_losses": ("POST", "/api/v1/claims/{claimID}/losses"),
    "message_list": ("GET", "/api/v1/claims/{claimID}/messages"),
    "message": ("GET", "/api/v1/messages/{messageID}"),
    "add_message": ("POST", "/api/v1/claims/{claimID}/messages"),
    "attachment_list": ("GET", "/api/v1/claims/{claimID}/attachments"),
    "attachment": ("GET", "/api/v1/attachments/{attachmentID}"),
    "add_attachment": ("POST", "/api/v1/claims/{claimID}/attachments"),
    "notifications": ("GET", "/api/v1/notifications"),
    "assignments": ("GET", "/api/v1/assignments"),
    "withdrawal_reasons": ("GET", "/api/v1/reference/withdrawal-reasons"),
    "message_categories": ("GET", "/api/v1/reference/message-categories"),
    "attachment_categories": ("GET", "/api/v1/reference/attachment-categories"),
}
EVIDENCE = {
    "token": ("POST", "/oauth/token"),
    "create_claim": ("POST", "/api/v1/createclaim"),
    "find_claims": ("GET", "/api/v1/findclaims"),
    "claim_details": ("GET", "/api/v1/claimdetails/{claimID}"),
    "complete_submission": ("POST", "/api/v1/completesubmission/{claimID}"),
    "withdraw": ("POST", "/api/v1/withdrawclaim/{claimID}"),
    "liability_reply": ("POST", "/api/v1/liabilityreply/{claimID}"),
    "offer_response": ("POST", "/api/v1/offerresponse/{claimID}"),
    "medical_report": ("POST", "/api/v1/medicalreport/{claimID}"),
    "medical_review": ("POST", "/api/v1/medicalreview/{claimID}"),
    "court_pack": ("POST", "/api/v1/courtpack/{claimID}"),
    "reopen": ("POST", "/api/v1/reopenclaim/{claimID}"),
    "acknowledge_removal": ("POST", "/api/v1/acknowledgeremoval/{claimID}"),
    "add_losses": ("POST", "/api/v1/addlosses/{claimID}"),
    "message_list": ("GET", "/api/v1/messagelist/{claimID}"),
    "message": ("GET", "/api/v1/message/{messageID}"),
    "add_message": ("POST", "/api/v1/addmessage/{claimID}"),
    "attachment_list": ("GET", "/api/v1/attachmentlist/{claimID}"),
    "attachment": ("GET", "/api/v1/attachment/{attachmentID}"),
    "add_attachment": ("POST", "/api/v1/addattachment/{claimID}"),
    "notifications": ("GET", "/api/v1/notificationlist"),
    "assignments": ("GET", "/api/v1/assignmentlist"),
    "withdrawal_reasons": ("GET", "/api/v1/withdrawalreasons"),
    "message_categories": ("GET", "/api/v1/messagecategories"),
    "attachment_categories": ("GET", "/api/v1/attachmentcategories"),
}
TABLES = {"claimdesk": CLAIMDESK, "evidence": EVIDENCE}


def _table(expected: dict) -> dict:
    return {operation: {"method": method, "path": path} for operation, (method, path) in expected.items()}


@pytest.mark.parametrize("shape", ["claimdesk", "evidence"])
def test_the_table_follows_the_current_shape(control, shape):
    control.ok("PUT", "/_sim/config", json={"shape": shape})
    assert control.ok("GET", "/_sim/endpoints") == {"shape": shape, "endpoints": _table(TABLES[shape])}


def test_the_other_shapes_table_can_be_read_without_switching(control):
    assert control.ok("GET", "/_sim/endpoints", params={"shape": "evidence"})["endpoints"] == _table(EVIDENCE)
    assert control.ok("GET", "/_sim/config")["shape"] == "claimdesk"


@pytest.mark.parametrize("shape", ["claimdesk", "evidence"])
def test_every_address_in_the_table_is_served(portal, control, shape):
    """Each operation answers something other than a routing 404 or 405 at its address."""
    control.ok("PUT", "/_sim/config", json={"shape": shape})
    ids = {"claimID": "OIC-00000001", "messageID": "MSG-00000001", "attachmentID": "ATT-00000001"}
    control.ok(
        "POST", "/_sim/faults/next", json={"path": "^/api/", "fault": "error", "status": 599, "times": 100}
    )
    for operation, (method, path) in TABLES[shape].items():
        if operation == "token":
            continue
        address = re.sub(r"\{(\w+)\}", lambda match: ids[match[1]], path)
        # Every matched portal API route meets the queued fault first: 599 proves the route exists.
        assert portal.request(method, address).status_code == 599, (operation, method, address)

"""The OpenAPI document agrees with the code: value lists, idempotency, the evidence shape.

The checks every simulator's document passes are in simulators/common/tests/test_openapi.py.
"""

import yaml

from simulators.oic import reference
from simulators.oic.app import OPENAPI_PATH
from simulators.oic.compensator import ACTIONS
from simulators.oic.shapes import ENDPOINTS
from simulators.oic.tests.conftest import scnf

METHODS = {"get", "post", "put", "delete", "patch"}
DOCUMENT = yaml.safe_load(OPENAPI_PATH.read_text())
SCHEMAS = DOCUMENT["components"]["schemas"]


def _resolve(item: dict) -> dict:
    while "$ref" in item:
        section, name = item["$ref"].split("/")[-2:]
        item = DOCUMENT["components"][section][name]
    return item


def test_value_lists_agree_with_the_code():
    claimant = SCHEMAS["Claimant"]["properties"]
    assert SCHEMAS["ExitReason"]["enum"] == list(reference.EXIT_REASONS)
    assert SCHEMAS["MessageCategory"]["enum"] == list(reference.MESSAGE_CATEGORIES)
    assert SCHEMAS["AttachmentCategory"]["enum"] == list(reference.ATTACHMENT_CATEGORIES)
    assert SCHEMAS["SubType"]["enum"] == list(reference.SUB_TYPES)
    assert SCHEMAS["NotificationType"]["enum"] == list(reference.NOTIFICATION_TYPES)
    assert claimant["involvement"]["enum"] == list(reference.INVOLVEMENTS)
    assert claimant["title"]["enum"] == list(reference.TITLES)
    assert SCHEMAS["ClaimantVehicle"]["properties"]["vehicleType"]["enum"] == list(reference.VEHICLE_TYPES)
    assert SCHEMAS["Accident"]["properties"]["accidentType"]["enum"] == list(reference.ACCIDENT_TYPES)
    assert SCHEMAS["Injury"]["properties"]["bodyPart"]["enum"] == list(reference.BODY_PARTS)
    assert SCHEMAS["Loss"]["properties"]["lossType"]["enum"] == list(reference.LOSS_TYPES)
    assert SCHEMAS["Nino"]["properties"]["employmentStatus"]["enum"] == list(reference.EMPLOYMENT_STATUSES)
    assert SCHEMAS["ScenarioStep"]["properties"]["action"]["enum"] == list(ACTIONS)
    postable = [code for code, (_, may) in reference.MESSAGE_CATEGORIES.items() if may]
    assert SCHEMAS["MessageCreate"]["properties"]["category"]["enum"] == postable


def _operations(prefix: str):
    for path, item in DOCUMENT["paths"].items():
        for method, operation in item.items():
            if method in METHODS and path.startswith(prefix):
                yield method, path, operation


def test_every_portal_api_post_documents_the_idempotency_contract():
    for method, path, operation in _operations("/api/v1/"):
        if method != "post":
            continue
        refs = [parameter.get("$ref", "") for parameter in operation.get("parameters", [])]
        assert "#/components/parameters/IdempotencyKey" in refs, path
        responses = {status: _resolve(response) for status, response in operation["responses"].items()}
        for status, code in (
            ("400", "invalid_idempotency_key"),
            ("409", "idempotency_in_progress"),
            ("422", "idempotency_key_reused"),
        ):
            assert code in responses[status]["description"], (path, status)
        assert "Retry-After" in responses["409"]["headers"], path
        success = next(response for status, response in responses.items() if status.startswith("2"))
        assert "Idempotent-Replayed" in success["headers"], path


def test_the_evidence_tag_covers_exactly_the_evidence_table():
    tagged = {
        (method.upper(), path)
        for method, path, operation in _operations("/")
        if "Evidence shape" in operation.get("tags", [])
    }
    evidence = {(method, path) for method, path in ENDPOINTS["evidence"].values() if path != "/oauth/token"}
    claimdesk = set(ENDPOINTS["claimdesk"].values())
    assert tagged == evidence
    assert not tagged & claimdesk


def test_evidence_bodies_have_exactly_the_documented_fields(portal, control):
    """Live evidence-shape answers against their schemas' properties (additionalProperties: false)."""
    control.ok("PUT", "/_sim/config", json={"shape": "evidence"})
    claim_id = portal.post("/api/v1/createclaim", json=scnf()).json()["claimID"]
    control.advance(minutes=5)
    portal.post(f"/api/v1/completesubmission/{claim_id}")
    control.act(claim_id, "liability", decision="denied", justification="Not us.")
    window = {"dateFrom": "20250101T000000.000 GMT"}
    message_id = portal.get(f"/api/v1/messagelist/{claim_id}").json()["results"][0]["id"]
    attachment_id = portal.get(f"/api/v1/attachmentlist/{claim_id}").json()["results"][0]["id"]
    checks = [
        ("EvidenceClaim", portal.get(f"/api/v1/claimdetails/{claim_id}").json()),
        ("EvidenceMessage", portal.get(f"/api/v1/message/{message_id}").json()),
        ("EvidenceAttachment", portal.get(f"/api/v1/attachment/{attachment_id}").json()),
        ("EvidenceNotificationList", portal.get("/api/v1/notificationlist", params=window).json()),
        ("EvidenceAssignmentList", portal.get("/api/v1/assignmentlist", params=window).json()),
    ]
    for name, body in checks:
        _check_fields(name, SCHEMAS[name], body)


def _check_fields(where: str, schema: dict, value) -> None:
    schema = _resolve(schema)
    if schema.get("type") == "array" and isinstance(value, list):
        for item in value:
            _check_fields(where + "[]", schema["items"], item)
    if "properties" not in schema or not isinstance(value, dict):
        return
    assert set(schema.get("required", [])) <= set(value), where
    if schema.get("additionalProperties") is False:
        assert set(value) <= set(schema["properties"]), (where, set(value) - set(schema["properties"]))
    for key, item in value.items():
        if key in schema["properties"]:
            _check_fields(f"{where}.{key}", schema["properties"][key], item)

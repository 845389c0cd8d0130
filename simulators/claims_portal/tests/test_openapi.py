"""The OpenAPI document is the contract: it parses, covers every route, and agrees with the code."""

import re

import yaml

from simulators.claims_portal import claimant, compensator, reference
from simulators.claims_portal.app import OPENAPI_PATH, URL_MAP
from simulators.claims_portal.config import SimConfig
from simulators.claims_portal.phases import PHASES
from simulators.claims_portal.tests.conftest import HTTP
from simulators.claims_portal.wsgi import OPENAPI_PARAMS

METHODS = {"get", "post", "put", "delete", "patch"}
DOCUMENT = yaml.safe_load(OPENAPI_PATH.read_text())
SCHEMAS = DOCUMENT["components"]["schemas"]


def _served() -> set[tuple[str, str]]:
    routes = set()
    for rule in URL_MAP.iter_rules():
        path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: "{" + OPENAPI_PARAMS.get(m[1], m[1]) + "}", rule.rule)
        routes |= {(method.lower(), path) for method in rule.methods if method.lower() in METHODS}
    return routes


def _documented() -> set[tuple[str, str]]:
    return {
        (method, path) for path, item in DOCUMENT["paths"].items() for method in item if method in METHODS
    }


def _operations():
    for path, item in DOCUMENT["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield path, method, operation


def _resolve(item: dict) -> dict:
    while "$ref" in item:
        section, name = item["$ref"].split("/")[-2:]
        item = DOCUMENT["components"][section][name]
    return item


def test_it_is_openapi_3_1_and_served(sim):
    assert DOCUMENT["openapi"] == "3.1.0"
    response = HTTP.get(sim.url + "/openapi.yaml")
    assert response.status_code == 200
    assert yaml.safe_load(response.text) == DOCUMENT


def test_every_route_the_app_serves_is_documented_and_nothing_else():
    assert _served() == _documented()


def test_every_response_documents_the_request_id_and_date_headers():
    for path, method, operation in _operations():
        for status, response in operation["responses"].items():
            headers = _resolve(response).get("headers", {})
            assert {"X-Request-ID", "Date"} <= set(headers), f"{method} {path} {status}"


def test_every_path_parameter_is_declared():
    for path, item in DOCUMENT["paths"].items():
        declared = {_resolve(parameter)["name"] for parameter in item.get("parameters", [])}
        assert set(re.findall(r"\{(\w+)\}", path)) == declared, path


def test_every_reference_resolves():
    text = OPENAPI_PATH.read_text()
    for section, name in set(re.findall(r'\$ref: "#/components/(\w+)/([\w-]+)"', text)):
        assert name in DOCUMENT["components"][section], (section, name)


def test_operation_ids_are_unique():
    ids = [operation["operationId"] for _, _, operation in _operations()]
    assert len(ids) == len(set(ids))


def test_no_value_was_lost_to_yaml_syntax():
    def walk(node, path):
        if isinstance(node, dict):
            for key, value in node.items():
                assert value is not None, f"{path}/{key}"  # a stray ", " or ": " in a plain scalar
                walk(value, f"{path}/{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{path}[{index}]")

    walk(DOCUMENT["paths"], "")
    walk(DOCUMENT["components"], "")


def test_value_lists_agree_with_the_code():
    assert SCHEMAS["PhaseCode"]["enum"] == list(PHASES)
    assert SCHEMAS["ClaimantMethod"]["enum"] == list(claimant.METHODS)
    assert SCHEMAS["CompensatorMethod"]["enum"] == list(compensator.METHODS)
    assert SCHEMAS["LossType"]["enum"] == list(reference.LOSS_TYPES)
    assert SCHEMAS["ValidationCode"]["enum"] == list(reference.VALIDATION_CODES)
    assert set(reference.CHECKER_CODES.values()) <= set(reference.VALIDATION_CODES)
    assert SCHEMAS["CrExitReason"]["enum"] == list(reference.CR_EXIT_CODES)
    assert SCHEMAS["CompExitReason"]["enum"] == list(reference.COMP_EXIT_CODES)
    assert SCHEMAS["LiabilityDecision"]["enum"] == list(reference.LIABILITY_DECISIONS)
    assert SCHEMAS["SettlementPackDecision"]["enum"] == list(reference.SETTLEMENT_PACK_DECISIONS)
    assert SCHEMAS["InterimDecision"]["enum"] == list(reference.INTERIM_DECISIONS)
    assert SCHEMAS["ClaimantType"]["enum"] == list(reference.CLAIMANT_TYPES)
    assert SCHEMAS["Title"]["enum"] == list(reference.TITLES)
    assert SCHEMAS["RejectionReason"]["enum"] == list(reference.REJECTION_REASONS)
    assert list(SCHEMAS["Config"]["properties"]) == list(SimConfig().to_json())
    list_names = DOCUMENT["paths"]["/api/v1/reference/{listName}"]["parameters"][0]["schema"]["enum"]
    assert list_names == ["phases", *reference.CODE_LISTS]


def test_every_property_and_item_is_a_schema_object():
    def walk(node, path):
        if isinstance(node, dict):
            for key in ("properties", "additionalProperties", "items"):
                child = node.get(key)
                children = (
                    child.items() if key == "properties" and isinstance(child, dict) else [(key, child)]
                )
                for name, schema in children:
                    if schema is not None and not isinstance(schema, bool):
                        assert isinstance(schema, dict), f"{path}/{key}/{name}: {schema!r}"
            for key, value in node.items():
                walk(value, f"{path}/{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{path}[{index}]")

    walk(DOCUMENT["components"]["schemas"], "")
    walk(DOCUMENT["paths"], "")

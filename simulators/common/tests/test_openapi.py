"""Each simulator's OpenAPI document is its contract: it parses, covers every route and nothing else."""

import re

import pytest
import yaml

from simulators.common.testing import HTTP

METHODS = {"get", "post", "put", "delete", "patch"}


@pytest.fixture(scope="module")
def document(profile) -> dict:
    """The simulator's OpenAPI document."""
    return yaml.safe_load(profile.openapi_path.read_text())


def _resolve(document: dict, item: dict) -> dict:
    while "$ref" in item:
        section, name = item["$ref"].split("/")[-2:]
        item = document["components"][section][name]
    return item


def _operations(document: dict):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield path, method, operation


def test_no_value_was_lost_to_yaml_syntax(document):
    """A stray ", " or ": " in a plain scalar of a flow mapping splits it into keys with no value."""
    lost = []

    def walk(node, path):
        if isinstance(node, dict):
            for key, value in node.items():
                if value is None and key != "default":  # ``default: null`` is a value
                    lost.append(f"{path}/{key}")
                walk(value, f"{path}/{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{path}[{index}]")

    walk(document["paths"], "")
    walk(document["components"], "")
    assert not lost, "quote these descriptions: " + ", ".join(lost)


def test_it_is_openapi_3_1_and_served(document, sim):
    assert document["openapi"] == "3.1.0"
    response = HTTP.get(sim.url + "/openapi.yaml")
    assert response.status_code == 200
    assert yaml.safe_load(response.text) == document


def test_every_route_the_app_serves_is_documented_and_nothing_else(profile, document):
    def documented(match) -> str:
        return "{" + profile.openapi_params.get(match[1], match[1]) + "}"

    served = set()
    for rule in (rule for url_map in profile.url_maps for rule in url_map.iter_rules()):
        path = re.sub(r"<(?:\w+:)?(\w+)>", documented, rule.rule)
        served |= {(method.lower(), path) for method in rule.methods if method.lower() in METHODS}
    assert served == {(method, path) for path, method, _ in _operations(document)}


def test_every_response_documents_the_request_id_and_date_headers(document):
    for path, method, operation in _operations(document):
        for status, response in operation["responses"].items():
            headers = _resolve(document, response).get("headers", {})
            assert {"X-Request-ID", "Date"} <= set(headers), f"{method} {path} {status}"


def test_every_path_parameter_is_declared(document):
    for path, item in document["paths"].items():
        declared = {_resolve(document, parameter)["name"] for parameter in item.get("parameters", [])}
        assert set(re.findall(r"\{(\w+)\}", path)) == declared, path


def test_every_reference_resolves(profile, document):
    text = profile.openapi_path.read_text()
    for section, name in set(re.findall(r'\$ref: "#/components/(\w+)/([\w-]+)"', text)):
        assert name in document["components"][section], (section, name)


def test_operation_ids_are_unique(document):
    ids = [operation["operationId"] for _, _, operation in _operations(document)]
    assert len(ids) == len(set(ids))


def test_every_property_and_item_is_a_schema_object(document):
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

    walk(document["components"]["schemas"], "")
    walk(document["paths"], "")

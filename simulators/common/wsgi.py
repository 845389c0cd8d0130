"""Plumbing shared by the route modules: route declarations, the per-request context, JSON."""

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from werkzeug.wrappers import Request, Response

from simulators.common.auth import Client
from simulators.common.errors import ApiError

if TYPE_CHECKING:
    from simulators.common.app import Simulator

_RULE_VARIABLE = re.compile(r"<(?:\w+:)?(\w+)>")

# Route kinds: the portal API gets authentication, faults and statistics; the rest do not.
PORTAL_KINDS = frozenset({"token", "api"})


@dataclass(frozen=True)
class Route:
    """One URL rule and its handler, which takes ``(call, **rule_variables)``."""

    rule: str
    methods: tuple[str, ...]
    handler: Callable
    kind: str

    def template(self, openapi_params: Mapping[str, str]) -> str:
        """The path as the OpenAPI document writes it, e.g. /api/v1/claims/{claimID}.

        Werkzeug rule variables are snake_case; ``openapi_params`` maps them to the document's names.
        """
        return _RULE_VARIABLE.sub(lambda match: "{" + openapi_params.get(match[1], match[1]) + "}", self.rule)


@dataclass
class Call:
    """One request being answered."""

    sim: "Simulator"
    request: Request
    request_id: str
    now: datetime
    client: Client | None = None

    @property
    def conn(self):
        """This thread's read connection."""
        return self.sim.store.connection()

    @property
    def organisation(self) -> str:
        """The organisation of the authenticated client."""
        assert self.client is not None, "only portal API handlers have a client"
        return self.client.organisation

    def body(self) -> dict:
        """The JSON object the request carries (400 ``invalid_json`` otherwise)."""
        limit = body_limit(self.sim.config)
        if (self.request.content_length or 0) > limit:
            raise ApiError(413, "request_too_large", f"Request bodies are limited to {limit} bytes.")
        try:
            data = json.loads(self.request.get_data(cache=True) or b"{}")
        except ValueError as error:
            raise ApiError(400, "invalid_json", f"The request body is not valid JSON: {error}") from error
        if not isinstance(data, dict):
            raise ApiError(400, "invalid_json", "The request body must be a JSON object.")
        return data

    def query(self, name: str, default: str | None = None) -> str | None:
        """A query-string parameter."""
        return self.request.args.get(name, default)


def body_limit(config) -> int:
    """The largest request body: the largest attachment in base64, plus room for the rest."""
    return config.max_attachment_bytes * 4 // 3 + 1024 * 1024


def json_response(data: Any, status: int = 200, headers: dict | None = None) -> Response:
    """A JSON response."""
    return Response(json.dumps(data), status=status, headers=headers, mimetype="application/json")


def error_response(call: Call, error: ApiError) -> Response:
    """The JSON error response of an ``ApiError``."""
    return json_response(error.body(call.request_id), error.status, error.headers)


def contract_route(path: Path) -> Route:
    """``GET /openapi.yaml``: the simulator's contract, the OpenAPI document at ``path``."""

    def openapi_document(call: Call):
        """The contract of this API."""
        return Response(path.read_bytes(), mimetype="application/yaml")

    return Route("/openapi.yaml", ("GET",), openapi_document, "doc")


def query_int(call: Call, name: str, default: int, low: int, high: int) -> int:
    """An integer query parameter within [low, high] (400 ``invalid_parameter`` otherwise)."""
    raw = call.query(name)
    if raw is None or raw == "":
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise ApiError(
            400, "invalid_parameter", f"{name} must be a whole number from {low} to {high}.", parameter=name
        )
    return int(raw)

"""A simulator as one WSGI application: routing and the request pipeline both portals share.

Guarantees a ClaimDesk sync relies on:

* Every response carries ``X-Request-ID`` and a ``Date`` header in *portal* time.
* Watermark safety: before answering, a request takes the write lock, reads the clock and
  runs every event due by then. So when a response is dated D, every record stamped
  before D is already committed, and anything written later is stamped at or after D.
  Polling from the previous response's Date therefore never misses a change.
* A portal API request goes: authentication, latency, fault decision, then the simulator's
  own processing (``_process``: its Idempotency-Key rules), then statistics. Nothing holds
  the write lock while a fault makes a request wait.

Each simulator subclasses ``Simulator`` with its store, settings, due events, routes and
templates, and says how it processes a portal request.
"""

import logging
import socket
import threading
import uuid
from collections.abc import Mapping
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader
from werkzeug.exceptions import HTTPException
from werkzeug.http import http_date
from werkzeug.routing import Map
from werkzeug.wrappers import Request, Response

from simulators.common import auth
from simulators.common.clock import SimClock
from simulators.common.config import Settings
from simulators.common.errors import ApiError
from simulators.common.events import DueEvents, has_due
from simulators.common.faults import Decision, FaultInjector
from simulators.common.stats import Stats
from simulators.common.store import Store, Tx
from simulators.common.wsgi import PORTAL_KINDS, Call, Route, body_limit, error_response, json_response

logger = logging.getLogger(__name__)

# The pages' shared layout (layout.html), which each simulator's base.html extends.
TEMPLATES = Path(__file__).parent / "templates"


class DroppedConnection(Exception):
    """Raised instead of dropping a connection when there is no socket (in-process WSGI)."""


class Simulator:
    """A portal simulator (a WSGI callable). One per database."""

    store_class: type[Store]
    config_class: type[Settings]  # the simulator's SimConfig
    call_class: type[Call] = Call
    due_events: DueEvents
    templates_dir: Path  # the portal pages' Jinja2 templates
    openapi_params: Mapping[str, str]  # the OpenAPI document's names of werkzeug's rule variables
    scenario_key: str  # the meta key of the scripted other side, emptied by a reset

    def __init__(self, db_path: str | Path, config: Settings | None = None, overrides: dict | None = None):
        self.store = self.store_class(db_path)
        self.clock = SimClock(self.store)
        self.config = self._initial_config(config, overrides or {})
        self.faults = FaultInjector(self.store)
        self.stats = Stats(self.clock.now())
        self.stopping = threading.Event()
        loader = ChoiceLoader([FileSystemLoader(self.templates_dir), FileSystemLoader(TEMPLATES)])
        self.templates = Environment(loader=loader, autoescape=True)

    def _initial_config(self, config: Settings | None, overrides: dict) -> Settings:
        persisted = self.store.get_meta("config")
        current = config or (self.config_class().updated(persisted) if persisted else self.config_class())
        current = current.updated(overrides)
        self.store.set_meta("config", current.to_json())
        return current

    def _routing(self) -> tuple[Map, dict]:
        """The URL map to route the next request with, and any extra fields of its ``Call``."""
        raise NotImplementedError

    def _process(self, call: Call, route: Route, args: dict, decision: Decision | None) -> Response:
        """Answer an authenticated portal request, honouring its Idempotency-Key."""
        raise NotImplementedError

    # State changes used by the control API.

    def update_config(self, changes: dict) -> Settings:
        """Apply and persist camelCase setting changes."""
        with self.store.lock:
            self.config = self.config.updated(changes)
            self.store.set_meta("config", self.config.to_json())
        return self.config

    def reset(self, *, clients: bool, config: bool) -> None:
        """Forget all activity (and optionally clients and settings)."""
        with self.store.lock:
            self.store.clear_activity(include_clients=clients)
            self.clock.reset()
            self.faults.reset()
            self.store.set_meta(self.scenario_key, [])
            if config:
                self.update_config(self.config_class().to_json())
            self.stats.reset(self.clock.now())

    @contextmanager
    def transaction(self):
        """A write transaction stamped with the portal time at which it got the lock."""
        with self.store.write() as conn:
            yield Tx(conn, self.clock.now(), self.config)

    def catch_up(self) -> int:
        """Run every event due by now; return how many ran."""
        with self.store.lock:
            return self.due_events.run_due(self.store, self.clock.now(), self.config)

    def close(self) -> None:
        """Wake sleeping fault handlers and close the database connections."""
        self.stopping.set()
        self.store.close()

    # The request pipeline.

    def __call__(self, environ, start_response):
        try:
            response = self._respond(environ)
        finally:
            self.store.release()
        return response(environ, start_response)

    def _respond(self, environ) -> Response:
        request = Request(environ)
        # Also caps multipart forms of the portal pages, which Call.body does not read.
        request.max_content_length = body_limit(self.config)
        request_id = uuid.uuid4().hex
        url_map, call_fields = self._routing()
        try:
            route, args = url_map.bind_to_environ(environ).match(return_rule=False)
        except HTTPException as error:
            response = self._routing_error(request, error, request_id)
            now = self.clock.now()
        else:
            now = self._now_and_due_events()
            call = self.call_class(self, request, request_id, now, **call_fields)
            response = (
                self._portal(call, route, args)
                if route.kind in PORTAL_KINDS
                else self._answer(call, route, args)
            )
        response.headers["X-Request-ID"] = request_id
        response.headers["Date"] = http_date(now)
        return response

    def _now_and_due_events(self) -> datetime:
        # Under the lock no write is in flight, so this instant is a safe watermark.
        with self.store.lock:
            now = self.clock.now()
            if has_due(self.store, now):
                self.due_events.run_due(self.store, now, self.config)
            return now

    def _routing_error(self, request: Request, error: HTTPException, request_id: str) -> Response:
        if request.path.startswith(("/api/", "/oauth/", "/_sim/")):
            code = "not_found" if error.code == 404 else "method_not_allowed"
            body = {"error": code, "message": error.description, "requestId": request_id}
            return json_response(body, error.code, dict(error.get_headers()) if error.code == 405 else None)
        return error.get_response()

    def _handle(self, call: Call, route: Route, args: dict):
        """Run the route's handler."""
        return route.handler(call, **args)

    def _answer(self, call: Call, route: Route, args: dict) -> Response:
        try:
            result = self._handle(call, route, args)
        except ApiError as error:
            if route.kind == "web":
                return self._page_error(call, error)
            return error_response(call, error)
        except HTTPException as error:
            code = "request_too_large" if error.code == 413 else "bad_request"
            return json_response(
                {"error": code, "message": error.description, "requestId": call.request_id}, error.code
            )
        except Exception:
            logger.exception("Unhandled error in %s %s", call.request.method, call.request.path)
            body = {
                "error": "internal_error",
                "message": "The simulator failed unexpectedly.",
                "requestId": call.request_id,
            }
            return json_response(body, 500)
        return result if isinstance(result, Response) else json_response(result)

    def _page_error(self, call: Call, error: ApiError) -> Response:
        html = self.templates.get_template("error.html").render(
            now=call.now, status=error.status, message=error.message
        )
        return Response(html, status=error.status, mimetype="text/html")

    def _portal(self, call: Call, route: Route, args: dict) -> Response:
        """Authentication, faults and statistics around a portal API handler."""
        call.client, token = self._bearer_client(call) if route.kind == "api" else (None, None)
        key = self._client_key(call, route)
        self._sleep(self.faults.latency())
        decision = self.faults.decide(call.request.method, call.request.path, key)
        template = f"{call.request.method} {route.template(self.openapi_params)}"
        early = self._fault_before(call, decision, token)
        if early is not None:
            dropped = decision.kind in ("timeout", "drop_before_commit")
            self.stats.record(template, "dropped" if dropped else str(early.status_code), decision.kind)
            return early
        if route.kind == "api" and call.client is None:
            response = self._unauthorised(call)
        else:
            response = self._process(call, route, args, decision)
        if decision is not None and decision.kind == "drop_after_commit":
            self.stats.record(template, "dropped", decision.kind)
            return self._drop(call)
        self.stats.record(template, str(response.status_code), decision.kind if decision else None)
        return response

    def _hold(self, decision: Decision | None) -> None:
        """A slow-commit fault: wait before processing, holding no lock."""
        if decision is not None and decision.kind == "slow_commit":
            self._sleep(decision.seconds)

    def _bearer_client(self, call: Call) -> tuple[auth.Client | None, str | None]:
        header = call.request.headers.get("Authorization", "")
        if not header.lower().startswith("bearer "):
            return None, None
        token = header[7:].strip()
        return auth.token_verify(self.store.connection(), token, call.now), token

    def _client_key(self, call: Call, route: Route) -> str:
        if call.client is not None:
            return call.client.client_id
        if route.kind == "token":
            client_id, _ = auth.client_credentials(call.request)
            if client_id:
                return client_id
        return f"anonymous:{call.request.remote_addr}"

    def _fault_before(self, call: Call, decision: Decision | None, token: str | None) -> Response | None:
        """Answer for a fault that replaces the normal response (None to go on)."""
        if decision is None or decision.kind in ("drop_after_commit", "slow_commit"):
            return None
        if decision.kind == "revoke_token":
            if token is not None:
                with self.transaction() as tx:
                    auth.token_revoke(tx.conn, now=tx.now, token=token)
                call.client = None
            return None
        if decision.kind == "timeout":
            self._sleep(decision.seconds)
        if decision.kind in ("timeout", "drop_before_commit"):
            return self._drop(call)
        return self._fault_response(call, decision)

    def _fault_response(self, call: Call, decision: Decision) -> Response:
        if decision.kind == "rate_limit":
            wait = decision.retry_after or 1
            error = ApiError(
                decision.status,
                "rate_limited",
                f"Too many requests. Retry after {wait} seconds.",
                headers={"Retry-After": str(wait)},
                retryAfter=wait,
            )
            return error_response(call, error)
        headers = {"Retry-After": str(decision.retry_after)} if decision.retry_after is not None else None
        message = "The portal is temporarily unavailable (simulated fault)."
        return error_response(call, ApiError(decision.status, "server_error", message, headers=headers))

    def _unauthorised(self, call: Call) -> Response:
        # NAHL's OIC client looks for "Invalid token." in the body to decide to fetch a new token.
        error = ApiError(
            401,
            "invalid_token",
            "Invalid token.",
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )
        return error_response(call, error)

    def _sleep(self, seconds: float) -> None:
        if seconds > 0:
            self.stopping.wait(seconds)

    def _drop(self, call: Call) -> Response:
        """Close the TCP connection without a response (the request may already be committed)."""
        sock = call.request.environ.get("werkzeug.socket")
        if sock is None:
            raise DroppedConnection("The simulator dropped this request's connection.")
        with suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
        # Werkzeug's write to the shut socket fails and is treated as a dropped connection.
        return Response(status=500)

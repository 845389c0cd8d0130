"""The simulator as one WSGI application: routing and the request pipeline.

Guarantees the ClaimDesk sync relies on:

* Every response carries ``X-Request-ID`` and a ``Date`` header in *portal* time.
* Watermark safety: before answering, a request takes the write lock, reads the clock and
  runs every event due by then. So when a response is dated D, every record stamped
  before D is already committed, and anything written later is stamped at or after D.
  Polling the feeds from the previous response's Date therefore never misses a change.
* A POST with an Idempotency-Key is processed inside one write transaction that also
  stores its answer (``idempotency.py``); nothing else holds the write lock while a
  fault makes a request wait.
* The API shape (``config.shape``) picks the routing table of the portal API; the control
  API, the pages and the contract document are the same in both shapes.
"""

import logging
import socket
import threading
import uuid
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path

from jinja2 import Environment, FileSystemLoader
from werkzeug.exceptions import HTTPException
from werkzeug.http import http_date
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from simulators.common import auth
from simulators.common.clock import SimClock
from simulators.common.errors import ApiError
from simulators.common.events import has_due
from simulators.common.faults import Decision, FaultInjector
from simulators.common.stats import Stats
from simulators.common.store import Tx
from simulators.oic import api, control, events, idempotency, web
from simulators.oic.config import SHAPES, SimConfig
from simulators.oic.shapes import SHAPE_OBJECTS
from simulators.oic.store import Store
from simulators.oic.wsgi import PORTAL_KINDS, Call, Route, body_limit, json_response

logger = logging.getLogger(__name__)

HERE = Path(__file__).parent
OPENAPI_PATH = HERE / "openapi.yaml"


class DroppedConnection(Exception):
    """Raised instead of dropping a connection when there is no socket (in-process WSGI)."""


def openapi_document(call: Call):
    """The contract of this API."""
    return Response(OPENAPI_PATH.read_bytes(), mimetype="application/yaml")


# The same in both shapes: only the portal API's paths change with the shape.
COMMON_ROUTES: list[Route] = [
    *control.ROUTES,
    *web.ROUTES,
    Route("/openapi.yaml", ("GET",), openapi_document, "doc"),
]
ROUTES: dict[str, list[Route]] = {shape: [*api.ROUTES[shape], *COMMON_ROUTES] for shape in SHAPES}

# Compiling the rules is the slowest part of start-up, and they are the same for every instance.
URL_MAPS = {
    shape: Map([Rule(route.rule, methods=route.methods, endpoint=route) for route in routes])
    for shape, routes in ROUTES.items()
}


class Simulator:
    """The OIC portal simulator (a WSGI callable). One per database."""

    def __init__(self, db_path: str | Path, config: SimConfig | None = None, overrides: dict | None = None):
        self.store = Store(db_path)
        self.clock = SimClock(self.store)
        self.config = self._initial_config(config, overrides or {})
        self.faults = FaultInjector(self.store)
        self.stats = Stats(self.clock.now())
        self.stopping = threading.Event()
        self.templates = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True)
        with self.store.write() as conn:
            idempotency.forget_in_flight(conn)

    def _initial_config(self, config: SimConfig | None, overrides: dict) -> SimConfig:
        persisted = self.store.get_meta("config")
        current = config or (SimConfig().updated(persisted) if persisted else SimConfig())
        current = current.updated(overrides)
        self.store.set_meta("config", current.to_json())
        return current

    # State changes used by the control API.

    def update_config(self, changes: dict) -> SimConfig:
        """Apply and persist camelCase setting changes."""
        with self.store.lock:
            self.config = self.config.updated(changes)
            self.store.set_meta("config", self.config.to_json())
        return self.config

    def default_scenario(self) -> list[dict]:
        """The script every new claim gets."""
        return self.store.get_meta("default_scenario", [])

    def set_default_scenario(self, steps: list[dict]) -> None:
        """Replace the script every new claim gets."""
        self.store.set_meta("default_scenario", steps)

    def reset(self, *, clients: bool, config: bool) -> None:
        """Forget all activity (and optionally clients and settings)."""
        with self.store.lock:
            self.store.clear_activity(include_clients=clients)
            self.clock.reset()
            self.faults.reset()
            self.set_default_scenario([])
            if config:
                self.update_config(SimConfig().to_json())
            self.stats.reset(self.clock.now())

    @contextmanager
    def transaction(self):
        """A write transaction stamped with the portal time at which it got the lock."""
        with self.store.write() as conn:
            yield Tx(conn, self.clock.now(), self.config)

    def catch_up(self) -> int:
        """Run every event due by now; return how many ran."""
        with self.store.lock:
            return events.DUE_EVENTS.run_due(self.store, self.clock.now(), self.config)

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
        shape = self.config.shape
        try:
            route, args = URL_MAPS[shape].bind_to_environ(environ).match(return_rule=False)
        except HTTPException as error:
            response = self._routing_error(request, error, request_id)
            now = self.clock.now()
        else:
            now = self._now_and_due_events()
            call = Call(self, request, request_id, now, shape=SHAPE_OBJECTS[shape])
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
                events.DUE_EVENTS.run_due(self.store, now, self.config)
            return now

    def _routing_error(self, request: Request, error: HTTPException, request_id: str) -> Response:
        if request.path.startswith(("/api/", "/oauth/", "/_sim/")):
            code = "not_found" if error.code == 404 else "method_not_allowed"
            body = {"error": code, "message": error.description, "requestId": request_id}
            return json_response(body, error.code, dict(error.get_headers()) if error.code == 405 else None)
        return error.get_response()

    def _answer(self, call: Call, route: Route, args: dict) -> Response:
        try:
            result = route.handler(call, **args)
        except ApiError as error:
            if route.kind == "web":
                return self._page_error(call, error)
            return json_response(error.body(call.request_id), error.status, error.headers)
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
        template = f"{call.request.method} {route.template}"
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

    def _process(self, call: Call, route: Route, args: dict, decision: Decision | None) -> Response:
        """Answer the request, through its Idempotency-Key when a portal API POST carries one."""
        if route.kind == "api" and call.request.method == "POST":
            try:
                key = idempotency.key_of(call.request)
            except ApiError as error:
                return json_response(error.body(call.request_id), error.status, error.headers)
            if key is not None and (call.request.content_length or 0) <= body_limit(self.config):
                return self._idempotent(call, route, args, key, decision)
        self._hold(decision)
        return self._answer(call, route, args)

    def _idempotent(
        self, call: Call, route: Route, args: dict, key: str, decision: Decision | None
    ) -> Response:
        """Answer a keyed POST exactly once.

        1. Under the write lock, record the key as in flight (or answer a known key at once:
           the stored answer, 422 reused or 409 in progress).
        2. Hold the request if a slow-commit fault says so, without the lock: the key stays
           in flight and nothing of the request is visible yet.
        3. Process it in one write transaction that also stores the answer; a 4xx or 5xx
           answer rolls back whatever the handler wrote, and a 5xx frees the key.
        """
        client_id = call.client.client_id
        try:
            with self.store.write() as conn:
                known = idempotency.claim(
                    conn, client_id, key, idempotency.fingerprint(call.request), call.now
                )
        except ApiError as error:
            return json_response(error.body(call.request_id), error.status, error.headers)
        if known is not None:
            return known
        try:
            self._hold(decision)
            with self.store.write() as conn:
                conn.execute("SAVEPOINT keyed_request")
                response = self._answer(call, route, args)
                if response.status_code >= 400:
                    conn.execute("ROLLBACK TO keyed_request")
                conn.execute("RELEASE keyed_request")
                idempotency.finish(conn, client_id, key, response)
        except BaseException:
            with self.store.write() as conn:
                idempotency.release(conn, client_id, key)
            raise
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
            client_id, _ = api.client_credentials(call)
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
        headers = {"Retry-After": str(decision.retry_after)} if decision.retry_after is not None else {}
        if decision.kind == "rate_limit":
            wait = decision.retry_after or 1
            body = {
                "error": "rate_limited",
                "message": f"Too many requests. Retry after {wait} seconds.",
                "retryAfter": wait,
            }
            return json_response(
                {**body, "requestId": call.request_id}, decision.status, {"Retry-After": str(wait)}
            )
        body = {
            "error": "server_error",
            "message": "The portal is temporarily unavailable (simulated fault).",
            "requestId": call.request_id,
        }
        return json_response(body, decision.status, headers)

    def _unauthorised(self, call: Call) -> Response:
        # NAHL's client looks for "Invalid token." in the body to decide to fetch a new token.
        body = {"error": "invalid_token", "message": "Invalid token.", "requestId": call.request_id}
        return json_response(body, 401, {"WWW-Authenticate": 'Bearer error="invalid_token"'})

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

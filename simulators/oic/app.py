"""The OIC simulator as one WSGI application: its routes and how it answers a keyed POST.

The request pipeline and its guarantees (portal time, watermark safety, faults) are shared:
``simulators.common.app``. Here:

* A POST with an Idempotency-Key is processed inside one write transaction that also
  stores its answer (``idempotency.py``).
* The API shape (``config.shape``) picks the routing table of the portal API; the control
  API, the pages and the contract document are the same in both shapes.
"""

from pathlib import Path

from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Response

from simulators.common import app
from simulators.common.errors import ApiError
from simulators.common.faults import Decision
from simulators.common.wsgi import Route, body_limit, contract_route, error_response
from simulators.oic import api, control, events, idempotency, web
from simulators.oic.config import SHAPES, SimConfig
from simulators.oic.shapes import SHAPE_OBJECTS
from simulators.oic.store import Store
from simulators.oic.wsgi import OPENAPI_PARAMS, Call

HERE = Path(__file__).parent
OPENAPI_PATH = HERE / "openapi.yaml"


# The same in both shapes: only the portal API's paths change with the shape.
COMMON_ROUTES: list[Route] = [
    *control.ROUTES,
    *web.ROUTES,
    contract_route(OPENAPI_PATH),
]
ROUTES: dict[str, list[Route]] = {shape: [*api.ROUTES[shape], *COMMON_ROUTES] for shape in SHAPES}

# Compiling the rules is the slowest part of start-up, and they are the same for every instance.
URL_MAPS = {
    shape: Map([Rule(route.rule, methods=route.methods, endpoint=route) for route in routes])
    for shape, routes in ROUTES.items()
}


class Simulator(app.Simulator):
    """The OIC portal simulator (a WSGI callable). One per database."""

    store_class = Store
    config_class = SimConfig
    call_class = Call
    due_events = events.DUE_EVENTS
    templates_dir = HERE / "templates"
    openapi_params = OPENAPI_PARAMS
    scenario_key = "default_scenario"

    def __init__(self, db_path: str | Path, config: SimConfig | None = None, overrides: dict | None = None):
        super().__init__(db_path, config, overrides)
        with self.store.write() as conn:
            idempotency.forget_in_flight(conn)

    def default_scenario(self) -> list[dict]:
        """The script every new claim gets."""
        return self.store.get_meta(self.scenario_key, [])

    def set_default_scenario(self, steps: list[dict]) -> None:
        """Replace the script every new claim gets."""
        self.store.set_meta(self.scenario_key, steps)

    def _routing(self) -> tuple[Map, dict]:
        shape = self.config.shape
        return URL_MAPS[shape], {"shape": SHAPE_OBJECTS[shape]}

    def _process(self, call: Call, route: Route, args: dict, decision: Decision | None) -> Response:
        """Answer the request, through its Idempotency-Key when a portal API POST carries one."""
        if route.kind == "api" and call.request.method == "POST":
            try:
                key = idempotency.key_of(call.request)
            except ApiError as error:
                return error_response(call, error)
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
            return error_response(call, error)
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

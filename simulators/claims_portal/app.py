"""The Claims Portal simulator as one WSGI application: its routes and how it answers a portal write.

The request pipeline and its guarantees (portal time, watermark safety, faults) are shared:
``simulators.common.app``; searching with ``updatedFrom`` set to the previous response's Date
never misses a change. Here:

* Every portal API call acts as its ``loginAs`` user, checked before the handler runs.
* Every portal API write runs in one transaction that an error answer rolls back. For a POST
  with an ``Idempotency-Key`` the key is recorded in flight first, a ``slow_commit`` fault
  holds the request, and the response is stored in that same transaction (``idempotency.py``).
"""

from pathlib import Path

from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Response

from simulators.claims_portal import api, control, events, idempotency, scenarios, web
from simulators.claims_portal import auth as users
from simulators.claims_portal.config import SimConfig
from simulators.claims_portal.store import Store
from simulators.claims_portal.wsgi import OPENAPI_PARAMS, Call
from simulators.common import app
from simulators.common.errors import ApiError
from simulators.common.faults import Decision
from simulators.common.wsgi import Route, contract_route, error_response

HERE = Path(__file__).parent
OPENAPI_PATH = HERE / "openapi.yaml"


ROUTES: list[Route] = [
    *api.ROUTES,
    *control.ROUTES,
    *web.ROUTES,
    contract_route(OPENAPI_PATH),
]
URL_MAP = Map([Rule(route.rule, methods=route.methods, endpoint=route) for route in ROUTES])


class Simulator(app.Simulator):
    """The Claims Portal simulator (a WSGI callable). One per database."""

    store_class = Store
    config_class = SimConfig
    call_class = Call
    due_events = events.DUE_EVENTS
    templates_dir = HERE / "templates"
    openapi_params = OPENAPI_PARAMS
    scenario_key = scenarios.META_KEY

    def _routing(self) -> tuple[Map, dict]:
        return URL_MAP, {}

    def _handle(self, call: Call, route: Route, args: dict):
        """Check the ``loginAs`` user of a portal API call, then run the route's handler."""
        if route.kind == "api":
            call.user = users.login_as_check(call.conn, call.client, call.request.headers.get("loginAs"))
        return route.handler(call, **args)

    def _process(self, call: Call, route: Route, args: dict, decision: Decision | None) -> Response:
        """Replay a stored response, or (after any slow_commit hold) run and commit the handler."""
        key = None
        if route.kind == "api" and call.request.method == "POST":
            try:
                key = idempotency.checked_key(call.request.headers.get(idempotency.HEADER))
                stored = self._idempotency_begin(call, key) if key else None
            except ApiError as error:
                return error_response(call, error)
            if stored is not None:
                headers = {**stored.headers, idempotency.REPLAYED: "true"}
                return Response(
                    stored.body, status=stored.status, headers=headers, mimetype="application/json"
                )
        try:
            self._hold(decision)  # the key is in flight; nothing is processed yet
            return self._commit(call, route, args, key)
        except BaseException:
            if key:
                with self.store.write() as conn:
                    idempotency.forget(conn, call.client.client_id, key)
            raise

    def _idempotency_begin(self, call: Call, key: str):
        body = call.request.get_data(cache=True)
        print_ = idempotency.fingerprint(call.request.method, call.request.path, body)
        with self.store.write() as conn:
            hours = self.config.idempotency_key_hours
            return idempotency.begin(conn, call.client.client_id, key, print_, self.clock.now(), hours)

    def _commit(self, call: Call, route: Route, args: dict, key: str | None) -> Response:
        """Run a handler; for a write, roll back on an error and store the response under its key."""
        if call.request.method == "GET" or route.kind == "token":
            return self._answer(call, route, args)
        with self.store.write() as conn:
            conn.execute("SAVEPOINT request")
            response = self._answer(call, route, args)
            if response.status_code >= 400:
                conn.execute("ROLLBACK TO request")  # an error answer means nothing changed
            conn.execute("RELEASE request")
            if key and response.status_code < 500:
                idempotency.complete(
                    conn,
                    call.client.client_id,
                    key,
                    response.status_code,
                    response.get_data(),
                    response.headers,
                )
            elif key:
                idempotency.forget(conn, call.client.client_id, key)
        return response

"""The control API under ``/_sim/``: the compensator's side of the portal, the clock and the switches.

The handlers every simulator has (clock, reset, config, clients, tokens, faults, stats) are
``simulators.common.control``'s; what is specific to the Claims Portal (users, compensator
methods, its one-shot fault rules) is here.
"""

from simulators.claims_portal import auth, compensator, queries, scenarios
from simulators.claims_portal.api import attachment_check_room, upload_read
from simulators.claims_portal.records import Claim, attachment_add, claim_load, notification_add
from simulators.claims_portal.reference import COMPENSATORS_BY_ID
from simulators.claims_portal.workflow import perform
from simulators.claims_portal.wsgi import Call
from simulators.common import control
from simulators.common.auth import client_register
from simulators.common.checks import Checker
from simulators.common.errors import ApiError, not_found
from simulators.common.faults import KINDS, Decision
from simulators.common.wsgi import Route, json_response

FAULT_KINDS = (*KINDS, "slow_commit")


def _checked(check: Checker) -> None:
    if check.errors:
        raise ApiError(
            422, "validation_failed", "The request has errors.", errors=[e.to_json() for e in check.errors]
        )


def clients_register(call: Call):
    """Register a client (or update its secret and organisation); ``loginAs`` also registers that user."""
    body = call.body()
    check = Checker()
    client_id = check.text(body, "clientId", "clientId", max_length=100)
    secret = check.text(body, "clientSecret", "clientSecret", max_length=200)
    organisation = check.text(body, "organisation", "organisation", max_length=200)
    login_as = check.text(body, "loginAs", "loginAs", required=False, max_length=100)
    _checked(check)
    with call.sim.transaction() as tx:
        client = client_register(
            tx.conn, client_id=client_id, secret=secret, organisation=organisation, now=tx.now
        )
        if login_as:
            auth.user_register(tx.conn, user_id=login_as, organisation=organisation, name=None, now=tx.now)
    return json_response(
        {"clientId": client.client_id, "organisation": client.organisation, "loginAs": login_as}, 201
    )


def users_list(call: Call):
    """The portal users (the ``loginAs`` identities)."""
    return {"users": auth.users_list(call.conn)}


def users_register(call: Call):
    """Register or update a portal user of an organisation (``enabled: false`` disables it)."""
    body = call.body()
    check = Checker()
    user_id = check.text(body, "userId", "userId", max_length=100)
    organisation = check.text(body, "organisation", "organisation", max_length=200)
    name = check.text(body, "name", "name", required=False, max_length=200)
    enabled = check.flag(body, "enabled", "enabled", required=False)
    _checked(check)
    with call.sim.transaction() as tx:
        user = auth.user_register(
            tx.conn,
            user_id=user_id,
            organisation=organisation,
            name=name,
            now=tx.now,
            enabled=enabled is not False,
        )
    return json_response(user, 201)


_CLAIM_FILTERS = (("organisation", "organisation"), ("cr_reference", "crReference"), ("phase", "phase"))


def claims_list(call: Call):
    """Every claim (all organisations), filterable by organisation, CR reference and phase."""
    return control.claims_page(call, _CLAIM_FILTERS, queries.LIST_SELECT, _claim_item)


def _claim_item(row) -> dict:
    return {**queries.claim_item(row), "organisation": row["organisation"]}


def _any_claim(call: Call, application_id: str) -> Claim:
    claim = claim_load(call.conn, application_id)
    if claim is None:
        raise not_found(f"Claim {application_id}")
    return claim


def claim_get(call: Call, application_id: str):
    """A claim of any organisation, with its organisation."""
    claim = _any_claim(call, application_id)
    return {**queries.claim_json(claim, call.sim.config), "organisation": claim.organisation}


def claim_action(call: Call, application_id: str, method: str):
    """A compensator method; ``activityEngineGuid`` is optional here but checked when given."""
    entry = compensator.METHODS.get(method)
    if entry is None:
        raise ApiError(
            404, "unknown_method", f"{method} is not a compensator method.", methods=list(compensator.METHODS)
        )
    body = call.body()
    with call.sim.transaction() as tx:
        claim = claim_load(tx.conn, application_id)
        if claim is None:
            raise not_found(f"Claim {application_id}")
        perform(tx, claim, method, entry, body, actor=_compensator_name(claim), guid_optional=True)
    return {"claimInfo": queries.claim_info(claim)}


def _compensator_name(claim: Claim) -> str:
    known = COMPENSATORS_BY_ID.get(claim.compensator_id)
    return known.name if known else claim.compensator_id


def claim_attachment(call: Call, application_id: str):
    """An attachment from the compensator (same limits as the claimant's)."""
    upload = upload_read(call.body(), call.sim.config.max_attachment_bytes)
    with call.sim.transaction() as tx:
        claim = _any_claim(call, application_id)
        attachment_check_room(tx.conn, claim, len(upload.content), tx.config.max_claim_attachment_bytes)
        guid = attachment_add(tx, claim, upload, owner=_compensator_name(claim))
        notification_add(tx, claim, f"Claim {claim.application_id}: new attachment from the compensator")
    return json_response(queries.attachment_info(queries.attachment_row(call.conn, guid, None)), 201)


def claim_notify(call: Call, application_id: str):
    """A free-text notification on a claim (the portal has no messages; this stands in for them)."""
    body = call.body()
    check = Checker()
    message = check.text(body, "message", "message", max_length=500)
    _checked(check)
    with call.sim.transaction() as tx:
        claim = _any_claim(call, application_id)
        notification_add(tx, claim, message)
    return json_response({"applicationId": claim.application_id, "notificationMessage": message}, 201)


def scenario_get(call: Call):
    """The scripted compensator's rules."""
    return {"rules": scenarios.rules(call.conn)}


def scenario_put(call: Call):
    """Replace the rules (``{"rules": [...]}``; ``"demo"`` loads the demo script; ``[]`` for none)."""
    steps = call.body().get("rules")
    steps = scenarios.validate(scenarios.DEMO_RULES if steps == "demo" else steps, compensator.METHODS)
    call.sim.store.set_meta(scenarios.META_KEY, steps)
    return {"rules": steps}


def faults_next(call: Call):
    """Queue a one-shot fault (``slow_commit`` takes ``delaySeconds``) for the next matching request(s)."""
    body = call.body()
    check = Checker()
    method = check.choice(body, "method", "method", ("GET", "POST", "PUT", "DELETE"), required=False)
    path = check.text(body, "path", "path", max_length=500) or ""
    fault = check.choice(body, "fault", "fault", FAULT_KINDS)
    status = check.whole(body, "status", "status", low=400, high=599, required=False)
    retry_after = check.whole(body, "retryAfter", "retryAfter", low=0, high=86_400, required=False)
    times = check.whole(body, "times", "times", low=1, high=1_000_000, required=False) or 1
    seconds = check.number(body, "timeoutSeconds", "timeoutSeconds", low=0.01, high=600, required=False)
    delay = check.number(
        body, "delaySeconds", "delaySeconds", low=0, high=600, required=fault == "slow_commit"
    )
    _checked(check)
    default_status = 429 if fault == "rate_limit" else 503
    held = delay if fault == "slow_commit" else seconds or call.sim.faults.settings.timeout_seconds
    decision = Decision(fault, status or default_status, retry_after, held)
    rule = control.one_shot_add(call, method, path, decision, times)
    return json_response({**rule.to_json(), "delaySeconds": delay}, 201)


_CLAIM = "/_sim/claims/<application_id>"

ROUTES = [
    *control.ROUTES,
    Route("/_sim/clients", ("POST",), clients_register, "control"),
    Route("/_sim/users", ("GET",), users_list, "control"),
    Route("/_sim/users", ("POST",), users_register, "control"),
    Route("/_sim/claims", ("GET",), claims_list, "control"),
    Route(_CLAIM, ("GET",), claim_get, "control"),
    Route(f"{_CLAIM}/actions/<method>", ("POST",), claim_action, "control"),
    Route(f"{_CLAIM}/attachments", ("POST",), claim_attachment, "control"),
    Route(f"{_CLAIM}/notifications", ("POST",), claim_notify, "control"),
    Route("/_sim/scenario", ("GET",), scenario_get, "control"),
    Route("/_sim/scenario", ("PUT",), scenario_put, "control"),
    Route("/_sim/faults/next", ("POST",), faults_next, "control"),
]

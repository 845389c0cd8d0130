"""The control API under ``/_sim/``: the other side of the portal, scenarios and the endpoint table.

The handlers every simulator has (clock, reset, config, clients, tokens, faults, stats) are
``simulators.common.control``'s.
"""

from simulators.common import auth, control
from simulators.common.checks import Checker
from simulators.common.errors import ApiError, not_found, validation_failed
from simulators.common.faults import KINDS, Decision
from simulators.common.wsgi import Route, json_response
from simulators.oic import bulk, scenarios
from simulators.oic.compensator import ACTIONS
from simulators.oic.config import SHAPES
from simulators.oic.errors import require_parent_claim
from simulators.oic.queries import claim_json
from simulators.oic.records import Claim, claim_load
from simulators.oic.shapes import endpoint_table
from simulators.oic.wsgi import Call


def _checked(check: Checker) -> None:
    if check.errors:
        raise validation_failed(check.errors)


def clients_register(call: Call):
    """Register a client, or update its secret and organisation."""
    body = call.body()
    check = Checker()
    client_id = check.text(body, "clientId", "clientId", max_length=100)
    secret = check.text(body, "clientSecret", "clientSecret", max_length=200)
    organisation = check.text(body, "organisation", "organisation", max_length=200)
    _checked(check)
    with call.sim.transaction() as tx:
        client = auth.client_register(
            tx.conn, client_id=client_id, secret=secret, organisation=organisation, now=tx.now
        )
    return json_response({"clientId": client.client_id, "organisation": client.organisation}, 201)


_CLAIM_LIST_SELECT = (
    "SELECT c.*, (SELECT COUNT(*) FROM messages m WHERE m.claim_id = c.claim_id) AS message_count, "
    "(SELECT COUNT(*) FROM attachments a WHERE a.claim_id = c.claim_id) AS attachment_count FROM claims c"
)


_CLAIM_FILTERS = (
    ("organisation", "organisation"),
    ("client_reference", "clientReference"),
    ("status", "status"),
)


def claims_list(call: Call):
    """Every claim (all organisations), filterable, with message and document counts."""
    return control.claims_page(call, _CLAIM_FILTERS, _CLAIM_LIST_SELECT, _claim_row)


def _claim_row(row) -> dict:
    return {
        "claimID": row["claim_id"],
        "organisation": row["organisation"],
        "clientReference": row["client_reference"],
        "claimType": row["claim_type"],
        "claimStatus": row["status"],
        "compensatorOrgName": row["compensator_org_name"],
        "createdDateTime": row["created_at"],
        "lastUpdatedDateTime": row["updated_at"],
        "messageCount": row["message_count"],
        "attachmentCount": row["attachment_count"],
    }


def _any_claim(call: Call, claim_id: str) -> Claim:
    claim = claim_load(call.conn, claim_id)
    if claim is None:
        raise not_found(f"Claim {claim_id}")
    return claim


def claim_get(call: Call, claim_id: str):
    """A claim of any organisation, with its organisation."""
    claim = _any_claim(call, claim_id)
    return {**claim_json(call.conn, claim), "organisation": claim.organisation}


# What the other side may do on a MED or CL child claim (liability: the answer to a challenge).
CHILD_CLAIM_ACTIONS = frozenset({"liability", "message", "attachment"})


def _action_handler(name: str):
    action = ACTIONS[name]

    def handler(call: Call, claim_id: str):
        """Run the action on the claim in one transaction; answer with the claim."""
        body = call.body()
        with call.sim.transaction() as tx:
            claim = claim_load(tx.conn, claim_id)
            if claim is None:
                raise not_found(f"Claim {claim_id}")
            if name not in CHILD_CLAIM_ACTIONS:
                require_parent_claim(claim.claim_id, claim.parent_claim_id, name)
            result = action(tx, claim, body)
        answer = claim_get(call, claim_id)
        return {**answer, "id": result} if isinstance(result, str) else answer

    handler.__doc__ = action.__doc__
    handler.__name__ = f"claim_{name.replace('-', '_')}"
    return handler


def scenario_get(call: Call, claim_id: str):
    """A claim's script and its progress."""
    return scenarios.describe(call.conn, _any_claim(call, claim_id))


def scenario_put(call: Call, claim_id: str):
    """Replace a claim's script (``{"steps": [...]}``)."""
    steps = scenarios.validate(call.body().get("steps"))
    with call.sim.transaction() as tx:
        claim = claim_load(tx.conn, claim_id)
        if claim is None:
            raise not_found(f"Claim {claim_id}")
        scenarios.attach(tx, claim, steps)
    return scenarios.describe(call.conn, _any_claim(call, claim_id))


def default_scenario_get(call: Call):
    """The script every new claim gets."""
    return {"steps": call.sim.default_scenario()}


def default_scenario_put(call: Call):
    """Set the script every new claim gets (``{"steps": []}`` for none)."""
    steps = scenarios.validate(call.body().get("steps"))
    call.sim.set_default_scenario(steps)
    return {"steps": steps}


def faults_next(call: Call):
    """Queue a deterministic fault for the next matching portal request(s)."""
    body = call.body()
    check = Checker()
    method = check.choice(body, "method", "method", ("GET", "POST", "PUT", "DELETE"), required=False)
    path = check.text(body, "path", "path", max_length=500) or ""
    fault = check.choice(body, "fault", "fault", KINDS)
    status = check.whole(body, "status", "status", low=400, high=599, required=False)
    retry_after = check.whole(body, "retryAfter", "retryAfter", low=0, high=86_400, required=False)
    times = check.whole(body, "times", "times", low=1, high=1_000_000, required=False) or 1
    seconds = check.number(body, "timeoutSeconds", "timeoutSeconds", low=0.01, high=600, required=False)
    delay = check.number(body, "delaySeconds", "delaySeconds", low=0.01, high=600, required=False)
    _checked(check)
    default_status = 429 if fault == "rate_limit" else 503
    settings = call.sim.faults.settings
    if fault == "slow_commit":
        seconds = delay or settings.slow_commit_seconds
    decision = Decision(fault, status or default_status, retry_after, seconds or settings.timeout_seconds)
    rule = control.one_shot_add(call, method, path, decision, times)
    return json_response(rule.to_json(), 201)


def endpoints_get(call: Call):
    """ClaimDesk's endpoint table of the current shape (or of ``?shape=``): operation -> method, path."""
    shape = call.query("shape") or call.sim.config.shape
    if shape not in SHAPES:
        raise ApiError(
            400, "invalid_parameter", f"shape must be one of {', '.join(SHAPES)}.", parameter="shape"
        )
    return {"shape": shape, "endpoints": endpoint_table(shape)}


def bulk_activity(call: Call):
    """Change N random open claims of an organisation at once (messages, documents, statuses)."""
    body = call.body()
    check = Checker()
    organisation = check.text(body, "organisation", "organisation", max_length=200)
    count = check.whole(body, "count", "count", low=1, high=1_000_000)
    kinds = body.get("kinds", list(bulk.KINDS))
    if not isinstance(kinds, list) or not kinds or any(kind not in bulk.KINDS for kind in kinds):
        check.add("kinds", "invalid_choice", f"kinds must list some of: {', '.join(bulk.KINDS)}.")
    seed = check.whole(body, "seed", "seed", low=0, high=2**63, required=False)
    _checked(check)
    with call.sim.transaction() as tx:
        changes = bulk.bulk_activity(tx, organisation, count, list(dict.fromkeys(kinds)), seed)
    return {"changed": changes, "count": len(changes)}


_CLAIM = "/_sim/claims/<claim_id>"

ROUTES = [
    *control.ROUTES,
    Route("/_sim/clients", ("POST",), clients_register, "control"),
    Route("/_sim/claims", ("GET",), claims_list, "control"),
    Route(_CLAIM, ("GET",), claim_get, "control"),
    *[Route(f"{_CLAIM}/{name}", ("POST",), _action_handler(name), "control") for name in ACTIONS],
    Route(f"{_CLAIM}/scenario", ("GET",), scenario_get, "control"),
    Route(f"{_CLAIM}/scenario", ("PUT",), scenario_put, "control"),
    Route("/_sim/scenario", ("GET",), default_scenario_get, "control"),
    Route("/_sim/scenario", ("PUT",), default_scenario_put, "control"),
    Route("/_sim/faults/next", ("POST",), faults_next, "control"),
    Route("/_sim/endpoints", ("GET",), endpoints_get, "control"),
    Route("/_sim/bulk/activity", ("POST",), bulk_activity, "control"),
]

"""Scripted compensator behaviour: a list of timed steps that moves a claim by itself.

A step is ``{"afterBusinessDays": 5, "action": "liability", "decision": "admitted"}``:
the offset (``afterBusinessDays``, ``afterDays``, ``afterHours``, ``afterMinutes``,
``afterSeconds``, combined) counts from the moment the claim reached the compensator
(Complete Submission), or from when the script was attached if that is later. Every other
key is the body of the control-API action of the same name. Steps that are not possible
when they fall due are skipped and logged.
"""

import json
from datetime import timedelta

from simulators.common.business_days import add_business_days
from simulators.common.checks import Checker
from simulators.common.errors import ApiError, validation_failed
from simulators.common.events import event_schedule, events_cancel
from simulators.common.store import Tx
from simulators.oic.compensator import ACTIONS
from simulators.oic.records import Claim, claim_load, claim_save

OFFSETS = {"afterDays": "days", "afterHours": "hours", "afterMinutes": "minutes", "afterSeconds": "seconds"}


def validate(steps: object) -> list[dict]:
    """Check a script; raise 422 listing every bad step."""
    check = Checker()
    if not isinstance(steps, list):
        check.add("steps", "invalid_type", "A scenario is a list of steps.")
        raise validation_failed(check.errors)
    for index, step in enumerate(steps):
        path = f"steps[{index}]"
        if not isinstance(step, dict):
            check.add(path, "invalid_type", f"{path} must be an object.")
            continue
        check.choice(step, "action", f"{path}.action", tuple(ACTIONS))
        for key in ("afterBusinessDays", *OFFSETS):
            check.whole(step, key, f"{path}.{key}", low=0, high=10_000, required=False)
    if check.errors:
        raise validation_failed(check.errors)
    return steps


def attach(tx: Tx, claim: Claim, steps: list[dict]) -> None:
    """Replace the claim's script; start it now if the claim is already with a compensator."""
    events_cancel(tx, claim.claim_id, "scenario_step")
    claim.details["scenario"] = {"steps": steps, "log": []}
    claim_save(tx, claim)
    if claim.submitted_at:
        start(tx, claim)


def start(tx: Tx, claim: Claim) -> None:
    """Queue every step of the claim's script, counting from now."""
    scenario = claim.details.get("scenario")
    if not scenario or scenario.get("startedDateTime"):
        return
    scenario["startedDateTime"] = tx.stamp
    for index, step in enumerate(scenario["steps"]):
        event_schedule(tx, _due(tx, step), "scenario_step", claim.claim_id, {"index": index})
    claim_save(tx, claim)


def _due(tx: Tx, step: dict):
    due = add_business_days(tx.now, step.get("afterBusinessDays") or 0)
    return due + timedelta(**{unit: step.get(key) or 0 for key, unit in OFFSETS.items()})


def run_step(tx: Tx, claim: Claim, index: int) -> None:
    """Perform one step; a step the claim's status does not allow is logged, not fatal."""
    step = claim.details["scenario"]["steps"][index]
    timing = {"action", "afterBusinessDays", *OFFSETS}
    body = {key: value for key, value in step.items() if key not in timing}
    tx.conn.execute("SAVEPOINT scenario_step")
    try:
        ACTIONS[step["action"]](tx, claim, body)
        outcome = {"result": "done"}
    except ApiError as error:
        tx.conn.execute("ROLLBACK TO scenario_step")
        outcome = {"result": "skipped", "reason": error.message}
    tx.conn.execute("RELEASE scenario_step")
    claim = claim_load(tx.conn, claim.claim_id)
    claim.details["scenario"]["log"].append(
        {"index": index, "action": step["action"], "at": tx.stamp, **outcome}
    )
    claim_save(tx, claim)


def describe(conn, claim: Claim) -> dict:
    """The claim's script, what has run and what is still queued."""
    scenario = claim.details.get("scenario") or {"steps": [], "log": []}
    queued = conn.execute(
        "SELECT due_at, payload FROM due_events WHERE claim_id = ? AND kind = 'scenario_step' "
        "ORDER BY due_at, id",
        (claim.claim_id,),
    ).fetchall()
    return {
        "claimID": claim.claim_id,
        "steps": scenario["steps"],
        "startedDateTime": scenario.get("startedDateTime"),
        "log": scenario["log"],
        "queued": [
            {"dueDateTime": row["due_at"], "step": json.loads(row["payload"])["index"]} for row in queued
        ],
    }

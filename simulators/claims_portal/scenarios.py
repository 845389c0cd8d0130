"""A scripted compensator: rules that answer a claim automatically when it reaches a phase.

A rule says "when a claim enters ``phase``, after ``afterBusinessDays`` business days (plus
``afterMinutes``), run the compensator ``method`` with ``body``". The rules apply to every
claim (``PUT /_sim/scenario``), so a fresh install's claims move on by themselves. A step
runs only if the claim is still in the phase it entered then; otherwise it is skipped, and a
step the method refuses is logged in the claim's history rather than failing anything.
"""

import json
from datetime import timedelta

from simulators.claims_portal.phases import PHASES
from simulators.claims_portal.records import Claim, claim_load, claim_save
from simulators.common.business_days import add_business_days
from simulators.common.checks import Checker
from simulators.common.errors import ApiError
from simulators.common.events import event_schedule
from simulators.common.store import Tx

META_KEY = "scenario"

# The demo script: a cooperative insurer that admits liability and negotiates a little.
DEMO_RULES = [
    {"phase": "Article75Decision", "method": "applyArticle75", "body": {"isArticle75": False}},
    {"phase": "LiabilityDecision", "method": "sendLiabilityDecision", "afterBusinessDays": 2,
     "body": {"liabilityDecision": "A"}},
    {"phase": "InterimPaymentDecision", "method": "addInterimSPFResponse", "afterBusinessDays": 3,
     "body": {"paymentDecision": "Full"}},
    {"phase": "Stage2SettlementPackDecision", "method": "addStage2SPFResponse", "afterBusinessDays": 5,
     "body": {"settlementPackDecision": "CO", "grossAmount": 2000, "comments": "Our offer."}},
    {"phase": "Stage2SettlementPackCRCounterOfferDecision", "method": "acknowledgeStage2SPFAgreed",
     "afterBusinessDays": 2},
    {"phase": "ExitProcessByCR", "method": "acknowledgeExitProcess", "afterBusinessDays": 1},
]  # fmt: skip


def rules(conn) -> list[dict]:
    """The rules in force (stored with the other simulator settings)."""
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (META_KEY,)).fetchone()
    return json.loads(row["value"]) if row else []


def validate(steps: object, methods) -> list[dict]:
    """Check a list of rules; 422 listing every problem."""
    check = Checker()
    if not isinstance(steps, list):
        check.add("rules", "invalid_type", "rules must be a list.")
        steps = []
    compensator_phases = tuple(code for code, phase in PHASES.items() if phase.turn == "COMP")
    for index, step in enumerate(steps):
        path = f"rules[{index}]"
        if not isinstance(step, dict):
            check.add(path, "invalid_type", f"{path} must be an object.")
            continue
        check.choice(step, "phase", f"{path}.phase", compensator_phases)
        check.choice(step, "method", f"{path}.method", tuple(methods))
        check.whole(step, "afterBusinessDays", f"{path}.afterBusinessDays", low=0, high=1000, required=False)
        check.whole(step, "afterMinutes", f"{path}.afterMinutes", low=0, high=100_000, required=False)
        check.section(step, "body", f"{path}.body", required=False)
    if check.errors:
        raise ApiError(
            422, "validation_failed", "The rules have errors.", errors=[e.to_json() for e in check.errors]
        )
    return steps


def schedule(tx: Tx, claim: Claim) -> None:
    """Queue the steps of every rule for the phase the claim has just entered."""
    for index, rule in enumerate(rules(tx.conn)):
        if rule["phase"] == claim.phase:
            due = add_business_days(tx.now, rule.get("afterBusinessDays") or 0)
            due += timedelta(minutes=rule.get("afterMinutes") or 0)
            payload = {"rule": rule, "index": index, "phase": claim.phase, "enteredAt": tx.stamp}
            event_schedule(tx, due, "scenario_step", claim.application_id, payload)


def run_step(tx: Tx, claim: Claim, payload: dict, methods, perform) -> None:
    """Run one step if the claim is still where it was when the step was queued."""
    if claim.phase != payload["phase"] or claim.details.get("phaseEnteredAt") != payload["enteredAt"]:
        return
    rule = payload["rule"]
    tx.conn.execute("SAVEPOINT scenario_step")
    try:
        body = dict(rule.get("body") or {})
        perform(
            tx, claim, rule["method"], methods[rule["method"]], body, actor="scenario", guid_optional=True
        )
    except ApiError as error:
        tx.conn.execute("ROLLBACK TO scenario_step")
        claim = claim_load(tx.conn, claim.application_id)
        claim.history(
            tx,
            f"scenario {rule['method']} skipped",
            "COMP",
            reason=error.message,
            errors=error.extra.get("errors"),
        )
        claim_save(tx, claim, new_version=False)
    tx.conn.execute("RELEASE scenario_step")

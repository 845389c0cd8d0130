"""The demo firm on the local portal simulators: the connections, and claims spread over the statuses.

Real submissions through ClaimDesk's own services; the compensator's side is played through the
simulator's control API (/_sim), as a tester would.
"""

from decimal import Decimal

import httpx
from django.db import transaction

from cases.models import Case, Portal
from lookups.models import LookupValue, ValueList
from portal.models import PortalClaim, PortalConnection
from portal.registry import adapter_for, rules_for
from portal.services.claims import claim_complete, claim_exit, claim_submit
from portal.services.refresh import claim_marks_clear, claim_refresh

# What the compensator does with each demo claim after Complete Submission (by position).
SCRIPT = [
    [
        ("liability", {"decision": "admitted"}),
        (
            "message",
            {"category": "CompResponseCategory", "note": "We act for the defendant. Liability is admitted."},
        ),
    ],
    [
        (
            "liability",
            {"decision": "denied", "justification": "Our insured says your client reversed into them."},
        )
    ],
    [("message", {"category": "CompResponseCategory", "note": "Please send the repair estimate."})],
    [
        (
            "liability",
            {"decision": "admitted_in_part", "percentage": 75, "justification": "Seat belt not worn."},
        )
    ],
    [("liability", {"decision": "causation_disputed", "justification": "Low-speed impact."})],
    [],
    [("liability", {"decision": "admitted"})],
    [],
]


# What the simulated compensator does by itself with every claim completed during the demo, so a
# visitor who submits a claim sees it move (use Re-Sync with Portal, or wait for the nightly sync).
DEMO_SCENARIO = [
    {
        "afterMinutes": 2,
        "action": "message",
        "category": "CompResponseCategory",
        "note": "We act for the defendant's insurer and are reviewing liability.",
    },
    {"afterMinutes": 10, "action": "liability", "decision": "admitted"},
]


def demo_scenario(url: str) -> None:
    with httpx.Client(base_url=url, timeout=10) as control:
        control.put("/_sim/scenario", json={"steps": DEMO_SCENARIO}).raise_for_status()


@transaction.atomic
def ensure_connection(*, url: str, client_id: str, client_secret: str) -> PortalConnection:
    connection, _ = PortalConnection.objects.get_or_create(portal=Portal.OIC)
    if (connection.url, connection.client_id, connection.client_secret) != (url, client_id, client_secret):
        connection.url, connection.client_id, connection.client_secret = url, client_id, client_secret
        connection.access_token, connection.access_token_expires_at = "", None
        connection.save()
    return connection


def _portal_ready(count: int) -> list[Case]:
    """The first ``count`` demo cases that pass the pre-submission check (a local check: no portal call)."""
    rules = rules_for(Portal.OIC)
    cases = Case.objects.filter(portal=Portal.OIC, status=Case.Status.NEW).order_by("id")
    return [c for c in cases if not rules.check(c, acting_user=c.fee_earner)][:count]


def seed_portal_claims(*, url: str, count: int = 16) -> int:
    """Submit ``count`` demo cases and move them along; nothing happens if the demo has portal claims."""
    if PortalClaim.objects.exists():
        return 0
    candidates = _portal_ready(count)
    with httpx.Client(base_url=url, timeout=10) as control:
        saved = control.get("/_sim/config").json()
        control.put(
            "/_sim/config", json={"processingDelaySeconds": 0, "scnfDelaySeconds": 0}
        ).raise_for_status()
        try:
            for index, case in enumerate(candidates):
                _move_along(case, index, control)
        finally:
            keep = {k: saved[k] for k in ("processingDelaySeconds", "scnfDelaySeconds")}
            control.put("/_sim/config", json=keep).raise_for_status()
    adapter = adapter_for(Portal.OIC)
    try:
        for claim in PortalClaim.objects.select_related("case"):
            version = claim.sync_version
            claim_refresh(claim=claim, adapter=adapter, acting_user=claim.case.fee_earner)
            claim_marks_clear(claim=claim, version=version)
    finally:
        adapter.close()
    return len(candidates)


def _move_along(case: Case, index: int, control: httpx.Client) -> None:
    user = case.fee_earner
    if not claim_submit(case=case, acting_user=user).ok or index % 8 == 7:
        return  # a few stay Pending-New, waiting for Complete Submission
    control.post("/_sim/clock", json={"advance": {"seconds": 1}})  # run the (zero) processing delay
    if not claim_complete(case=case, acting_user=user).ok:
        return
    claim_id = PortalClaim.objects.get(case=case).claim_id
    for action, body in SCRIPT[index % len(SCRIPT)]:
        control.post(f"/_sim/claims/{claim_id}/{action}", json=body)
    if index % 8 == 5:
        reason = LookupValue.objects.get(
            value_list=rules_for(case.portal).lists.exit_reason, code="ClientInstructions"
        )
        claim_exit(case=case, reason=reason, comment="Client no longer wishes to proceed.", acting_user=user)


# -- The Claims Portal simulator ------------------------------------------------------------------------

# The simulated compensator answers every Claims Portal claim sent during the demo within minutes, so a
# visitor sees one move (Re-Sync with Portal, or wait for the nightly sync).
CP_DEMO_RULES = [
    {"phase": "ClaimSubmitted", "method": "acceptClaim", "afterMinutes": 2},
    {"phase": "Article75Decision", "method": "applyArticle75", "body": {"isArticle75": False}},
    {
        "phase": "LiabilityDecision",
        "method": "sendLiabilityDecision",
        "afterMinutes": 8,
        "body": {"liabilityDecision": "A"},
    },
    {
        "phase": "InterimPaymentDecision",
        "method": "addInterimSPFResponse",
        "afterMinutes": 5,
        "body": {"paymentDecision": "Full"},
    },
    {
        "phase": "Stage2SettlementPackDecision",
        "method": "addStage2SPFResponse",
        "afterMinutes": 10,
        "body": {
            "settlementPackDecision": "CO",
            "grossAmount": 2000,
            "comments": "Our offer in full and final settlement.",
        },
    },
    {
        "phase": "Stage2SettlementPackCRCounterOfferDecision",
        "method": "acknowledgeStage2SPFAgreed",
        "afterMinutes": 5,
    },
    {"phase": "ExitProcessByCR", "method": "acknowledgeExitProcess", "afterMinutes": 2},
]

# What the compensator (c) and the firm (f: a stage action; x: an exit) do with each demo claim after it
# is sent (by position).
_ADMIT = [("c", "acceptClaim", {}), ("c", "applyArticle75", {"isArticle75": False})]
_ADMITTED = [*_ADMIT, ("c", "sendLiabilityDecision", {"liabilityDecision": "A"})]
_PACK = {"general_damages": Decimal("3200"), "medical_reports": 1, "soft_tissue": False}
_OFFERED = [
    *_ADMITTED,
    ("f", "liability.acknowledge", {}),
    ("f", "stage2.start", {}),
    ("f", "stage2.pack", _PACK),
    (
        "c",
        "addStage2SPFResponse",
        {"settlementPackDecision": "CO", "grossAmount": 2250, "comments": "Our offer."},
    ),
]
# The most telling first: a demo with few ready cases still shows the whole way to a settlement.
CP_SCRIPT = [
    [
        *_OFFERED,
        ("f", "offer.counter", {"amount": Decimal("2900"), "comment": "Hire charges are evidenced."}),
        ("c", "acknowledgeStage2SPFAgreed", {}),
    ],
    _OFFERED,
    _ADMITTED,
    [
        *_ADMITTED,
        ("f", "liability.acknowledge", {}),
        ("f", "interim.start", {}),
        ("f", "interim.pack", {"amount": Decimal("1000")}),
        ("c", "addInterimSPFResponse", {"paymentDecision": "Full"}),
    ],
    [
        *_ADMIT,
        (
            "c",
            "sendLiabilityDecision",
            {"liabilityDecision": "N", "unadmittedLiabilityReasons": "Your client braked sharply."},
        ),
    ],
    [("c", "acceptClaim", {}), ("x", "5", {"comment": "The client withdrew."})],
    _ADMIT,
    [],
]


def cp_demo_scenario(url: str) -> None:
    with httpx.Client(base_url=url, timeout=10) as control:
        control.put("/_sim/scenario", json={"rules": CP_DEMO_RULES}).raise_for_status()


@transaction.atomic
def ensure_cp_connection(*, url: str, client_id: str, client_secret: str, login_as: str) -> PortalConnection:
    connection, _ = PortalConnection.objects.get_or_create(portal=Portal.CLAIMS_PORTAL)
    wanted = (url, client_id, client_secret, login_as)
    if (connection.url, connection.client_id, connection.client_secret, connection.login_as) != wanted:
        connection.url, connection.client_id, connection.client_secret, connection.login_as = wanted
        connection.access_token, connection.access_token_expires_at = "", None
    connection.firm_name = connection.firm_name or "Demo Law LLP"
    connection.firm_phone = connection.firm_phone or "0113 496 0000"
    connection.save()
    return connection


def seed_cp_claims(*, url: str, count: int = 8) -> int:
    """Send ``count`` demo Claims Portal cases and move them along; nothing if the demo has such claims."""
    if PortalClaim.objects.filter(portal=Portal.CLAIMS_PORTAL).exists():
        return 0
    rules = rules_for(Portal.CLAIMS_PORTAL)
    cases = Case.objects.filter(portal=Portal.CLAIMS_PORTAL, status=Case.Status.NEW).order_by("id")
    candidates = [c for c in cases if not rules.check(c, acting_user=c.fee_earner)][:count]
    adapter = adapter_for(Portal.CLAIMS_PORTAL)
    try:
        with httpx.Client(base_url=url, timeout=10) as control:
            for index, case in enumerate(candidates):
                if claim_submit(case=case, acting_user=case.fee_earner).ok:
                    _cp_move_along(case, CP_SCRIPT[index % len(CP_SCRIPT)], control, adapter)
        for claim in PortalClaim.objects.filter(portal=Portal.CLAIMS_PORTAL).select_related("case"):
            version = claim.sync_version
            claim_refresh(claim=claim, adapter=adapter, acting_user=claim.case.fee_earner)
            claim_marks_clear(claim=claim, version=version)
    finally:
        adapter.close()
    return len(candidates)


def _cp_move_along(case: Case, steps: list, control: httpx.Client, adapter) -> None:
    from portal.base import Part
    from portal.services.stages import claim_action_perform

    claim = PortalClaim.objects.get(case=case, is_active=True)
    for side, name, body in steps:
        if side == "c":
            control.post(f"/_sim/claims/{claim.claim_id}/actions/{name}", json=body).raise_for_status()
            continue
        if side == "x":  # the firm exits the claim, with this exit reason
            reason = LookupValue.objects.get(value_list=ValueList.CP_EXIT_REASON, code=name)
            claim_exit(case=case, reason=reason, comment=body["comment"], acting_user=case.fee_earner)
            continue
        claim_refresh(
            claim=claim, adapter=adapter, parts=frozenset({Part.DETAILS}), acting_user=case.fee_earner
        )
        claim.refresh_from_db()
        result = claim_action_perform(
            case=case,
            action_code=name,
            values=dict(body),
            expected_status=claim.status,
            acting_user=case.fee_earner,
        )
        if not result.ok:
            return

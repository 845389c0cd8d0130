"""Every status transition the simulator offers, driven through the claimant and control APIs."""

import base64

import pytest

from simulators.oic.reference import STATUS_LABELS
from simulators.oic.tests.conftest import at_status, scnf, submitted

PDF = base64.b64encode(b"%PDF-1.4 simulated report").decode()
ADMIT_IN_PART = (
    "comp",
    "liability",
    {"decision": "admitted_in_part", "percentage": 70, "justification": "Claimant braked late."},
)
DENY = ("comp", "liability", {"decision": "denied", "justification": "Our insured was not at fault."})
COURT_ORDER = {"fileName": "order.pdf", "category": "CourtOrder", "fileStream": PDF}

# Each chain starts from a claim in the first status and lists (who, endpoint, body, expected status).
CHAINS = {
    "admitted in part": ("Pending-Liability", [(*ADMIT_IN_PART, "Pending-Medical")]),
    "causation disputed": (
        "Pending-Liability",
        [
            (
                "comp",
                "liability",
                {"decision": "causation_disputed", "justification": "Low-speed impact."},
                "Pending-MedCausation",
            ),
            (
                "claimant",
                "medical-report",
                {"fileName": "r.pdf", "fileStream": PDF, "prognosisMonths": 4},
                "Pending-CheckMedical",
            ),
        ],
    ),
    "transfer": (
        "Pending-Liability",
        [
            ("comp", "transfer", {"compensatorOrgName": "Zurich Insurance plc"}, "Open-Transferred"),
            ("comp", "transfer-complete", {}, "Pending-Liability"),
        ],
    ),
    "denial accepted": (
        "Pending-LiabilityRejected",
        [
            (
                "claimant",
                "liability-reply",
                {"action": "acceptdenial", "comment": "Client accepts."},
                "Pending-RejectedLiability",
            ),
            ("comp", "acknowledge-denial", {}, "Resolved-RejectedLiability"),
        ],
    ),
    "court on liability, agreed, then reopened": (
        "Pending-LiabilityRejected",
        [
            ("claimant", "liability-reply", {"action": "disputeliability"}, "Pending-LiabilityListReview"),
            ("comp", "court", {"action": "agree"}, "Pending-LiabilityListAccept"),
            ("claimant", "court-pack", {"action": "submit"}, "Resolved-CourtLiability"),
            ("claimant", "attachments", COURT_ORDER, None),
            ("claimant", "reopen", {"courtClaimNumber": "K00LS123"}, "Pending-MedicalAfterCourt"),
            ("comp", "medical-report", {}, "Pending-CheckMedical"),
        ],
    ),
    "court on liability, amended": (
        "Pending-LiabilityListReview",
        [
            (
                "comp",
                "court",
                {"action": "amend", "comment": "Add our version of events."},
                "Pending-LiabilityListAmend",
            ),
            ("claimant", "court-pack", {"action": "accept"}, "Pending-LiabilityListAccept"),
        ],
    ),
    "report amended": (
        "Pending-CheckMedical",
        [
            (
                "claimant",
                "medical-review",
                {"action": "amend", "comment": "Wrong accident date."},
                "Pending-MRPReportReject",
            ),
            ("comp", "medical-report", {}, "Pending-CheckMedical"),
        ],
    ),
    "further report": (
        "Pending-CheckMedical",
        [
            (
                "claimant",
                "medical-review",
                {"action": "further", "comment": "Still symptomatic."},
                "Pending-FurtherReport",
            ),
            ("claimant", "medical-report", {"fileName": "r2.pdf", "fileStream": PDF}, "Pending-CheckMedical"),
        ],
    ),
    "wait out the prognosis": (
        "Pending-ProceedClaim",
        [
            ("claimant", "medical-review", {"action": "wait"}, "Pending-WaitPrognosisMedical"),
            ("claimant", "medical-review", {"action": "proceed"}, "Pending-FirstOffer"),
        ],
    ),
    "wait out the prognosis at the offer stage, then counter with heads": (
        "Pending-ReviewOffer",
        [
            ("claimant", "offer-response", {"action": "wait"}, "Pending-WaitPrognosisOffer"),
            (
                "claimant",
                "offer-response",
                {
                    "action": "counter",
                    "tariffAmount": 840,
                    "upliftPercentage": 10,
                    "otherLossesAmount": 120.5,
                },
                "Pending-RespondCounter",
            ),
        ],
    ),
    "causation, no offer": (
        "Pending-FirstOffer",
        [
            ("comp", "offer", {"causationDisputed": True}, "Pending-CausationNoOffer"),
            ("claimant", "offer-response", {"action": "accept"}, "Resolved-NoOffer"),
        ],
    ),
    "causation, final offer rejected": (
        "Pending-FirstOffer",
        [
            (
                "comp",
                "offer",
                {"causationDisputed": True, "tariffAmount": 240},
                "Pending-CausationFinalOffer",
            ),
            ("claimant", "offer-response", {"action": "reject"}, "Resolved-FinalOfferRejected"),
        ],
    ),
    "causation, final offer accepted": (
        "Pending-FirstOffer",
        [
            (
                "comp",
                "offer",
                {"causationDisputed": True, "tariffAmount": 240},
                "Pending-CausationFinalOffer",
            ),
            ("claimant", "offer-response", {"action": "accept"}, "Resolved-Completed"),
        ],
    ),
    "counter-offer accepted": (
        "Pending-RespondCounter",
        [("comp", "counter-response", {"action": "accept"}, "Resolved-Completed")],
    ),
    "counter-offer rejected": (
        "Pending-RespondCounter",
        [
            (
                "comp",
                "counter-response",
                {"action": "reject", "tariffAmount": 600, "nonTariffAmount": 400},
                "Pending-ReviewOffer",
            )
        ],
    ),
    "court on quantum": (
        "Pending-OfferCourtList",
        [
            ("claimant", "court-pack", {"action": "select", "documentIDs": "ALL"}, "Pending-OfferListReview"),
            ("comp", "court", {"action": "amend", "comment": "Add the ROOA."}, "Pending-OfferListAmend"),
            ("claimant", "court-pack", {"action": "accept"}, "Pending-OfferListAccept"),
            ("claimant", "court-pack", {"action": "submit"}, "Resolved-CourtValuation"),
        ],
    ),
    "withdrawn after submission": (
        "Pending-Medical",
        [
            ("claimant", "withdraw", {"withdrawalReason": "ClientInstructions"}, "Pending-Withdrawal"),
            ("comp", "acknowledge-withdrawal", {}, "Resolved-Withdrawn"),
        ],
    ),
    "removed by the compensator": (
        "Pending-Liability",
        [
            ("comp", "remove", {"reason": "ComplexIssues", "note": "Fraud indicators."}, "Pending-Removal"),
            ("claimant", "acknowledge-removal", {}, "Resolved-Removed"),
        ],
    ),
}


def _run(portal, control, claim_id, who, endpoint, body, expected):
    if body.get("documentIDs") == "ALL":
        body = {
            **body,
            "documentIDs": [
                doc["id"] for doc in portal.get(f"/api/v1/claims/{claim_id}/attachments").json()["results"]
            ],
        }
    if who == "comp":
        result = control.act(claim_id, endpoint, **body)
    elif endpoint == "attachments":
        response = portal.post(f"/api/v1/claims/{claim_id}/attachments", json=body)
        assert response.status_code == 201, response.text
        return
    else:
        result = portal.act(claim_id, endpoint, **body)
    assert result["claimStatus"] == expected


@pytest.mark.parametrize("chain", CHAINS, ids=list(CHAINS))
def test_each_transition_chain(portal, control, chain):
    start, steps = CHAINS[chain]
    claim_id = at_status(portal, control, start)
    control.advance(minutes=5)  # the SCNF document exists, so court packs have something to list
    for who, endpoint, body, expected in steps:
        _run(portal, control, claim_id, who, endpoint, dict(body), expected)


def test_every_status_is_reachable():
    reached = {
        "Pending-New",
        "Pending-CompensatorAssignment",
        "Pending-ReviewChallenge",
        "Pending-ReviewPartialLiability",
    }
    reached |= {start for start, _ in CHAINS.values()}
    reached |= {step[3] for _, steps in CHAINS.values() for step in steps if step[3]}
    from simulators.oic.tests.conftest import ROUTES_TO

    reached |= set(ROUTES_TO)
    assert set(STATUS_LABELS) <= reached


def test_a_claim_withdrawn_before_submission_closes_at_once(portal, control):
    claim_id = portal.create()["claimID"]
    claim = portal.act(
        claim_id, "withdraw", withdrawalReason="Other", withdrawalMotivation="Duplicate instruction."
    )
    assert claim["claimStatus"] == "Resolved-Withdrawn"
    assert claim["claimDetails"]["withdrawalReason"] == "Other"
    assert claim["claimDetails"]["withdrawalMotivation"] == "Duplicate instruction."


def test_withdrawal_needs_a_valid_reason_and_a_motivation_for_other(portal, control):
    claim_id = portal.create()["claimID"]
    bad = portal.post(f"/api/v1/claims/{claim_id}/withdraw", json={"withdrawalReason": "Bored"})
    other = portal.post(f"/api/v1/claims/{claim_id}/withdraw", json={"withdrawalReason": "Other"})
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "withdrawalReason"
    assert other.status_code == 422
    assert other.json()["errors"][0]["field"] == "withdrawalMotivation"


def test_a_resolved_claim_cannot_be_withdrawn(portal, control):
    claim_id = portal.create()["claimID"]
    portal.act(claim_id, "withdraw", withdrawalReason="ClientInstructions")
    again = portal.post(
        f"/api/v1/claims/{claim_id}/withdraw", json={"withdrawalReason": "ClientInstructions"}
    )
    assert again.status_code == 409
    assert again.json()["error"] == "invalid_status"
    assert again.json()["claimStatus"] == "Resolved-Withdrawn"


def test_actions_in_the_wrong_status_are_rejected_with_the_status(portal, control):
    claim_id = submitted(portal, control)["claimID"]
    wrong = [
        portal.post(f"/api/v1/claims/{claim_id}/complete-submission"),
        portal.post(f"/api/v1/claims/{claim_id}/offer-response", json={"action": "accept"}),
        portal.post(f"/api/v1/claims/{claim_id}/liability-reply", json={"action": "acceptdenial"}),
        control.post(f"/_sim/claims/{claim_id}/offer", json={"tariffAmount": 100}),
        control.post(f"/_sim/claims/{claim_id}/acknowledge-withdrawal", json={}),
    ]
    assert [response.status_code for response in wrong] == [409] * 5
    assert {response.json()["claimStatus"] for response in wrong} == {"Pending-Liability"}


def test_challenging_a_partial_admission_opens_a_cl_claim(portal, control):
    claim_id = submitted(portal, control)["claimID"]
    control.act(claim_id, "liability", decision="admitted_in_part", percentage=60, justification="Speeding.")
    parent = portal.act(
        claim_id,
        "liability-reply",
        action="challengepartialliability",
        comment="No speeding.",
        percentage=100,
    )
    child_id = parent["relatedClaims"][-1]["claimID"]
    assert parent["claimStatus"] == "Pending-Medical"
    assert child_id == f"{claim_id}-CL1"

    answered = control.act(
        child_id, "liability", decision="admitted_in_part", percentage=80, justification="Meet halfway."
    )
    assert answered["claimStatus"] == "Pending-ReviewPartialLiability"
    assert answered["parentClaimDetails"]["claimID"] == claim_id
    assert answered["challengeLiabilityDetails"]["content"]["liabilityPercentageAdmittedByComp"] == 60

    portal.act(claim_id, "liability-reply", action="reviewpartialliability", decision="accept")
    assert portal.claim(child_id)["claimStatus"] == "Resolved-Completed"
    assert portal.claim(claim_id)["claimDetails"]["liability"]["liabilityPercentage"] == 80


def test_a_challenge_accepted_in_full_admits_liability_on_the_parent(portal, control):
    claim_id = submitted(portal, control)["claimID"]
    control.act(
        claim_id, "liability", decision="admitted_in_part", percentage=50, justification="Both at fault."
    )
    portal.act(
        claim_id,
        "liability-reply",
        action="challengepartialliability",
        comment="Not at fault.",
        percentage=100,
    )
    control.act(f"{claim_id}-CL1", "liability", decision="admitted")
    parent = portal.claim(claim_id)
    assert parent["claimDetails"]["liability"]["liabilityDecision"] == "Liability admitted in full"
    assert parent["claimDetails"]["liability"]["liabilityPercentage"] == 100


def test_a_challenge_can_go_to_court(portal, control):
    claim_id = submitted(portal, control)["claimID"]
    control.act(
        claim_id, "liability", decision="admitted_in_part", percentage=50, justification="Both at fault."
    )
    portal.act(
        claim_id,
        "liability-reply",
        action="challengepartialliability",
        comment="Not at fault.",
        percentage=100,
    )
    control.act(
        f"{claim_id}-CL1",
        "liability",
        decision="admitted_in_part",
        percentage=50,
        justification="Maintained.",
    )
    portal.act(claim_id, "liability-reply", action="reviewpartialliability", decision="court")
    assert portal.claim(f"{claim_id}-CL1")["claimStatus"] == "Resolved-CourtLiability"


def test_reopening_needs_the_court_order(portal, control):
    claim_id = at_status(portal, control, "Pending-LiabilityListReview")
    control.act(claim_id, "court", action="agree")
    portal.act(claim_id, "court-pack", action="submit")
    response = portal.post(f"/api/v1/claims/{claim_id}/reopen", json={"courtClaimNumber": "K00LS123"})
    assert response.status_code == 409
    assert response.json()["error"] == "court_order_required"


def test_losses_can_be_added_until_an_offer_is_requested(portal, control):
    claim_id = submitted(portal, control, scnf(**{"clientReference": "LOSS-1"}))["claimID"]
    loss = {"lossType": "TravelExpenses", "amount": 42.5, "description": "Taxi to the GP"}
    claim = portal.act(claim_id, "losses", losses=[loss])
    assert claim["losses"][-1]["lossType"] == "TravelExpenses"
    control.act(claim_id, "liability", decision="admitted")
    control.act(claim_id, "medical-report")
    portal.act(claim_id, "medical-review", action="accept")
    portal.act(claim_id, "medical-review", action="proceed")
    late = portal.post(f"/api/v1/claims/{claim_id}/losses", json={"losses": [loss]})
    assert late.status_code == 409


def test_claim_actions_on_a_child_claim_point_to_the_parent(portal, control):
    claim_id = at_status(portal, control, "Pending-Medical")
    medical_child = f"{claim_id}-MED1"
    assert portal.claim(medical_child)["medicalClaimDetails"]["parentClaimID"] == claim_id
    response = portal.post(
        f"/api/v1/claims/{medical_child}/withdraw", json={"withdrawalReason": "ClientInstructions"}
    )
    assert (response.status_code, response.json()["error"]) == (409, "child_claim")
    assert response.json()["parentClaimID"] == claim_id
    assert (
        control.post(f"/_sim/claims/{medical_child}/medical-report", json={}).json()["error"] == "child_claim"
    )
    note = control.act(medical_child, "message", category="Medical", note="Appointment booked.")
    assert note["claimID"] == medical_child

"""The Claim stage tab on a Claims Portal claim, over real HTTP: liability, interim payments, the Stage 2
Settlement Pack and the negotiation, exits, refusals and a claim that moved on. The simulator's control
API plays the compensator."""

from decimal import Decimal

from cases.models import Case
from portal.models import PortalClaim, PortalOperation
from portal.services.claims import claim_submit
from tests.claims_portal_sim import make_cp_case
from tests.factories import lookup
from worklist.models import Task


def _on_portal(case, user, control) -> PortalClaim:
    """Submitted, acknowledged and past the Article 75 decision: waiting for liability."""
    assert claim_submit(case=case, acting_user=user).ok
    claim = PortalClaim.objects.get(case=case)
    control.act(claim.claim_id, "acceptClaim")
    control.act(claim.claim_id, "applyArticle75", isArticle75=False)
    return claim


def _stage(client, case) -> str:
    return client.get(f"/cases/{case.reference}/portal/stage/").content.decode()


def _act(client, case, code, *, expected=None, **fields):
    """Post one action's form as the panel would (prefix from the action's code)."""
    prefix = code.replace(".", "-")
    claim = PortalClaim.objects.get(case=case, is_active=True)
    data = {
        f"{prefix}-action": code,
        f"{prefix}-expected_status": expected or claim.status,
        f"{prefix}-confirm": "on",
    }
    data |= {f"{prefix}-{name}": value for name, value in fields.items()}
    return client.post(f"/cases/{case.reference}/portal/stage/", data, follow=True)


def _status(case) -> str:
    return PortalClaim.objects.get(case=case, is_active=True).status


def _resync(client, case):
    return client.post(f"/cases/{case.reference}/portal/resync/", follow=True).content.decode()


def _admitted(client, case, user, control) -> PortalClaim:
    claim = _on_portal(case, user, control)
    control.act(claim.claim_id, "sendLiabilityDecision", liabilityDecision="A")
    _resync(client, case)
    return claim


PACK = {"general_damages": "3200.00", "medical_reports": "1", "soft_tissue": "on", "medco_case_id": "MEDCO-1"}


def test_liability_admitted_then_the_stage_2_pack_offer_counter_and_agreement(
    alice_client, alice, cp_case, claims_portal, cp_control
):
    claim = _admitted(alice_client, cp_case, alice, cp_control)
    page = _stage(alice_client, cp_case)
    assert "Liability Admitted" not in page or "Acknowledge the admission" in page
    assert "Acknowledge the admission" in page and "Send the Stage 2 Settlement Pack" not in page
    _act(alice_client, cp_case, "liability.acknowledge")
    assert _status(cp_case) == "StartOfStage21"
    page = _stage(alice_client, cp_case)
    assert "Go on to the Stage 2 Settlement Pack" in page and "Ask for an interim payment" in page
    _act(alice_client, cp_case, "stage2.start")
    assert _status(cp_case) == "Stage2SettlementPackForm"
    done = _act(alice_client, cp_case, "stage2.pack", **PACK).content.decode()
    assert "Send the Stage 2 Settlement Pack: done" in done
    assert _status(cp_case) == "Stage2SettlementPackDecision"
    pack = cp_control.claim(claim.claim_id)["stage2SettlementPack"]["request"]
    assert [(line["lossType"], line["grossValueClaimed"]) for line in pack["losses"]] == [(11, 3200)]
    assert pack["medCoCaseId"] == "MEDCO-1" and pack["softTissue"] is True

    cp_control.act(
        claim.claim_id,
        "addStage2SPFResponse",
        settlementPackDecision="CO",
        grossAmount=2000,
        comments="Our offer.",
    )
    _resync(alice_client, cp_case)
    page = _stage(alice_client, cp_case)
    assert "£2,000.00" in page and "Our offer." in page
    assert "Make a counter-offer" in page and "Accept the compensator&#x27;s offer" in page
    _act(alice_client, cp_case, "offer.counter", amount="2600", comment="Our client's losses are higher.")
    assert _status(cp_case) == "Stage2SettlementPackCRCounterOfferDecision"
    cp_control.act(claim.claim_id, "acknowledgeStage2SPFAgreed")
    _resync(alice_client, cp_case)
    claim.refresh_from_db()
    assert claim.status == "Stage2SettlementPackAgreedEnd" and claim.outcome == "settled"
    assert claim.settled_amount == Decimal("2600.00")
    cp_case.refresh_from_db()
    assert cp_case.status == Case.Status.SETTLED
    summaries = list(cp_case.events.values_list("summary", flat=True))
    assert any(s.startswith("Make a counter-offer: the claim is now") for s in summaries)
    counter = cp_case.events.get(summary__startswith="Make a counter-offer")
    assert {"field": "Your counter-offer (£)", "after": "£2,600.00"}.items() <= counter.changes[0].items()


def test_accepting_the_compensators_offer_settles_the_claim(
    alice_client, alice, cp_case, claims_portal, cp_control
):
    claim = _admitted(alice_client, cp_case, alice, cp_control)
    _act(alice_client, cp_case, "liability.acknowledge")
    _act(alice_client, cp_case, "stage2.start")
    _act(alice_client, cp_case, "stage2.pack", **PACK)
    cp_control.act(claim.claim_id, "addStage2SPFResponse", settlementPackDecision="CO", grossAmount=2100)
    _resync(alice_client, cp_case)
    _act(alice_client, cp_case, "offer.accept")
    claim.refresh_from_db()
    assert claim.status == "Stage2SettlementPackAgreedEnd" and claim.settled_amount == Decimal("2100.00")


def test_the_losses_tab_goes_with_the_packs(alice_client, alice, cp_case, claims_portal, cp_control):
    from cases.models import Loss
    from lookups.models import ValueList

    Loss.objects.create(
        case=cp_case, loss_type=lookup(ValueList.LOSS_TYPE, "PolicyExcess"), amount=Decimal("250")
    )
    Loss.objects.create(
        case=cp_case, loss_type=lookup(ValueList.LOSS_TYPE, "VehicleHire"), amount=Decimal("900")
    )
    claim = _admitted(alice_client, cp_case, alice, cp_control)
    _act(alice_client, cp_case, "liability.acknowledge")
    _act(alice_client, cp_case, "interim.start")
    _act(alice_client, cp_case, "interim.pack", amount="1000")
    assert _status(cp_case) == "InterimPaymentDecision"
    [isp] = cp_control.claim(claim.claim_id)["interimSettlementPackList"]
    assert [(line["lossType"], line["grossValueClaimed"]) for line in isp["request"]["losses"]] == [
        (0, 250),
        (2, 900),
    ]
    cp_control.act(claim.claim_id, "addInterimSPFResponse", paymentDecision="Full")
    _resync(alice_client, cp_case)
    assert "Interim payment request 1" in _stage(alice_client, cp_case)
    _act(alice_client, cp_case, "interim.paid", received="on")
    assert _status(cp_case) == "StartOfStage21"
    assert cp_control.claim(claim.claim_id)["interimSettlementPackList"][0]["paid"] is True
    _act(alice_client, cp_case, "stage2.start")
    _act(alice_client, cp_case, "stage2.pack", **PACK)
    lines = cp_control.claim(claim.claim_id)["stage2SettlementPack"]["request"]["losses"]
    assert [(line["lossType"], line["grossValueClaimed"]) for line in lines] == [
        (11, 3200),
        (0, 250),
        (2, 900),
    ]


def test_an_interim_request_needs_losses_and_at_least_1000(
    alice_client, alice, cp_case, claims_portal, cp_control
):
    _admitted(alice_client, cp_case, alice, cp_control)
    _act(alice_client, cp_case, "liability.acknowledge")
    _act(alice_client, cp_case, "interim.start")
    low = _act(alice_client, cp_case, "interim.pack", amount="999")
    assert low.status_code == 400 and "greater than or equal to 1000" in low.content.decode()
    no_losses = _act(alice_client, cp_case, "interim.pack", amount="1500").content.decode()
    assert "Add the losses on the Losses tab first." in no_losses
    assert _status(cp_case) == "InterimSettlementPackForm"  # refused before anything was sent


def test_a_portal_refusal_shows_against_the_action_field(
    alice_client, alice, cp_case, claims_portal, cp_control
):
    _admitted(alice_client, cp_case, alice, cp_control)
    _act(alice_client, cp_case, "liability.acknowledge")
    _act(alice_client, cp_case, "stage2.start")
    page = _act(alice_client, cp_case, "stage2.pack", **(PACK | {"medco_case_id": ""}))
    text = page.content.decode()
    assert page.status_code == 400
    assert "The portal says: A soft tissue injury claim needs the MedCo case id." in text
    assert _status(cp_case) == "Stage2SettlementPackForm"
    _act(alice_client, cp_case, "stage2.pack", **PACK)
    assert _status(cp_case) == "Stage2SettlementPackDecision"


def test_liability_admitted_with_negligence_or_denied_leaves_the_portal(
    alice_client, alice, claims_portal, cp_control
):
    for decision, extra, code in (
        ("AN", {"contributoryNegligencePercentage": 25}, "liability.acknowledge_negligence"),
        ("N", {"unadmittedLiabilityReasons": "Your client braked sharply."}, "liability.acknowledge_denial"),
    ):
        case = make_cp_case(fee_earner=alice)
        claim = _on_portal(case, alice, cp_control)
        cp_control.act(claim.claim_id, "sendLiabilityDecision", liabilityDecision=decision, **extra)
        _resync(alice_client, case)
        claim.refresh_from_db()
        assert claim.liability_percentage == (Decimal("75") if decision == "AN" else Decimal("0"))
        if decision == "N":
            assert "Your client braked sharply." in _stage(alice_client, case)
        _act(alice_client, case, code)
        claim.refresh_from_db()
        assert claim.is_closed and claim.outcome == "exited" and claim.status.endswith("End")
        case.refresh_from_db()
        assert case.status == Case.Status.EXITED


def test_a_child_claimant_acknowledges_with_the_child_variant(alice_client, alice, claims_portal, cp_control):
    import datetime as dt

    case = make_cp_case(fee_earner=alice)
    case.client.date_of_birth = dt.date.today().replace(year=dt.date.today().year - 10)
    case.client.save()
    claim = _admitted(alice_client, case, alice, cp_control)
    assert cp_control.claim(claim.claim_id)["claimNotificationForm"]["claimant"]["childClaim"] is True
    assert "Acknowledge the admission (child claimant)" in _stage(alice_client, case)
    _act(alice_client, case, "liability.acknowledge_child")
    assert _status(case) == "StartOfStage21"


def test_no_liability_decision_in_time_times_out_with_a_task(
    alice_client, alice, cp_case, claims_portal, cp_control
):
    claim = _on_portal(cp_case, alice, cp_control)
    cp_control.advance(businessDays=16)
    _resync(alice_client, cp_case)
    claim.refresh_from_db()
    assert claim.status == "LiabilityDecisionTimeout"
    task = Task.objects.get(case=cp_case, status=Task.Status.OPEN, portal_key__contains=":assignment:")
    assert "No liability decision in time" in task.title
    _act(alice_client, cp_case, "liability.acknowledge_timeout")
    claim.refresh_from_db()
    assert claim.status == "LiabilityDecisionTimeoutEnd"
    task.refresh_from_db()
    assert task.status == Task.Status.DONE


def test_a_claim_that_moved_on_is_shown_fresh_and_nothing_is_sent(
    alice_client, alice, cp_case, claims_portal, cp_control
):
    """The page was drawn at LiabilityAdmitted; the portal moved on (a stale activityEngineGuid)."""
    claim = _admitted(alice_client, cp_case, alice, cp_control)
    cp_control.act(
        claim.claim_id, "exitProcess", exitReasonCode="6", exitComment="Duplicate of another claim"
    )
    page = _act(alice_client, cp_case, "liability.acknowledge").content.decode()
    assert "The claim has moved on: it is now ExitProcessByCM" in page
    assert "Acknowledge the compensator&#x27;s exit" in page
    assert _status(cp_case) == "ExitProcessByCM"
    assert PortalOperation.objects.filter(kind="action").get().state == PortalOperation.State.REJECTED


def test_a_stale_version_on_the_same_phase_says_the_claim_moved_on(
    alice_client, alice, cp_case, claims_portal, cp_control
):
    """Same phase, newer version: the Stage 1 costs were recorded on the portal's own web site."""
    claim = _admitted(alice_client, cp_case, alice, cp_control)
    _act(alice_client, cp_case, "liability.acknowledge")
    PortalClaim.objects.filter(pk=claim.pk).update(portal_version="0d8f3a52-0000-4000-8000-000000000000")
    page = _act(alice_client, cp_case, "stage2.start").content.decode()
    assert "The claim has moved on" in page
    claim.refresh_from_db()
    assert claim.portal_version != "0d8f3a52-0000-4000-8000-000000000000"  # the fresh version, read again
    _act(alice_client, cp_case, "stage2.start")
    assert _status(cp_case) == "Stage2SettlementPackForm"


def test_the_stage_1_fixed_costs_are_recorded_once(alice_client, alice, cp_case, claims_portal, cp_control):
    claim = _admitted(alice_client, cp_case, alice, cp_control)
    _act(alice_client, cp_case, "liability.acknowledge")
    assert "Record the Stage 1 fixed costs" in _stage(alice_client, cp_case)
    _act(alice_client, cp_case, "costs.stage1", paid="on")
    assert cp_control.claim(claim.claim_id)["applicationData"]["stage1Paid"] is True
    page = _stage(alice_client, cp_case)
    assert "Record the Stage 1 fixed costs" not in page and "Stage 1 fixed costs" in page

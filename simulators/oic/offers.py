"""Offers, counter-offers and settlement: both sides of the offer stage."""

from simulators.common.checks import Checker
from simulators.common.errors import ApiError, validation_failed
from simulators.common.store import Tx
from simulators.oic.errors import require_status
from simulators.oic.lifecycle import status_change
from simulators.oic.records import Claim
from simulators.oic.shapes import statuses

_AMOUNTS = ("tariffAmount", "nonTariffAmount", "otherLossesAmount")


def _checked(check: Checker) -> None:
    if check.errors:
        raise validation_failed(check.errors)


def _read_amounts(check: Checker, body: dict) -> dict:
    amounts = {
        key: check.number(body, key, key, low=0, high=1_000_000, required=False) or 0 for key in _AMOUNTS
    }
    amounts["upliftPercentage"] = (
        check.whole(body, "upliftPercentage", "upliftPercentage", low=0, high=20, required=False) or 0
    )
    amounts["totalAmount"] = round(sum(amounts[key] for key in _AMOUNTS), 2)
    return amounts


def _add_offer(
    tx: Tx, claim: Claim, *, offer_type: str, made_by: str, amounts: dict, comment: str | None
) -> dict:
    offers = claim.details.setdefault("offers", [])
    for earlier in offers:
        if earlier["status"] == "Open":
            earlier.update(status="Superseded", respondedDateTime=tx.stamp)
    offer = {
        "offerID": f"{claim.claim_id}-OFR{len(offers) + 1}",
        "offerType": offer_type,
        "madeBy": made_by,
        **{key: amounts.get(key, 0) for key in (*_AMOUNTS, "upliftPercentage")},
        "totalAmount": amounts["totalAmount"],
        "comment": comment,
        "status": "Open",
        "createdDateTime": tx.stamp,
        "respondedDateTime": None,
    }
    offers.append(offer)
    return offer


def _open_offer(claim: Claim) -> dict:
    for offer in reversed(claim.details.get("offers", [])):
        if offer["status"] == "Open":
            return offer
    raise ApiError(409, "no_open_offer", "There is no open offer on this claim.")


NO_OFFER = "The compensator disputes causation and makes no offer."


def offer_make(tx: Tx, claim: Claim, body: dict) -> None:
    """The compensator's offer; with ``causationDisputed`` it is a final offer or no offer at all."""
    require_status(claim.status, {"Pending-FirstOffer"}, "making an offer")
    amounts, disputed, comment = _read_offer(body)
    claim.details["causationDisputed"] = disputed
    if disputed and amounts["totalAmount"] == 0:
        status_change(tx, claim, "Pending-CausationNoOffer", headline=NO_OFFER, category="Offer")
        return
    offer_type = "FinalOffer" if disputed else "Offer"
    offer = _add_offer(
        tx, claim, offer_type=offer_type, made_by="Compensator", amounts=amounts, comment=comment
    )
    target = "Pending-CausationFinalOffer" if disputed else "Pending-ReviewOffer"
    headline = f"The compensator has offered £{offer['totalAmount']:,.2f}."
    status_change(tx, claim, target, headline=headline, category="Offer")


def _read_offer(body: dict) -> tuple[dict, bool, str | None]:
    check = Checker()
    amounts = _read_amounts(check, body)
    disputed = check.flag(body, "causationDisputed", "causationDisputed", required=False) or False
    comment = check.text(body, "comment", "comment", required=False, max_length=2000)
    if not disputed and amounts["totalAmount"] <= 0:
        check.add(
            "totalAmount", "out_of_range", "An offer must be for more than nothing (or dispute causation)."
        )
    _checked(check)
    return amounts, disputed, comment


def offer_respond(tx: Tx, claim: Claim, body: dict) -> None:
    """The claimant's answer: accept, counter, court or (to a final offer) reject."""
    check = Checker()
    action = check.choice(body, "action", "action", ("accept", "counter", "court", "reject", "wait"))
    heads = _counter_heads(check, body) if action == "counter" else None
    amount = heads["totalAmount"] if heads else None
    comment = check.text(body, "comment", "comment", required=False, max_length=2000)
    _checked(check)
    if action == "counter":
        _counter(tx, claim, heads, comment)
        return
    _RESPONSES[action](tx, claim, amount, comment)


def _counter_heads(check: Checker, body: dict) -> dict:
    """A counter-offer: its total as ``amount``, or split into the offer's heads (then totalled)."""
    if any(key in body for key in _AMOUNTS):
        amounts = _read_amounts(check, body)
        if amounts["totalAmount"] <= 0:
            check.add("amount", "out_of_range", "A counter-offer must be for more than nothing.")
        return amounts
    amount = check.number(body, "amount", "amount", low=0.01, high=1_000_000) or 0
    return {"otherLossesAmount": 0, "totalAmount": round(amount, 2)}


REVIEWING = {"Pending-ReviewOffer", "Pending-WaitPrognosisOffer"}


def _accept(tx: Tx, claim: Claim, amount: float | None, comment: str | None) -> None:
    allowed = {*REVIEWING, "Pending-CausationFinalOffer", "Pending-CausationNoOffer"}
    require_status(claim.status, allowed, "accepting the offer")
    if claim.status == "Pending-CausationNoOffer":
        status_change(
            tx,
            claim,
            "Resolved-NoOffer",
            headline="The claimant accepted that no offer is made.",
            category="Offer",
        )
        return
    _settle(tx, claim, _open_offer(claim), comment, target=statuses(tx.config).offer_accepted)


def _counter(tx: Tx, claim: Claim, amounts: dict, comment: str | None) -> None:
    require_status(claim.status, REVIEWING, "making a counter-offer")
    _open_offer(claim).update(status="Rejected", respondedDateTime=tx.stamp)
    _add_offer(tx, claim, offer_type="CounterOffer", made_by="Claimant", amounts=amounts, comment=comment)
    status_change(
        tx,
        claim,
        "Pending-RespondCounter",
        headline=f"The claimant has counter-offered £{amounts['totalAmount']:,.2f}.",
        category="Offer",
    )


def _wait(tx: Tx, claim: Claim, amount: float | None, comment: str | None) -> None:
    """The claimant waits out the prognosis period before answering the offer (it stays open)."""
    require_status(claim.status, {"Pending-ReviewOffer"}, "waiting out the prognosis at the offer stage")
    status_change(
        tx,
        claim,
        "Pending-WaitPrognosisOffer",
        headline="The claimant will wait out the prognosis period before answering the offer.",
        category="Offer",
    )


def _court(tx: Tx, claim: Claim, amount: float | None, comment: str | None) -> None:
    """Court on the offer; from Pending-Acknowledgement (evidence shape), court for non-payment."""
    allowed = {
        *REVIEWING,
        "Pending-CausationFinalOffer",
        "Pending-CausationNoOffer",
        "Pending-Acknowledgement",
    }
    require_status(claim.status, allowed, "going to court on quantum")
    non_payment = claim.status == "Pending-Acknowledgement"
    route = "NonPayment" if non_payment else "Offer"
    claim.details["courtPack"] = {"route": route, "documentIDs": [], "comment": comment}
    headline = (
        "The claimant will ask the court to enforce the agreed settlement."
        if non_payment
        else "The claimant will ask the court to value the claim."
    )
    status_change(tx, claim, "Pending-OfferCourtList", headline=headline, category="Court")


def _reject(tx: Tx, claim: Claim, amount: float | None, comment: str | None) -> None:
    require_status(claim.status, {"Pending-CausationFinalOffer"}, "rejecting the final offer")
    _open_offer(claim).update(status="Rejected", respondedDateTime=tx.stamp)
    status_change(
        tx,
        claim,
        "Resolved-FinalOfferRejected",
        headline="The claimant rejected the final offer.",
        category="Offer",
    )


_RESPONSES = {"accept": _accept, "court": _court, "reject": _reject, "wait": _wait}


def _settle(
    tx: Tx, claim: Claim, offer: dict, comment: str | None, *, target: str = "Resolved-Completed"
) -> None:
    """Record the agreed settlement; ``target`` is Pending-Acknowledgement when the compensator must
    still acknowledge the claimant's acceptance (evidence shape)."""
    offer.update(status="Accepted", respondedDateTime=tx.stamp)
    claim.details["settlement"] = {
        "offerID": offer["offerID"],
        "amount": offer["totalAmount"],
        "agreedDateTime": tx.stamp,
        "comment": comment,
    }
    status_change(
        tx,
        claim,
        target,
        headline=f"The claim has settled for £{offer['totalAmount']:,.2f}.",
        category="Offer",
    )


def counter_respond(tx: Tx, claim: Claim, body: dict) -> None:
    """The compensator accepts the counter-offer, or rejects it with a revised offer."""
    require_status(claim.status, {"Pending-RespondCounter"}, "responding to the counter-offer")
    check = Checker()
    action = check.choice(body, "action", "action", ("accept", "reject"))
    amounts = _read_amounts(check, body)
    comment = check.text(body, "comment", "comment", required=False, max_length=2000)
    if action == "reject" and amounts["totalAmount"] <= 0:
        check.add("totalAmount", "required", "Rejecting a counter-offer needs a revised offer.")
    _checked(check)
    if action == "accept":
        _settle(tx, claim, _open_offer(claim), comment)
        return
    _open_offer(claim).update(status="Rejected", respondedDateTime=tx.stamp)
    offer = _add_offer(
        tx, claim, offer_type="RevisedOffer", made_by="Compensator", amounts=amounts, comment=comment
    )
    status_change(
        tx,
        claim,
        "Pending-ReviewOffer",
        headline=f"The compensator has revised its offer to £{offer['totalAmount']:,.2f}.",
        category="Offer",
    )

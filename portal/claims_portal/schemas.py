"""The Claims Portal API's JSON, parsed into ClaimDesk's portal types at the edge.

Field names follow the R7 models (claims-portal.md sections 4 and 5.4 to 5.7) in the camelCase of our
simulator's contract. Tolerant by design: unknown fields are ignored, unknown phases and codes are
kept as the portal wrote them, optional sections may be missing or null. What ClaimDesk cannot do
without (a claim's id and phase, a file's id) raises PortalBadResponse, which fails that claim (or
skips that notification), never the whole sync.
"""

import base64
import binascii
import datetime as dt
import hashlib
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from portal.base import (
    Attachment,
    AttachmentRef,
    ChangesPage,
    ClaimState,
    Notification,
    OfferView,
    Part,
    StageFacts,
)
from portal.claims_portal.mapping import category_of_title
from portal.errors import PortalBadResponse
from portal.tokens import Token

DEFAULT_TOKEN_SECONDS = 3600  # the devportal's documented lifetime, when the answer does not say
PRINTABLE = "printable-"  # our prefix for a printable document's id among the claim's files
PENNY = Decimal("0.01")
LONDON = ZoneInfo("Europe/London")


# -- Small readers ------------------------------------------------------------------------------------


def _object(value, what: str) -> dict:
    if not isinstance(value, dict):
        raise PortalBadResponse(f"The Claims Portal's answer has no {what} object.")
    return value


def _section(body: dict, key: str) -> dict:
    """An optional section: a dict, or empty when missing or null."""
    value = body.get(key)
    return value if isinstance(value, dict) else {}


def _list(body: dict, key: str) -> list:
    value = body.get(key)
    if not isinstance(value, list):
        raise PortalBadResponse(f"The Claims Portal's answer has no list of {key}.")
    return value


def _dicts(value) -> list[dict]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _text(body: dict, key: str, *, required: bool = False) -> str:
    value = body.get(key)
    if isinstance(value, str) and value:
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if required:
        raise PortalBadResponse(f"The Claims Portal's answer has no {key}.")
    return ""


def parse_datetime(value) -> dt.datetime | None:
    """An ISO 8601 date-time (``Z`` or an offset); None for empty."""
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise PortalBadResponse(f"{value!r} is not a date and time.")
    try:
        parsed = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise PortalBadResponse(f"{value[:40]!r} is not a date and time.") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def iso(value: dt.datetime) -> str:
    """How ClaimDesk sends an instant: UTC, milliseconds, ``Z``."""
    utc = value.astimezone(dt.UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def _date(value) -> dt.date | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def amount(value) -> Decimal | None:
    """Pounds and pence, or None when absent."""
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value)).quantize(PENNY)
    except InvalidOperation:
        raise PortalBadResponse(f"The Claims Portal's amount {value!r} is not a number.") from None


def pounds(value: Decimal | None) -> str:
    return f"£{value:,.2f}" if value is not None else "—"


# -- Token, claimInfo, list items ---------------------------------------------------------------------


def token(body) -> Token:
    body = _object(body, "token")
    value = body.get("access_token")
    if not isinstance(value, str) or not value:
        raise PortalBadResponse("The Claims Portal's token answer has no access_token.")
    lifetime = body.get("expires_in")
    if not isinstance(lifetime, int) or isinstance(lifetime, bool) or lifetime <= 0:
        lifetime = DEFAULT_TOKEN_SECONDS
    issued = dt.datetime.now(dt.UTC)
    return Token(value, issued + dt.timedelta(seconds=lifetime), issued)


def claim_info_state(body) -> ClaimState:
    """``claimInfo`` (what every change returns): the id, the phase and the version (activityEngineGuid)."""
    info = _object(_object(body, "answer").get("claimInfo"), "claimInfo")
    return ClaimState(
        claim_id=_text(info, "applicationId", required=True),
        status=_text(info, "phaseCacheId", required=True),
        version=_text(info, "activityEngineGuid"),
    )


def claim_items(body) -> list[ClaimState]:
    """The items of a search or the work list (the R7 ``claim`` list model)."""
    found = []
    for item in _dicts(_list(_object(body, "search"), "claims")):
        references = _section(item, "applicationReferences")
        found.append(
            ClaimState(
                claim_id=_text(item, "applicationId", required=True),
                status=_text(item, "phaseCacheId", required=True),
                client_reference=_text(references, "crReferenceNumber"),
                compensator_reference=_text(references, "cmReferenceNumber"),
                version=_text(item, "activityEngineGuid"),
                submitted_at=parse_datetime(item.get("sentDate")),
                updated_at=parse_datetime(item.get("updateTime")),
            )
        )
    return found


def claim_document(body) -> dict:
    """``getClaim``'s document, checked for what every reader of it needs (its claimInfo)."""
    body = _object(body, "claim")
    claim_info_state(body)
    return body


# -- The claim document as ClaimDesk's claim state -----------------------------------------------------


def claim_state(doc: dict) -> ClaimState:
    """The whole claim (``getClaim``) as ClaimDesk holds it."""
    info = claim_info_state(doc)
    application = _section(doc, "applicationData")
    insurer = _section(application, "insurerOrganisation")
    response = _section(doc, "insurerResponse")
    claimant = _section(_section(doc, "claimNotificationForm"), "claimant")
    decision = _text(response, "liabilityDecision")
    return ClaimState(
        claim_id=info.claim_id,
        status=info.status,
        version=info.version,
        client_reference=_text(application, "crReferenceNumber"),
        compensator_name=_text(insurer, "organisationName"),
        compensator_is_mib=application.get("isMIB") is True or insurer.get("insurerType") == "M",
        compensator_reference=_text(application, "insurerClaimReferenceNumber"),
        liability_decision=_text(response, "liabilityDecisionName") or decision,
        liability_percentage=_liability_share(decision, response.get("contributoryNegligencePercentage")),
        liability_deadline=_liability_deadline(doc),
        submitted_at=parse_datetime(application.get("sentDate")),
        updated_at=parse_datetime(application.get("updateTime")),
        claimant_first_name=_text(claimant, "forename"),
        claimant_last_name=_text(claimant, "surname"),
        claimant_date_of_birth=_date(claimant.get("dateOfBirth")),
        exit_reason=_exit_reason(_section(application, "exitProcess")),
        facts=stage_facts(doc, info.status),
    )


def _liability_share(decision: str, negligence) -> Decimal | None:
    """The share of liability admitted: all of it (A), all but the claimant's negligence (AN), none (N)."""
    if decision == "A":
        return Decimal("100")
    if decision == "AN" and isinstance(negligence, int | float) and 0 <= negligence <= 100:
        return Decimal("100") - Decimal(str(negligence))
    if decision == "N":
        return Decimal("0")
    return None


def timeout(doc: dict) -> tuple[str, dt.datetime | None]:
    """The claim's current timeout: its type and the instant the claim times out (None when none runs).

    ``selectedTimeOut`` is the day the claim times out (one day after the last allowed day); the
    instant is midnight London at its start, as ``timeOutDateTime`` gives it.
    """
    current = _section(_section(doc, "timeouts"), "currentTimeout")
    kind = _text(current, "timeOutType")
    instant = parse_datetime(current.get("timeOutDateTime"))
    if instant is None and _date(current.get("selectedTimeOut")):
        day = _date(current.get("selectedTimeOut"))
        instant = dt.datetime.combine(day, dt.time(0), tzinfo=LONDON)
    return kind, instant


def _liability_deadline(doc: dict) -> dt.datetime | None:
    kind, instant = timeout(doc)
    return instant if kind == "LiabilityDecisionTimeout" else None


def _exit_reason(exits: dict) -> str:
    for side in ("exitCR", "exitCM"):
        reason = _section(exits, side)
        if reason:
            return _text(reason, "exitReason") or _text(reason, "exitReasonCode")
    return ""


# -- Stage facts: offers, packs, interim payments, timeouts --------------------------------------------

# Flags the stage actions read (portal.claims_portal.stages).
CHILD_CLAIM = "child_claim"
STAGE1_PAID = "stage1_paid"
NO_MORE_COUNTER_OFFERS = "no_more_counter_offers"
SETTLED_PHASES = {"Stage2SettlementPackAgreedEnd", "Stage2SettlementPackConfirmationEnd"}


def stage_facts(doc: dict, phase: str) -> StageFacts:
    application = _section(doc, "applicationData")
    stage2 = _section(doc, "stage2SettlementPack")
    flags = []
    if _section(_section(doc, "claimNotificationForm"), "claimant").get("childClaim") is True:
        flags.append(CHILD_CLAIM)
    if application.get("stage1Paid") is True:
        flags.append(STAGE1_PAID)
    if stage2.get("lateExtensionUsed") is True:
        flags.append(NO_MORE_COUNTER_OFFERS)
    return StageFacts(
        offers=_offers(stage2, phase),
        losses=_losses(doc),
        more=tuple(_more(doc)),
        flags=tuple(flags),
    )


def _offers(stage2: dict, phase: str) -> tuple[OfferView, ...]:
    """The Stage 2 offers (global gross amounts), the latest marked by where the claim now stands."""
    raw = _dicts(stage2.get("offers"))
    offers = []
    for index, item in enumerate(raw):
        latest = index == len(raw) - 1
        offers.append(
            OfferView(
                made_by="Us" if item.get("by") == "CR" else "Compensator",
                made_at=parse_datetime(item.get("at")),
                heads=(),
                total=amount(item.get("grossAmount")) or Decimal("0.00"),
                state=_offer_state(phase, latest),
                comment=_text(item, "comments"),
            )
        )
    response = _section(stage2, "response")
    agreed = amount(stage2.get("agreedAmount"))
    if response.get("settlementPackDecision") == "C" and agreed is not None:
        confirmed = phase in SETTLED_PHASES
        offers.append(
            OfferView(
                made_by="Compensator",
                made_at=parse_datetime(response.get("at")),
                heads=(),
                total=agreed,
                state="Accepted" if confirmed else "Open",
                comment="The compensator confirmed the Stage 2 Settlement Pack as claimed.",
            )
        )
    return tuple(offers)


def _offer_state(phase: str, latest: bool) -> str:
    if not latest:
        return "Countered"
    if phase in SETTLED_PHASES:
        return "Accepted"
    if phase.endswith("End"):
        return "Rejected"
    return "Open"


def _loss_lines(pack: dict) -> tuple[tuple[str, Decimal], ...]:
    lines = []
    for line in _dicts(pack.get("losses")):
        what = _text(line, "lossTypeName") or f"Loss type {_text(line, 'lossType')}"
        comments = _text(line, "comments")
        lines.append((f"{what}: {comments}" if comments else what, amount(line.get("grossValueClaimed"))))
    return tuple((what, value) for what, value in lines if value is not None)


def _losses(doc: dict) -> tuple[tuple[str, Decimal], ...]:
    """What the latest pack claims: the Stage 2 Settlement Pack's lines, else the latest interim pack's."""
    request = _section(_section(doc, "stage2SettlementPack"), "request")
    if request:
        return _loss_lines(request)
    packs = _dicts(doc.get("interimSettlementPackList"))
    return _loss_lines(_section(packs[-1], "request")) if packs else ()


def _more(doc: dict):
    """Other facts worth showing on the stage tab, as (label, value)."""
    application = _section(doc, "applicationData")
    response = _section(doc, "insurerResponse")
    if application.get("article75") is True:
        yield "Article 75", "Applied by the insurer (30 business days for the liability decision)"
    if _text(response, "unadmittedLiabilityReasons"):
        yield "Compensator's reasons", _text(response, "unadmittedLiabilityReasons")
    rejection = _section(application, "rejection")
    if rejection:
        yield (
            "Claim form rejected because",
            " — ".join(part for part in (_text(rejection, "reason"), _text(rejection, "comment")) if part),
        )
    fraud = _section(application, "fraudStated")
    if fraud:
        yield "Fraud stated", _text(fraud, "reasonDescription")
    if application.get("stage1Paid") is not None:
        yield "Stage 1 fixed costs", "Paid" if application["stage1Paid"] else "Not paid"
    yield from _interim_facts(doc)
    yield from _stage2_facts(_section(doc, "stage2SettlementPack"))
    yield from _timeout_facts(doc)
    for side, who in (("exitCR", "You"), ("exitCM", "The compensator")):
        reason = _section(_section(application, "exitProcess"), side)
        if reason:
            comment = _text(reason, "exitComment")
            yield (
                f"{who} exited the claim",
                _text(reason, "exitReason") + (f" — {comment}" if comment else ""),
            )


def _interim_facts(doc: dict):
    for number, pack in enumerate(_dicts(doc.get("interimSettlementPackList")), start=1):
        request = _section(pack, "request")
        words = [f"{pounds(amount(request.get('interimPaymentAmount')))} asked"]
        response = _section(pack, "response")
        if response:
            offered = pounds(amount(response.get("amountOffered")))
            full = response.get("paymentDecision") == "Full"
            words.append(f"paid in full ({offered})" if full else f"{offered} offered in part")
        if _section(pack, "rejection"):
            words.append(f"refused: {_text(_section(pack, 'rejection'), 'rejectionComment')}")
        if pack.get("partialAccepted") is not None:
            words.append(
                "partial payment accepted" if pack["partialAccepted"] else "partial payment declined"
            )
        if pack.get("paid") is not None:
            words.append("payment received" if pack["paid"] else "payment not received")
        yield f"Interim payment request {number}", "; ".join(words)


def _stage2_facts(stage2: dict):
    request = _section(stage2, "request")
    if request:
        yield "Stage 2 Settlement Pack", f"{pounds(amount(request.get('totalClaimed')))} claimed"
    response = _section(stage2, "response")
    decision = {"C": "Confirmed", "CO": "Counter-offer", "R": "Repudiated"}.get(
        _text(response, "settlementPackDecision"), ""
    )
    if decision:
        comments = _text(response, "comments")
        yield "Compensator's response", decision + (f" — {comments}" if comments else "")
    if stage2.get("lateExtensionUsed") is True:
        yield "Counter-offers", "No more: the period was extended for a late offer; only agree or disagree"


def _timeout_facts(doc: dict):
    kind, instant = timeout(doc)
    if instant is not None:
        last_day = (instant - dt.timedelta(seconds=1)).astimezone(LONDON).date()
        yield "Portal timeout", f"{_TIMEOUT_WORDS.get(kind, kind)}: last day {last_day:%d/%m/%Y}"
    extended = _section(_section(doc, "timeouts"), "lastExtendedTime")
    if extended:
        day = _date(extended.get("newTimeOutDate"))
        reason = _text(extended, "reasonForExtension")
        yield "Time extended", (f"to {day:%d/%m/%Y}" if day else "") + (f" — {reason}" if reason else "")


_TIMEOUT_WORDS = {
    "LiabilityDecisionTimeout": "Liability decision",
    "InterimPaymentTimeout": "Interim payment decision",
    "Stage2DecisionOrCounterOfferTimeout": "Stage 2 decision or counter-offer",
}


def phase_entered_at(doc: dict, phase: str) -> dt.datetime | None:
    """When the claim entered its current phase: the first of the trailing history steps in it.

    The history (``processHistory``) is our simulator's; without it, None.
    """
    entered = None
    for step in reversed(_dicts(doc.get("processHistory"))):
        if step.get("phaseCacheId") != phase:
            break
        entered = step.get("at") or entered
    try:
        return parse_datetime(entered)
    except PortalBadResponse:
        return None


# -- Files ---------------------------------------------------------------------------------------------


def attachment_refs(body) -> list[AttachmentRef]:
    """``getAttachmentsList``; an attachment's category is read from its title (see mapping.TITLES)."""
    refs = []
    for item in _dicts(_list(_object(body, "attachment list"), "attachments")):
        refs.append(
            AttachmentRef(
                portal_id=_text(item, "dataAttachmentGuid", required=True),
                category=category_of_title(_text(item, "dataAttachmentTitle")),
                sub_type=_text(item, "dataAttachmentOwner")[:60],
                file_name=_text(item, "dataAttachmentFileName", required=True),
                memo=_text(item, "dataAttachmentDesc") or _text(item, "dataAttachmentTitle"),
                created_at=parse_datetime(item.get("dataAttachmentDate")),
                sha256=_text(item, "sha256"),
            )
        )
    return refs


def attachment(body) -> Attachment:
    body = _object(body, "attachment")
    ref = attachment_refs({"attachments": [body]})[0]
    try:
        content = base64.b64decode(_text(body, "dataAttachmentFileZip"), validate=True)
    except (binascii.Error, ValueError):
        raise PortalBadResponse(f"The portal sent {ref.file_name} in a damaged form (bad base64).") from None
    return Attachment(ref=ref, content=content)


def attachment_guid(body) -> str:
    return _text(_object(body, "attachment"), "dataAttachmentGuid", required=True)


def printable_refs(body) -> list[AttachmentRef]:
    """``getPrintableDocumentsList``: the PDFs the portal made at each step (every version kept)."""
    refs = []
    for item in _dicts(_list(_object(body, "document list"), "documents")):
        kind = _text(item, "documentType")
        refs.append(
            AttachmentRef(
                portal_id=PRINTABLE + _text(item, "printableDocumentId", required=True),
                category=kind or "Other",
                sub_type="Printable document",
                file_name=_text(item, "fileName") or f"{kind or 'document'}.pdf",
                memo=_text(item, "documentTitle"),
                created_at=parse_datetime(item.get("creationTime")),
            )
        )
    return refs


# -- Notifications, compensators, value lists ------------------------------------------------------------


def _notification_parts(message: str) -> frozenset[Part]:
    """What a notification says changed. A timeout warning changes nothing but the claim's deadlines; a
    new attachment brings a file; any other change may move the phase and make a printable document."""
    words = message.lower()
    if "attachment" in words:
        return frozenset({Part.DOCUMENTS})
    if "days left" in words:
        return frozenset({Part.DETAILS, Part.ACTIONS})
    return frozenset({Part.DETAILS, Part.ACTIONS, Part.DOCUMENTS})


def _notification(item) -> Notification:
    item = _object(item, "notification")
    claim_id = _text(item, "applicationId", required=True)
    message = _text(item, "notificationMessage")
    created = item.get("notificationDateTime")
    key = _text(item, "notificationGuid") or _derived_key(claim_id, message, created)
    return Notification(
        key=key[:60],
        claim_id=claim_id,
        kind="Warning" if "days left" in message or "time limit" in message else "Change",
        description=message or "The claim changed on the Claims Portal.",
        created_at=parse_datetime(created),
        parts=_notification_parts(message),
    )


def _derived_key(*parts) -> str:
    return "h:" + hashlib.sha256("\x1f".join(str(p or "") for p in parts).encode()).hexdigest()[:40]


def notifications(body, as_of: dt.datetime | None) -> ChangesPage:
    body = _object(body, "notifications")
    parsed, skipped = [], []
    for item in _list(body, "notifications"):
        try:
            parsed.append(_notification(item))
        except PortalBadResponse as exc:
            skipped.append(exc.message)
    return ChangesPage(notifications=parsed, as_of=as_of, skipped=skipped)


def compensators(body) -> list[dict]:
    """``searchCompensators``: ``{organisationId, organisationName, insurerType}`` each."""
    found = []
    for item in _dicts(_list(_object(body, "compensator list"), "compensators")):
        found.append(
            {
                "organisationId": _text(item, "organisationId", required=True),
                "organisationName": _text(item, "organisationName"),
                "organisationPath": _text(item, "organisationPath"),
                "insurerType": _text(item, "insurerType") or "I",
            }
        )
    return found


def choices(body) -> list[tuple[str, str]]:
    return [
        (_text(i, "code", required=True), _text(i, "label"))
        for i in _dicts(_list(_object(body, "list"), "results"))
    ]

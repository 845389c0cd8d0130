"""The OIC API's JSON, parsed into ClaimDesk's portal types at the edge.

Tolerant by design, because the official specification is not public: both the simulator's shapes
and the shapes seen in public integration code are accepted (ISO or Pega dates; notifications with
or without ids; assignments with or without a status; claim details with or without ``claimID``;
the MIB flag at the top or inside ``claimDetails``). Unknown fields are ignored and unknown statuses
or categories are kept as the portal wrote them. What ClaimDesk cannot do without raises
PortalBadResponse, which fails that claim (or skips that feed item), never the whole sync.
"""

import base64
import binascii
import datetime as dt
import hashlib
from decimal import Decimal, InvalidOperation

from portal.base import (
    Assignment,
    Attachment,
    AttachmentRef,
    ChangesPage,
    ClaimState,
    Message,
    MessageRef,
    Notification,
    OfferView,
    Part,
    ReportView,
    StageFacts,
)
from portal.errors import PortalBadResponse
from portal.tokens import Token

DEFAULT_TOKEN_SECONDS = 300  # when the portal does not say how long its token lives


def _object(value, what: str) -> dict:
    if not isinstance(value, dict):
        raise PortalBadResponse(f"The portal's answer has no {what} object.")
    return value


def _items(body: dict, *keys: str) -> list:
    for key in keys:
        value = body.get(key)
        if isinstance(value, list):
            return value
    raise PortalBadResponse(f"The portal's answer has no list of {keys[0]}.")


def _text(body: dict, *keys: str, required: bool = True) -> str:
    for key in keys:
        value = body.get(key)
        if isinstance(value, str) and value:
            return value
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
    if required:
        raise PortalBadResponse(f"The portal's answer has no {keys[0]}.")
    return ""


def parse_datetime(value) -> dt.datetime | None:
    """An ISO 8601 date-time, or the Pega form ``20250303T090000.000 GMT``; None for empty."""
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise PortalBadResponse(f"{value!r} is not a date and time.")
    text = value.strip()
    if text.endswith(" GMT"):
        for layout in ("%Y%m%dT%H%M%S.%f", "%Y%m%dT%H%M%S"):
            try:
                return dt.datetime.strptime(text[:-4], layout).replace(tzinfo=dt.UTC)
            except ValueError:
                continue
    try:
        parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise PortalBadResponse(f"{text[:40]!r} is not a date and time.") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def pega_datetime(value: dt.datetime) -> str:
    """``yyyyMMdd'T'HHmmss.fff GMT``: how public integration code sends dates to the portal."""
    utc = value.astimezone(dt.UTC)
    return utc.strftime("%Y%m%dT%H%M%S.") + f"{utc.microsecond // 1000:03d} GMT"


def _instant(body: dict, *keys: str) -> dt.datetime | None:
    for key in keys:
        if body.get(key) not in (None, ""):
            return parse_datetime(body[key])
    return None


def _percentage(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise PortalBadResponse("The portal's liability percentage is not a number.") from None
    if not 0 <= number <= 100:
        raise PortalBadResponse("The portal's liability percentage is outside 0 to 100.")
    return number


def _date(value) -> dt.date | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def token(body) -> Token:
    body = _object(body, "token")
    value = body.get("access_token")
    if not isinstance(value, str) or not value:
        raise PortalBadResponse("The portal's token answer has no access_token.")
    lifetime = body.get("expires_in")
    if not isinstance(lifetime, int) or isinstance(lifetime, bool) or lifetime <= 0:
        lifetime = DEFAULT_TOKEN_SECONDS
    issued = dt.datetime.now(dt.UTC)
    return Token(value, issued + dt.timedelta(seconds=lifetime), issued)


def claim_summary(body) -> ClaimState:
    """The short answer of create and search: the claim's id is required here."""
    body = _object(body, "claim")
    return ClaimState(
        claim_id=_text(body, "claimID", "claimId"),
        status=_text(body, "claimStatus"),
        client_reference=_text(body, "clientReference", required=False),
    )


def claim_details(body, claim_id: str) -> ClaimState:
    """Get Claim Details (the id asked for stands in when the body does not repeat it)."""
    body = _object(body, "claim")
    details = _object(body.get("claimDetails") or {}, "claimDetails")
    liability = _object(details.get("liability") or {}, "liability")
    claimant = _claimant(body)
    return ClaimState(
        claim_id=_text(body, "claimID", "claimId", required=False) or claim_id,
        status=_text(body, "claimStatus"),
        client_reference=_text(body, "clientReference", required=False),
        compensator_name=_text(body, "compensatorOrgName", required=False),
        compensator_is_mib=body.get("isCompensatorMIB") is True or details.get("isCompensatorMIB") is True,
        compensator_reference=_text(details, "claimReferenceNumber", required=False),
        claim_handler=_text(details, "claimHandlerName", required=False),
        liability_decision=_text(liability, "liabilityDecision", required=False),
        liability_percentage=_percentage(liability.get("liabilityPercentage")),
        liability_deadline=_instant(body, "liabilityDeadlineDateTime"),
        submitted_at=_instant(body, "submittedDateTime"),
        updated_at=_instant(body, "lastUpdatedDateTime"),
        claimant_first_name=_text(claimant, "firstName", required=False),
        claimant_last_name=_text(claimant, "lastName", required=False),
        claimant_date_of_birth=_date(claimant.get("dateOfBirth")),
        parent_claim_id=_parent_of(body),
        child_claim_ids=tuple(
            str(item["claimID"])
            for item in body.get("relatedClaims") or []
            if isinstance(item, dict) and item.get("claimID")
        ),
        exit_reason=_text(details, "withdrawalReason", "removalReason", required=False)
        or _text(body, "withdrawalReason", required=False),
        facts=stage_facts(body, liability),
    )


def _claimant(body: dict) -> dict:
    scnf = body.get("scnf") if isinstance(body.get("scnf"), dict) else {}
    for candidate in (scnf.get("claimant"), body.get("claimant"), body.get("personalInformation")):
        if isinstance(candidate, dict):
            return candidate
    return {}


def _parent_of(body: dict) -> str:
    medical = body.get("medicalClaimDetails")
    if isinstance(medical, dict) and medical.get("parentClaimID"):
        return str(medical["parentClaimID"])
    parent = body.get("parentClaimDetails")
    if isinstance(parent, dict) and parent.get("claimID"):
        return str(parent["claimID"])
    return ""


def search_results(body) -> list[ClaimState]:
    return [claim_summary(item) for item in _items(_object(body, "search"), "results")]


def message_refs(body) -> list[MessageRef]:
    return [
        MessageRef(
            portal_id=_text(i, "id"),
            category=_text(i, "category", required=False),
            created_at=_instant(i, "createDateTime", "createdDateTime"),
        )
        for i in _items(_object(body, "message list"), "results")
        if isinstance(i, dict)
    ]


def message(body) -> Message:
    body = _object(body, "message")
    info = _object(body.get("messageInfo"), "messageInfo")
    return Message(
        portal_id=_text(info, "id"),
        category=_text(info, "category", required=False),
        author=_text(body, "author", required=False),
        body_html=_text(body, "note", required=False),
        created_at=_instant(info, "createdDateTime", "createDateTime"),
    )


def created_id(body) -> str:
    """The id of what a write created (a message or a file)."""
    body = _object(body, "answer")
    return _text(body, "id", "messageID", "attachmentID")


def _attachment_ref(item: dict) -> AttachmentRef:
    return AttachmentRef(
        portal_id=_text(item, "id"),
        category=_text(item, "category", required=False),
        sub_type=_text(item, "subType", required=False),
        file_name=_text(item, "fileName"),
        memo=_text(item, "memo", required=False),
        created_at=_instant(item, "createDateTime", "createdDateTime"),
        sha256=_text(item, "sha256", required=False),
    )


def attachment_refs(body) -> list[AttachmentRef]:
    return [
        _attachment_ref(i) for i in _items(_object(body, "attachment list"), "results") if isinstance(i, dict)
    ]


def attachment(body) -> Attachment:
    body = _object(body, "attachment")
    ref = _attachment_ref(_object(body.get("fileInfo"), "fileInfo"))
    try:
        content = base64.b64decode(_text(body, "fileStream", required=False), validate=True)
    except (binascii.Error, ValueError):
        raise PortalBadResponse(f"The portal sent {ref.file_name} in a damaged form (bad base64).") from None
    return Attachment(ref=ref, content=content)


def _page_number(body: dict) -> int | None:
    value = body.get("nextPage")
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise PortalBadResponse("The portal's nextPage is not a page number.")
    return value


def _total(body: dict) -> int | None:
    value = body.get("totalCount")
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


# What each kind of notification says has changed. Codes are the simulator's; sentences are the
# portal's own wording as seen in public integration code, which announces no status change, so a
# sentence also asks for the claim's details.
_PARTS_BY_CODE = {
    "NewMessage": frozenset({Part.MESSAGES}),
    "NewDocument": frozenset({Part.DOCUMENTS}),
    "StatusChanged": frozenset({Part.DETAILS}),
    "NewLoss": frozenset({Part.DETAILS}),
}


def notification_parts(kind: str) -> frozenset[Part]:
    if kind in _PARTS_BY_CODE:
        return _PARTS_BY_CODE[kind]
    words = kind.lower()
    if "message" in words:
        return frozenset({Part.MESSAGES, Part.DETAILS})
    if "document" in words:
        return frozenset({Part.DOCUMENTS, Part.DETAILS})
    return frozenset({Part.DETAILS})


def _notification(item) -> Notification:
    item = _object(item, "notification")
    claim_id = _text(item, "claimID", "claimId")
    kind = _text(item, "notificationType", "NotificationType")
    description = _text(item, "description", "Description", required=False)
    created = item.get("createdDateTime")
    key = _text(item, "notificationID", "id", required=False) or _derived_key(
        claim_id, kind, description, created
    )
    return Notification(
        key=key,
        claim_id=claim_id,
        kind=kind,
        description=description or kind,
        created_at=parse_datetime(created),
        parts=notification_parts(kind),
    )


def _derived_key(*parts) -> str:
    """A stable key for a notification the portal gives no id: the same item read twice gets the same key."""
    return "h:" + hashlib.sha256("\x1f".join(str(p or "") for p in parts).encode()).hexdigest()[:40]


def notifications(body, as_of: dt.datetime | None) -> ChangesPage:
    body = _object(body, "notifications")
    items, skipped = _each(_items(body, "notifications", "Notifications"), _notification)
    return ChangesPage(
        notifications=items, next_page=_page_number(body), as_of=as_of, total=_total(body), skipped=skipped
    )


def _assignment(item) -> Assignment:
    item = _object(item, "assignment")
    status = item.get("status")
    return Assignment(
        portal_id=_text(item, "assignmentID", "assignmentId"),
        claim_id=_text(item, "claimID", "claimId"),
        instructions=_text(item, "instructions", required=False),
        deadline=_instant(item, "deadlineDateTime"),
        goal=_instant(item, "goalDateTime"),
        created_at=_instant(item, "createdDateTime"),
        updated_at=_instant(item, "updatedDateTime"),
        is_open=None if not isinstance(status, str) or not status else status.lower() == "open",
    )


def assignments(body, as_of: dt.datetime | None) -> ChangesPage:
    body = _object(body, "assignments")
    items, skipped = _each(_items(body, "assignments", "Assignments"), _assignment)
    return ChangesPage(
        assignments=items, next_page=_page_number(body), as_of=as_of, total=_total(body), skipped=skipped
    )


def _each(items: list, parse) -> tuple[list, list[str]]:
    """Parse every item; one the portal sent malformed is skipped and reported, not fatal to the rest."""
    parsed, skipped = [], []
    for item in items:
        try:
            parsed.append(parse(item))
        except PortalBadResponse as exc:
            skipped.append(exc.message)
    return parsed, skipped


def choices(body) -> list[tuple[str, str]]:
    return [
        (_text(i, "code"), _text(i, "label"))
        for i in _items(_object(body, "list"), "results")
        if isinstance(i, dict)
    ]


# -- The claim's stage: offers, medical reports, losses, the court pack --------------------------------

_PENNY = Decimal("0.01")


def _amount(value) -> Decimal:
    try:
        return Decimal(str(value or 0)).quantize(_PENNY)
    except InvalidOperation:
        raise PortalBadResponse(f"The portal's amount {value!r} is not a number.") from None


def _offer(item: dict) -> OfferView:
    """An offer, its tariff amount split into the base tariff and the uplift it includes."""
    tariff, percent = _amount(item.get("tariffAmount")), _amount(item.get("upliftPercentage"))
    base = (tariff * 100 / (100 + percent)).quantize(_PENNY) if percent else tariff
    heads = (
        ("Tariff", base),
        ("Uplift", tariff - base),
        ("Non-tariff", _amount(item.get("nonTariffAmount"))),
        ("Special damages", _amount(item.get("otherLossesAmount"))),
    )
    made_by = _text(item, "madeBy", required=False)
    return OfferView(
        made_by="Us" if made_by == "Claimant" else (made_by or "Compensator"),
        made_at=_instant(item, "createdDateTime"),
        heads=heads,
        total=_amount(item.get("totalAmount")),
        state={"Superseded": "Replaced"}.get(str(item.get("status")), str(item.get("status") or "")),
        comment=_text(item, "comment", required=False),
    )


def _report(item: dict) -> ReportView:
    months = item.get("prognosisMonths")
    return ReportView(
        reference=_text(item, "medcoReference", required=False),
        expert=_text(item, "expertName", "uploadedBy", required=False),
        report_date=_date(item.get("reportDate") or item.get("uploadedDateTime")),
        prognosis_months=months if isinstance(months, int) and not isinstance(months, bool) else None,
    )


def _loss(item: dict) -> tuple[str, Decimal]:
    what = _text(item, "lossType", required=False) or "Loss"
    description = _text(item, "description", required=False)
    return (f"{what}: {description}" if description else what, _amount(item.get("amount")))


def _dicts(value) -> list[dict]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def stage_facts(body: dict, liability: dict) -> StageFacts:
    """What the claim details say about the stage (an item the portal sent malformed is a bad answer)."""
    flags = []
    if liability.get("liabilityDecision") == "Liability admitted in part":
        flags.append("partial_admission")
    for child in _dicts(body.get("relatedClaims")):
        if child.get("type") == "CL" or "-CL" in str(child.get("claimID", "")):
            status = str(child.get("claimStatus", ""))
            flags.append(
                "challenge_answered" if status == "Pending-ReviewPartialLiability" else "challenge_open"
            )
    if body.get("offerRequestedDateTime") or _dicts(body.get("offers")):
        flags.append("offer_requested")
    pack = body.get("courtPack") if isinstance(body.get("courtPack"), dict) else {}
    return StageFacts(
        offers=tuple(_offer(item) for item in _dicts(body.get("offers"))),
        reports=tuple(_report(item) for item in _dicts(body.get("medicalReports"))),
        losses=tuple(_loss(item) for item in _dicts(body.get("losses"))),
        court_selected=tuple(str(i) for i in pack.get("documentIDs") or [] if isinstance(i, str)),
        more=_more(liability),
        flags=tuple(flags),
    )


def _more(liability: dict) -> tuple[tuple[str, str], ...]:
    rows = []
    for key, label in (
        ("liabilityJustification", "Compensator's reasons"),
        ("reasonForCausationDispute", "Causation disputed because"),
        ("courtClaimNumber", "Court claim number"),
    ):
        if isinstance(liability.get(key), str) and liability[key]:
            rows.append((label, liability[key]))
    return tuple(rows)

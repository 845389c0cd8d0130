"""The OIC API's JSON, parsed into ClaimDesk's portal types at the edge (simulators/oic/openapi.yaml).

Every parser raises PortalBadResponse when a field the contract promises is missing or of the
wrong type, so nothing malformed reaches the services.
"""

import base64
import binascii
import datetime as dt
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
)
from portal.errors import PortalBadResponse


def _object(value, what: str) -> dict:
    if not isinstance(value, dict):
        raise PortalBadResponse(f"The portal's answer has no {what} object.")
    return value


def _list(body: dict, key: str) -> list[dict]:
    value = body.get(key)
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise PortalBadResponse(f"The portal's answer has no list of {key}.")
    return value


def _text(body: dict, key: str, *, required: bool = True) -> str:
    value = body.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value):
        raise PortalBadResponse(f"The portal's answer has no {key}.")
    return value


def _instant(body: dict, key: str) -> dt.datetime | None:
    value = body.get(key)
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise PortalBadResponse(f"The portal's {key} is not a date and time.")
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise PortalBadResponse(f"The portal's {key} ({value[:40]!r}) is not a date and time.") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


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


def claim_summary(body) -> ClaimState:
    body = _object(body, "claim")
    return ClaimState(
        claim_id=_text(body, "claimID"),
        status=_text(body, "claimStatus"),
        client_reference=_text(body, "clientReference", required=False),
    )


def claim_details(body) -> ClaimState:
    body = _object(body, "claim")
    details = _object(body.get("claimDetails") or {}, "claimDetails")
    liability = _object(details.get("liability") or {}, "liability")
    return ClaimState(
        claim_id=_text(body, "claimID"),
        status=_text(body, "claimStatus"),
        client_reference=_text(body, "clientReference", required=False),
        compensator_name=_text(body, "compensatorOrgName", required=False),
        compensator_is_mib=body.get("isCompensatorMIB") is True,
        compensator_reference=_text(details, "claimReferenceNumber", required=False),
        claim_handler=_text(details, "claimHandlerName", required=False),
        liability_decision=_text(liability, "liabilityDecision", required=False),
        liability_percentage=_percentage(liability.get("liabilityPercentage")),
        liability_deadline=_instant(body, "liabilityDeadlineDateTime"),
        submitted_at=_instant(body, "submittedDateTime"),
        updated_at=_instant(body, "lastUpdatedDateTime"),
    )


def search_results(body) -> list[ClaimState]:
    return [claim_summary(item) for item in _list(_object(body, "search"), "results")]


def message_refs(body) -> list[MessageRef]:
    return [
        MessageRef(
            portal_id=_text(i, "id"),
            category=_text(i, "category", required=False),
            created_at=_instant(i, "createDateTime"),
        )
        for i in _list(_object(body, "message list"), "results")
    ]


def message(body) -> Message:
    body = _object(body, "message")
    info = _object(body.get("messageInfo"), "messageInfo")
    return Message(
        portal_id=_text(info, "id"),
        category=_text(info, "category", required=False),
        author=_text(body, "author", required=False),
        body_html=_text(body, "note", required=False),
        created_at=_instant(info, "createdDateTime"),
    )


def message_info(body) -> MessageRef:
    body = _object(body, "message")
    return MessageRef(
        portal_id=_text(body, "id"),
        category=_text(body, "category", required=False),
        created_at=_instant(body, "createdDateTime"),
    )


def _attachment_ref(item: dict, created_key: str) -> AttachmentRef:
    return AttachmentRef(
        portal_id=_text(item, "id"),
        category=_text(item, "category", required=False),
        sub_type=_text(item, "subType", required=False),
        file_name=_text(item, "fileName"),
        memo=_text(item, "memo", required=False),
        created_at=_instant(item, created_key),
        sha256=_text(item, "sha256", required=False),
    )


def attachment_refs(body) -> list[AttachmentRef]:
    return [_attachment_ref(i, "createDateTime") for i in _list(_object(body, "attachment list"), "results")]


def attachment_info(body) -> AttachmentRef:
    return _attachment_ref(_object(body, "file"), "createdDateTime")


def attachment(body) -> Attachment:
    body = _object(body, "attachment")
    ref = _attachment_ref(_object(body.get("fileInfo"), "fileInfo"), "createdDateTime")
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


def notifications(body, as_of: dt.datetime | None) -> ChangesPage:
    body = _object(body, "notifications")
    items = [
        Notification(
            portal_id=_text(i, "notificationID"),
            claim_id=_text(i, "claimID"),
            kind=_text(i, "notificationType"),
            description=_text(i, "description", required=False),
            created_at=_instant(i, "createdDateTime"),
        )
        for i in _list(body, "notifications")
    ]
    return ChangesPage(notifications=items, next_page=_page_number(body), as_of=as_of, total=_total(body))


def assignments(body, as_of: dt.datetime | None) -> ChangesPage:
    body = _object(body, "assignments")
    items = [
        Assignment(
            portal_id=_text(i, "assignmentID"),
            claim_id=_text(i, "claimID"),
            instructions=_text(i, "instructions", required=False),
            status=_text(i, "status"),
            deadline=_instant(i, "deadlineDateTime"),
            goal=_instant(i, "goalDateTime"),
            created_at=_instant(i, "createdDateTime"),
            updated_at=_instant(i, "updatedDateTime"),
        )
        for i in _list(body, "assignments")
    ]
    return ChangesPage(assignments=items, next_page=_page_number(body), as_of=as_of, total=_total(body))


def choices(body) -> list[tuple[str, str]]:
    return [(_text(i, "code"), _text(i, "label")) for i in _list(_object(body, "list"), "results")]

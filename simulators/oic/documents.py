"""Documents and notes sent to the portal: decoding, checking and the medical report route."""

import base64
import binascii
import re

from simulators.common.checks import Checker
from simulators.common.errors import ApiError, validation_failed
from simulators.common.store import Tx
from simulators.oic.errors import require_status
from simulators.oic.lifecycle import MEDICAL_STAGE, status_change, text_to_html
from simulators.oic.records import Claim, Upload, attachment_add, message_add
from simulators.oic.reference import ATTACHMENT_CATEGORIES, MESSAGE_CATEGORIES, SUB_TYPES

_UNSAFE_FILE_NAME = re.compile(r"[\\/\x00-\x1f]")
MEDICAL_REPORT_STATUSES = MEDICAL_STAGE | {"Pending-FurtherReport", "Pending-MRPReportReject"}


def upload_read(body: dict, *, max_bytes: int, categories, category: str | None = None) -> Upload:
    """Check an attachment body (``fileName``, ``category``, ``subType``, ``memo``, ``fileStream``).

    ``category`` fixes the category instead of reading it. Every field problem is reported
    at once (422); a decoded file larger than ``max_bytes`` is a 413.
    """
    check = Checker()
    file_name = check.text(body, "fileName", "fileName", max_length=255)
    if file_name and _UNSAFE_FILE_NAME.search(file_name):
        check.add("fileName", "invalid_format", "fileName must be a plain file name, without folders.")
    category = category or check.choice(body, "category", "category", tuple(categories))
    sub_type = check.choice(body, "subType", "subType", SUB_TYPES, required=False)
    memo = check.text(body, "memo", "memo", required=False, max_length=500) or ""
    content = _decode(check, body)
    if check.errors:
        raise validation_failed(check.errors)
    if len(content) > max_bytes:
        raise ApiError(
            413, "attachment_too_large", f"Attachments are limited to {max_bytes} bytes.", maxBytes=max_bytes
        )
    sub_type = sub_type or ATTACHMENT_CATEGORIES[category][2]
    return Upload(file_name=file_name, category=category, sub_type=sub_type, content=content, memo=memo)


def _decode(check: Checker, body: dict) -> bytes:
    stream = check.text(body, "fileStream", "fileStream", max_length=64 * 1024 * 1024)
    if stream is None:
        return b""
    try:
        content = base64.b64decode(stream, validate=True)
    except (binascii.Error, ValueError):
        check.add(
            "fileStream", "invalid_format", "fileStream must be base64 (RFC 4648) encoded file content."
        )
        return b""
    if not content:
        check.add("fileStream", "required", "fileStream must not be empty.")
    return content


def claimant_categories(table: dict) -> tuple[str, ...]:
    """The categories a claimant representative may use."""
    return tuple(code for code, entry in table.items() if entry[1])


def message_read(body: dict, categories) -> tuple[str, str]:
    """Check a message body; return (category, note as HTML)."""
    check = Checker()
    category = check.choice(body, "category", "category", tuple(categories))
    note = check.text(body, "note", "note", max_length=10_000)
    if check.errors:
        raise validation_failed(check.errors)
    return category, text_to_html(note)


def message_post(tx: Tx, claim: Claim, body: dict, *, author: str, categories=None) -> str:
    """Add a message from ``author``; returns the message id."""
    category, note = message_read(body, categories or claimant_categories(MESSAGE_CATEGORIES))
    return message_add(tx, claim, category=category, note_html=note, author=author)


def medical_details_read(body: dict) -> dict:
    """The report facts given with a medical report upload."""
    check = Checker()
    examined = check.day(body, "examinationDate", "examinationDate") if body.get("examinationDate") else None
    months = check.whole(body, "prognosisMonths", "prognosisMonths", low=0, high=240, required=False)
    reference = check.text(body, "medcoReference", "medcoReference", required=False, max_length=50)
    expert = check.text(body, "expertName", "expertName", required=False, max_length=200)
    reported = check.day(body, "reportDate", "reportDate") if body.get("reportDate") else None
    if check.errors:
        raise validation_failed(check.errors)
    return {
        "examinationDate": examined.isoformat() if examined else None,
        "reportDate": reported.isoformat() if reported else None,
        "prognosisMonths": months,
        "medcoReference": reference,
        "expertName": expert,
    }


def medical_report_add(tx: Tx, claim: Claim, upload: Upload, facts: dict, *, author: str) -> str:
    """Attach a medical report and move the claim on to the claimant's factual check."""
    require_status(claim.status, MEDICAL_REPORT_STATUSES, "uploading a medical report")
    attachment_id = attachment_add(tx, claim, upload, author=author)
    report = {"attachmentID": attachment_id, "uploadedBy": author, "uploadedDateTime": tx.stamp, **facts}
    claim.details.setdefault("medicalReports", []).append(report)
    status_change(
        tx, claim, "Pending-CheckMedical", headline="A medical report has been uploaded.", category="Medical"
    )
    return attachment_id

"""The two shapes of the portal API: ClaimDesk's own, and only what public evidence shows.

``claimdesk`` (the default) is the contract ClaimDesk's adapter was first built on: REST-style
paths, ISO 8601 instants, paged feeds and rich claim details. ``evidence`` serves exactly the
shapes public integration code shows (docs/oic-simulator.md, "The evidence shape"): every
address ends in its id with other parameters in the query string, instants in Pega's
``yyyyMMdd'T'HHmmss.fff GMT`` form, unpaged feeds, NAHL's field names and nothing more.

Claims, their storage and their lifecycle are the same in both. This module alone decides
what differs: (1) each operation's method and path, (2) the body of each answer and how
feed parameters are read, (3) the status a few lifecycle steps lead to.
"""

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from simulators.common.errors import ApiError
from simulators.common.timeutil import format_instant, parse_instant
from simulators.common.wsgi import query_int
from simulators.oic import queries
from simulators.oic.config import SHAPES, SimConfig
from simulators.oic.pega import parse_clock_time, parse_pega, pega_from_stamp
from simulators.oic.queries import END_OF_TIME, Window
from simulators.oic.records import Claim, claim_children, claim_load, public_id
from simulators.oic.reference import NOTIFICATION_TYPES
from simulators.oic.wsgi import Call

CLAIMDESK, EVIDENCE = SHAPES

MAX_PAGE_SIZE = 500

# The operations of ClaimDesk's per-connection endpoint table, as (method, path); ``{...}`` is the id.
_CLAIM = "/api/v1/claims/{claimID}"
ENDPOINTS: dict[str, dict[str, tuple[str, str]]] = {
    CLAIMDESK: {
        "token": ("POST", "/oauth/token"),
        "create_claim": ("POST", "/api/v1/claims"),
        "find_claims": ("GET", "/api/v1/claims"),
        "claim_details": ("GET", _CLAIM),
        "complete_submission": ("POST", f"{_CLAIM}/complete-submission"),
        "withdraw": ("POST", f"{_CLAIM}/withdraw"),
        "liability_reply": ("POST", f"{_CLAIM}/liability-reply"),
        "offer_response": ("POST", f"{_CLAIM}/offer-response"),
        "medical_report": ("POST", f"{_CLAIM}/medical-report"),
        "medical_review": ("POST", f"{_CLAIM}/medical-review"),
        "court_pack": ("POST", f"{_CLAIM}/court-pack"),
        "reopen": ("POST", f"{_CLAIM}/reopen"),
        "acknowledge_removal": ("POST", f"{_CLAIM}/acknowledge-removal"),
        "add_losses": ("POST", f"{_CLAIM}/losses"),
        "message_list": ("GET", f"{_CLAIM}/messages"),
        "message": ("GET", "/api/v1/messages/{messageID}"),
        "add_message": ("POST", f"{_CLAIM}/messages"),
        "attachment_list": ("GET", f"{_CLAIM}/attachments"),
        "attachment": ("GET", "/api/v1/attachments/{attachmentID}"),
        "add_attachment": ("POST", f"{_CLAIM}/attachments"),
        "notifications": ("GET", "/api/v1/notifications"),
        "assignments": ("GET", "/api/v1/assignments"),
        "withdrawal_reasons": ("GET", "/api/v1/reference/withdrawal-reasons"),
        "message_categories": ("GET", "/api/v1/reference/message-categories"),
        "attachment_categories": ("GET", "/api/v1/reference/attachment-categories"),
    },
    # NAHL's URL rule cuts a configured address at "{" and appends the id, so the id is always last.
    EVIDENCE: {
        "token": ("POST", "/oauth/token"),
        "create_claim": ("POST", "/api/v1/createclaim"),
        "find_claims": ("GET", "/api/v1/findclaims"),
        "claim_details": ("GET", "/api/v1/claimdetails/{claimID}"),
        "complete_submission": ("POST", "/api/v1/completesubmission/{claimID}"),
        "withdraw": ("POST", "/api/v1/withdrawclaim/{claimID}"),
        "liability_reply": ("POST", "/api/v1/liabilityreply/{claimID}"),
        "offer_response": ("POST", "/api/v1/offerresponse/{claimID}"),
        "medical_report": ("POST", "/api/v1/medicalreport/{claimID}"),
        "medical_review": ("POST", "/api/v1/medicalreview/{claimID}"),
        "court_pack": ("POST", "/api/v1/courtpack/{claimID}"),
        "reopen": ("POST", "/api/v1/reopenclaim/{claimID}"),
        "acknowledge_removal": ("POST", "/api/v1/acknowledgeremoval/{claimID}"),
        "add_losses": ("POST", "/api/v1/addlosses/{claimID}"),
        "message_list": ("GET", "/api/v1/messagelist/{claimID}"),
        "message": ("GET", "/api/v1/message/{messageID}"),
        "add_message": ("POST", "/api/v1/addmessage/{claimID}"),
        "attachment_list": ("GET", "/api/v1/attachmentlist/{claimID}"),
        "attachment": ("GET", "/api/v1/attachment/{attachmentID}"),
        "add_attachment": ("POST", "/api/v1/addattachment/{claimID}"),
        "notifications": ("GET", "/api/v1/notificationlist"),
        "assignments": ("GET", "/api/v1/assignmentlist"),
        "withdrawal_reasons": ("GET", "/api/v1/withdrawalreasons"),
        "message_categories": ("GET", "/api/v1/messagecategories"),
        "attachment_categories": ("GET", "/api/v1/attachmentcategories"),
    },
}

# Served, but not an operation of ClaimDesk's endpoint table.
EXTRA_ENDPOINTS: dict[str, dict[str, tuple[str, str]]] = {
    CLAIMDESK: {"claim_statuses": ("GET", "/api/v1/reference/claim-statuses")},
    EVIDENCE: {},
}


def endpoint_table(shape: str) -> dict[str, dict[str, str]]:
    """``GET /_sim/endpoints``: each operation's method and path in ``shape``."""
    return {op: {"method": method, "path": path} for op, (method, path) in ENDPOINTS[shape].items()}


@dataclass(frozen=True)
class Statuses:
    """Where the lifecycle steps that differ between the shapes lead."""

    after_partial_admission: str  # the medical stage after liability admitted in part
    after_partial_causation: str  # ... after part admission with causation disputed
    offer_accepted: str  # the claimant accepted an offer
    court_on_offer: str  # the court pack on the offer went to court
    removal: str  # the compensator removed the claim


STATUSES = {
    CLAIMDESK: Statuses(
        "Pending-Medical",
        "Pending-MedCausation",
        "Resolved-Completed",
        "Resolved-CourtValuation",
        "Pending-Removal",
    ),
    EVIDENCE: Statuses(
        "Pending-MedicalPartLiable",
        "Pending-MedPartCausation",
        "Pending-Acknowledgement",
        "Resolved-CourtOffer",
        "Resolved-Removed",
    ),
}


def statuses(config: SimConfig) -> Statuses:
    """The lifecycle targets of the configured shape."""
    return STATUSES[config.shape]


class ClaimDeskShape:
    """The default shape: ISO instants, paged feeds, claim details with every simulator field."""

    name = CLAIMDESK

    def claim(self, conn: sqlite3.Connection, claim: Claim) -> dict:
        """Get Claim Details, and the answer to every claim action."""
        return queries.claim_json(conn, claim)

    def summary(self, claim: Claim) -> dict:
        """Create and search results."""
        return queries.claim_summary(claim)

    def claim_location(self, claim_id: str) -> str:
        """The Location of a created claim."""
        return ENDPOINTS[self.name]["claim_details"][1].replace("{claimID}", claim_id)

    def messages(self, conn: sqlite3.Connection, claim_id: str) -> dict:
        """Get Message List."""
        return {"results": queries.messages_list(conn, claim_id)}

    def message(self, message: dict) -> dict:
        """Get Message."""
        return message

    def message_created(self, message: dict) -> dict:
        """The answer to sending a message."""
        return message["messageInfo"]

    def attachments(self, conn: sqlite3.Connection, claim_id: str) -> dict:
        """Get Attachment List."""
        return {"results": queries.attachments_list(conn, claim_id)}

    def attachment(self, row: sqlite3.Row) -> dict:
        """Get Attachment."""
        return queries.attachment_json(row)

    def attachment_created(self, row: sqlite3.Row) -> dict:
        """The answer to an upload."""
        return queries.attachment_json(row)["fileInfo"]

    def notifications(self, call: Call) -> dict:
        """Get Notifications: one page of [dateFrom, dateTo)."""
        return queries.notifications_page(call.conn, _window(call))

    def assignments(self, call: Call) -> dict:
        """Get Assignments: one page of those updated in [dateFrom, dateTo)."""
        return queries.assignments_page(call.conn, _window(call))


def _window(call: Call) -> Window:
    """dateFrom (required, inclusive), dateTo (optional, exclusive), page, pageSize, claimID (optional)."""
    bounds = {}
    for name in ("dateFrom", "dateTo"):
        raw = call.query(name)
        if not raw:
            if name == "dateFrom":
                raise ApiError(400, "invalid_parameter", "dateFrom is required (ISO 8601).", parameter=name)
            bounds[name] = END_OF_TIME
            continue
        try:
            bounds[name] = format_instant(parse_instant(raw))
        except ValueError as error:
            raise ApiError(
                400, "invalid_parameter", f"{name} must be an ISO 8601 date and time.", parameter=name
            ) from error
    page = query_int(call, "page", 1, 1, 1_000_000)
    size = query_int(call, "pageSize", 100, 1, MAX_PAGE_SIZE)
    claim_id = call.query("claimID") or None
    return Window(call.organisation, bounds["dateFrom"], bounds["dateTo"], page, size, claim_id)


# The fields of NAHL's claim details, and of its liability part, exactly (oic.md section 4.3).
_DETAIL_KEYS = (
    "claimReferenceNumber",
    "claimHandlerName",
    "claimHandlerPhone",
    "claimHandlerEmail",
    "insurerPolicyNumber",
)
_LIABILITY_KEYS = (
    "liabilityDecision",
    "admittingFault",
    "liabilityJustification",
    "comments",
    "capacity",
    "wearingSeatBelt",
    "wantToArgue",
    "defendantVersionOfEvents",
    "defendantVersionOfEventsProvidedToMedicalExpert",
    "uploadedDefendantVersionOfEvents",
    "officialCourtOrder",
    "reasonForCausationDispute",
    "changeLiabilityResponse",
    "courtDecisionOnLiability",
    "liabilityPercentage",
    "claimantCommentOnLiabilityDecision",
    "claimantDecisionOnLiability",
    "disagreeingPartialLiabilityJustification",
)

NOTIFICATIONS_SQL = (
    "SELECT claim_id, notification_type, created_at FROM notifications "
    "WHERE organisation = ? AND created_at >= ? AND created_at < ? AND notification_type != 'StatusChanged' "
    "ORDER BY created_at, id"
)
# An open assignment has never been updated (updated_at == created_at), so the window on
# updated_at selects "created since" while reading the (organisation, updated_at, id) index.
ASSIGNMENTS_SQL = (
    "SELECT id, claim_id, instructions, created_at, goal_at, deadline_at FROM assignments "
    "WHERE organisation = ? AND updated_at >= ? AND status = 'Open' ORDER BY updated_at, id"
)


class EvidenceShape:
    """Only what public integration code shows: NAHL's fields, Pega instants, nothing paged."""

    name = EVIDENCE

    def claim(self, conn: sqlite3.Connection, claim: Claim) -> dict:
        """Get Claim Details as NAHL reads it: no claimID in the body."""
        body = {
            "claimStatus": claim.status,
            "compensatorOrgName": claim.compensator_org_name,
            "isClaimWithinCluster": bool(claim.details.get("isClaimWithinCluster")),
            "claimDetails": _claim_details(claim),
        }
        if claim.claim_type == "MED":
            body["medicalClaimDetails"] = {
                "medicalClaimID": claim.claim_id,
                "parentClaimID": claim.parent_claim_id,
            }
        elif claim.claim_type == "CL":
            parent = claim_load(conn, claim.parent_claim_id)
            admitted = claim.details.get("challenge", {}).get("liabilityPercentageAdmittedByComp")
            body["parentClaimDetails"] = {
                "claimStatus": parent.status,
                "claimDetails": _claim_details(parent),
            }
            body["challengeLiabilityDetails"] = {"content": {"liabilityPercentageAdmittedByComp": admitted}}
        else:
            children = claim_children(conn, claim.claim_id)
            body["medical"] = [
                {"medicalID": child.claim_id} for child in children if child.claim_type == "MED"
            ]
        return body

    def summary(self, claim: Claim) -> dict:
        """Create and search results (our assumption: the public code never shows them)."""
        return {**queries.claim_summary(claim), "createdDateTime": pega_from_stamp(claim.created_at)}

    def claim_location(self, claim_id: str) -> str:
        """The Location of a created claim."""
        return ENDPOINTS[self.name]["claim_details"][1].replace("{claimID}", claim_id)

    def messages(self, conn: sqlite3.Connection, claim_id: str) -> dict:
        """Get Message List: ``results[]`` of id, category, createDateTime."""
        items = queries.messages_list(conn, claim_id)
        return {
            "results": [{**item, "createDateTime": pega_from_stamp(item["createDateTime"])} for item in items]
        }

    def message(self, message: dict) -> dict:
        """Get Message: messageInfo, author, note."""
        return {
            "messageInfo": self.message_created(message),
            "author": message["author"],
            "note": message["note"],
        }

    def message_created(self, message: dict) -> dict:
        """The answer to sending a message: its messageInfo."""
        info = message["messageInfo"]
        return {**info, "createdDateTime": pega_from_stamp(info["createdDateTime"])}

    def attachments(self, conn: sqlite3.Connection, claim_id: str) -> dict:
        """Get Attachment List: ``results[]`` of id, category, fileName, memo, createDateTime."""
        items = queries.attachments_list(conn, claim_id)
        keys = ("id", "category", "fileName", "memo")
        return {
            "results": [
                {
                    **{key: item[key] for key in keys},
                    "createDateTime": pega_from_stamp(item["createDateTime"]),
                }
                for item in items
            ]
        }

    def attachment(self, row: sqlite3.Row) -> dict:
        """Get Attachment: fileInfo and the base64 fileStream."""
        full = queries.attachment_json(row)
        return {"fileInfo": self.attachment_created(row), "fileStream": full["fileStream"]}

    def attachment_created(self, row: sqlite3.Row) -> dict:
        """The answer to an upload: its fileInfo."""
        info = queries.attachment_json(row)["fileInfo"]
        return {
            "fileName": info["fileName"],
            "createdDateTime": pega_from_stamp(info["createdDateTime"]),
            "memo": info["memo"],
            "category": info["category"],
            "id": info["id"],
        }

    def notifications(self, call: Call) -> dict:
        """Get Notifications in [dateFrom, dateTo): no id, the sentence as NotificationType, no paging.

        A status change raises no notification of its own here: the public code handles only the
        three sentences below (status changes reach a client through its system message and, when
        the representative must act, a new assignment).
        """
        start = _pega_parameter(call, "dateFrom")
        end = _pega_parameter(call, "dateTo", required=False)
        rows = call.conn.execute(
            NOTIFICATIONS_SQL,
            (call.organisation, format_instant(start), format_instant(end) if end else END_OF_TIME),
        )
        items = [
            {
                "claimID": row["claim_id"],
                "NotificationType": NOTIFICATION_TYPES[row["notification_type"]],
                "createdDateTime": pega_from_stamp(row["created_at"]),
            }
            for row in rows
        ]
        return {"notifications": items}

    def assignments(self, call: Call) -> dict:
        """Get Assignments: the open ones created since dateFrom (at timeFrom), no status, no paging.

        A completed or cancelled assignment simply no longer appears; there is no dateTo.
        """
        start = _pega_parameter(call, "dateFrom")
        raw_time = call.query("timeFrom")
        if raw_time:
            try:
                hours, minutes, seconds = parse_clock_time(raw_time)
            except ValueError as error:
                raise ApiError(
                    400, "invalid_parameter", "timeFrom must be a time of day HH:mm:ss.", parameter="timeFrom"
                ) from error
            start = start.replace(hour=hours, minute=minutes, second=seconds, microsecond=0)
        rows = call.conn.execute(ASSIGNMENTS_SQL, (call.organisation, format_instant(start)))
        items = [
            {
                "claimID": row["claim_id"],
                "assignmentID": public_id("assignment", row["id"]),
                "instructions": row["instructions"],
                "createdDateTime": pega_from_stamp(row["created_at"]),
                "deadlineDateTime": pega_from_stamp(row["deadline_at"]),
                "goalDateTime": pega_from_stamp(row["goal_at"]),
            }
            for row in rows
        ]
        return {"assignments": items}


def _claim_details(claim: Claim) -> dict:
    """NAHL's ``claimDetails``; a compensator's removal reason is its withdrawalReason."""
    details = claim.details
    liability = details.get("liability") or {}
    history = [
        {**entry, "actionedOn": pega_from_stamp(entry.get("actionedOn"))}
        for entry in liability.get("liabilityHistory", [])
    ]
    return {
        **{key: details.get(key) for key in _DETAIL_KEYS},
        "insurerId": claim.insurer_id,
        "isCompensatorMIB": claim.is_mib,
        "withdrawalReason": details.get("withdrawalReason") or details.get("removalReason"),
        "withdrawalMotivation": details.get("withdrawalMotivation") or details.get("removalNote"),
        "liability": {**{key: liability.get(key) for key in _LIABILITY_KEYS}, "liabilityHistory": history},
    }


def _pega_parameter(call: Call, name: str, *, required: bool = True) -> datetime | None:
    raw = call.query(name)
    if not raw:
        if required:
            raise ApiError(
                400, "invalid_parameter", f"{name} is required (yyyyMMdd'T'HHmmss.fff GMT).", parameter=name
            )
        return None
    try:
        return parse_pega(raw)
    except ValueError as error:
        message = f"{name} must be in the form yyyyMMdd'T'HHmmss.fff GMT, e.g. 20250303T090000.000 GMT."
        raise ApiError(400, "invalid_parameter", message, parameter=name) from error


SHAPE_OBJECTS = {CLAIMDESK: ClaimDeskShape(), EVIDENCE: EvidenceShape()}

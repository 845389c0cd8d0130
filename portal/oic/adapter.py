"""The OIC portal behind ClaimDesk's portal interface (portal.base.PortalRules and PortalAdapter)."""

import base64
import datetime as dt
from urllib.parse import quote

from accounts.models import User
from cases.models import Case, Portal
from lookups.models import ValueList
from portal.base import (
    Assignment,
    Attachment,
    AttachmentRef,
    ChangesPage,
    ClaimState,
    FieldLocation,
    Message,
    MessageRef,
    Problem,
    StageAction,
    StageFacts,
    StatusInfo,
    ValueLists,
)
from portal.models import PortalConnection
from portal.oic import checks, eligibility, mapping, stages, statuses
from portal.oic.client import OICClient

# The SCNF PDF comes back under this sub type; signed copies go out under the other
# (the cManager guide, docs/sources.md).
UNSIGNED = "UnsignedDocuments"
SIGNED = "SignedDocuments"
SIGNED_CATEGORY = "SignedDocument"


class OICRules:
    """What the OIC portal is: statuses, scope, checks. No connection needed."""

    portal = Portal.OIC
    label = "OIC Portal"
    lists = ValueLists(
        exit_reason=ValueList.EXIT_REASON,
        message_category=ValueList.MESSAGE_CATEGORY,
        document_category=ValueList.DOCUMENT_CATEGORY,
        loss_type=ValueList.LOSS_TYPE,
    )
    has_messages = True
    connection_fields = ()
    submission_note = (
        "Submitting sends the claim form; the claim becomes Pending-New. "
        "Then wait a couple of minutes and click Complete Submission."
    )

    def status(self, code: str) -> StatusInfo:
        return statuses.status_info(code)

    def statuses(self) -> list[StatusInfo]:
        return list(statuses.STATUSES.values())

    def warnings(self, case: Case) -> list[str]:
        return eligibility.warnings(case)

    def check(self, case: Case, *, acting_user: User) -> list[Problem]:
        return checks.check_case(case, acting_user=acting_user)

    def locate(self, field_path: str) -> FieldLocation:
        return mapping.locate(field_path)

    def actions(self, status: str, facts: StageFacts) -> list[StageAction]:
        return stages.actions(status, facts)


class OICAdapter(OICRules):
    """A live connection to the OIC portal."""

    honours_idempotency_keys = True  # our assumption, documented in docs/oic-simulator.md

    def __init__(self, connection: PortalConnection, **client_options):
        self.connection = connection
        self.client = OICClient(
            connection.url,
            client_id=connection.client_id,
            client_secret=connection.client_secret,
            connection_pk=connection.pk,
            endpoints=connection.endpoints,
            token_url=connection.token_url,
            **client_options,
        )

    def close(self) -> None:
        self.client.close()

    def submit(self, case: Case, *, acting_user: User, idempotency_key: str) -> ClaimState:
        form = mapping.scnf(case, acting_user=acting_user)
        return self.client.create_claim(form, idempotency_key=idempotency_key)

    def find(self, case: Case) -> ClaimState | None:
        found = self.client.search_claims(case.reference)
        return found[0] if found else None

    def complete_submission(self, claim_id: str, *, idempotency_key: str) -> ClaimState:
        return self.client.complete_submission(claim_id, idempotency_key=idempotency_key)

    def claim(self, claim_id: str) -> ClaimState:
        return self.client.get_claim(claim_id)

    def messages(self, claim_id: str) -> list[MessageRef]:
        return self.client.list_messages(claim_id)

    def message(self, portal_id: str) -> Message:
        return self.client.get_message(portal_id)

    def send_message(self, claim_id: str, *, category: str, text: str, idempotency_key: str) -> str:
        return self.client.add_message(
            claim_id, category=category, note=text, idempotency_key=idempotency_key
        )

    def attachments(self, claim_id: str) -> list[AttachmentRef]:
        return self.client.list_attachments(claim_id)

    def attachment(self, portal_id: str) -> Attachment:
        return self.client.get_attachment(portal_id)

    def send_attachment(
        self, claim_id: str, *, file_name: str, content: bytes, category: str, memo: str, idempotency_key: str
    ) -> str:
        return self.client.add_attachment(
            claim_id,
            file_name=file_name,
            content=content,
            category=category,
            memo=memo,
            sub_type=SIGNED if category == SIGNED_CATEGORY else "",
            idempotency_key=idempotency_key,
        )

    def exit(self, claim_id: str, *, reason: str, comment: str, idempotency_key: str) -> ClaimState:
        body = {"withdrawalReason": reason, "withdrawalMotivation": comment}
        return self.client.claim_action("withdraw", claim_id, body, idempotency_key=idempotency_key)

    def perform(
        self, claim_id: str, action: StageAction, values: dict, *, version: str, idempotency_key: str
    ) -> ClaimState:
        """The action's calls in order, each under its own key derived from the action's key (so a
        repeat is answered, not redone); then the claim as it now stands."""
        for index, call in enumerate(stages.requests(action, values)):
            body = dict(call.body)
            if call.upload is not None:
                name, content = call.upload
                body |= {"fileName": name, "fileStream": base64.b64encode(content).decode("ascii")}
            self.client.post(call.operation, claim_id, body, idempotency_key=f"{idempotency_key}:{index}")
        return self.client.get_claim(claim_id)

    def notifications(self, *, since: dt.datetime, until: dt.datetime | None, page: int = 1) -> ChangesPage:
        return self.client.notifications(date_from=since, date_to=until, page=page)

    def assignments(self, *, since: dt.datetime, until: dt.datetime | None, page: int = 1) -> ChangesPage:
        return self.client.assignments(date_from=since, date_to=until, page=page)

    def claim_actions(self, claim_id: str, *, since: dt.datetime) -> list[Assignment]:
        """Open actions on one claim: its assignments since ``since``, the latest state of each."""
        latest: dict[str, Assignment] = {}
        page: int | None = 1
        while page:
            result = self.client.assignments(date_from=since, date_to=None, page=page, claim_id=claim_id)
            for assignment in result.assignments:
                if assignment.claim_id == claim_id:  # a portal that cannot filter by claim sends them all
                    latest[assignment.portal_id] = assignment
            page = result.next_page
        return [assignment for assignment in latest.values() if assignment.open]

    def manage_url(self, claim_id: str) -> str:
        base = (self.connection.web_url or self.connection.url).rstrip("/")
        return f"{base}/portal/claims/{quote(claim_id, safe='')}"

    def test_connection(self) -> str:
        """Get a fresh token and read a reference list: proves the address, the credentials and the API."""
        token = self.client.fetch_token()
        reasons = self.client.withdrawal_reasons()
        minutes = max(1, int((token.expires_at - dt.datetime.now(dt.UTC)).total_seconds() // 60))
        paths = sum(1 for name in self.connection.endpoints if name in self.client.endpoints)
        custom = f"; {paths} operation address(es) differ from the defaults" if paths else ""
        return (
            f"Connected: the portal issued a token valid for {minutes} minutes and answered "
            f"({len(reasons)} exit reasons){custom}."
        )

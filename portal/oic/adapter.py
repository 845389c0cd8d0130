"""The OIC portal behind ClaimDesk's portal interface (portal.base.PortalRules and PortalAdapter)."""

import base64
import datetime as dt
import threading
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
from portal.errors import PortalError
from portal.models import PortalConnection
from portal.oic import checks, eligibility, endpoints, mapping, stages, statuses
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
    injury_tab_label = "OIC Injury"
    has_messages = True
    connection_fields = ()
    case_sections = ()
    settings_heading = "Parameter record 200019"
    submission_note = (
        "Submitting sends the Small Claim Notification Form; the claim becomes Pending-New. "
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

    def endpoint_defaults(self) -> dict[str, tuple[str, str]]:
        return {name: (endpoint.method, endpoint.path) for name, endpoint in endpoints.DEFAULTS.items()}

    def endpoint_problem(self, operation: str, method: str, path: str) -> str:
        return endpoints.endpoint_problem(operation, method, path)


class OICAdapter(OICRules):
    """A live connection to the OIC portal."""

    honours_idempotency_keys = True  # our assumption, documented in docs/oic-simulator.md

    def __init__(self, connection: PortalConnection, **client_options):
        self.connection = connection
        self._lock = threading.Lock()
        self._all_actions: tuple[dt.datetime | None, list[Assignment] | None] = (None, None)
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
        """Open actions on one claim: its assignments since ``since``, the latest state of each.

        A portal that cannot filter the feed by claim (public code shows none) answers with every
        claim's: that list is kept for the life of this connection (one sync run, or one page), so a
        run asks for it once, not once per claim.
        """
        with self._lock:
            cached_since, cached = self._all_actions
            if cached is not None and cached_since <= since:
                found = cached
            else:
                found = self._assignments_since(since, claim_id)
                if any(a.claim_id != claim_id for a in found):
                    self._all_actions = (since, found)
        latest: dict[str, Assignment] = {}
        for assignment in found:
            if assignment.claim_id == claim_id:
                latest[assignment.portal_id] = assignment
        return [assignment for assignment in latest.values() if assignment.open]

    def _assignments_since(self, since: dt.datetime, claim_id: str) -> list[Assignment]:
        found: list[Assignment] = []
        page: int | None = 1
        while page:
            result = self.client.assignments(date_from=since, date_to=None, page=page, claim_id=claim_id)
            found += result.assignments
            page = result.next_page
        return found

    def manage_url(self, claim_id: str) -> str:
        base = (self.connection.web_url or self.connection.url).rstrip("/")
        return f"{base}/portal/claims/{quote(claim_id, safe='')}"

    def test_connection(self) -> str:
        """Get a fresh token, then read a reference list and both change feeds: proves the address, the
        credentials and the operation addresses the nightly sync depends on."""
        token = self.client.fetch_token()
        since = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
        checks = (
            ("exit reasons", lambda: self.client.withdrawal_reasons()),
            ("notifications", lambda: self.client.notifications(date_from=since)),
            ("assignments", lambda: self.client.assignments(date_from=since)),
        )
        for what, read in checks:
            try:
                read()
            except PortalError as exc:
                raise type(exc)(f"The {what} address did not answer as expected: {exc.message}") from None
        minutes = max(1, int((token.expires_at - dt.datetime.now(dt.UTC)).total_seconds() // 60))
        custom = len(self.connection.endpoints)
        addresses = (
            f"{custom} operation address(es) set for this firm"
            if custom
            else "the default operation addresses"
        )
        return (
            f"Connected: the portal issued a token valid for {minutes} minutes, and the exit reasons, "
            f"notifications and assignments answered ({addresses})."
        )

"""The OIC portal behind ClaimDesk's portal interface (portal.base.PortalAdapter)."""

import datetime as dt
from urllib.parse import quote

from accounts.models import User
from cases.models import Case, Portal
from portal.base import (
    Attachment,
    AttachmentRef,
    ChangesPage,
    Choice,
    ClaimState,
    Message,
    MessageRef,
    Problem,
)
from portal.models import PortalConnection
from portal.oic import checks, mapping
from portal.oic.client import OICClient

# The SCNF PDF and signed copies are filed under these sub types (seed guide, section c.vi).
UNSIGNED = "UnsignedDocuments"
SIGNED = "SignedDocuments"


class OICAdapter:
    portal = Portal.OIC
    label = "OIC Portal"

    def __init__(self, connection: PortalConnection, **client_options):
        self.connection = connection
        self.client = OICClient(
            connection.url,
            client_id=connection.client_id,
            client_secret=connection.client_secret,
            connection_pk=connection.pk,
            **client_options,
        )

    def close(self) -> None:
        self.client.close()

    def check(self, case: Case, *, acting_user: User) -> list[Problem]:
        return checks.check_case(case, acting_user=acting_user)

    def claim_form(self, case: Case, *, acting_user: User) -> dict:
        return mapping.scnf(case, acting_user=acting_user)

    def submit(self, case: Case, *, acting_user: User) -> ClaimState:
        return self.client.create_claim(self.claim_form(case, acting_user=acting_user))

    def find(self, case: Case) -> ClaimState | None:
        found = self.client.search_claims(case.reference)
        return found[0] if found else None

    def complete_submission(self, claim_id: str) -> ClaimState:
        return self.client.complete_submission(claim_id)

    def claim(self, claim_id: str) -> ClaimState:
        return self.client.get_claim(claim_id)

    def messages(self, claim_id: str) -> list[MessageRef]:
        return self.client.list_messages(claim_id)

    def message(self, portal_id: str) -> Message:
        return self.client.get_message(portal_id)

    def send_message(self, claim_id: str, *, category: str, text: str) -> str:
        return self.client.add_message(claim_id, category=category, note=text).portal_id

    def attachments(self, claim_id: str) -> list[AttachmentRef]:
        return self.client.list_attachments(claim_id)

    def attachment(self, portal_id: str) -> Attachment:
        return self.client.get_attachment(portal_id)

    def send_attachment(
        self, claim_id: str, *, file_name: str, content: bytes, category: str, memo: str, sub_type: str = ""
    ) -> str:
        sub_type = sub_type or (SIGNED if category == "SignedDocument" else "")
        ref = self.client.add_attachment(
            claim_id, file_name=file_name, content=content, category=category, memo=memo, sub_type=sub_type
        )
        return ref.portal_id

    def exit(self, claim_id: str, *, reason: str, comment: str) -> ClaimState:
        return self.client.withdraw(claim_id, reason=reason, motivation=comment)

    def notifications(self, *, since: dt.datetime, until: dt.datetime | None, page: int = 1) -> ChangesPage:
        return self.client.notifications(date_from=since, date_to=until, page=page)

    def assignments(
        self, *, since: dt.datetime, until: dt.datetime | None, page: int = 1, claim_id: str | None = None
    ) -> ChangesPage:
        return self.client.assignments(date_from=since, date_to=until, page=page, claim_id=claim_id)

    def exit_reasons(self) -> list[Choice]:
        return [Choice(code, label) for code, label in self.client.withdrawal_reasons()]

    def manage_url(self, claim_id: str) -> str:
        base = (self.connection.web_url or self.connection.url).rstrip("/")
        return f"{base}/portal/claims/{quote(claim_id, safe='')}"

    def field_for(self, path: str) -> tuple[str, str, str]:
        return mapping.field_for(path)

    def test_connection(self) -> str:
        """Get a fresh token and read a reference list: proves the URL, the credentials and the API."""
        token = self.client.fetch_token()
        reasons = self.client.withdrawal_reasons()
        minutes = max(1, int((token.expires_at - dt.datetime.now(dt.UTC)).total_seconds() // 60))
        return (
            f"Connected: the portal issued a token valid for {minutes} minutes and answered "
            f"({len(reasons)} exit reasons)."
        )

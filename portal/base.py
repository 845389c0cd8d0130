"""The one small interface between ClaimDesk and a portal.

Case screens, the sync and the history talk to a ``PortalAdapter``; each portal (OIC, later the
Claims Portal) implements it with its own client and wire format, which stay inside its package.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol

from cases.models import Case


@dataclass(frozen=True)
class Problem:
    """One thing to fix before a claim can be sent, with a link to where it is fixed."""

    tab: str
    message: str
    url: str


@dataclass(frozen=True)
class ClaimState:
    """What the portal says about a claim now."""

    claim_id: str
    status: str
    client_reference: str = ""
    compensator_name: str = ""
    compensator_is_mib: bool = False
    compensator_reference: str = ""
    claim_handler: str = ""
    liability_decision: str = ""
    liability_percentage: Decimal | None = None
    liability_deadline: dt.datetime | None = None
    submitted_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None


@dataclass(frozen=True)
class MessageRef:
    portal_id: str
    category: str
    created_at: dt.datetime | None


@dataclass(frozen=True)
class Message:
    portal_id: str
    category: str
    author: str
    body_html: str
    created_at: dt.datetime | None


@dataclass(frozen=True)
class AttachmentRef:
    portal_id: str
    category: str
    sub_type: str
    file_name: str
    memo: str
    created_at: dt.datetime | None
    sha256: str = ""


@dataclass(frozen=True)
class Attachment:
    ref: AttachmentRef
    content: bytes


@dataclass(frozen=True)
class Assignment:
    """A portal action the firm must take, with the portal's own deadline (a task in ClaimDesk)."""

    portal_id: str
    claim_id: str
    instructions: str
    status: str
    deadline: dt.datetime | None
    goal: dt.datetime | None
    created_at: dt.datetime | None
    updated_at: dt.datetime | None

    @property
    def is_open(self) -> bool:
        return self.status.lower() == "open"


@dataclass(frozen=True)
class Notification:
    portal_id: str
    claim_id: str
    kind: str
    description: str
    created_at: dt.datetime | None


@dataclass(frozen=True)
class ChangesPage:
    """A page of notifications or assignments, and the portal time the query was answered."""

    notifications: list[Notification] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)
    next_page: int | None = None
    as_of: dt.datetime | None = None
    total: int | None = None


@dataclass(frozen=True)
class Choice:
    code: str
    label: str


class PortalAdapter(Protocol):
    """Everything ClaimDesk asks of a portal. Implementations raise the ``portal.errors`` family."""

    portal: str
    label: str

    def check(self, case: Case, *, acting_user) -> list[Problem]:
        """Every reason the case cannot be submitted yet (empty when it can)."""

    def submit(self, case: Case, *, acting_user) -> ClaimState:
        """Send the claim (first step). May raise PortalOutcomeUnknown: then ``find`` before retrying."""

    def find(self, case: Case) -> ClaimState | None:
        """The portal claim made from this case (by our own reference), if any."""

    def complete_submission(self, claim_id: str) -> ClaimState: ...

    def claim(self, claim_id: str) -> ClaimState: ...

    def messages(self, claim_id: str) -> list[MessageRef]: ...

    def message(self, portal_id: str) -> Message: ...

    def send_message(self, claim_id: str, *, category: str, text: str) -> str: ...

    def attachments(self, claim_id: str) -> list[AttachmentRef]: ...

    def attachment(self, portal_id: str) -> Attachment: ...

    def send_attachment(
        self, claim_id: str, *, file_name: str, content: bytes, category: str, memo: str, sub_type: str = ""
    ) -> str: ...

    def exit(self, claim_id: str, *, reason: str, comment: str) -> ClaimState: ...

    def notifications(
        self, *, since: dt.datetime, until: dt.datetime | None, page: int = 1
    ) -> ChangesPage: ...

    def assignments(
        self, *, since: dt.datetime, until: dt.datetime | None, page: int = 1, claim_id: str | None = None
    ) -> ChangesPage: ...

    def exit_reasons(self) -> list[Choice]: ...

    def manage_url(self, claim_id: str) -> str: ...

    def test_connection(self) -> str: ...

"""The one interface between ClaimDesk and a portal.

Case screens, the sync and the history talk to two small protocols, and nothing else knows a
portal's statuses, codes, wording or wire format:

- ``PortalRules``: what a portal *is* (its label, what each of its statuses means, which cases it
  takes, where its fields are edited). Static: no connection needed, so pages can use it while
  the portal is down or not configured yet.
- ``PortalAdapter``: a live connection to the portal (every call may raise the ``portal.errors``
  family). Adapters also carry the rules of their portal.

Each portal implements both in its own package (``portal/oic/``…); ``portal/registry.py`` is the
only place that chooses between them.
"""

import datetime as dt
import enum
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol

from cases.models import Case

# -- What the rest of ClaimDesk knows about a portal status -------------------------------------------


class Outcome(enum.StrEnum):
    """Where a portal claim stands, in ClaimDesk's words (each portal maps its own statuses here)."""

    OPEN = "open"  # in the portal process
    SETTLED = "settled"  # closed on the portal with the claim settled
    EXITED = "exited"  # closed on the portal without settlement (withdrawn, exited, removed, court)


class Actor(enum.StrEnum):
    """Who must act next on a claim."""

    US = "us"
    COMPENSATOR = "compensator"
    PORTAL = "portal"
    NOBODY = "nobody"


ACTOR_LABELS = {
    Actor.US: "You",
    Actor.COMPENSATOR: "The compensator",
    Actor.PORTAL: "The portal",
    Actor.NOBODY: "Nobody (the claim is closed on the portal)",
}


@dataclass(frozen=True)
class StatusInfo:
    """A portal status explained: its stage, its meaning in words and who acts next.

    An unknown status is never an error: it is shown as the portal wrote it.
    """

    code: str
    label: str
    stage: str
    next_actor: Actor
    outcome: Outcome = Outcome.OPEN
    # The claim waits for the portal to pick a compensator (polled: no notification comes).
    awaits_compensator: bool = False
    # The claim was sent but not yet completed (Complete Submission is the next step).
    awaits_completion: bool = False
    # The firm asked to leave the portal; the compensator must confirm before it is closed.
    exit_requested: bool = False

    @property
    def is_closed(self) -> bool:
        return self.outcome != Outcome.OPEN

    @property
    def next_actor_label(self) -> str:
        return ACTOR_LABELS[self.next_actor]


@dataclass(frozen=True)
class FieldLocation:
    """Where a fee earner edits a value: a case tab (URL name) and the field's element id."""

    tab: str
    url_name: str
    anchor: str = ""
    # The URL takes the case reference (every case tab does; "Your account" does not).
    case_scoped: bool = True


@dataclass(frozen=True)
class Problem:
    """One thing to fix before a claim can be sent, and where it is fixed."""

    message: str
    where: FieldLocation


# -- What a portal says about a claim ------------------------------------------------------------------


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
    # Who the claim is for, as the portal holds it (to confirm before linking a claim to a case).
    claimant_first_name: str = ""
    claimant_last_name: str = ""
    claimant_date_of_birth: dt.date | None = None
    # A child claim (e.g. OIC's medical or liability-challenge claims) names its parent.
    parent_claim_id: str = ""
    child_claim_ids: tuple[str, ...] = ()
    exit_reason: str = ""


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
    """A portal action the firm must take, with the portal's goal and deadline (a task in ClaimDesk).

    ``is_open`` is None when the portal does not say (then it is open while the portal lists it).
    """

    portal_id: str
    claim_id: str
    instructions: str
    deadline: dt.datetime | None
    goal: dt.datetime | None
    created_at: dt.datetime | None
    updated_at: dt.datetime | None
    is_open: bool | None = None

    @property
    def open(self) -> bool:
        return self.is_open is not False


class Part(enum.StrEnum):
    """The parts of a claim a sync can refresh."""

    DETAILS = "details"
    MESSAGES = "messages"
    DOCUMENTS = "documents"
    ACTIONS = "actions"


ALL_PARTS = frozenset(Part)


@dataclass(frozen=True)
class Notification:
    """Something changed on a claim. ``key`` is stable across reads (the portal's id, or derived)."""

    key: str
    claim_id: str
    kind: str
    description: str
    created_at: dt.datetime | None
    parts: frozenset[Part] = frozenset({Part.DETAILS})


@dataclass(frozen=True)
class ChangesPage:
    """A page of notifications or assignments, and the portal time the query was answered."""

    notifications: list[Notification] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)
    next_page: int | None = None
    as_of: dt.datetime | None = None
    total: int | None = None
    # Items the portal sent malformed: skipped (and reported), never fatal to the rest of the page.
    skipped: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ValueLists:
    """Which of ClaimDesk's value lists (``lookups.ValueList``) hold this portal's codes."""

    exit_reason: str
    message_category: str
    document_category: str


# -- The two protocols ---------------------------------------------------------------------------------


class PortalRules(Protocol):
    """What a portal is: static knowledge, no connection needed."""

    portal: str
    label: str
    lists: ValueLists

    def status(self, code: str) -> StatusInfo:
        """``code`` explained (never raises: an unknown status is shown as the portal wrote it)."""
        ...

    def statuses(self) -> list[StatusInfo]:
        """Every status this portal is known to use, in process order (for filters and reports)."""
        ...

    def warnings(self, case: Case) -> list[str]:
        """Why this portal may not take the case (shown on every tab; never blocks saving)."""
        ...

    def check(self, case: Case, *, acting_user) -> list[Problem]:
        """Every reason the case cannot be submitted yet (empty when it can)."""
        ...

    def locate(self, field_path: str) -> FieldLocation:
        """Where the portal's field ``field_path`` (from a refusal) is edited in ClaimDesk."""
        ...


class PortalAdapter(PortalRules, Protocol):
    """A live connection to a portal. Every call may raise the ``portal.errors`` family."""

    # Whether the portal honours an Idempotency-Key on writes (a repeated key is answered, not redone).
    honours_idempotency_keys: bool

    def close(self) -> None: ...

    def submit(self, case: Case, *, acting_user, idempotency_key: str) -> ClaimState:
        """Send the claim (first step). May raise PortalOutcomeUnknown: then ``find`` before retrying."""
        ...

    def find(self, case: Case) -> ClaimState | None:
        """The portal claim made from this case (by our own reference), if any."""
        ...

    def complete_submission(self, claim_id: str, *, idempotency_key: str) -> ClaimState: ...

    def claim(self, claim_id: str) -> ClaimState: ...

    def messages(self, claim_id: str) -> list[MessageRef]: ...

    def message(self, portal_id: str) -> Message: ...

    def send_message(self, claim_id: str, *, category: str, text: str, idempotency_key: str) -> str:
        """Send a note; returns the portal's id of it."""
        ...

    def attachments(self, claim_id: str) -> list[AttachmentRef]: ...

    def attachment(self, portal_id: str) -> Attachment: ...

    def send_attachment(
        self,
        claim_id: str,
        *,
        file_name: str,
        content: bytes,
        category: str,
        memo: str,
        idempotency_key: str,
    ) -> str:
        """Send a file; returns the portal's id of it."""
        ...

    def exit(self, claim_id: str, *, reason: str, comment: str, idempotency_key: str) -> ClaimState: ...

    def notifications(
        self, *, since: dt.datetime, until: dt.datetime | None, page: int = 1
    ) -> ChangesPage: ...

    def assignments(self, *, since: dt.datetime, until: dt.datetime | None, page: int = 1) -> ChangesPage: ...

    def claim_actions(self, claim_id: str, *, since: dt.datetime) -> list[Assignment]:
        """The actions the portal asks of the firm on one claim now (open ones)."""
        ...

    def manage_url(self, claim_id: str) -> str:
        """The claim's page on the portal's own web site (Manage on Portal)."""
        ...

    def test_connection(self) -> str:
        """Prove the address, the credentials and the API; a sentence for the administrator."""
        ...

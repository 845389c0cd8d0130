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
    # Arguments of a URL that is not the case's (e.g. the portal of a settings page).
    url_args: tuple[str, ...] = ()


@dataclass(frozen=True)
class Problem:
    """One thing to fix before a claim can be sent, and where it is fixed."""

    message: str
    where: FieldLocation


@dataclass(frozen=True)
class Choice:
    code: str
    label: str


# -- A claim's stage: what the portal says beyond its status, and what the firm may do next ------------


@dataclass(frozen=True)
class OfferView:
    """One offer or counter-offer, split into its heads (pounds and pence, Decimal)."""

    made_by: str  # "Compensator" or "Us"
    made_at: dt.datetime | None
    heads: tuple[tuple[str, Decimal], ...]  # e.g. ("Tariff", 840.00), ("Uplift", 0), ("Non-tariff", …)
    total: Decimal
    state: str  # "Open", "Accepted", "Countered", "Rejected", "Withdrawn", "Replaced"
    comment: str = ""


@dataclass(frozen=True)
class ReportView:
    """A medical report on the claim."""

    reference: str
    expert: str
    report_date: dt.date | None
    prognosis_months: int | None
    state: str = ""


@dataclass(frozen=True)
class StageFacts:
    """What the portal says about a claim's stage beyond its status: offers, reports, losses, court pack.

    Kept on the claim as JSON at each refresh (``to_json``/``from_json``), so the stage panel shows
    it while the portal is down.
    """

    offers: tuple[OfferView, ...] = ()
    reports: tuple[ReportView, ...] = ()
    losses: tuple[tuple[str, Decimal], ...] = ()  # (what, amount) claimed so far on the portal
    court_documents: tuple[Choice, ...] = ()  # what may go in a court pack
    court_selected: tuple[str, ...] = ()  # codes chosen so far
    more: tuple[tuple[str, str], ...] = ()  # other facts worth showing, as (label, value)
    # Facts the portal's rules read to offer actions (each portal's own words, e.g. "offer_requested").
    flags: tuple[str, ...] = ()

    def to_json(self) -> dict:
        return _to_json(self)

    @classmethod
    def from_json(cls, data: dict | None) -> "StageFacts":
        return _facts_from_json(data or {})

    @property
    def losses_total(self) -> Decimal:
        return sum((amount for _, amount in self.losses), Decimal("0.00"))

    @property
    def latest_offer(self) -> OfferView | None:
        return self.offers[-1] if self.offers else None


class FieldKind(enum.StrEnum):
    TEXT = "text"
    LONG_TEXT = "long_text"
    MONEY = "money"  # Decimal pounds and pence
    PERCENT = "percent"  # Decimal 0 to 100
    WHOLE = "whole"  # a whole number (e.g. months)
    DATE = "date"
    CHOICE = "choice"
    CHOICES = "choices"  # several of ``choices``
    YES_NO = "yes_no"
    FILE = "file"  # a PDF, filed on the case and sent


@dataclass(frozen=True)
class ActionField:
    """One input of a stage action (the stage panel builds a form field from it)."""

    name: str
    label: str
    kind: FieldKind
    required: bool = True
    help: str = ""
    choices: tuple[Choice, ...] = ()
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    max_length: int = 2000
    # Where the choices come from when they are not fixed: "documents" (the claim's portal documents),
    # or the name of one of the portal's value lists (ValueLists), e.g. "loss_type".
    choices_from: str = ""


@dataclass(frozen=True)
class StageAction:
    """Something the portal allows the firm to do on a claim in its current status.

    A small declarative spec (the portal package's data): the stage panel renders one form per
    action from it, and one service performs any of them exactly once.
    """

    code: str  # stable, e.g. "liability.accept_denial"
    label: str  # the button, e.g. "Accept the denial"
    group: str  # "Liability", "Medical", "Losses", "Offer", "Court", "Exit"
    explanation: str  # what happens next, in words
    fields: tuple[ActionField, ...] = ()
    irreversible: bool = False  # the form asks for an explicit confirmation
    # The field whose value (whole months) updates the prognosis of the case's injuries, if any.
    prognosis_field: str = ""
    # The action claims an item of loss (fields loss_type, amount, description, ongoing): the case's
    # Losses tab records it too, so the valuation's special damages follow.
    records_loss: bool = False


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
    # The portal's version of the claim, where it checks one on writes (e.g. activityEngineGuid).
    version: str = ""
    facts: StageFacts = field(default_factory=StageFacts)


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
    loss_type: str


# -- The two protocols ---------------------------------------------------------------------------------


class PortalRules(Protocol):
    """What a portal is: static knowledge, no connection needed."""

    portal: str
    label: str
    lists: ValueLists
    # What the case tabs and the submit page say for this portal.
    injury_tab_label: str
    # Whether the portal carries notes (messages) both ways; View Portal Docs offers "Send a note" only then.
    has_messages: bool
    # Connection settings this portal needs beyond URL, CLIENTID and CLIENTSECRET (PortalConnection fields).
    connection_fields: tuple[str, ...]
    submission_note: str
    # Case Details sections only this portal's claim form asks for (named as cases.views names them).
    case_sections: tuple[str, ...]
    # The heading of the connection's settings (the parameter record a cManager user knows, if any).
    settings_heading: str

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

    def actions(self, status: str, facts: StageFacts) -> list[StageAction]:
        """Exactly the claimant-side actions the portal allows in ``status`` (data, not code paths)."""
        ...

    def endpoint_defaults(self) -> dict[str, tuple[str, str]]:
        """Each API operation's (method, path) by default, where a connection may override them
        (empty when the portal's addresses are fixed)."""
        ...

    def endpoint_problem(self, operation: str, method: str, path: str) -> str:
        """Why an address setting is unusable ('' when it is fine)."""
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

    def perform(
        self, claim_id: str, action: StageAction, values: dict, *, version: str, idempotency_key: str
    ) -> ClaimState:
        """Do a stage action with the form's cleaned ``values`` (Decimal money, dates, (name, bytes) files).

        ``version`` is the claim's version as last read (ClaimState.version), for portals that check it.
        """
        ...

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


# -- StageFacts as JSON (kept on the claim) -------------------------------------------------------------


def _plain(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        return {name: _plain(getattr(value, name)) for name in value.__dataclass_fields__}
    return value


def _to_json(facts: "StageFacts") -> dict:
    return _plain(facts)


def _money(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


def _when(value, kind):
    if not value:
        return None
    return kind.fromisoformat(value)


def _facts_from_json(data: dict) -> "StageFacts":
    offers = tuple(
        OfferView(
            made_by=o["made_by"],
            made_at=_when(o.get("made_at"), dt.datetime),
            heads=tuple((label, _money(amount)) for label, amount in o.get("heads", [])),
            total=_money(o["total"]),
            state=o.get("state", ""),
            comment=o.get("comment", ""),
        )
        for o in data.get("offers", [])
    )
    reports = tuple(
        ReportView(
            reference=r.get("reference", ""),
            expert=r.get("expert", ""),
            report_date=_when(r.get("report_date"), dt.date),
            prognosis_months=r.get("prognosis_months"),
            state=r.get("state", ""),
        )
        for r in data.get("reports", [])
    )
    return StageFacts(
        offers=offers,
        reports=reports,
        losses=tuple((what, _money(amount)) for what, amount in data.get("losses", [])),
        court_documents=tuple(Choice(c["code"], c["label"]) for c in data.get("court_documents", [])),
        court_selected=tuple(data.get("court_selected", [])),
        more=tuple((label, value) for label, value in data.get("more", [])),
        flags=tuple(data.get("flags", [])),
    )

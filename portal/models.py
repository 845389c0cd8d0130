"""What ClaimDesk keeps of the portals: connections, claims, their messages, documents and actions,
the operations it sent (for exactly-once), what the portal changed (the outbox that tells fee
earners), and the sync runs."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from cases.models import Portal
from lib.fields import EncryptedTextField


class PortalConnection(models.Model):
    """A portal's connection settings.

    For OIC it is the parameter record 200019 of the cManager guide (docs/sources.md).
    """

    portal = models.CharField(max_length=20, choices=Portal.choices, unique=True)
    parameter_group = models.CharField(max_length=10, default="200019")
    client_id = EncryptedTextField("CLIENTID", blank=True)
    client_secret = EncryptedTextField("CLIENTSECRET", blank=True)
    access_token = EncryptedTextField("ACCESSTOKEN", blank=True)
    access_token_expires_at = models.DateTimeField(null=True, blank=True)
    access_token_issued_at = models.DateTimeField(null=True, blank=True)
    url = models.URLField("URL", blank=True, help_text="The portal API's base address")
    token_url = models.URLField(
        "Token URL", blank=True, help_text="Where tokens are issued, if not the API's own token path"
    )
    # Per-operation addresses that differ from the adapter's defaults: {"operation": {"method", "path"}}.
    endpoints = models.JSONField(default=dict, blank=True)
    web_url = models.URLField(
        "Portal web site",
        blank=True,
        help_text="Where “Manage on Portal” opens a claim (defaults to the URL)",
    )
    # The portal user ClaimDesk acts as, where the portal asks for one (the Claims Portal's loginAs).
    login_as = models.CharField(
        "loginAs", max_length=100, blank=True, help_text="The portal user ClaimDesk acts as"
    )
    # How the claim form names the firm, where the portal asks (the Claims Portal's representative details).
    firm_name = models.CharField("Firm name on the claim form", max_length=70, blank=True)
    firm_phone = models.CharField("Firm telephone on the claim form", max_length=20, blank=True)
    secret_changed_at = models.DateTimeField(null=True, blank=True)
    last_test_at = models.DateTimeField(null=True, blank=True)
    last_test_ok = models.BooleanField(null=True, blank=True)
    last_test_message = models.CharField(max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.get_portal_display()} connection"

    @property
    def is_configured(self) -> bool:
        return bool(self.url and self.client_id and self.client_secret)

    @property
    def client_id_masked(self) -> str:
        """Enough of CLIENTID to recognise it; the rest stays hidden."""
        value = self.client_id
        return f"••••{value[-4:]}" if len(value) > 8 else ("••••" if value else "")


class Outcome(models.TextChoices):
    """Where a portal claim stands (portal.base.Outcome, as stored)."""

    OPEN = "open", "Open on the portal"
    SETTLED = "settled", "Settled"
    EXITED = "exited", "Closed on the portal"


class PortalClaim(models.Model):
    """A claim on a portal, linked to a case. A case has at most one active claim at a time."""

    class LinkedBy(models.TextChoices):
        SUBMISSION = "submission", "Submitted from ClaimDesk"
        SPECIAL_EDIT = "special_edit", "Linked by Special Edits"

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="portal_claims")
    portal = models.CharField(max_length=20, choices=Portal.choices)
    claim_id = models.CharField(max_length=60)
    status = models.CharField(max_length=60, blank=True)
    # When the claim entered its current status (for ageing per stage).
    status_since = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.OPEN)
    # The portal's version of the claim where it checks one on writes (e.g. activityEngineGuid).
    portal_version = models.CharField(max_length=100, blank=True)
    # What the portal says about the stage beyond the status (portal.base.StageFacts as JSON).
    facts = models.JSONField(default=dict, blank=True)
    # The agreed damages, once the claim settled (the accepted offer's total), pounds and pence.
    settled_amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    settled_at = models.DateTimeField(null=True, blank=True)
    # The case's current claim. An unlinked or reset claim stays on the case, read-only.
    is_active = models.BooleanField(default=True)
    unlinked_at = models.DateTimeField(null=True, blank=True)
    linked_by = models.CharField(max_length=20, choices=LinkedBy.choices, default=LinkedBy.SUBMISSION)
    compensator_name = models.CharField(max_length=200, blank=True)
    compensator_is_mib = models.BooleanField(default=False)
    compensator_reference = models.CharField(max_length=100, blank=True)
    claim_handler = models.CharField(max_length=200, blank=True)
    liability_decision = models.CharField(max_length=100, blank=True)
    liability_percentage = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    liability_deadline = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    portal_updated_at = models.DateTimeField(null=True, blank=True)
    last_synced_at = models.DateTimeField(null=True, blank=True)
    # Claims waiting for a compensator raise no notification when one is assigned: polled until then.
    needs_poll_until = models.DateTimeField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    # The nightly sync's work list: what to refresh, from when, and who is working on it.
    sync_details = models.BooleanField(default=False)
    sync_messages = models.BooleanField(default=False)
    sync_documents = models.BooleanField(default=False)
    sync_actions = models.BooleanField(default=False)
    sync_due_at = models.DateTimeField(null=True, blank=True, db_index=True)
    sync_version = models.PositiveIntegerField(
        default=0, help_text="Bumped each time the claim is marked due"
    )
    sync_lease_owner = models.CharField(max_length=80, blank=True)
    sync_lease_until = models.DateTimeField(null=True, blank=True)
    sync_attempts = models.PositiveSmallIntegerField(default=0)
    sync_error = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [
            # A claim is held by at most one case at a time (child claims are refused at linking).
            models.UniqueConstraint(
                fields=["portal", "claim_id"], condition=Q(is_active=True), name="portal_claim_unique_id"
            ),
            models.UniqueConstraint(
                fields=["case"], condition=Q(is_active=True), name="portal_claim_one_active"
            ),
        ]
        indexes = [models.Index(fields=["portal", "claim_id"])]

    def __str__(self):
        return self.claim_id

    @property
    def is_closed(self) -> bool:
        """Closed on the portal (settled or not): nothing more can be sent on it."""
        return self.outcome != Outcome.OPEN


class SyncState(models.Model):
    """Per portal: how far the nightly sync has read the change feeds, and which run holds the lock."""

    portal = models.CharField(max_length=20, choices=Portal.choices, unique=True)
    watermark = models.DateTimeField(null=True, blank=True, help_text="Portal time read up to, last success")
    lock_run = models.ForeignKey(
        "SyncRun", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    lock_until = models.DateTimeField(null=True, blank=True)
    lock_host = models.CharField(max_length=100, blank=True)
    lock_pid = models.PositiveIntegerField(null=True, blank=True)
    # The fencing token of the lease: every write of a run checks it is still the holder's.
    lock_token = models.CharField(max_length=32, blank=True)

    def __str__(self):
        return f"{self.get_portal_display()} sync state"


class SyncRun(models.Model):
    """One run of the nightly sync: when, how far, what it found, what failed."""

    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        PARTIAL = "partial", "Finished with failures"
        FAILED = "failed", "Failed"
        INTERRUPTED = "interrupted", "Stopped: the portal stopped answering"
        LOST_LOCK = "lost_lock", "Stopped: another run took over"
        ABANDONED = "abandoned", "Stopped (finished by a later run)"

    portal = models.CharField(max_length=20, choices=Portal.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RUNNING, db_index=True)
    trigger = models.CharField(max_length=20, default="schedule")
    started_at = models.DateTimeField(auto_now_add=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    window_from = models.DateTimeField(null=True, blank=True)
    window_to = models.DateTimeField(null=True, blank=True)
    notifications = models.PositiveIntegerField(default=0)
    assignments = models.PositiveIntegerField(default=0)
    claims_due = models.PositiveIntegerField(default=0, help_text="Claims with something to fetch")
    claims_synced = models.PositiveIntegerField(default=0)
    claims_failed = models.PositiveIntegerField(default=0)
    messages = models.PositiveIntegerField(default=0)
    documents = models.PositiveIntegerField(default=0)
    tasks = models.PositiveIntegerField(default=0)
    status_changes = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    # Why a run stopped before the end, in words (e.g. "portal unavailable since 02:13, breaker open").
    stop_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self):
        return (
            f"{self.get_portal_display()} sync {self.started_at:%d/%m/%Y %H:%M} ({self.get_status_display()})"
        )

    @property
    def progress_percent(self) -> int:
        if not self.claims_due:
            return 100 if self.status != self.Status.RUNNING else 0
        return min(100, round(100 * (self.claims_synced + self.claims_failed) / self.claims_due))

    @property
    def stopped_early(self) -> bool:
        return self.status in {self.Status.INTERRUPTED, self.Status.LOST_LOCK, self.Status.FAILED}


class SeenNotification(models.Model):
    """A portal notification already acted on: the sync re-reads a little overlap and must not act twice.

    ``portal_id`` is the portal's id of it, or a key derived from its content where the portal gives none.
    """

    portal = models.CharField(max_length=20, choices=Portal.choices)
    portal_id = models.CharField(max_length=60)
    seen_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["portal", "portal_id"], name="seen_notification_unique")
        ]

    def __str__(self):
        return self.portal_id


class PortalMessage(models.Model):
    """A message (note) on a portal claim, received or sent. Bold in the list until opened."""

    class Direction(models.TextChoices):
        INBOUND = "in", "Received"
        OUTBOUND = "out", "Sent"

    claim = models.ForeignKey(PortalClaim, on_delete=models.PROTECT, related_name="messages")
    portal_id = models.CharField(max_length=60)
    direction = models.CharField(max_length=3, choices=Direction.choices)
    category = models.CharField(max_length=100, blank=True)
    author = models.CharField(max_length=200, blank=True)
    body = models.TextField(blank=True, help_text="Plain text of the portal's HTML note")
    portal_created_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-portal_created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["claim", "portal_id"], name="portal_message_unique")]

    def __str__(self):
        return f"{self.category}: {self.body[:40]}"

    @property
    def is_new(self) -> bool:
        return self.opened_at is None


class PortalDocument(models.Model):
    """A file on a portal claim, received or sent; its bytes live in the case's documents."""

    class Direction(models.TextChoices):
        INBOUND = "in", "Received"
        OUTBOUND = "out", "Sent"

    claim = models.ForeignKey(PortalClaim, on_delete=models.PROTECT, related_name="documents")
    portal_id = models.CharField(max_length=60)
    direction = models.CharField(max_length=3, choices=Direction.choices)
    document = models.ForeignKey(
        "documents.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="portal_copies"
    )
    file_name = models.CharField(max_length=200)
    category = models.CharField(max_length=100, blank=True)
    sub_type = models.CharField(max_length=60, blank=True)
    memo = models.CharField(max_length=300, blank=True)
    # Why the file is not in ClaimDesk's store (it failed the content check), when it is not.
    problem = models.CharField(max_length=300, blank=True)
    portal_created_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)
    opened_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-portal_created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["claim", "portal_id"], name="portal_document_unique")]

    def __str__(self):
        return self.file_name

    @property
    def is_new(self) -> bool:
        return self.opened_at is None


class PortalOperation(models.Model):
    """A write sent to a portal, recorded before it is sent: the intent that makes actions exactly-once.

    While an operation is SENDING no second one of the same kind can start for the case (a partial
    unique constraint); when its outcome is unknown (no answer), the next attempt looks on the
    portal for its effect before sending anything again.
    """

    class Kind(models.TextChoices):
        SUBMIT = "submit", "Submit to portal"
        COMPLETE = "complete", "Complete Submission"
        EXIT = "exit", "Exit Portal"
        MESSAGE = "message", "Send a note"
        DOCUMENT = "document", "Send a file"
        ACTION = "action", "Claim stage action"

    class State(models.TextChoices):
        SENDING = "sending", "Sending"
        DONE = "done", "Done"
        REJECTED = "rejected", "Refused by the portal"
        FAILED = "failed", "Failed before reaching the portal"
        UNKNOWN = "unknown", "Sent, outcome unknown"

    operation_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="portal_operations")
    portal = models.CharField(max_length=20, choices=Portal.choices)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    state = models.CharField(max_length=20, choices=State.choices, default=State.SENDING)
    # What identifies the effect on the portal (our reference, a file hash, a note digest, an action).
    fingerprint = models.CharField(max_length=128, blank=True)
    # What to show in the history and on a retry ("Note to the portal", "Accept the offer"…).
    label = models.CharField(max_length=200, blank=True)
    portal_ref = models.CharField(max_length=60, blank=True, help_text="The portal id of what was created")
    error = models.CharField(max_length=500, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    acting_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "kind"], condition=Q(state="sending"), name="portal_operation_one_in_flight"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_state_display()})"

    @property
    def idempotency_key(self) -> str:
        """The key sent with this write: a repeat with it is answered by the portal, not redone."""
        return f"claimdesk-{self.operation_id}"


class PortalUpdate(models.Model):
    """Something the portal changed on a claim, for the fee earner: the sync's outbox.

    Written in the same transaction as the change it announces, so a crash at any point delays the
    news but never loses it. A fee earner sees unseen updates grouped by day on My tasks (opening
    the case marks them seen) and receives them once in a daily digest e-mail (``digest``), unless
    she pulled them in herself (``pulled_by``).
    """

    class Kind(models.TextChoices):
        STATUS = "status", "Status changed"
        MESSAGE = "message", "New message"
        DOCUMENT = "document", "New document"
        ACTION = "action", "Action required"

    claim = models.ForeignKey(PortalClaim, on_delete=models.PROTECT, related_name="updates")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="portal_updates")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    summary = models.CharField(max_length=300)
    # For a status change: the portal status announced.
    status = models.CharField(max_length=60, blank=True)
    message = models.ForeignKey(
        PortalMessage, on_delete=models.PROTECT, null=True, blank=True, related_name="updates"
    )
    document = models.ForeignKey(
        PortalDocument, on_delete=models.PROTECT, null=True, blank=True, related_name="updates"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    seen_at = models.DateTimeField(null=True, blank=True)
    pulled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # False when nobody needs an e-mail about it (the fee earner pulled it in herself).
    email_due = models.BooleanField(default=True)
    digest = models.ForeignKey(
        "PortalDigest", on_delete=models.PROTECT, null=True, blank=True, related_name="updates"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["case", "seen_at"]),
            models.Index(fields=["email_due", "digest"]),
        ]

    def __str__(self):
        return self.summary


class PortalDigest(models.Model):
    """One e-mail to one fee earner listing portal updates; sent once, recorded when it went."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Portal digest for {self.person} ({self.created_at:%d/%m/%Y})"

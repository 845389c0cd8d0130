"""What ClaimDesk keeps of the portals: connections, claims, their messages, documents and actions,
the operations it sent (for exactly-once), and the sync runs."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from cases.models import Portal
from lib.fields import EncryptedTextField


class PortalConnection(models.Model):
    """A portal's connection settings. For OIC this is the seed guide's parameter record 200019."""

    portal = models.CharField(max_length=20, choices=Portal.choices, unique=True)
    parameter_group = models.CharField(max_length=10, default="200019")
    client_id = EncryptedTextField("CLIENTID", blank=True)
    client_secret = EncryptedTextField("CLIENTSECRET", blank=True)
    access_token = EncryptedTextField("ACCESSTOKEN", blank=True)
    access_token_expires_at = models.DateTimeField(null=True, blank=True)
    url = models.URLField("URL", blank=True, help_text="The portal API's base address")
    web_url = models.URLField(
        "Portal web site",
        blank=True,
        help_text="Where “Manage on Portal” opens a claim (defaults to the URL)",
    )
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


class PortalClaim(models.Model):
    """A claim on a portal, linked to a case. A case has at most one active claim at a time."""

    class LinkedBy(models.TextChoices):
        SUBMISSION = "submission", "Submitted from ClaimDesk"
        SPECIAL_EDIT = "special_edit", "Linked by Special Edits"

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="portal_claims")
    portal = models.CharField(max_length=20, choices=Portal.choices)
    claim_id = models.CharField(max_length=60)
    status = models.CharField(max_length=60, blank=True)
    is_active = models.BooleanField(default=True)
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
            models.UniqueConstraint(fields=["portal", "claim_id"], name="portal_claim_unique_id"),
            models.UniqueConstraint(
                fields=["case"], condition=Q(is_active=True), name="portal_claim_one_active"
            ),
        ]

    def __str__(self):
        return self.claim_id

    @property
    def is_resolved(self) -> bool:
        return self.status.startswith("Resolved-")


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

    def __str__(self):
        return f"{self.get_portal_display()} sync state"


class SyncRun(models.Model):
    """One run of the nightly sync: when, how far, what it found, what failed."""

    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        PARTIAL = "partial", "Finished with failures"
        FAILED = "failed", "Failed"
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


class SeenNotification(models.Model):
    """A portal notification already acted on: the sync re-reads a little overlap and must not act twice."""

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
    # What identifies the effect on the portal (our reference, a file hash, a note digest).
    fingerprint = models.CharField(max_length=128, blank=True)
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

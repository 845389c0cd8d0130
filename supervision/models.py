"""What supervision keeps: limitation warnings already raised, the drift report's findings and their
reviews, and two snapshots the dashboard aggregates (a settled claim's tariff valuation, and how long
each compensator took to decide liability)."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class LimitationWarning(models.Model):
    """An escalation task raised for a case's limitation date: never raised twice for the same date.

    A warning is closed (and its task cancelled) when the date moves or the case closes; a new date
    then raises its own warnings.
    """

    class Level(models.TextChoices):
        SIX_MONTHS = "6m", "6 months before"
        THREE_MONTHS = "3m", "3 months before"
        ONE_MONTH = "1m", "1 month before"

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="limitation_warnings")
    level = models.CharField(max_length=2, choices=Level.choices)
    limitation_date = models.DateField()
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    task = models.OneToOneField("worklist.Task", on_delete=models.PROTECT, related_name="limitation_warning")
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "level", "limitation_date", "assignee"],
                condition=Q(closed_at__isnull=True),
                name="limitation_warning_once",
            )
        ]

    def __str__(self):
        return f"{self.case}: limitation {self.limitation_date:%d/%m/%Y}, {self.get_level_display()}"


class DriftCheck(models.TextChoices):
    CLOSED_HERE_OPEN_ON_PORTAL = "closed_here", "Closed here, open on the portal"
    CLOSED_ON_PORTAL_OPEN_HERE = "closed_on_portal", "Closed on the portal, open here"
    NO_MEDICAL_REPORT = "no_medical", "Medical stage with no medical report"
    UNREAD_MESSAGES = "unread_messages", "Unread portal messages"
    DEADLINE_WITHOUT_TASK = "no_task", "The portal waits on us, with no open task"
    TASK_ON_CLOSED_CLAIM = "task_on_closed", "Portal task open on a closed claim"


class DriftRun(models.Model):
    """One run of the drift report (nightly after the sync, or asked for)."""

    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    trigger = models.CharField(max_length=20, default="nightly")
    team = models.ForeignKey(
        "accounts.Team",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The team checked, when not the whole firm",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    found = models.PositiveIntegerField(default=0)
    new = models.PositiveIntegerField(default=0)
    resolved = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self):
        return f"Drift report {self.started_at:%d/%m/%Y %H:%M}"


class DriftItem(models.Model):
    """One finding of the drift report, kept while it lasts (``resolved_at`` once it is gone)."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="drift_items")
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=DriftCheck.choices)
    detail = models.CharField(max_length=300)
    first_found_at = models.DateTimeField(auto_now_add=True)
    last_found_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    review_note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["kind", "first_found_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "kind"], condition=Q(resolved_at__isnull=True), name="drift_item_open_once"
            )
        ]
        indexes = [models.Index(fields=["team", "resolved_at", "kind"])]

    def __str__(self):
        return f"{self.case}: {self.get_kind_display()}"

    @property
    def is_reviewed(self) -> bool:
        return self.reviewed_at is not None


class SettlementValuation(models.Model):
    """A settled claim beside ClaimDesk's own tariff valuation of its case (kept for the dashboard).

    Recomputed when the case changes after it was valued (``valued_at`` older than the case's
    ``updated_at``), so the figure follows corrections without valuing every case on every request.
    """

    claim = models.OneToOneField("portal.PortalClaim", on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="+")
    settled_at = models.DateTimeField(db_index=True)
    settled_amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    valuation_total = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    valuation_reason = models.CharField(max_length=300, blank=True)
    valued_at = models.DateTimeField()

    def __str__(self):
        return f"{self.case}: settled {self.settled_at:%d/%m/%Y}"


class LiabilityTiming(models.Model):
    """How long a compensator took to decide liability on a claim.

    From the claim's Complete Submission (``completed_at``; ``submitted_at`` when there was none) to
    the first case history line that recorded the portal's liability decision, in business days. A claim
    whose decision no history line shows (linked with it already made) keeps no time: it is not counted.
    """

    claim = models.OneToOneField("portal.PortalClaim", on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="+")
    compensator_name = models.CharField(max_length=200)
    decision = models.CharField(max_length=100)
    started_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)
    days = models.PositiveIntegerField(null=True, blank=True, help_text="Business days")

    class Meta:
        indexes = [models.Index(fields=["team", "compensator_name"])]

    def __str__(self):
        return f"{self.compensator_name}: {self.days} days"

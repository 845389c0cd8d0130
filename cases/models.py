"""The case file: one road traffic accident claim, its parts (the tabs), its notes and its history."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models

from lib.fields import EncryptedTextField


class Portal(models.TextChoices):
    OIC = "oic", "OIC Portal"
    CLAIMS_PORTAL = "claims_portal", "Claims Portal"


class Case(models.Model):
    class Status(models.TextChoices):
        NEW = "new", "New"
        IN_PORTAL = "in_portal", "In portal"
        EXITED = "exited", "Exited portal"
        SETTLED = "settled", "Settled"
        CLOSED = "closed", "Closed"

    reference = models.CharField(max_length=20, unique=True)
    portal = models.CharField(max_length=20, choices=Portal.choices, default=Portal.OIC)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW, db_index=True)
    # The portal's own status code (e.g. Pending-Liability), blank until the claim is submitted.
    portal_status = models.CharField(max_length=60, blank=True, db_index=True)
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="cases")
    fee_earner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cases")
    client = models.OneToOneField("clients.Client", on_delete=models.PROTECT, related_name="case")
    opened_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Limitation (Limitation Act 1980 s.11, s.28): the date in force, kept by supervision.services.limitation
    # from the accident date and the client's date of birth unless a fee earner overrides it.
    limitation_date = models.DateField(null=True, blank=True, db_index=True)
    limitation_override = models.DateField("Limitation date (override)", null=True, blank=True)
    limitation_override_reason = models.CharField("Why the date is overridden", max_length=300, blank=True)
    lacks_capacity = models.BooleanField(
        "The client lacks capacity", default=False, help_text="No limitation period runs while this is so"
    )
    limitation_checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at"]
        indexes = [models.Index(fields=["team", "-opened_at"]), models.Index(fields=["team", "status"])]

    def __str__(self):
        return self.reference

    @property
    def status_label(self) -> str:
        """What the case list shows: the portal's status once submitted, else ours (New, Closed, ...)."""
        return self.portal_status or self.get_status_display()


class ReferenceCounter(models.Model):
    """The last case number issued in a year (see lib.references.case_reference)."""

    year = models.PositiveIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last_number}"


class YesNo(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    UNKNOWN = "unknown", "Not known"


class Involvement(models.TextChoices):
    DRIVER = "Driver", "Driver"
    PASSENGER = "PassengerCarVanLorry", "Passenger in a car, van or lorry"
    BUS_PASSENGER = "PassengerBus", "Passenger on a bus"
    OTHER = "Other", "Other road user"


class VehicleType(models.TextChoices):
    CAR = "Car"
    VAN = "Van"
    LORRY = "Lorry"
    BUS = "Bus", "Bus or coach"
    TAXI = "Taxi"
    MOTORCYCLE = "Motorcycle", "Motorcycle or moped"
    BICYCLE = "Bicycle", "Bicycle or e-bike"
    PEDESTRIAN = "Pedestrian", "None (pedestrian)"
    OTHER = "Other"


# Vulnerable road users are outside the OIC small claims rules (the RTA Small Claims Protocol).
VULNERABLE_VEHICLE_TYPES = {VehicleType.MOTORCYCLE, VehicleType.BICYCLE, VehicleType.PEDESTRIAN}


class Ownership(models.TextChoices):
    OWNER = "Owner", "The client owns it"
    SOMEONE_ELSE = "SomeoneElse", "Someone else owns it"
    UNKNOWN = "Unknown", "Not known"


class Accident(models.Model):
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="accident")
    occurred_at = models.DateTimeField("Date and time", null=True, blank=True)
    accident_type = models.ForeignKey(
        "lookups.LookupValue", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    description = models.TextField("What happened", blank=True)
    location = models.CharField(max_length=300, blank=True)
    in_england_or_wales = models.BooleanField("In England or Wales", default=True)
    police_reported = models.BooleanField("Reported to the police", default=False)
    police_reference = models.CharField(max_length=100, blank=True)
    police_station = models.CharField(max_length=200, blank=True)
    has_witnesses = models.BooleanField("There were witnesses", default=False)
    witness_details = models.TextField("Witnesses", blank=True, help_text="One per line: name, and contact")
    dashcam_or_photos = models.BooleanField("Dashcam footage or photos", default=False)

    def __str__(self):
        return f"Accident of {self.case}"

    def clean(self):
        if self.has_witnesses and not self.witness_details.strip():
            raise ValidationError(
                {"witness_details": "Give at least one witness, or untick “There were witnesses”."}
            )


class ClaimantVehicle(models.Model):
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="claimant_vehicle")
    involvement = models.CharField(max_length=30, choices=Involvement.choices, default=Involvement.DRIVER)
    vehicle_type = models.CharField(max_length=20, choices=VehicleType.choices, default=VehicleType.CAR)
    registration = models.CharField(max_length=10, blank=True)
    make_model = models.CharField("Make and model", max_length=100, blank=True)
    ownership = models.CharField(max_length=20, choices=Ownership.choices, default=Ownership.OWNER)
    seat_belt_worn = models.CharField(
        "Seat belt worn", max_length=10, choices=YesNo.choices, default=YesNo.YES
    )
    occupants = models.PositiveSmallIntegerField(
        "People in the vehicle", default=1, validators=[MinValueValidator(1), MaxValueValidator(90)]
    )

    def __str__(self):
        return self.registration or "Claimant vehicle"


class DefendantVehicle(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="defendant_vehicles")
    registration = models.CharField(max_length=10, blank=True)
    make = models.CharField(max_length=50, blank=True)
    model = models.CharField(max_length=50, blank=True)
    colour = models.CharField(max_length=30, blank=True)
    driver_first_name = models.CharField("Driver's first name", max_length=100, blank=True)
    driver_last_name = models.CharField("Driver's last name", max_length=100, blank=True)
    driver_description = models.CharField("Driver's description", max_length=300, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return " ".join(p for p in (self.registration, self.make, self.model) if p) or "Defendant vehicle"


class Insurer(models.Model):
    """The defendant's insurer as the client knows it: free text, the portal assigns the compensator."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="insurer")
    name = models.CharField("Insurer name", max_length=200, blank=True)
    policy_number = models.CharField(max_length=60, blank=True)
    reference = models.CharField("Their reference", max_length=60, blank=True)
    claim_handler = models.CharField(max_length=200, blank=True)

    def __str__(self):
        return self.name or "Insurer not known"


class ClaimsPortalDetails(models.Model):
    """What a Claims Portal claim form needs beyond the other tabs (shown for Claims Portal cases only)."""

    class ValueBand(models.IntegerChoices):
        UP_TO_10000 = 1, "Up to £10,000"
        UP_TO_25000 = 2, "Up to £25,000"

    class DefendantStatus(models.TextChoices):
        PERSONAL = "P", "A person (the driver)"
        BUSINESS = "B", "A business"

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="claims_portal")
    value_band = models.PositiveSmallIntegerField(
        "Value of the claim", choices=ValueBand.choices, null=True, blank=True
    )
    ask_cue_reference = models.CharField(
        "AskCUE PI search reference",
        max_length=50,
        blank=True,
        validators=[RegexValidator(r"^[A-Za-z0-9 /._-]+$", "Use letters, digits, spaces and / . _ - only.")],
        help_text="The claims-history search the Claims Portal requires before a claim is sent",
    )
    defendant_status = models.CharField(
        "The defendant is", max_length=1, choices=DefendantStatus.choices, default=DefendantStatus.PERSONAL
    )
    defendant_company = models.CharField(
        "Defendant company", max_length=70, blank=True, help_text="When the defendant is a business"
    )
    compensator_id = models.CharField(
        "Compensator ID on the Claims Portal",
        max_length=20,
        blank=True,
        validators=[RegexValidator(r"^[A-Za-z0-9]+$", "A portal organisation ID, e.g. COMP004.")],
        help_text="When the insurer's name matches several compensators: the refusal lists them",
    )
    liability_reasons = models.TextField(
        "Why the defendant is at fault", blank=True, validators=[MaxLengthValidator(500)]
    )
    oic_reference = models.CharField(
        "OIC reference",
        max_length=50,
        blank=True,
        validators=[RegexValidator(r"^OIC-[0-9-]+$", "An OIC reference looks like OIC-12345678.")],
        help_text="If the claim started on the OIC Portal (blank: an earlier OIC claim of this case)",
    )

    class Meta:
        verbose_name_plural = "Claims Portal details"

    def __str__(self):
        return f"Claims Portal details of {self.case}"


class Injury(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="injuries")
    body_part = models.ForeignKey("lookups.LookupValue", on_delete=models.PROTECT, related_name="+")
    is_whiplash = models.BooleanField("Whiplash", default=True)
    prognosis_months = models.PositiveSmallIntegerField(
        "Prognosis (months)", null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    minor_psychological = models.BooleanField("Minor psychological injury", default=False)
    exceptionally_severe = models.BooleanField("Exceptionally severe", default=False)
    exceptionally_severe_description = EncryptedTextField("Why exceptionally severe", blank=True)
    exceptional_circumstances = models.BooleanField("Exceptional circumstances", default=False)
    exceptional_circumstances_description = EncryptedTextField("The exceptional circumstances", blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "injuries"

    def __str__(self):
        kind = "whiplash" if self.is_whiplash else "not whiplash"
        months = f", {self.prognosis_months} months" if self.prognosis_months else ""
        return f"{self.body_part.label} ({kind}{months})"

    def clean(self):
        errors = {}
        if self.exceptionally_severe and not self.exceptionally_severe_description.strip():
            errors["exceptionally_severe_description"] = "Describe why the injury is exceptionally severe."
        if self.exceptional_circumstances and not self.exceptional_circumstances_description.strip():
            errors["exceptional_circumstances_description"] = "Describe the exceptional circumstances."
        if errors:
            raise ValidationError(errors)


class Treatment(models.Model):
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="treatment")
    medical_attention_sought = models.BooleanField("Sought medical attention", default=False)
    gp_attended = models.BooleanField("Saw a GP", default=False)
    hospital_attended = models.BooleanField("Went to hospital", default=False)
    hospital_name = models.CharField(max_length=200, blank=True)
    nights_in_hospital = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(365)])
    treatment_notes = EncryptedTextField("Treatment notes", blank=True)
    time_off_work = models.BooleanField("Took time off work", default=False)
    days_off_work = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(1000)])
    still_off_work = models.BooleanField("Still off work", default=False)

    def __str__(self):
        return f"Treatment of {self.case}"

    def clean(self):
        errors = {}
        if self.hospital_attended and not self.hospital_name.strip():
            errors["hospital_name"] = "Name the hospital."
        if not self.hospital_attended and self.nights_in_hospital:
            errors["nights_in_hospital"] = "Nights in hospital need “Went to hospital” ticked."
        if not self.time_off_work and (self.days_off_work or self.still_off_work):
            errors["time_off_work"] = (
                "Tick “Took time off work” to give days off or say the client is still off."
            )
        if errors:
            raise ValidationError(errors)


class ReplacementVehicle(models.Model):
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="replacement_vehicle")
    repair_help_needed = models.BooleanField("Needs help repairing the vehicle", null=True, blank=True)
    no_repair_reason = models.ForeignKey(
        "lookups.LookupValue", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    hire_vehicle_needed = models.BooleanField("Needs a hire vehicle", null=True, blank=True)
    no_hire_reason = models.ForeignKey(
        "lookups.LookupValue", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    def __str__(self):
        return f"Replacement vehicle of {self.case}"

    def clean(self):
        errors = {}
        if self.repair_help_needed is False and self.no_repair_reason_id is None:
            errors["no_repair_reason"] = "Choose why no repair help is needed."
        if self.repair_help_needed is not False and self.no_repair_reason_id is not None:
            errors["no_repair_reason"] = "Give a reason only when no repair help is needed."
        if self.hire_vehicle_needed is False and self.no_hire_reason_id is None:
            errors["no_hire_reason"] = "Choose why no hire vehicle is needed."
        if self.hire_vehicle_needed is not False and self.no_hire_reason_id is not None:
            errors["no_hire_reason"] = "Give a reason only when no hire vehicle is needed."
        if errors:
            raise ValidationError(errors)


class Loss(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="losses")
    loss_type = models.ForeignKey("lookups.LookupValue", on_delete=models.PROTECT, related_name="+")
    description = models.CharField(max_length=300, blank=True)
    amount = models.DecimalField(
        "Amount (£)",
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(10**7)],
    )
    ongoing = models.BooleanField(default=False)
    evidence_available = models.BooleanField(default=False)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"{self.loss_type.label}: £{self.amount:,.2f}"


class Note(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    body = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.body[:60]


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Case history is append-only.")

    def delete(self):
        raise PermissionError("Case history is append-only.")


class CaseEvent(models.Model):
    """One line of a case's history: who did what, when, and what changed (before and after).

    Append-only from the application: there is no edit or delete path (save refuses updates,
    delete and queryset update/delete raise). Sensitive values are masked, never copied here.
    """

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=60)
    summary = models.CharField(max_length=300)
    changes = models.JSONField(default=list, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=100, blank=True, help_text="Who acted when it was not a user")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["case", "-created_at"])]

    def __str__(self):
        return self.summary

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Case history is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Case history is append-only.")

    @property
    def actor_name(self) -> str:
        return str(self.actor) if self.actor_id else self.actor_label

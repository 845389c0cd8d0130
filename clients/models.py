"""The client: the injured person the firm acts for."""

import datetime as dt

from django.db import models

from lib import uk
from lib.fields import EncryptedTextField


class Title(models.TextChoices):
    MR = "Mr"
    MRS = "Mrs"
    MISS = "Miss"
    MS = "Ms"
    MX = "Mx"
    DR = "Dr"


class NoNinoReason(models.TextChoices):
    NOT_ISSUED = "NotIssued", "Not yet issued"
    NOT_KNOWN = "NotKnown", "The client does not know it"
    NOT_RESIDENT = "NotResident", "Not resident in the UK"
    OTHER = "Other", "Other"


class Client(models.Model):
    title = models.CharField(max_length=10, choices=Title.choices, blank=True)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    ni_number = EncryptedTextField("National Insurance number", blank=True)
    no_ni_reason = models.CharField(
        "Reason there is no NI number", max_length=20, choices=NoNinoReason.choices, blank=True
    )

    address_line1 = models.CharField("Address line 1", max_length=200, blank=True)
    address_line2 = models.CharField("Address line 2", max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    county = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=8, blank=True, help_text="A valid UK postcode")
    phone = models.CharField(max_length=20, blank=True, help_text="A UK mobile or landline, or +country code")
    email = models.EmailField(blank=True)

    employment_status = models.ForeignKey(
        "lookups.LookupValue", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    occupation = models.CharField(max_length=200, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["last_name", "first_name"])]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.title, self.first_name, self.last_name) if p)

    @property
    def phone_display(self) -> str:
        return uk.format_phone(self.phone)

    def age_on(self, day: dt.date) -> int | None:
        return uk.age_on(self.date_of_birth, day) if self.date_of_birth else None

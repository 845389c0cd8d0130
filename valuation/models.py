"""The firm's own valuation inputs for a case: what the whiplash tariff does not decide by itself."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from valuation.tariff import MAX_UPLIFT_PERCENT


class CaseValuation(models.Model):
    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="valuation")
    uplift_percent = models.DecimalField(
        "Tariff uplift (%)",
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(0), MaxValueValidator(MAX_UPLIFT_PERCENT)],
        help_text="Up to 20%, for exceptionally severe injury or exceptional circumstances",
    )
    uplift_reason = models.CharField("Why an uplift", max_length=500, blank=True)
    non_tariff_amount = models.DecimalField(
        "Non-tariff injuries (£)",
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(10**6)],
        help_text="Your common-law value of the injuries outside the tariff",
    )

    def __str__(self):
        return f"Valuation of {self.case}"

    def clean(self):
        if self.uplift_percent and not self.uplift_reason.strip():
            raise ValidationError(
                {"uplift_reason": "Give the reason for the uplift (exceptional severity or circumstances)."}
            )

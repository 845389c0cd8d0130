"""Value lists (employment statuses, accident types, body parts, ...) as data an administrator edits.

Each value has a stable ``code`` (what the portals receive) and a ``label`` (what users read).
Values are retired, never deleted, so old cases keep their meaning.
"""

from django.db import models


class ValueList(models.TextChoices):
    EMPLOYMENT_STATUS = "employment_status", "Employment statuses"
    ACCIDENT_TYPE = "accident_type", "Accident types"
    BODY_PART = "body_part", "Body parts"
    NO_REPAIR_REASON = "no_repair_reason", "Reasons no repair help is needed"
    NO_HIRE_REASON = "no_hire_reason", "Reasons no hire vehicle is needed"
    LOSS_TYPE = "loss_type", "Loss types"
    DOCUMENT_CATEGORY = "document_category", "Document categories"
    MESSAGE_CATEGORY = "message_category", "Message categories"
    EXIT_REASON = "exit_reason", "Exit reasons"
    # The Claims Portal's own codes (the R7 A2A contract), kept apart from the OIC's.
    CP_EXIT_REASON = "cp_exit_reason", "Claims Portal exit reasons"
    CP_DOCUMENT_CATEGORY = "cp_document_category", "Claims Portal document categories"
    CP_LOSS_TYPE = "cp_loss_type", "Claims Portal loss types"


class LookupValueQuerySet(models.QuerySet):
    def of(self, value_list: str):
        return self.filter(value_list=value_list)

    def active(self):
        return self.filter(active=True)


class LookupValue(models.Model):
    value_list = models.CharField(max_length=40, choices=ValueList.choices, db_index=True)
    code = models.CharField(max_length=60, help_text="The code sent to the portals; it cannot change.")
    label = models.CharField(max_length=200)
    sort_order = models.PositiveIntegerField(default=100)
    active = models.BooleanField(default=True, help_text="Retired values stay on old cases.")

    objects = LookupValueQuerySet.as_manager()

    class Meta:
        ordering = ["value_list", "sort_order", "label"]
        constraints = [
            models.UniqueConstraint(fields=["value_list", "code"], name="lookup_unique_code_per_list"),
        ]

    def __str__(self):
        return self.label if self.active else f"{self.label} (retired)"

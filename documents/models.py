"""Documents on a case: uploaded by the firm or received from a portal, stored outside the web root."""

import uuid

from django.conf import settings
from django.db import models


class Document(models.Model):
    class Source(models.TextChoices):
        UPLOAD = "upload", "Uploaded"
        PORTAL = "portal", "From the portal"
        GENERATED = "generated", "Generated"

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="documents")
    category = models.ForeignKey("lookups.LookupValue", on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField(max_length=200)
    description = models.CharField(max_length=300, blank=True)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    # Where the bytes are, relative to DOCUMENT_ROOT: generated names only, never the user's.
    storage_name = models.CharField(max_length=100, unique=True)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.UPLOAD)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["case", "-created_at"])]

    def __str__(self):
        return self.file_name

    @staticmethod
    def new_storage_name(case_id: int) -> str:
        return f"{case_id}/{uuid.uuid4().hex}"

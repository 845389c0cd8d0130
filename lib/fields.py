"""Model fields whose values are encrypted at rest (see lib.crypto)."""

from django.db import models

from lib import crypto


class EncryptedTextField(models.TextField):
    """A text column stored as AES-GCM ciphertext. Not searchable, not orderable; marked sensitive.

    History and logs mask sensitive fields (``field.sensitive``) instead of copying their values.
    """

    sensitive = True

    def context(self) -> str:
        return f"{self.model._meta.label_lower}.{self.name}"

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        if not crypto.is_encrypted(value):
            return value  # written before the column was encrypted: rotate_encryption_keys encrypts it
        return crypto.decrypt(value, context=self.context())

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(value, context=self.context())

"""Re-encrypt every encrypted value with the primary key (the first in CLAIMDESK_ENCRYPTION_KEYS).

Rotation, step by step:
1. put a new key first in CLAIMDESK_ENCRYPTION_KEYS, keeping the old ones after it, and restart;
2. run this command: it re-encrypts every row still under an older key, and reports the counts;
3. run it again with --check: it must report nothing left under old keys;
4. remove the old keys from CLAIMDESK_ENCRYPTION_KEYS and restart.
"""

from collections import Counter

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import TextField
from django.db.models.functions import Cast

from lib import crypto
from lib.fields import EncryptedTextField

BATCH = 500


def encrypted_columns():
    for model in apps.get_models():
        fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if fields:
            yield model, fields


class Command(BaseCommand):
    help = __doc__.splitlines()[0]

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="only count; fail if any value uses an old key"
        )

    def handle(self, *args, check, **options):
        primary = crypto.keyring().primary_id
        found: Counter = Counter()
        rotated = 0
        for model, fields in encrypted_columns():
            for field in fields:
                found_here, rotated_here = self._column(model, field, primary, check)
                found.update(found_here)
                rotated += rotated_here
        summary = (
            ", ".join(f"{count} under key {kid!r}" for kid, count in sorted(found.items())) or "no values"
        )
        self.stdout.write(f"Encrypted values found: {summary}. Re-encrypted with {primary!r}: {rotated}.")
        if check and any(kid != primary for kid in found):
            raise CommandError(
                "Some values still use an old key: run rotate_encryption_keys without --check."
            )

    def _column(self, model, field, primary: str, check: bool) -> tuple[Counter, int]:
        """Count a column's values by key id and re-encrypt those not under ``primary``."""
        # Cast to plain text: the stored (encrypted) form, not the decrypted value.
        stored = model.objects.exclude(**{field.attname: ""}).exclude(**{f"{field.attname}__isnull": True})
        stored = stored.annotate(raw=Cast(field.attname, TextField())).order_by("pk")
        found: Counter = Counter()
        rotated, last = 0, None
        while True:
            page = stored if last is None else stored.filter(pk__gt=last)
            rows = list(page.values_list("pk", "raw")[:BATCH])
            if not rows:
                return found, rotated
            stale = []
            for row_pk, raw in rows:
                kid = crypto.key_id_of(raw) or "(plaintext)"
                found[kid] += 1
                if kid != primary:
                    stale.append(row_pk)
            if stale and not check:
                rotated += self._rewrite(model, field, stale)
            last = rows[-1][0]

    @staticmethod
    @transaction.atomic
    def _rewrite(model, field, pks) -> int:
        # Reading through the model decrypts with whichever key wrote the value; saving the field
        # encrypts with the primary key.
        for obj in model.objects.filter(pk__in=pks).only("pk", field.attname):
            model.objects.filter(pk=obj.pk).update(**{field.attname: getattr(obj, field.attname)})
        return len(pks)

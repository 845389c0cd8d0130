"""Before/after snapshots of model instances, for the case history.

A snapshot maps each editable field's label to a display string. Sensitive (encrypted) fields are
reduced to "(set)" / "(blank)": history must never hold the values it protects.
"""

import datetime as dt
from decimal import Decimal

from django.db import models
from django.utils import timezone

MASK_SET, MASK_BLANK = "(set)", "(blank)"
_SKIPPED = {"id", "case", "created_at", "updated_at"}


def _display(instance: models.Model, field: models.Field) -> str:
    if getattr(field, "sensitive", False):
        return MASK_SET if getattr(instance, field.attname) else MASK_BLANK
    if field.many_to_one or field.one_to_one:
        related = getattr(instance, field.name) if getattr(instance, field.attname) is not None else None
        return "" if related is None else str(related)
    value = getattr(instance, field.attname)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value or ""))
    return _format(value)


def _format(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.datetime):
        return (
            timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if timezone.is_aware(value) else str(value)
        )
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    return str(value)


def snapshot(instance: models.Model) -> dict[str, str]:
    fields = [f for f in instance._meta.concrete_fields if f.name not in _SKIPPED and f.editable]
    return {_label(f): _display(instance, f) for f in fields}


def _label(field: models.Field) -> str:
    """The field's name with a capital first letter; the rest as written ("National Insurance number")."""
    name = str(field.verbose_name)
    return name[:1].upper() + name[1:]


def diff(before: dict[str, str], after: dict[str, str], *, section: str) -> list[dict[str, str]]:
    """The fields that changed, as history change rows."""
    return [
        change(section, label, before.get(label, ""), value)
        for label, value in after.items()
        if before.get(label, "") != value
    ]


def change(section: str, field: str, before, after) -> dict[str, str]:
    """One history change row (before and after shown as the history shows values)."""
    return {"section": section, "field": field, "before": _shown(before), "after": _shown(after)}


def _shown(value) -> str:
    return value if isinstance(value, str) else _format(value)

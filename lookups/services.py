"""State changes for value lists."""

from django.db import transaction

from lookups.initial_values import INITIAL_VALUES
from lookups.models import LookupValue


@transaction.atomic
def lookup_value_save(*, value: LookupValue, label: str, sort_order: int, active: bool) -> LookupValue:
    value.label, value.sort_order, value.active = label.strip(), sort_order, active
    value.full_clean()
    value.save()
    return value


def lookup_defaults_install(lookup_model=LookupValue) -> int:
    """Add any shipped value that is missing (by code); never touches edited or retired values."""
    added = 0
    for value_list, values in INITIAL_VALUES.items():
        existing = set(lookup_model.objects.filter(value_list=value_list).values_list("code", flat=True))
        for order, (code, label, *flags) in enumerate(values, start=1):
            if code not in existing:
                active = flags[0] if flags else True
                lookup_model.objects.create(
                    value_list=value_list, code=code, label=label, sort_order=order * 10, active=active
                )
                added += 1
    return added

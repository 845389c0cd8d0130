"""Reads of the drift report: its open lines for a scope, and how many."""

from django.db.models import Count, Q, QuerySet

from cases.models import Case
from supervision.models import DriftItem


def drift_items(*, cases: QuerySet[Case], show: str = "open", kind: str = "") -> QuerySet[DriftItem]:
    """The drift lines of ``cases``: open ones still to review ("open"), reviewed ones, or all open."""
    items = DriftItem.objects.filter(resolved_at__isnull=True, case__in=cases)
    if show == "open":
        items = items.filter(reviewed_at__isnull=True)
    elif show == "reviewed":
        items = items.filter(reviewed_at__isnull=False)
    if kind:
        items = items.filter(kind=kind)
    return items.select_related("case", "case__client", "case__fee_earner", "reviewed_by")


def drift_open_count(*, cases: QuerySet[Case]) -> dict[str, int]:
    """Open lines for ``cases``: how many, and how many still to review."""
    items = DriftItem.objects.filter(resolved_at__isnull=True, case__in=cases)
    return items.aggregate(open=Count("id"), unreviewed=Count("id", filter=Q(reviewed_at__isnull=True)))

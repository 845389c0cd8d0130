import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils import timezone

from supervision import urls_helpers
from supervision.forms import LimitationForm
from supervision.models import LimitationWarning
from supervision.services.limitation import DATE_WARNING, PORTAL_WARNING, case_limitation

register = template.Library()


@register.simple_tag
def list_url(key, **params):
    return urls_helpers.list_url(key, **params)


@register.filter
def pounds(value) -> str:
    """£1,234.56 (a negative amount as -£12.00)."""
    if value is None or value == "":
        return "—"
    amount = Decimal(value).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return f"-£{-amount:,.2f}" if amount < 0 else f"£{amount:,.2f}"


@register.filter
def cell(value) -> str:
    """A list cell: dates the British way, nothing as a dash."""
    if value is None or value == "":
        return "—"
    if isinstance(value, dt.datetime):
        return f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    return str(value)


@register.filter
def days(value) -> str:
    if value is None:
        return "—"
    return f"{value:.1f}".removesuffix(".0") if isinstance(value, Decimal) else str(value)


@register.inclusion_tag("supervision/_limitation.html", takes_context=True)
def limitation_section(context, case):
    """The Limitation section of Case Details: the date, how it was reached, and the fee earner's form."""
    limitation = case_limitation(case)
    today = timezone.localdate()
    form = LimitationForm(
        initial={
            "limitation_override": case.limitation_override,
            "limitation_override_reason": case.limitation_override_reason,
            "lacks_capacity": case.lacks_capacity,
        }
    )
    warnings = LimitationWarning.objects.filter(case=case, closed_at__isnull=True).select_related("assignee")
    return {
        "request": context.get("request"),
        "case": case,
        "limitation": limitation,
        "days_left": (limitation.date - today).days if limitation.date else None,
        "in_portal": case.status == case.Status.IN_PORTAL,
        "portal_warning": PORTAL_WARNING,
        "date_warning": DATE_WARNING,
        "form": form,
        "warnings": warnings,
    }

from django import template

from valuation.forms import ValuationForm
from valuation.models import CaseValuation
from valuation.services import case_valuation, pounds

register = template.Library()


@register.filter
def money(value) -> str:
    """£1,234.56 (blank for nothing)."""
    return "" if value is None else pounds(value)


@register.inclusion_tag("valuation/_card.html", takes_context=True)
def valuation_card(context, case, valuation=None):
    """The tariff valuation of the case, with the firm's own inputs (uplift, non-tariff figure)."""
    inputs = CaseValuation.objects.filter(case=case).first() or CaseValuation(case=case)
    request = context.get("request")
    return {
        "case": case,
        "valuation": valuation or case_valuation(case),
        "form": ValuationForm(instance=inputs),
        "csrf_token": context.get("csrf_token"),
        "here": request.get_full_path() if request is not None else "",
    }

from contextlib import suppress

from django import template
from django.urls import reverse

from cases.models import Portal
from cases.selectors import case_warnings as client_warnings
from portal.base import FieldLocation
from portal.errors import PortalNotConfigured
from portal.registry import rules_for
from portal.selectors import case_portal, show_claim

register = template.Library()


@register.inclusion_tag("portal/_case_actions.html", takes_context=True)
def portal_actions(context, case):
    """The portal buttons of the case header for the case's current claim, or why there are none."""
    request = context.get("request")
    return {
        "case": case,
        "portal": case_portal(case),
        "csrf_token": context.get("csrf_token"),
        "here": request.get_full_path() if request is not None else "",
    }


@register.inclusion_tag("portal/_options.html", takes_context=True)
def portal_options(context, case):
    """The Options tab's portal part: Special Edits (link or unlink) and Portal Reset."""
    claim = case.portal_claims.filter(is_active=True).first()
    return {
        "case": case,
        "claim": claim,
        "claim_view": show_claim(claim) if claim else None,  # whether Portal Reset can be offered yet
        "portal_choices": Portal.choices,
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("cases/_warnings.html")
def case_warnings(case):
    """Warnings on every tab: about the client, and why the case's portal may not take the claim."""
    found = client_warnings(case)
    with suppress(PortalNotConfigured):  # a portal ClaimDesk cannot talk to yet: the header says so
        found += rules_for(case.portal).warnings(case)
    return {"warnings": found}


@register.simple_tag
def field_url(where: FieldLocation, case) -> str:
    """The address of the tab (and field) where a fee earner fixes a problem."""
    url = reverse(where.url_name, args=[case.reference] if where.case_scoped else list(where.url_args))
    return f"{url}#{where.anchor}" if where.anchor else url


@register.simple_tag
def portal_text(case, name: str, default: str = "") -> str:
    """One of the case's portal's wordings (``injury_tab_label``, ``submission_note``…), else ``default``."""
    try:
        return getattr(rules_for(case.portal), name)
    except PortalNotConfigured:
        return default

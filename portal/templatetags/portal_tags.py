from django import template

from portal.models import PortalClaim, PortalDocument, PortalMessage

register = template.Library()


@register.inclusion_tag("portal/_case_actions.html", takes_context=True)
def portal_actions(context, case):
    """The portal buttons of the case header, for the case's current claim (two queries)."""
    claim = PortalClaim.objects.filter(case=case, is_active=True).first()
    new_items = 0
    if claim is not None:
        new_items = (
            PortalMessage.objects.filter(claim=claim, opened_at__isnull=True).count()
            + PortalDocument.objects.filter(claim=claim, opened_at__isnull=True).count()
        )
    request = context.get("request")
    here = request.get_full_path() if request is not None else ""
    return {
        "case": case,
        "claim": claim,
        "new_items": new_items,
        "csrf_token": context.get("csrf_token"),
        "here": here,
    }

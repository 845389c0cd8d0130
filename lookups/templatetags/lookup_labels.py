from django import template

from lookups.models import LookupValue

register = template.Library()


@register.simple_tag(takes_context=True)
def label_of(context, value_list: str, code: str) -> str:
    """The label of a value-list code (e.g. a portal category), read once per page; the code if unknown."""
    cache_key = f"_lookup_labels_{value_list}"
    labels = context.render_context.get(cache_key)
    if labels is None:
        labels = dict(LookupValue.objects.filter(value_list=value_list).values_list("code", "label"))
        context.render_context[cache_key] = labels
    return labels.get(code, code)

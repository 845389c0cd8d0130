"""The firm's valuation inputs of a case (uplift, non-tariff figure), saved from the tariff card."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from cases.selectors import get_case_for_user
from lib.http import next_url
from valuation.forms import ValuationForm
from valuation.services import valuation_inputs_save


@require_POST
def valuation_edit_view(request, reference):
    case = get_case_for_user(request.user, reference)
    form = ValuationForm(request.POST)
    back = redirect(next_url(request, reverse("cases:injury", args=[case.reference])))
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return back
    try:
        valuation_inputs_save(case=case, acting_user=request.user, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return back
    messages.success(request, "Valuation saved.")
    return back

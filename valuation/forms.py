from django import forms

from valuation.models import CaseValuation


class ValuationForm(forms.ModelForm):
    class Meta:
        model = CaseValuation
        fields = ["uplift_percent", "uplift_reason", "non_tariff_amount"]
        widgets = {"uplift_reason": forms.TextInput()}

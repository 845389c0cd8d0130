from django import forms

from lookups.models import LookupValue


class LookupValueForm(forms.ModelForm):
    class Meta:
        model = LookupValue
        fields = ["label", "sort_order", "active"]


class LookupValueCreateForm(forms.ModelForm):
    code = forms.RegexField(
        regex=r"^[A-Za-z][A-Za-z0-9_]{0,59}$",
        error_messages={"invalid": "Use letters, digits and underscores, starting with a letter."},
    )

    class Meta:
        model = LookupValue
        fields = ["code", "label", "sort_order"]

    def __init__(self, *args, value_list: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.value_list = value_list

    def clean_code(self):
        code = self.cleaned_data["code"]
        if LookupValue.objects.filter(value_list=self.instance.value_list, code__iexact=code).exists():
            raise forms.ValidationError("This list already has a value with that code.")
        return code

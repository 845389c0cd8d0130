from django import forms
from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Fields render through templates/forms/field.html: label, input, help and errors, accessibly."""

    field_template_name = "forms/field.html"


class PageForm(forms.Form):
    """``?page=`` of a paginated list: a whole number from 1 (past the end shows the last page)."""

    page = forms.IntegerField(required=False, min_value=1, max_value=1_000_000)

from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Fields render through templates/forms/field.html: label, input, help and errors, accessibly."""

    field_template_name = "forms/field.html"

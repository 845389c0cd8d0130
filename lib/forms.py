"""Form pieces every form uses: the field renderer, paging, and dates within a sane range."""

import datetime as dt

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils import timezone


class FormRenderer(TemplatesSetting):
    """Fields render through templates/forms/field.html: label, input, help and errors, accessibly."""

    field_template_name = "forms/field.html"


class PageForm(forms.Form):
    """``?page=`` of a paginated list: a whole number from 1 (past the end shows the last page)."""

    page = forms.IntegerField(required=False, min_value=1, max_value=1_000_000)


# Every date a user types lies in this range unless the field narrows it: a task due in 9999 or an
# accident in 1066 is a typing slip, and some far dates cannot even be stored or converted to UTC.
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2100, 12, 31)


class _Bounded:
    """Refuse dates outside [earliest, latest] with a clear error; tell the browser the range too."""

    earliest, latest = EARLIEST, LATEST

    def __init__(self, *args, earliest: dt.date | None = None, latest: dt.date | None = None, **kwargs):
        self.earliest = earliest or self.earliest
        self.latest = latest or self.latest
        super().__init__(*args, **kwargs)

    def _day(self, value) -> dt.date:
        return value

    def validate(self, value):
        super().validate(value)
        if value in self.empty_values:
            return
        if not self.earliest <= self._day(value) <= self.latest:
            raise forms.ValidationError(
                f"Enter a date between {self.earliest:%d/%m/%Y} and {self.latest:%d/%m/%Y}.",
                code="date_range",
            )

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        kind = getattr(widget, "input_type", "")
        if kind == "date":
            attrs |= {"min": self.earliest.isoformat(), "max": self.latest.isoformat()}
        elif kind == "datetime-local":
            attrs |= {"min": f"{self.earliest.isoformat()}T00:00", "max": f"{self.latest.isoformat()}T23:59"}
        return attrs


class DateField(_Bounded, forms.DateField):
    """The date field of every form (model forms: ``Meta.field_classes``); 1900 to 2100 by default."""

    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DateTimeField(_Bounded, forms.DateTimeField):
    """The date-and-time field of every form; its day (in UK time) lies in the range."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def _day(self, value) -> dt.date:
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()

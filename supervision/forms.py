"""Every query parameter of the supervision pages goes through one of these: bad input is a clear
message (400), never a 500."""

import datetime as dt

from django import forms
from django.utils import timezone

from accounts.models import User
from cases.models import Portal
from lib.forms import DateField
from portal.registry import installed_portals
from supervision.models import DriftCheck
from supervision.selectors.measures import DORMANT_DAYS, LIMITATION_BANDS
from supervision.selectors.portals import UNKNOWN_STAGE, portal_statuses

FORMATS = [("html", "Page"), ("csv", "CSV"), ("xlsx", "Excel")]


class ListForm(forms.Form):
    """The parameters of a drill-down list; which ones a list needs is checked against its report."""

    portal = forms.ChoiceField(required=False, choices=[("", "")])
    stage = forms.CharField(required=False, max_length=60)
    days = forms.TypedChoiceField(required=False, coerce=int, choices=[(d, d) for d in DORMANT_DAYS])
    band = forms.ChoiceField(required=False, choices=[("", ""), *LIMITATION_BANDS.items()])
    fee_earner = forms.ModelChoiceField(required=False, queryset=User.objects.none())
    compensator = forms.CharField(required=False, max_length=200)
    month = forms.CharField(required=False, max_length=7, help_text="YYYY-MM")
    page = forms.IntegerField(required=False, min_value=1, max_value=100_000)
    format = forms.ChoiceField(required=False, choices=FORMATS)

    def __init__(self, *args, team_id: int | None, needs: tuple[str, ...], **kwargs):
        super().__init__(*args, **kwargs)
        self.needs = needs
        self.fields["portal"].choices = [("", "")] + [(p, Portal(p).label) for p in installed_portals()]
        self.fields["fee_earner"].queryset = User.objects.filter(team_id=team_id)

    def clean_month(self) -> dt.date | None:
        value = self.cleaned_data["month"]
        if not value:
            return None
        try:
            month = dt.datetime.strptime(value, "%Y-%m").date()  # noqa: DTZ007 - a calendar month
        except ValueError:
            raise forms.ValidationError("Give the month as YYYY-MM, for example 2026-09.") from None
        if not dt.date(2000, 1, 1) <= month <= timezone.localdate():
            raise forms.ValidationError("Choose a month between 2000 and this month.")
        return month

    def clean(self):
        cleaned = super().clean()
        for name in self.needs:
            if cleaned.get(name) in (None, "") and name not in self.errors:
                self.add_error(name, "This list needs it.")
        stage, portal = cleaned.get("stage"), cleaned.get("portal")
        if stage and portal:
            known = (*portal_statuses(portal).stages, UNKNOWN_STAGE)
            if stage not in known:
                self.add_error("stage", f"Choose one of: {', '.join(known)}.")
        return cleaned


class DriftFilterForm(forms.Form):
    show = forms.ChoiceField(
        required=False,
        choices=[("open", "To review"), ("reviewed", "Reviewed"), ("all", "All open lines")],
    )
    kind = forms.ChoiceField(
        required=False, choices=[("", "Every check"), *DriftCheck.choices], label="Check"
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=100_000)
    format = forms.ChoiceField(required=False, choices=FORMATS)


class DriftReviewForm(forms.Form):
    note = forms.CharField(
        required=False, max_length=300, label="What was done", widget=forms.TextInput(attrs={"size": 30})
    )


class LimitationForm(forms.Form):
    limitation_override = DateField(
        required=False,
        label="Override the date",
        earliest=dt.date(1950, 1, 1),
        latest=dt.date(2150, 12, 31),
        help_text="Only with a reason, for example a later date of knowledge (s.14).",
    )
    limitation_override_reason = forms.CharField(required=False, max_length=300, label="Why")
    lacks_capacity = forms.BooleanField(
        required=False,
        label="The client lacked capacity when the accident happened",
        help_text="No limitation period runs while this is so (s.28).",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("limitation_override") and not cleaned.get("limitation_override_reason", "").strip():
            self.add_error("limitation_override_reason", "Give the reason for overriding the date.")
        return cleaned

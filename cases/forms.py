"""Forms of the case tabs. They clean and validate; saving is cases.services' job."""

import datetime as dt
import re

from django import forms
from django.forms import inlineformset_factory
from django.utils import timezone

from accounts.models import User
from cases.events import EVENT_KINDS
from cases.models import (
    Accident,
    Case,
    ClaimantVehicle,
    ClaimsPortalDetails,
    DefendantVehicle,
    Injury,
    Insurer,
    Loss,
    Portal,
    ReplacementVehicle,
    Treatment,
)
from clients.models import Client, Title
from lib import uk
from lib.forms import DateField, DateTimeField, PageForm
from lookups.fields import LookupFieldsMixin
from lookups.models import ValueList

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
YES_NO_UNKNOWN = [("", "Not yet known"), ("true", "Yes"), ("false", "No")]
_REGISTRATION = re.compile(r"^[A-Z0-9]{2,8}$")


def _not_in_future(value: dt.date | None, what: str) -> None:
    if value and value > timezone.localdate():
        raise forms.ValidationError(f"The {what} cannot be in the future.")


def _registration(raw: str) -> str:
    compact = re.sub(r"\s+", "", raw or "").upper()
    if compact and not _REGISTRATION.match(compact):
        raise forms.ValidationError(
            "Enter a registration of 2 to 8 letters and digits, for example AB12 CDE."
        )
    return compact


class CaseFilterForm(PageForm):
    """The case list's search and filters, from the query string."""

    q = forms.CharField(required=False, max_length=100, label="Search")
    status = forms.ChoiceField(required=False, label="Status")
    fee_earner = forms.ModelChoiceField(queryset=User.objects.none(), required=False, label="Fee earner")

    def __init__(self, *args, user: User, portal_statuses: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        portal_choices = [(status, status) for status in portal_statuses]
        self.fields["status"].choices = [("", "Any"), *Case.Status.choices, *portal_choices]
        # Anyone of the team, not only active people: a bookmarked filter keeps working after someone leaves.
        self.fields["fee_earner"].queryset = User.objects.filter(team_id=user.team_id)


class ReassignForm(forms.Form):
    fee_earner = forms.ModelChoiceField(
        queryset=User.objects.none(),
        error_messages={
            "required": "Choose a fee earner from the case's team.",
            "invalid_choice": "Choose a fee earner from the case's team.",
        },
    )

    def __init__(self, *args, team_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fee_earner"].queryset = User.objects.filter(team_id=team_id, is_active=True)


class NewCaseForm(forms.Form):
    portal = forms.ChoiceField(
        choices=Portal.choices, label="Portal", help_text="Where this RTA claim will first be submitted."
    )
    fee_earner = forms.ModelChoiceField(queryset=User.objects.none())
    title = forms.ChoiceField(choices=[("", "—"), *Title.choices], required=False)
    first_name = forms.CharField(max_length=100, label="Client's first name")
    last_name = forms.CharField(max_length=100, label="Client's last name")

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fee_earner"].queryset = User.objects.filter(team_id=user.team_id, is_active=True)
        self.fields["fee_earner"].initial = user.pk


class ClientForm(LookupFieldsMixin, forms.ModelForm):
    lookup_fields = {"employment_status": ValueList.EMPLOYMENT_STATUS}
    prefix = "client"

    class Meta:
        model = Client
        fields = [
            "title",
            "first_name",
            "last_name",
            "date_of_birth",
            "ni_number",
            "no_ni_reason",
            "address_line1",
            "address_line2",
            "town",
            "county",
            "postcode",
            "phone",
            "email",
            "employment_status",
            "occupation",
        ]
        widgets = {"date_of_birth": DATE_WIDGET}
        field_classes = {"date_of_birth": DateField}

    # Optional here (a case can be saved half-done) but required before the claim can be sent.
    needed_for_portal = {
        "postcode": "Needed for the portal: a UK postcode.",
        "phone": "Needed for the portal: a UK mobile or landline, or +country code.",
        "email": "Needed for the portal.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ni_number"].widget = forms.TextInput(attrs={"autocomplete": "off"})
        if self.instance.phone and not self.is_bound:
            self.initial["phone"] = self.instance.phone_display
        for name, help_text in self.needed_for_portal.items():
            self.fields[name].help_text = help_text
            self.fields[name].needed_for_portal = True  # templates/forms/field.html marks the label

    def clean_date_of_birth(self):
        value = self.cleaned_data["date_of_birth"]
        _not_in_future(value, "date of birth")
        if value and value.year < 1900:
            raise forms.ValidationError("Check the year of birth.")
        return value

    def clean_ni_number(self):
        value = self.cleaned_data["ni_number"].strip()
        if not value:
            return ""
        try:
            return uk.normalise_nino(value)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean_postcode(self):
        value = self.cleaned_data["postcode"].strip()
        if not value:
            return ""
        try:
            return uk.normalise_postcode(value)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean_phone(self):
        value = self.cleaned_data["phone"].strip()
        if not value:
            return ""
        try:
            return uk.normalise_phone(value)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("ni_number") and cleaned.get("no_ni_reason", "").strip():
            self.add_error("no_ni_reason", "Give a reason only when there is no NI number.")
        return cleaned


class AccidentForm(LookupFieldsMixin, forms.ModelForm):
    lookup_fields = {"accident_type": ValueList.ACCIDENT_TYPE}
    prefix = "accident"

    class Meta:
        model = Accident
        exclude = ["case"]
        field_classes = {"occurred_at": DateTimeField}
        widgets = {
            "occurred_at": DATETIME_WIDGET,
            "description": forms.Textarea(attrs={"rows": 3}),
            "witness_details": forms.Textarea(attrs={"rows": 2}),
        }

    def clean_occurred_at(self):
        value = self.cleaned_data["occurred_at"]
        if value and value > timezone.now():
            raise forms.ValidationError("The accident cannot be in the future.")
        if value and value.year < 1950:
            raise forms.ValidationError("Check the year of the accident.")
        return value


class ClaimantVehicleForm(forms.ModelForm):
    prefix = "vehicle"

    class Meta:
        model = ClaimantVehicle
        exclude = ["case"]

    def clean_registration(self):
        return _registration(self.cleaned_data["registration"])


class InsurerForm(forms.ModelForm):
    prefix = "insurer"

    class Meta:
        model = Insurer
        exclude = ["case"]


class ClaimsPortalForm(forms.ModelForm):
    """The Claims Portal section of Case Details (Claims Portal cases only)."""

    prefix = "cp"

    class Meta:
        model = ClaimsPortalDetails
        exclude = ["case"]
        widgets = {"liability_reasons": forms.Textarea(attrs={"rows": 3, "maxlength": 500})}

    def clean_ask_cue_reference(self):
        return self.cleaned_data["ask_cue_reference"].strip()

    def clean_compensator_id(self):
        return self.cleaned_data["compensator_id"].strip().upper()


class DefendantVehicleForm(forms.ModelForm):
    class Meta:
        model = DefendantVehicle
        exclude = ["case"]

    def clean_registration(self):
        return _registration(self.cleaned_data["registration"])


DefendantVehicleFormSet = inlineformset_factory(
    Case, DefendantVehicle, form=DefendantVehicleForm, extra=0, can_delete=True, max_num=10, validate_max=True
)


class InjuryForm(LookupFieldsMixin, forms.ModelForm):
    lookup_fields = {"body_part": ValueList.BODY_PART}

    class Meta:
        model = Injury
        exclude = ["case"]
        widgets = {
            "exceptionally_severe_description": forms.Textarea(attrs={"rows": 2}),
            "exceptional_circumstances_description": forms.Textarea(attrs={"rows": 2}),
        }


InjuryFormSet = inlineformset_factory(
    Case, Injury, form=InjuryForm, extra=0, can_delete=True, max_num=30, validate_max=True
)


class TreatmentForm(forms.ModelForm):
    prefix = "treatment"

    class Meta:
        model = Treatment
        exclude = ["case"]
        widgets = {"treatment_notes": forms.Textarea(attrs={"rows": 3})}


class ReplacementVehicleForm(LookupFieldsMixin, forms.ModelForm):
    lookup_fields = {
        "no_repair_reason": ValueList.NO_REPAIR_REASON,
        "no_hire_reason": ValueList.NO_HIRE_REASON,
    }

    class Meta:
        model = ReplacementVehicle
        exclude = ["case"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("repair_help_needed", "hire_vehicle_needed"):
            self.fields[name] = forms.TypedChoiceField(
                label=self.fields[name].label,
                choices=YES_NO_UNKNOWN,
                coerce=lambda v: v == "true",
                empty_value=None,
                required=False,
            )
            value = getattr(self.instance, name)
            self.initial[name] = "" if value is None else ("true" if value else "false")


class LossForm(LookupFieldsMixin, forms.ModelForm):
    lookup_fields = {"loss_type": ValueList.LOSS_TYPE}

    class Meta:
        model = Loss
        exclude = ["case"]


LossFormSet = inlineformset_factory(
    Case, Loss, form=LossForm, extra=0, can_delete=True, max_num=50, validate_max=True
)


class NoteForm(forms.Form):
    body = forms.CharField(
        label="Note", max_length=20_000, widget=forms.Textarea(attrs={"rows": 4}), strip=True
    )


class CloseCaseForm(forms.Form):
    outcome = forms.CharField(
        max_length=200, label="Outcome", help_text="Why the case is closing, in a few words."
    )


class HistoryFilterForm(PageForm):
    """The History tab's filters (from the query string): what happened, who did it, between which days."""

    kind = forms.ChoiceField(label="What", required=False)
    who = forms.ChoiceField(label="Who", required=False)
    day_from = DateField(label="From", required=False)
    day_to = DateField(label="To", required=False)

    def __init__(self, *args, people: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            ("", "Anything"),
            *sorted(EVENT_KINDS.items(), key=lambda kind: kind[1]),
        ]
        self.fields["who"].choices = [("", "Anyone"), *people]

    def clean(self):
        cleaned = super().clean()
        day_from, day_to = cleaned.get("day_from"), cleaned.get("day_to")
        if day_from and day_to and day_from > day_to:
            self.add_error("day_to", "The end date is before the start date.")
        return cleaned

    def filters(self) -> dict:
        """The valid filters, for ``case_history`` (a refused value filters nothing)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if value and name != "page" and name not in self.errors
        }

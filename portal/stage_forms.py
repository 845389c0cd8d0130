"""One Django form per stage action, built from its declarative spec (portal.base.StageAction).

The stage panel never has a template or a form class per status: whatever the portal's rules offer
is rendered from its fields, validated here (amounts in pounds and pence, dates in a sane range,
files checked by content), and handed to the one service that performs any action.
"""

from decimal import Decimal

from django import forms
from django.conf import settings

from documents.validation import PDF, RejectedFile, identify
from lookups.models import LookupValue
from portal.base import ActionField, FieldKind, StageAction, ValueLists
from portal.models import PortalClaim

EARLIEST_YEAR, LATEST_YEAR = 1990, 2100
IMAGE_TYPES = {"image/jpeg", "image/png"}


class StageActionForm(forms.Form):
    """The form of one action; ``expected_status`` catches a claim that moved on since the page was drawn."""

    action = forms.CharField(widget=forms.HiddenInput)
    expected_status = forms.CharField(widget=forms.HiddenInput, max_length=60)

    def __init__(self, *args, action: StageAction, claim: PortalClaim, lists: ValueLists, **kwargs):
        kwargs.setdefault("prefix", action.code.replace(".", "-"))
        kwargs.setdefault("initial", {"action": action.code, "expected_status": claim.status})
        super().__init__(*args, **kwargs)
        self.stage_action = action
        for spec in action.fields:
            self.fields[spec.name] = _field(spec, claim, lists)
        if action.irreversible:
            self.fields["confirm"] = forms.BooleanField(
                label="I understand this cannot be undone",
                error_messages={"required": "Tick the box to confirm: this cannot be undone."},
            )

    @property
    def values(self) -> dict:
        """The cleaned answers the service needs (files as (name, bytes))."""
        return {spec.name: self.cleaned_data.get(spec.name) for spec in self.stage_action.fields}


def _field(spec: ActionField, claim: PortalClaim, lists: ValueLists) -> forms.Field:
    common = {"label": spec.label, "required": spec.required, "help_text": spec.help}
    kind = spec.kind
    if kind in (FieldKind.MONEY, FieldKind.PERCENT):
        places = 2
        return forms.DecimalField(
            max_digits=12, decimal_places=places, min_value=spec.minimum, max_value=spec.maximum, **common
        )
    if kind == FieldKind.WHOLE:
        return forms.IntegerField(min_value=_int(spec.minimum), max_value=_int(spec.maximum), **common)
    if kind == FieldKind.DATE:
        return SaneDateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    if kind in (FieldKind.CHOICE, FieldKind.CHOICES):
        return _choice_field(spec, claim, lists, common)
    if kind == FieldKind.YES_NO:
        return forms.BooleanField(**(common | {"required": False}))
    if kind == FieldKind.FILE:
        return EvidenceFileField(pdf_only="PDF" in spec.label, **common)
    widget = forms.Textarea(attrs={"rows": 3}) if kind == FieldKind.LONG_TEXT else None
    return forms.CharField(max_length=spec.max_length, widget=widget, **common)


def _int(value: Decimal | None) -> int | None:
    return int(value) if value is not None else None


def _choice_field(spec: ActionField, claim: PortalClaim, lists: ValueLists, common: dict) -> forms.Field:
    choices = [(c.code, c.label) for c in spec.choices]
    if spec.choices_from == "documents":
        documents = claim.documents.order_by("portal_created_at", "id").values_list("portal_id", "file_name")
        choices = [(portal_id, name) for portal_id, name in documents]
    elif spec.choices_from:
        value_list = getattr(lists, spec.choices_from)
        choices = list(
            LookupValue.objects.active().filter(value_list=value_list).values_list("code", "label")
        )
    if spec.kind == FieldKind.CHOICES:
        return forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple, **common)
    return forms.ChoiceField(choices=[("", "— choose —"), *choices], **common)


class SaneDateField(forms.DateField):
    """A date a claim could have: not in the distant past or future (a typo, not a fact)."""

    def clean(self, value):
        day = super().clean(value)
        if day is not None and not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
            raise forms.ValidationError(f"Enter a date between {EARLIEST_YEAR} and {LATEST_YEAR}.")
        return day


class EvidenceFileField(forms.FileField):
    """A file checked by its content (a PDF, or for evidence also an image), within the upload limit."""

    def __init__(self, *args, pdf_only: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.pdf_only = pdf_only

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload:
            return None
        if upload.size > settings.DOCUMENT_MAX_BYTES:
            raise forms.ValidationError(
                f"The file is larger than the {settings.DOCUMENT_MAX_BYTES // 2**20} MB limit."
            )
        content = upload.read()
        try:
            kind = identify(content)
        except RejectedFile as exc:
            raise forms.ValidationError(str(exc)) from None
        if kind != PDF and (self.pdf_only or kind.content_type not in IMAGE_TYPES):
            raise forms.ValidationError("Choose a PDF." if self.pdf_only else "Choose a PDF or an image.")
        return (upload.name, content)

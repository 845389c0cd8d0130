from django import forms
from django.conf import settings

from cases.models import Portal
from lookups.fields import LookupChoiceField
from lookups.models import ValueList
from portal.outbound import outbound_url_problem
from portal.registry import rules_for


class SubmitForm(forms.Form):
    consent = forms.BooleanField(
        label="The client has consented to this claim being made on the portal",
        error_messages={"required": "Confirm the client's consent to submit the claim."},
    )
    statement_of_truth = forms.BooleanField(
        label="I sign the statement of truth on the client's behalf, as named below",
        error_messages={"required": "Confirm the statement of truth to submit the claim."},
    )


def _lists(portal: str):
    return rules_for(portal).lists


class PortalErrorsMixin:
    def add_portal_errors(self, field_errors: dict[str, str]) -> None:
        """Show the portal's own objections next to the fields they are about."""
        for name, message in field_errors.items():
            self.add_error(name if name in self.fields else None, f"The portal says: {message}")


def _needs_comment(reason) -> bool:
    """A reason called "Other" needs the reason in words (the OIC's code Other, the Claims Portal's 10-14)."""
    return reason.code == "Other" or reason.label.startswith("Other")


class ExitForm(forms.Form):
    reason = LookupChoiceField(ValueList.EXIT_REASON, label="Reason for exiting the portal")
    comment = forms.CharField(
        label="Comment", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    confirm = forms.BooleanField(
        label="I understand the claim will leave the portal process, and this cannot be undone",
        error_messages={"required": "Tick the confirmation to exit the portal."},
    )

    def __init__(self, *args, portal: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"] = LookupChoiceField(
            _lists(portal).exit_reason, label="Reason for exiting the portal"
        )

    def clean(self):
        cleaned = super().clean()
        reason = cleaned.get("reason")
        if reason is not None and _needs_comment(reason) and not cleaned.get("comment", "").strip():
            self.add_error("comment", "Give the reason when you choose “Other”.")
        return cleaned


class NoteForm(PortalErrorsMixin, forms.Form):
    category = LookupChoiceField(ValueList.MESSAGE_CATEGORY, label="Category")
    text = forms.CharField(label="Note", max_length=10_000, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, portal: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"] = LookupChoiceField(_lists(portal).message_category, label="Category")


class FileForm(PortalErrorsMixin, forms.Form):
    file = forms.FileField(error_messages={"required": "Choose a file to send."})
    category = LookupChoiceField(ValueList.DOCUMENT_CATEGORY, label="Category")
    memo = forms.CharField(label="Memo", max_length=300, required=False)

    def __init__(self, *args, portal: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"] = LookupChoiceField(_lists(portal).document_category, label="Category")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.DOCUMENT_MAX_BYTES:
            raise forms.ValidationError(
                f"The file is larger than the {settings.DOCUMENT_MAX_BYTES // 2**20} MB limit."
            )
        return upload


class SpecialEditsForm(forms.Form):
    claim_id = forms.CharField(label="Claim ID", max_length=60)
    process_ind = forms.CharField(
        label="Process Ind",
        max_length=5,
        help_text="Enter 1 (the number one, not the letter I) to link the claim.",
    )


class LinkConfirmForm(forms.Form):
    claim_id = forms.CharField(label="Claim ID", max_length=60)
    process_ind = forms.CharField(label="Process Ind", max_length=5)
    override_reason = forms.CharField(
        label="Why link it although the claimant does not match?",
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, needs_reason: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["override_reason"].required = needs_reason


class UnlinkForm(forms.Form):
    reason = forms.CharField(label="Why unlink it?", max_length=300)


class PortalResetForm(forms.Form):
    portal = forms.ChoiceField(choices=Portal.choices, label="Change the portal to")


class ConnectionForm(forms.Form):
    url = forms.URLField(label="URL", help_text="The portal API's base address", assume_scheme="https")
    web_url = forms.URLField(
        label="Portal web site",
        required=False,
        assume_scheme="https",
        help_text="Where “Manage on Portal” opens a claim; leave blank to use the URL",
    )
    client_id = forms.CharField(
        label="CLIENTID", required=False, max_length=200, help_text="Leave blank to keep the current value"
    )
    client_secret = forms.CharField(
        label="CLIENTSECRET",
        required=False,
        max_length=500,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}, render_value=False),
        help_text=(
            "Leave blank to keep the current secret (type it again to change the URL). "
            "It is stored encrypted and never shown again."
        ),
    )

    # Settings only some portals need (their rules' ``connection_fields``); never blank where needed.
    login_as = forms.CharField(
        label="loginAs",
        max_length=100,
        help_text="The portal user ClaimDesk acts as: an enabled user of your firm on the portal",
    )
    firm_name = forms.CharField(
        label="Firm name on the claim form", max_length=70, help_text="The claimant's representative"
    )
    firm_phone = forms.RegexField(
        label="Firm telephone on the claim form",
        regex=r"^\+?[0-9 ()-]{10,20}$",
        max_length=20,
        error_messages={"invalid": "Enter a telephone number, e.g. 0113 496 0000."},
    )
    EXTRAS = ("login_as", "firm_name", "firm_phone")

    def __init__(self, *args, configured: bool, current_url: str = "", portal: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.configured = configured
        self.current_url = current_url
        needed = rules_for(portal).connection_fields if portal else ()
        for name in self.EXTRAS:
            if name not in needed:
                del self.fields[name]

    def _address(self, name: str) -> str:
        value = self.cleaned_data[name]
        problem = outbound_url_problem(value) if value else ""
        if problem:
            raise forms.ValidationError(problem)
        return value

    def clean_url(self):
        return self._address("url")

    def clean_web_url(self):
        return self._address("web_url")

    def clean(self):
        cleaned = super().clean()
        if not self.configured and not (cleaned.get("client_id") and cleaned.get("client_secret")):
            raise forms.ValidationError("Enter both CLIENTID and CLIENTSECRET the portal gave your firm.")
        url = cleaned.get("url")
        moved = url is not None and url.rstrip("/") != self.current_url.rstrip("/")
        if self.configured and moved and not cleaned.get("client_secret"):
            # The secret is sent to the URL: a new address must never receive the stored one unasked.
            self.add_error(
                "client_secret",
                "Enter CLIENTSECRET again to change the URL: ClaimDesk sends it to that address.",
            )
        return cleaned


class AddressesForm(forms.Form):
    """The token URL and each API operation's path (a connection's endpoint table)."""

    token_url = forms.URLField(
        label="Token URL",
        required=False,
        assume_scheme="https",
        help_text="Where tokens are issued, if not at the token path on the URL above",
    )
    client_secret = forms.CharField(
        label="CLIENTSECRET",
        required=False,
        max_length=500,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}, render_value=False),
        help_text="Needed only to change the token URL: ClaimDesk sends it there.",
    )

    def __init__(self, *args, defaults: dict[str, tuple[str, str]], current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.methods = {}
        for name, (method, path) in defaults.items():
            self.methods[name] = method
            override = current.get(name) or {}
            self.fields[f"path_{name}"] = forms.CharField(
                label=f"{name.replace('_', ' ').capitalize()} ({method})",
                max_length=300,
                initial=override.get("path", path),
            )

    def clean_token_url(self):
        value = self.cleaned_data["token_url"]
        problem = outbound_url_problem(value) if value else ""
        if problem:
            raise forms.ValidationError(problem)
        return value

    @property
    def endpoints(self) -> dict[str, tuple[str, str]]:
        return {
            name: (method, self.cleaned_data[f"path_{name}"].strip()) for name, method in self.methods.items()
        }

from django import forms
from django.contrib.auth.password_validation import validate_password

from accounts.models import Role, Team, User


class LoginForm(forms.Form):
    username = forms.CharField(max_length=150, widget=forms.TextInput(attrs={"autocomplete": "username"}))
    password = forms.CharField(
        max_length=256, strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )


class TokenForm(forms.Form):
    token = forms.RegexField(
        regex=r"^\s*\d{6}\s*$",
        label="Code from your authenticator app",
        error_messages={"invalid": "Enter the 6-digit code shown in your authenticator app."},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean_token(self):
        return self.cleaned_data["token"].strip()


class ConfirmForm(TokenForm):
    """For "Confirm it's you": the password, and the current code for a user with two-factor."""

    password = forms.CharField(
        max_length=256, strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    field_order = ["password", "token"]

    def __init__(self, *args, needs_code: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not needs_code:
            del self.fields["token"]


class TeamForm(forms.ModelForm):
    class Meta:
        model = Team
        fields = ["name"]


class _UserFieldsForm(forms.Form):
    first_name = forms.CharField(max_length=150)
    last_name = forms.CharField(max_length=150)
    email = forms.EmailField()
    job_title = forms.CharField(
        max_length=100, required=False, help_text="Signs portal statements of truth, e.g. Solicitor"
    )
    team = forms.ModelChoiceField(queryset=Team.objects.all())
    role = forms.ChoiceField(choices=Role.choices)


class UserCreateForm(_UserFieldsForm):
    username = forms.RegexField(
        regex=r"^[\w.@+-]{3,150}$",
        error_messages={"invalid": "Use 3 to 150 letters, digits and . @ + - _ only."},
    )
    password = forms.CharField(
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 12 characters; not a common password.",
    )
    field_order = ["username", "first_name", "last_name", "email", "job_title", "team", "role", "password"]

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("A user with this username already exists.")
        return username

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        if password:
            candidate = User(
                username=cleaned.get("username", ""),
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
                email=cleaned.get("email", ""),
            )
            try:
                validate_password(password, candidate)
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return cleaned


class UserEditForm(_UserFieldsForm):
    is_active = forms.BooleanField(required=False, label="Active (can sign in)")


class PasswordSetForm(forms.Form):
    password = forms.CharField(
        strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    confirm = forms.CharField(
        strip=False,
        label="Repeat the password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        cleaned = super().clean()
        password, confirm = cleaned.get("password"), cleaned.get("confirm")
        if password and confirm and password != confirm:
            self.add_error("confirm", "The two passwords differ.")
        elif password:
            try:
                validate_password(password, self.user)
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return cleaned


class PasswordChangeForm(PasswordSetForm):
    current = forms.CharField(
        strip=False,
        label="Current password",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    field_order = ["current", "password", "confirm"]

    def clean_current(self):
        current = self.cleaned_data["current"]
        if not self.user.check_password(current):
            raise forms.ValidationError("Your current password is not right.")
        return current

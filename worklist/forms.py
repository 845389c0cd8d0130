import datetime as dt

from django import forms
from django.utils import timezone

from accounts.models import User
from lib.forms import DateField, PageForm


class TaskForm(forms.Form):
    title = forms.CharField(max_length=200)
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)
    assignee = forms.ModelChoiceField(queryset=User.objects.none(), label="For")
    due_date = DateField(required=False, label="Due on")
    due_in_business_days = forms.IntegerField(
        required=False, min_value=0, max_value=500, label="or due in … business days"
    )

    def __init__(self, *args, team_id: int, default_assignee: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = User.objects.filter(team_id=team_id, is_active=True)
        self.fields["assignee"].initial = default_assignee.pk

    def clean(self):
        cleaned = super().clean()
        due, days = cleaned.get("due_date"), cleaned.get("due_in_business_days")
        if due is None and days is None and not self.errors:
            self.add_error("due_date", "Give a due date, or a number of business days.")
        elif due is not None and days is not None:
            self.add_error("due_in_business_days", "Give a due date or a number of business days, not both.")
        elif due is not None and due < timezone.localdate() - dt.timedelta(days=365):
            self.add_error("due_date", "Check the year: this date is more than a year ago.")
        return cleaned


class TaskFilterForm(PageForm):
    """The filters of My tasks and Team tasks, from the query string. A refused value filters nothing."""

    DUE_CHOICES = [
        ("", "Any day"),
        ("today", "Due today"),
        ("overdue", "Overdue"),
        ("week", "Due this week"),
    ]

    show = forms.ChoiceField(
        choices=[("open", "Open"), ("done", "Done"), ("all", "All")],
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": "Show open, done or all tasks: “%(value)s” is not one of them."},
    )
    due = forms.ChoiceField(label="When", choices=DUE_CHOICES, required=False)
    case = forms.ChoiceField(label="Case", required=False)
    assignee = forms.ModelChoiceField(
        label="For", queryset=User.objects.none(), required=False, empty_label="Everyone"
    )

    def __init__(self, *args, cases: list[tuple[str, str]], members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].choices = [("", "Any case"), *cases]
        if members is None:
            del self.fields["assignee"]
        else:
            self.fields["assignee"].queryset = members

    def filters(self) -> dict:
        """The valid filters, for ``worklist.selectors.tasks_filtered``."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if value and name != "page" and name not in self.errors
        }

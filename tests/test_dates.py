"""Every date a user types lies in a sane range (1900 to 2100 unless the field narrows it).

A task due in 9999, a birth in 1850 or an accident in 1066 is a typing slip, and far dates can break
what is computed from them. One pair of fields, lib.forms.DateField and DateTimeField, checks the
range with a clear error; every date and date-and-time field of every form must be one of them.
"""

import importlib
import importlib.util

import pytest
from django import forms
from django.apps import apps
from django.conf import settings

from lib.forms import DateField, DateTimeField
from worklist.models import Task

RANGE_ERROR = "Enter a date between 01/01/1900 and 31/12/2100."


def _project_forms():
    for config in apps.get_app_configs():
        module = f"{config.name}.forms"
        if config.path.startswith(str(settings.BASE_DIR)) and importlib.util.find_spec(module):
            importlib.import_module(module)
    seen, todo = set(), [forms.BaseForm]
    while todo:
        for subclass in todo.pop().__subclasses__():
            if subclass not in seen:
                seen.add(subclass)
                todo.append(subclass)
    roots = {
        config.name for config in apps.get_app_configs() if config.path.startswith(str(settings.BASE_DIR))
    }
    return sorted(
        (c for c in seen if any(base.__module__.split(".")[0] in roots for base in c.__mro__)),
        key=lambda c: f"{c.__module__}.{c.__qualname__}",
    )


def test_every_date_field_of_every_form_is_range_checked():
    found, unchecked = [], []
    for form_class in _project_forms():
        for name, field in form_class.base_fields.items():
            if isinstance(field, forms.DateField | forms.DateTimeField):
                found.append(f"{form_class.__qualname__}.{name}")
                if not isinstance(field, DateField | DateTimeField):
                    unchecked.append(f"{form_class.__module__}.{form_class.__qualname__}.{name}")
    assert {"ClientForm.date_of_birth", "AccidentForm.occurred_at", "TaskForm.due_date"} <= set(found)
    assert not unchecked, "use lib.forms.DateField / DateTimeField (Meta.field_classes): " + ", ".join(
        unchecked
    )


@pytest.mark.parametrize("due", ["9999-12-31", "2101-01-01", "1899-12-31"])
def test_a_task_due_far_away_is_refused_with_a_clear_error(alice_client, alice, alice_case, due):
    data = {"title": "Chase", "assignee": alice.pk, "due_date": due}
    response = alice_client.post(f"/cases/{alice_case.reference}/tasks/", data)
    assert response.status_code == 400
    assert response.context["form"].errors["due_date"] == [RANGE_ERROR]
    assert not Task.objects.filter(title="Chase").exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("accident-occurred_at", "1066-10-14T09:00"),
        ("accident-occurred_at", "0001-01-01T00:00"),
        ("client-date_of_birth", "1850-01-01"),
        ("client-date_of_birth", "0001-01-01"),
    ],
)
def test_dates_on_the_case_far_outside_the_range_are_refused(alice_client, alice_case, field, value):
    page = alice_client.get(f"/cases/{alice_case.reference}/details/")
    data = _bound_data(page.context)
    data[field] = value
    response = alice_client.post(f"/cases/{alice_case.reference}/details/", data)
    assert response.status_code == 400
    section = "Accident" if field.startswith("accident") else "Client"
    name = field.split("-", 1)[1]
    assert response.context["sections"][section].errors[name] == [RANGE_ERROR]
    alice_case.refresh_from_db()
    assert alice_case.accident.occurred_at is None and alice_case.client.date_of_birth is None


def _bound_data(context) -> dict:
    """What the details page would post back unchanged."""
    data = {}
    for form in [*context["sections"].values(), context["defendants"].management_form]:
        for bound in form:
            value = bound.value()
            data[bound.html_name] = "" if value is None else value
    return data


def test_the_browser_is_told_the_range_too(alice_client, alice_case):
    page = alice_client.get(f"/cases/{alice_case.reference}/tasks/").content.decode()
    assert 'min="1900-01-01"' in page and 'max="2100-12-31"' in page

"""Form fields that offer one value list, with its values read once per form set (not once per row)."""

from django import forms
from django.db.models import Q
from django.forms.models import ModelChoiceIterator

from lookups.models import LookupValue


class LookupChoices:
    """Active values of each list, fetched once and shared by every field that renders them."""

    def __init__(self):
        self._values: dict[str, list[LookupValue]] | None = None

    def of(self, value_list: str) -> list[LookupValue]:
        if self._values is None:
            self._values = {}
            for value in LookupValue.objects.active():
                self._values.setdefault(value.value_list, []).append(value)
        return self._values.get(value_list, [])


class _SharedIterator(ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        values = list(self.field.shared.of(self.field.value_list))
        current = self.field.current
        if current is not None and all(v.pk != current.pk for v in values):
            values.append(current)  # a retired value stays visible on the case that has it
        for value in values:
            yield self.choice(value)

    def __len__(self):
        return sum(1 for _ in self)


class LookupChoiceField(forms.ModelChoiceField):
    iterator = _SharedIterator

    def __init__(self, value_list: str, *, shared: LookupChoices | None = None, **kwargs):
        kwargs.setdefault("empty_label", "— choose —")
        super().__init__(queryset=LookupValue.objects.filter(value_list=value_list, active=True), **kwargs)
        self.value_list = value_list
        self.shared = shared or LookupChoices()
        self.current: LookupValue | None = None

    def __deepcopy__(self, memo):
        # Each form gets its own cache: one declared on a form class must not keep values across requests.
        field = super().__deepcopy__(memo)
        field.shared = LookupChoices()
        return field

    def keep_current(self, current: LookupValue | None) -> None:
        """Accept the value the record already has, even if it has since been retired."""
        self.current = current
        if current is not None and not current.active:
            self.queryset = LookupValue.objects.filter(value_list=self.value_list).filter(
                Q(active=True) | Q(pk=current.pk)
            )


class LookupFieldsMixin:
    """For model forms: ``lookup_fields = {"field": ValueList.X}`` turns those FKs into list drop-downs."""

    lookup_fields: dict[str, str] = {}

    def __init__(self, *args, lookup_choices: LookupChoices | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        shared = lookup_choices or LookupChoices()
        for name, value_list in self.lookup_fields.items():
            old = self.fields[name]
            field = LookupChoiceField(
                value_list, shared=shared, required=old.required, label=old.label, help_text=old.help_text
            )
            field.keep_current(getattr(self.instance, name, None) if self.instance.pk else None)
            self.fields[name] = field

"""Path converters: every path parameter is parsed here, so a bad value is a 404, never a 500.

Django's ``int`` accepts any number of digits (20 of them overflow SQLite and PostgreSQL) and ``str``
accepts anything but a slash (a NUL byte makes PostgreSQL refuse the query). Use these instead;
``tests/test_hostile_input.py`` fails on a URL pattern that does not.

- ``<id:pk>``: a database id, 1 to 2**63 - 1 (every table's key is a 64-bit BigAutoField).
- ``<case_ref:reference>``: a case reference as lib.references makes it, e.g. ``CD-2026-000042``.
"""

from django.urls import register_converter

MAX_ID = 2**63 - 1


class IdConverter:
    # [0-9], not \d: \d also matches other scripts' digits, which int() may or may not accept.
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 1 <= number <= MAX_ID:
            raise ValueError("not a database id")  # Django answers 404
        return number

    def to_url(self, value) -> str:
        return str(int(value))


class CaseReferenceConverter:
    # "CD-", the year, "-", the running number (6 digits, more once a year passes a million cases);
    # at most 20 characters, the column's length.
    regex = "CD-[0-9]{4}-[0-9]{6,11}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return str(value)


def register() -> None:
    register_converter(IdConverter, "id")
    register_converter(CaseReferenceConverter, "case_ref")

"""Reading typed values out of JSON bodies, collecting every problem at once, and UK formats.

Each problem is a ``FieldError`` with the dotted path of the field, a stable code and a human
message. The codes used here are required, invalid_type, invalid_choice, invalid_format,
out_of_range and too_long; callers add their own.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime

from simulators.common.timeutil import parse_instant

# UK formats both portals' claim forms use.
POSTCODE = re.compile(
    r"^(GIR ?0AA|[A-PR-UWYZ]([0-9]{1,2}|[A-HK-Y][0-9][0-9ABEHMNPRV-Y]?|[0-9][A-HJKPS-UW])"
    r" ?[0-9][ABD-HJLNP-UW-Z]{2})$"
)
NINO = re.compile(r"^(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]$")


@dataclass(frozen=True)
class FieldError:
    """One problem with one field."""

    field: str
    code: str
    message: str

    def to_json(self) -> dict:
        """The error as the API reports it."""
        return {"field": self.field, "code": self.code, "message": self.message}


class Checker:
    """Reads typed values out of nested JSON, collecting a FieldError for each problem."""

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def add(self, field: str, code: str, message: str) -> None:
        """Record a problem."""
        self.errors.append(FieldError(field, code, message))

    def _get(self, obj: dict, key: str, path: str, required: bool, kind: type | tuple, kind_name: str):
        value = obj.get(key)
        if value is None or value == "":
            if required:
                self.add(path, "required", f"{path} is required.")
            return None
        # bool is a subclass of int in Python, but true/false is not a number on the wire.
        if isinstance(value, bool) != (kind is bool) or not isinstance(value, kind):
            self.add(path, "invalid_type", f"{path} must be {kind_name}.")
            return None
        return value

    def section(self, obj: dict, key: str, path: str, required: bool = True) -> dict | None:
        """A nested object."""
        return self._get(obj, key, path, required, dict, "an object")

    def items(self, obj: dict, key: str, path: str, *, min_items: int = 0, max_items: int = 50) -> list[dict]:
        """A list of objects (missing means empty)."""
        value = self._get(obj, key, path, min_items > 0, list, "a list")
        if value is None:
            return []
        if min_items and not value:
            self.add(path, "required", f"{path} needs at least {min_items} entry.")
        elif not min_items <= len(value) <= max_items:
            self.add(path, "out_of_range", f"{path} must have between {min_items} and {max_items} entries.")
        good = [item for item in value if isinstance(item, dict)]
        if len(good) != len(value):
            self.add(path, "invalid_type", f"Every entry of {path} must be an object.")
        return good[:max_items]

    def text(
        self, obj: dict, key: str, path: str, *, required: bool = True, max_length: int = 200
    ) -> str | None:
        """A string, stripped."""
        value = self._get(obj, key, path, required, str, "text")
        if value is None:
            return None
        if len(value) > max_length:
            self.add(path, "too_long", f"{path} must be at most {max_length} characters.")
        stripped = value.strip()
        if not stripped and required:
            self.add(path, "required", f"{path} is required.")
        return stripped or None

    def flag(self, obj: dict, key: str, path: str, *, required: bool = True) -> bool | None:
        """A boolean."""
        return self._get(obj, key, path, required, bool, "true or false")

    def number(self, obj: dict, key: str, path: str, *, low: float, high: float, required: bool = True):
        """An integer or decimal within [low, high]."""
        value = self._get(obj, key, path, required, (int, float), "a number")
        if value is not None and not low <= value <= high:
            self.add(path, "out_of_range", f"{path} must be between {low:g} and {high:g}.")
        return value

    def whole(
        self, obj: dict, key: str, path: str, *, low: int, high: int, required: bool = True
    ) -> int | None:
        """An integer within [low, high]."""
        value = self._get(obj, key, path, required, int, "a whole number")
        if value is not None and not low <= value <= high:
            self.add(path, "out_of_range", f"{path} must be between {low} and {high}.")
            return None
        return value

    def choice(self, obj: dict, key: str, path: str, options, *, required: bool = True) -> str | None:
        """One of ``options``."""
        value = self._get(obj, key, path, required, str, "text")
        if value is not None and value not in options:
            self.add(path, "invalid_choice", f"{path} must be one of: {', '.join(options)}.")
            return None
        return value

    def day(self, obj: dict, key: str, path: str) -> date | None:
        """A calendar date, YYYY-MM-DD."""
        value = self._get(obj, key, path, True, str, "a date (YYYY-MM-DD)")
        try:
            return date.fromisoformat(value) if value else None
        except ValueError:
            self.add(path, "invalid_format", f"{path} must be a date (YYYY-MM-DD).")
            return None

    def instant(self, obj: dict, key: str, path: str) -> datetime | None:
        """An ISO 8601 date and time."""
        value = self._get(obj, key, path, True, str, "a date and time (ISO 8601)")
        try:
            return parse_instant(value) if value else None
        except ValueError:
            self.add(path, "invalid_format", f"{path} must be a date and time (ISO 8601).")
            return None

    def pattern(self, value: str | None, regex: re.Pattern, path: str, what: str) -> None:
        """Check an already-read text against a format."""
        if value is not None and not regex.match(value):
            self.add(path, "invalid_format", f"{path} must be {what}.")

    def required_if(self, condition: bool | None, obj: dict, key: str, path: str, because: str) -> None:
        """A text that becomes mandatory when ``condition`` holds."""
        if condition and not (isinstance(obj.get(key), str) and obj[key].strip()):
            self.add(path, "required", f"{path} is required when {because}.")

"""Settings shown and changed with camelCase keys, one error listing every problem, env vars."""

import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, replace
from typing import Self


class ConfigError(ValueError):
    """One or more configuration values are invalid; ``problems`` lists them all."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def camel(name: str) -> str:
    """processing_delay_seconds -> processingDelaySeconds."""
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def snake(name: str) -> str:
    """processingDelaySeconds -> processing_delay_seconds."""
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


class Settings:
    """Settings as a frozen dataclass, shown and changed with camelCase keys.

    A subclass says how one value is checked (``checked``).
    """

    def to_json(self) -> dict:
        """The settings with camelCase keys, as the control API shows them."""
        return {camel(name): value for name, value in asdict(self).items()}

    def updated(self, changes: Mapping) -> Self:
        """A copy with camelCase ``changes`` applied; raise ``ConfigError`` listing every problem."""
        problems: list[str] = []
        values = {}
        for key, value in changes.items():
            name = snake(key)
            values[name] = self.checked(key, name, value, problems)
        if problems:
            raise ConfigError(problems)
        return replace(self, **values)

    def checked(self, key: str, name: str, value: object, problems: list[str]) -> object:
        """The value to set for ``key`` (setting ``name``); note what is wrong with it in ``problems``."""
        raise NotImplementedError


def checked_int(key: str, value: object, minimum: int, problems: list[str]) -> int:
    """``value`` if it is an integer >= ``minimum``; otherwise note the problem and return ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        problems.append(f"{key}: must be an integer >= {minimum}")
        return minimum
    return value


def int_overrides_from_env(environ: Mapping[str, str], prefix: str, names: Iterable[str]) -> dict:
    """camelCase overrides read from ``<prefix><SETTING>`` variables holding integers."""
    overrides: dict = {}
    for name in names:
        raw = environ.get(prefix + name.upper())
        if raw is None:
            continue
        try:
            overrides[camel(name)] = int(raw)
        except ValueError as error:
            raise ConfigError([f"{prefix}{name.upper()}: {error}"]) from error
    return overrides

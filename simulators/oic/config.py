"""Simulator configuration: defaults, environment variables, CLI flags and the control API.

Precedence at start-up: defaults < values persisted in the database < ``OIC_SIM_*``
environment variables < CLI flags (or an explicit ``SimConfig`` given to ``run_in_thread``).
The result is persisted, and ``PUT /_sim/config`` changes it at run time.
"""

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, fields

from simulators.common.config import ConfigError, Settings, checked_int, int_overrides_from_env
from simulators.oic.reference import CLAIMANT_ACTIONS

ENV_PREFIX = "OIC_SIM_"

# The API shapes (simulators/oic/shapes.py): ClaimDesk's own, or only what public evidence shows.
SHAPES = ("claimdesk", "evidence")


def default_assignment_periods() -> dict[str, dict[str, int]]:
    """Goal and deadline of each claimant assignment, in business days."""
    return {
        status: {"goalBusinessDays": goal, "deadlineBusinessDays": deadline}
        for status, (_, goal, deadline) in CLAIMANT_ACTIONS.items()
    }


@dataclass(frozen=True)
class SimConfig(Settings):
    """Timings and limits of the simulated portal. Durations in seconds or business days."""

    processing_delay_seconds: int = 120
    scnf_delay_seconds: int = 300
    token_lifetime_seconds: int = 3600
    liability_business_days: int = 30
    liability_business_days_mib: int = 40
    psc_assignment_business_days: int = 1
    withdrawal_ack_business_days: int = 5
    denial_ack_business_days: int = 5
    transfer_delay_seconds: int = 3600
    max_attachment_bytes: int = 10 * 1024 * 1024
    shape: str = "claimdesk"
    assignment_periods: dict[str, dict[str, int]] = field(default_factory=default_assignment_periods)

    def checked(self, key: str, name: str, value: object, problems: list[str]) -> object:
        """The value to set for one setting, noting what is wrong with it."""
        if name == "shape":
            if value not in SHAPES:
                problems.append(f"{key}: must be one of {', '.join(SHAPES)}")
            return value
        if name == "assignment_periods":
            return _merged_periods(self.assignment_periods, value, problems)
        if name not in INT_FIELDS:
            problems.append(f"{key}: unknown setting")
            return value
        return checked_int(key, value, INT_FIELDS[name], problems)


# Minimum allowed value of each integer setting.
INT_FIELDS: dict[str, int] = {
    f.name: (1 if f.name in {"token_lifetime_seconds", "max_attachment_bytes"} else 0)
    for f in fields(SimConfig)
    if f.type is int
}


def _merged_periods(current: dict, changes: object, problems: list[str]) -> dict:
    if not isinstance(changes, Mapping):
        problems.append("assignmentPeriods: must be an object keyed by claim status")
        return current
    merged = {status: dict(period) for status, period in current.items()}
    for status, period in changes.items():
        if status not in CLAIMANT_ACTIONS:
            problems.append(f"assignmentPeriods.{status}: not a status with a claimant assignment")
            continue
        if not isinstance(period, Mapping):
            problems.append(f"assignmentPeriods.{status}: must be an object")
            continue
        entry = merged[status]
        for key in ("goalBusinessDays", "deadlineBusinessDays"):
            if key in period:
                entry[key] = checked_int(f"assignmentPeriods.{status}.{key}", period[key], 0, problems)
        if entry["goalBusinessDays"] > entry["deadlineBusinessDays"]:
            problems.append(f"assignmentPeriods.{status}: the goal must not be after the deadline")
    return merged


def overrides_from_env(environ: Mapping[str, str]) -> dict:
    """camelCase overrides read from ``OIC_SIM_<SETTING>`` variables (JSON for the periods map)."""
    overrides: dict = {}
    if environ.get(ENV_PREFIX + "SHAPE") is not None:
        overrides["shape"] = environ[ENV_PREFIX + "SHAPE"]
    overrides.update(int_overrides_from_env(environ, ENV_PREFIX, INT_FIELDS))
    raw = environ.get(ENV_PREFIX + "ASSIGNMENT_PERIODS")
    if raw is not None:
        try:
            overrides["assignmentPeriods"] = json.loads(raw)
        except ValueError as error:
            raise ConfigError([f"{ENV_PREFIX}ASSIGNMENT_PERIODS: {error}"]) from error
    return overrides

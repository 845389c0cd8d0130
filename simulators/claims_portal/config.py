"""Simulator configuration: defaults, environment variables, CLI flags and the control API.

Precedence at start-up: defaults < values persisted in the database < ``CP_SIM_*``
environment variables < CLI flags (or an explicit ``SimConfig`` given to ``run_in_thread``).
The result is persisted, and ``PUT /_sim/config`` changes it at run time. Periods are
business days unless the name says otherwise.
"""

from collections.abc import Mapping
from dataclasses import dataclass, fields

from simulators.common.config import Settings, checked_int, int_overrides_from_env

ENV_PREFIX = "CP_SIM_"


@dataclass(frozen=True)
class SimConfig(Settings):
    """Timings and limits of the simulated portal (defaults from claims-portal.md section 3.2)."""

    token_lifetime_seconds: int = 3600
    auto_acknowledge_business_days: int = 1
    liability_business_days: int = 15
    liability_business_days_mib: int = 30
    interim_low_business_days: int = 10
    interim_high_business_days: int = 15
    interim_extended_business_days: int = 30
    stage2_decision_business_days: int = 15
    stage2_negotiation_business_days: int = 20
    late_offer_business_days: int = 5
    exit_ack_business_days: int = 5
    notification_retention_days: int = 15
    idempotency_key_hours: int = 24
    max_attachment_bytes: int = 4 * 1024 * 1024
    max_claim_attachment_bytes: int = 20 * 1024 * 1024

    def checked(self, key: str, name: str, value: object, problems: list[str]) -> object:
        """The value to set for one setting, noting what is wrong with it."""
        if name not in INT_FIELDS:
            problems.append(f"{key}: unknown setting")
            return value
        return checked_int(key, value, INT_FIELDS[name], problems)


# The smallest allowed value of each setting (0 switches an automatic compensator step off).
_AT_LEAST_ONE = {
    "token_lifetime_seconds",
    "liability_business_days",
    "liability_business_days_mib",
    "interim_low_business_days",
    "interim_high_business_days",
    "interim_extended_business_days",
    "stage2_decision_business_days",
    "notification_retention_days",
    "idempotency_key_hours",
    "max_attachment_bytes",
    "max_claim_attachment_bytes",
}
INT_FIELDS: dict[str, int] = {f.name: int(f.name in _AT_LEAST_ONE) for f in fields(SimConfig)}


def overrides_from_env(environ: Mapping[str, str]) -> dict:
    """camelCase overrides read from ``CP_SIM_<SETTING>`` variables."""
    return int_overrides_from_env(environ, ENV_PREFIX, INT_FIELDS)

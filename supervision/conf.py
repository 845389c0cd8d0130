"""Supervision's settings: read from the environment here (defaults that suit a claimant firm), and
overridable in Django settings under the same name without the CLAIMDESK_ prefix (tests do)."""

from django.conf import settings

from lib.env import env_int

_DEFAULTS = {
    # How long the dashboard's figures are kept before they are counted again.
    "SUPERVISION_CACHE_SECONDS": env_int("CLAIMDESK_SUPERVISION_CACHE_SECONDS", 300),
    # Drift report: days in the Medical stage with no report, and days an inbound message may stay unread.
    "DRIFT_MEDICAL_REPORT_DAYS": env_int("CLAIMDESK_DRIFT_MEDICAL_REPORT_DAYS", 60),
    "DRIFT_UNREAD_MESSAGE_DAYS": env_int("CLAIMDESK_DRIFT_UNREAD_MESSAGE_DAYS", 5),
    # Claims still waiting for Complete Submission after this many business days are stuck.
    "PENDING_NEW_BUSINESS_DAYS": env_int("CLAIMDESK_PENDING_NEW_BUSINESS_DAYS", 2),
}


def setting(name: str) -> int:
    return getattr(settings, name, _DEFAULTS[name])

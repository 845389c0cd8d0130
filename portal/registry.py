"""Which code serves which portal. The only place in ClaimDesk that chooses by portal.

- ``rules_for(portal)``: the portal's static rules (labels, statuses, checks); no connection needed.
- ``adapter_for(portal)``: a live connection, ready to call; PortalNotConfigured when it cannot be.
- ``availability(portal)``: whether a portal can be used now, and if not why, in words (for the case
  screens, so nobody is offered a button that can only fail).
"""

import importlib
from dataclasses import dataclass

import httpx
from django.conf import settings

from cases.models import Portal
from portal.base import PortalAdapter, PortalRules
from portal.errors import PortalNotConfigured
from portal.models import PortalConnection
from portal.outbound import outbound_url_require

# portal → (module, rules class, adapter class). A portal absent here is "not installed".
_INSTALLED: dict[str, tuple[str, str, str]] = {
    Portal.OIC: ("portal.oic.adapter", "OICRules", "OICAdapter"),
    Portal.CLAIMS_PORTAL: ("portal.claims_portal.adapter", "ClaimsPortalRules", "ClaimsPortalAdapter"),
}


def installed_portals() -> list[str]:
    return [portal for portal in Portal.values if portal in _INSTALLED]


def _load(portal: str, index: int):
    if portal not in _INSTALLED:
        raise PortalNotConfigured(
            f"ClaimDesk cannot talk to the {Portal(portal).label} yet: its integration is not installed."
        )
    module_name, *names = _INSTALLED[portal]
    return getattr(importlib.import_module(module_name), names[index])


def rules_for(portal: str) -> PortalRules:
    """The portal's static rules; PortalNotConfigured when its integration is not installed."""
    return _load(portal, 0)()


def case_sections(portal: str) -> tuple[str, ...]:
    """The Case Details sections the portal's claim form adds (none for a portal not installed)."""
    return rules_for(portal).case_sections if portal in _INSTALLED else ()


def connection_for(portal: str) -> PortalConnection:
    connection, _ = PortalConnection.objects.get_or_create(portal=portal)
    return connection


def adapter_for(portal: str, **client_options) -> PortalAdapter:
    """A connection to ``portal``, ready to call; PortalNotConfigured when it cannot be used yet."""
    adapter_class = _load(portal, 1)
    connection = connection_for(portal)
    outbound_url_require(connection.url)  # where the credentials may go (portal.outbound)
    if connection.token_url:
        outbound_url_require(connection.token_url)
    client_options.setdefault("timeout", httpx.Timeout(settings.PORTAL_TIMEOUT_SECONDS, connect=5.0))
    return adapter_class(connection, **client_options)


def _set_up(connection: PortalConnection | None) -> bool:
    """URL and credentials, and every setting the portal needs besides (e.g. the Claims Portal's loginAs)."""
    if connection is None or not connection.is_configured:
        return False
    return all(getattr(connection, name) for name in rules_for(connection.portal).connection_fields)


def configured_portals() -> list[str]:
    """The installed portals whose connection is set up (what the nightly sync runs for)."""
    stored = {c.portal: c for c in PortalConnection.objects.filter(portal__in=installed_portals())}
    return [portal for portal in installed_portals() if _set_up(stored.get(portal))]


@dataclass(frozen=True)
class Availability:
    ok: bool
    reason: str = ""


def availability(portal: str) -> Availability:
    """Whether cases can be sent to ``portal`` now; if not, why, for the case screens."""
    label = Portal(portal).label
    if portal not in _INSTALLED:
        return Availability(
            False, f"ClaimDesk cannot talk to the {label} yet: its integration is not installed."
        )
    stored = PortalConnection.objects.filter(portal=portal).first()  # a page never creates the record
    if not _set_up(stored):
        return Availability(
            False,
            f"The {label} connection is not set up yet: an administrator must enter it in Portal settings.",
        )
    return Availability(True)

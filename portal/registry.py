"""Which adapter serves which portal. The only place that chooses by portal."""

import httpx
from django.conf import settings

from cases.models import Portal
from portal.errors import PortalNotConfigured
from portal.models import PortalConnection
from portal.outbound import outbound_url_require


def connection_for(portal: str) -> PortalConnection:
    connection, _ = PortalConnection.objects.get_or_create(portal=portal)
    return connection


def adapter_for(portal: str, **client_options):
    """The adapter for ``portal``, ready to call; PortalNotConfigured when it cannot be used yet."""
    connection = connection_for(portal)
    outbound_url_require(connection.url)  # where the credentials may go (portal.outbound)
    if portal == Portal.OIC:
        from portal.oic.adapter import OICAdapter

        client_options.setdefault("timeout", httpx.Timeout(settings.PORTAL_TIMEOUT_SECONDS, connect=5.0))
        return OICAdapter(connection, **client_options)
    raise PortalNotConfigured(
        f"ClaimDesk cannot talk to the {Portal(portal).label} yet: its integration is not installed."
    )

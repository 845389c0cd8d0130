"""Where ClaimDesk may send a portal's credentials.

The portal client posts CLIENTID and CLIENTSECRET to the connection's URL to get a token, so that URL
decides who receives the firm's credentials. The policy, checked when an administrator saves the
settings (portal.forms.ConnectionForm) and again every time an adapter is built
(portal.registry.adapter_for), so a URL stored any other way cannot bypass it:

- https to any host;
- plain http only to this machine (127.0.0.0/8, ::1, localhost: the local simulators), and never in
  production (``settings.PRODUCTION``);
- no user name or password in the address, and nothing two URL parsers could read differently.
"""

import ipaddress
from urllib.parse import urlsplit

import httpx
from django.conf import settings

from portal.errors import PortalNotConfigured

_LOOPBACK_NAMES = {"localhost"}


def is_loopback(host: str) -> bool:
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address in ipaddress.ip_network("127.0.0.0/8") or address == ipaddress.IPv6Address("::1")


def outbound_url_problem(url: str) -> str:
    """Why ClaimDesk must not call ``url``, in words an administrator can act on ("" when it may)."""
    if any(c.isspace() or ord(c) < 32 or c == "\\" for c in url):
        return "The address contains spaces, control characters or a backslash."
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port_ok = parts.port != 0  # .port itself raises ValueError when it is not a port number
        understood_by_client = httpx.URL(url).host
    except (ValueError, httpx.InvalidURL):
        port_ok = False
    if not port_ok:
        return "This is not a web address ClaimDesk can use."
    if not host:
        return "The address has no host name; it should look like https://portal.example."
    if parts.username is not None or parts.password is not None:
        return "The address must not contain a user name or password."
    if understood_by_client.lower() != host.lower():
        return "The address's host name is ambiguous."
    if parts.scheme == "https":
        return ""
    if parts.scheme == "http" and is_loopback(host) and not settings.PRODUCTION:
        return ""  # a simulator on this machine, in development and tests
    if parts.scheme == "http":
        return (
            "The address must start with https:// — ClaimDesk sends the firm's portal credentials "
            "to it, and plain http would expose them on the network."
        )
    return "The address must start with https://."


def outbound_url_require(url: str) -> None:
    """Raise PortalNotConfigured unless ClaimDesk may send credentials to ``url``.

    A blank URL passes: the connection is not set up yet, and the adapter says so in its own words.
    """
    problem = outbound_url_problem(url) if url else ""
    if problem:
        raise PortalNotConfigured(
            f"ClaimDesk will not call the portal at the URL in its settings. {problem} "
            "An administrator can correct the URL under Portal settings."
        )

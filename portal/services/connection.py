"""Portal connection settings (the seed's Advanced Settings, parameter group 200019 for OIC)."""

import logging

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.notify import security_notice_send
from portal.errors import PortalError
from portal.models import PortalConnection
from portal.outbound import outbound_url_problem
from portal.registry import adapter_for, rules_for

logger = logging.getLogger(__name__)


@transaction.atomic
def connection_save(
    *,
    connection: PortalConnection,
    url: str,
    web_url: str,
    client_id: str | None,
    client_secret: str | None,
    acting_user: User,
    extras: dict | None = None,
) -> PortalConnection:
    """Save the settings. ``None`` for a credential keeps the stored one; a new credential drops the
    cached ACCESSTOKEN, which belonged to the old one.

    ValueError when the URL breaks the outbound policy (portal.outbound), or moves without a new
    CLIENTSECRET: the stored secret is sent to the URL, so it never follows a new one unasked.
    """
    problem = outbound_url_problem(url) if url else ""
    if problem:
        raise ValueError(problem)
    if url.rstrip("/") != connection.url.rstrip("/") and client_secret is None and connection.client_secret:
        raise ValueError("Enter CLIENTSECRET again to change the URL: ClaimDesk sends it to that address.")
    changed = []
    if url != connection.url:
        connection.url = url
        changed.append("URL")
    if web_url != connection.web_url:
        connection.web_url = web_url
        changed.append("portal web site")
    if client_id is not None and client_id != connection.client_id:
        connection.client_id = client_id
        changed.append("CLIENTID")
    for name, value in (extras or {}).items():  # the portal's own settings (e.g. loginAs)
        if value != getattr(connection, name):
            setattr(connection, name, value)
            changed.append(PortalConnection._meta.get_field(name).verbose_name)
    if client_secret is not None:
        connection.client_secret = client_secret
        connection.secret_changed_at = timezone.now()
        changed.append("CLIENTSECRET")
    if {"CLIENTID", "CLIENTSECRET", "URL", "loginAs"} & set(changed):
        connection.access_token, connection.access_token_expires_at = "", None
    connection.full_clean()
    connection.save()
    # Names of what changed, never values.
    logger.info(
        "%s settings changed by %s: %s", connection, acting_user.username, ", ".join(changed) or "nothing"
    )
    if changed:
        what = f"The {connection.get_portal_display()} settings were changed ({', '.join(changed)})"
        security_notice_send(to=acting_user, what=what, acting_user=acting_user)
    return connection


@transaction.atomic
def connection_addresses_save(
    *,
    connection: PortalConnection,
    token_url: str,
    endpoints: dict[str, tuple[str, str]],
    client_secret: str | None,
    acting_user: User,
) -> PortalConnection:
    """Save the token URL and the operations' addresses that differ from the portal's defaults.

    ValueError (nothing saved) for an address the portal's rules refuse, a token URL against the
    outbound policy, or a token URL that moves without CLIENTSECRET typed again (it is sent there).
    """
    rules = rules_for(connection.portal)
    defaults = rules.endpoint_defaults()
    problems = [rules.endpoint_problem(name, *address) for name, address in endpoints.items()]
    if token_url:
        problems.append(outbound_url_problem(token_url))
    if token_url != connection.token_url and client_secret is None and connection.client_secret:
        problems.append("Enter CLIENTSECRET again to change the token URL: ClaimDesk sends it there.")
    if any(problems):
        raise ValueError(" ".join(p for p in problems if p))
    overrides = {
        name: {"method": method, "path": path}
        for name, (method, path) in endpoints.items()
        if (method, path) != defaults.get(name)
    }
    changed = [
        label
        for label, moved in (
            ("token URL", token_url != connection.token_url),
            ("operation addresses", overrides != connection.endpoints),
        )
        if moved
    ]
    connection.token_url, connection.endpoints = token_url, overrides
    if client_secret is not None:
        connection.client_secret, connection.secret_changed_at = client_secret, timezone.now()
        changed.append("CLIENTSECRET")
    if changed:
        connection.access_token, connection.access_token_expires_at = "", None
    connection.full_clean()
    connection.save()
    logger.info(
        "%s addresses changed by %s: %s", connection, acting_user.username, ", ".join(changed) or "nothing"
    )
    if changed:
        what = f"The {connection.get_portal_display()} settings were changed ({', '.join(changed)})"
        security_notice_send(to=acting_user, what=what, acting_user=acting_user)
    return connection


@transaction.atomic
def connection_forget_token(*, connection: PortalConnection, acting_user: User) -> None:
    connection.access_token, connection.access_token_expires_at = "", None
    connection.save(update_fields=["access_token", "access_token_expires_at", "updated_at"])
    logger.info("%s cached access token cleared by %s", connection, acting_user.username)


def connection_test(*, connection: PortalConnection) -> tuple[bool, str]:
    """Try the connection for real; returns (ok, what happened in words, or the portal's own complaint)."""
    try:
        adapter = adapter_for(connection.portal)
        try:
            ok, message = True, adapter.test_connection()
        finally:
            adapter.close()
    except PortalError as exc:
        ok, message = False, exc.message
    PortalConnection.objects.filter(pk=connection.pk).update(
        last_test_at=timezone.now(), last_test_ok=ok, last_test_message=message[:300]
    )
    return ok, message

"""Access tokens for a portal connection: cached with their expiry, refreshed by one caller at a time.

The token lives in the connection's ACCESSTOKEN parameter (encrypted) so every process shares it.
A refresh takes a row lock on the connection (single flight across processes) and a thread lock
(single flight within one): whoever waited re-reads the row and uses the token the first caller got.
"""

import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from portal.models import PortalConnection

LEEWAY_SECONDS = 60  # a token counts as expired this long before it really does (Authlib's default)


@dataclass(frozen=True)
class Token:
    value: str
    expires_at: dt.datetime

    def usable(self, now: dt.datetime) -> bool:
        return bool(self.value) and self.expires_at - dt.timedelta(seconds=LEEWAY_SECONDS) > now


_thread_locks: dict[int, threading.Lock] = {}
_guard = threading.Lock()


def _lock_for(connection_pk: int) -> threading.Lock:
    with _guard:
        return _thread_locks.setdefault(connection_pk, threading.Lock())


class TokenSource:
    """Gives a valid token for one connection; ``fetch`` asks the portal for a new one."""

    def __init__(self, connection_pk: int, fetch: Callable[[], Token]):
        self.connection_pk = connection_pk
        self.fetch = fetch
        self._cached: Token | None = None

    def current(self) -> str:
        now = timezone.now()
        if self._cached and self._cached.usable(now):
            return self._cached.value
        stored = self._stored()
        if stored and stored.usable(now):
            self._cached = stored
            return stored.value
        return self.refresh(stale=stored.value if stored else None)

    def refresh(self, *, stale: str | None) -> str:
        """Get a new token unless another caller already replaced ``stale``; returns the token to use."""
        with _lock_for(self.connection_pk), transaction.atomic():
            connection = PortalConnection.objects.select_for_update().get(pk=self.connection_pk)
            stored = self._token_of(connection)
            if stored and stored.value != stale and stored.usable(timezone.now()):
                self._cached = stored
                return stored.value
            token = self.fetch()
            connection.access_token, connection.access_token_expires_at = token.value, token.expires_at
            connection.save(update_fields=["access_token", "access_token_expires_at", "updated_at"])
        self._cached = token
        return token.value

    def forget(self) -> None:
        self._cached = None

    def _stored(self) -> Token | None:
        return self._token_of(PortalConnection.objects.get(pk=self.connection_pk))

    @staticmethod
    def _token_of(connection: PortalConnection) -> Token | None:
        if not connection.access_token or connection.access_token_expires_at is None:
            return None
        return Token(connection.access_token, connection.access_token_expires_at)

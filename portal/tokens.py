"""Access tokens for a portal connection: cached with their expiry, refreshed by one caller at a time.

The token lives in the connection's ACCESSTOKEN parameter (encrypted) so every process shares it.
A token counts as expired a little before it really is: a tenth of its lifetime, at most a minute,
so a token that lives 30 s is used for 27 s rather than fetched again on every call.

Refreshing is single-flight: within a process a lock lets one thread fetch while the others wait
and then use its token. On PostgreSQL the fetch also holds a row lock on the connection, so other
processes wait for it too; on SQLite (one machine, the demo) it does not, because SQLite's only lock
would stop every other write in ClaimDesk for as long as the portal takes to answer.
"""

import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection as db_connection
from django.db import transaction
from django.utils import timezone

from portal.models import PortalConnection

MAX_LEEWAY = dt.timedelta(seconds=60)
LEEWAY_FRACTION = 0.1


@dataclass(frozen=True)
class Token:
    value: str
    expires_at: dt.datetime
    issued_at: dt.datetime | None = None

    @property
    def leeway(self) -> dt.timedelta:
        if self.issued_at is None:
            return MAX_LEEWAY
        return min(MAX_LEEWAY, (self.expires_at - self.issued_at) * LEEWAY_FRACTION)

    def usable(self, now: dt.datetime) -> bool:
        return bool(self.value) and self.expires_at - self.leeway > now


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
        with _lock_for(self.connection_pk):
            fresh = self._replaced(self._stored(), stale)
            if fresh is None:
                if db_connection.features.has_select_for_update:
                    with transaction.atomic():
                        row = PortalConnection.objects.select_for_update().get(pk=self.connection_pk)
                        fresh = self._replaced(_token_of(row), stale) or self._fetch_and_store(row)
                else:
                    fresh = self._fetch_and_store(PortalConnection.objects.get(pk=self.connection_pk))
        self._cached = fresh
        return fresh.value

    def _replaced(self, stored: "Token | None", stale: str | None) -> "Token | None":
        """The stored token, if someone else already replaced the stale one with a usable token."""
        if stored and stored.value != stale and stored.usable(timezone.now()):
            return stored
        return None

    def _fetch_and_store(self, row: PortalConnection) -> Token:
        token = self.fetch()
        PortalConnection.objects.filter(pk=row.pk).update(
            access_token=token.value,
            access_token_expires_at=token.expires_at,
            access_token_issued_at=token.issued_at,
            updated_at=timezone.now(),
        )
        return token

    def _stored(self) -> Token | None:
        return _token_of(PortalConnection.objects.get(pk=self.connection_pk))


def _token_of(connection: PortalConnection) -> Token | None:
    if not connection.access_token or connection.access_token_expires_at is None:
        return None
    return Token(
        connection.access_token, connection.access_token_expires_at, connection.access_token_issued_at
    )

"""Fencing: a sync run writes only while it still holds the portal's lease.

Every write transaction of a run first checks the lease's token (``fenced``). On PostgreSQL the
check takes a share lock on the lease row, so a run that is taking the lease over waits until the
write in flight commits, and every later write of the old run sees the new token and stops. On
SQLite every write transaction is serialised anyway, so a plain read is as good. Re-Sync and other
one-off refreshes run unfenced.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

from django.db import connection, transaction

from portal.models import SyncState


class LeaseLost(Exception):
    """This run no longer holds the sync lease: another run took over. Stop before writing."""


class Fence(Protocol):
    def check(self) -> None:
        """Raise LeaseLost unless the writer still holds its lease (call inside the write transaction)."""
        ...


class _NoFence:
    def check(self) -> None:
        return None


NO_FENCE: Fence = _NoFence()


class LeaseFence:
    """The lease of one sync run: the portal's SyncState row must still carry ``token``."""

    def __init__(self, portal: str, token: str):
        self.portal, self.token = portal, token

    def check(self) -> None:
        table = SyncState._meta.db_table
        share = " FOR SHARE" if connection.vendor == "postgresql" else ""
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT lock_token FROM {table} WHERE portal = %s{share}", [self.portal])  # noqa: S608  # nosec B608
            row = cursor.fetchone()
        if row is None or row[0] != self.token:
            raise LeaseLost("Another sync run has taken over this portal's lease.")


@contextmanager
def fenced(fence: Fence) -> Iterator[None]:
    """A write transaction that runs only while ``fence`` holds."""
    with transaction.atomic():
        fence.check()
        yield

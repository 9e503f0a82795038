"""Django's PostgreSQL backend, checking a reused connection without a query.

With persistent connections (CONN_MAX_AGE) Django's health check sends `SELECT 1` before the first
query of every request, to notice a connection the server has dropped (a restart, an idle timeout,
a failover). On a signed-in page that is one round trip in three. When PostgreSQL ends a connection
it says so on the socket — a termination notice, then end of file — so an idle connection whose
socket has anything to read is the one to check; one with nothing waiting is checked for free.
Only a network that vanishes without a word gets past this, and `SELECT 1` would then hang too.
"""

from __future__ import annotations

import select

from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self) -> bool:
        connection = self.connection
        if connection is None or connection.closed or connection.broken:
            return False
        try:
            readable, _writable, _failed = select.select([connection.fileno()], [], [], 0)
        except (OSError, ValueError):  # the socket is already gone
            return False
        if not readable:
            return True
        # Something is waiting on an idle connection: most likely the server saying goodbye. The
        # query reads it and tells a dropped connection from a harmless message.
        return bool(super().is_usable())

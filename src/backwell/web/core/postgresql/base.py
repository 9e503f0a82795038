"""Django's PostgreSQL backend, checking a reused connection without a query, with prepared statements
for the few hot fixed queries that ask for them (`prepared_cursor`).

With persistent connections (CONN_MAX_AGE) Django's health check sends `SELECT 1` before the first
query of every request, to notice a connection the server has dropped (a restart, an idle timeout,
a failover). On a signed-in page that is one round trip in three. When PostgreSQL ends a connection
it says so on the socket — a termination notice, then end of file — so an idle connection whose
socket has anything to read is the one to check; one with nothing waiting is checked for free.
Only a network that vanishes without a word gets past this, and `SELECT 1` would then hang too.
"""

from __future__ import annotations

import select
from typing import Any

import psycopg
from django.db.backends.postgresql import base
from django.db.backends.postgresql.psycopg_any import register_tzloader
from psycopg.pq import Format

TIMESTAMPTZ_OID = psycopg.adapters.types["timestamptz"].oid


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

    def prepared_cursor(self) -> Any:
        """A cursor that binds parameters on the server, so psycopg prepares a statement it has run a few
        times on this connection (`prepare_threshold`) and PostgreSQL plans it once per connection.

        For the few fixed queries every visit to a page runs whose planning costs as much as running
        them (the clinician's worklist stamp: ~2 ms to plan, measured). Django's own cursors bind on the
        client, where nothing can be prepared; this one is wrapped like them, so errors and query
        logging see it as any other. Behind PgBouncer in transaction mode this needs PgBouncer 1.21 or
        later with `max_prepared_statements` set.
        """
        self.close_if_health_check_failed()
        self.ensure_connection()
        with self.wrap_database_errors:
            # Same as Django's create_cursor, with psycopg's server-binding class instead of ClientCursor.
            cursor: Any = psycopg.Cursor(self.connection)
            tzloader = self.connection.adapters.get_loader(TIMESTAMPTZ_OID, Format.TEXT)
            if self.timezone != tzloader.timezone:
                register_tzloader(self.timezone, cursor)
            # What Django's _prepare_cursor does: the debug wrapper when queries are being logged.
            self.validate_thread_sharing()
            return self.make_debug_cursor(cursor) if self.queries_logged else self.make_cursor(cursor)

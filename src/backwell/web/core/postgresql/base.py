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
from django.db.backends.postgresql import base, operations
from django.db.backends.postgresql.psycopg_any import register_tzloader
from psycopg.pq import Format

TIMESTAMPTZ_OID = psycopg.adapters.types["timestamptz"].oid


class _PreparingCursor(psycopg.Cursor[Any]):
    """psycopg's server-binding cursor, preparing every statement it runs.

    Django turns psycopg's automatic preparation off (`prepare_threshold` None unless set in OPTIONS,
    where it would apply to every query); this cursor asks for it on the few statements sent through
    it, each prepared on first use and then only executed on that connection.
    """

    def execute(
        self, query: Any, params: Any = None, *, prepare: bool | None = None, binary: bool | None = None
    ) -> Any:
        return super().execute(query, params, prepare=True if prepare is None else prepare, binary=binary)


class DatabaseOperations(operations.DatabaseOperations):
    def last_executed_query(self, cursor: Any, sql: str, params: Any) -> str:
        # psycopg keeps no text for a prepared statement it executes again: show the statement as
        # written, so query logging and CaptureQueriesContext still name it.
        found: str | None = super().last_executed_query(cursor, sql, params)
        return found if found is not None else sql


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations

    def get_connection_params(self) -> dict[str, Any]:
        params: dict[str, Any] = super().get_connection_params()
        # Django disables psycopg's prepared statements unless OPTIONS sets `prepare_threshold`, and
        # then nothing can be prepared, `prepared_cursor` included. Django's own cursors bind on the
        # client and never prepare whatever this says, so turning it on affects `prepared_cursor`
        # alone. OPTIONS {"prepare_threshold": None} (DATABASE_PREPARE=0) turns it off again.
        if "prepare_threshold" not in self.settings_dict["OPTIONS"]:
            params["prepare_threshold"] = 5
        return params

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
        """A cursor that binds parameters on the server and prepares what it runs, so PostgreSQL plans each
        statement once per connection.

        For the few fixed statements nearly every request runs (core/prepared.py), whose planning costs
        more than running them (the person's load with a page's stamp: 185 µs of PostgreSQL's CPU
        planned each time, 40 µs prepared, measured). Django's own cursors bind on the client, where
        nothing can be prepared; this one is wrapped like them, so errors and query logging see it as
        any other. Behind PgBouncer in transaction mode this needs PgBouncer 1.21 or later with
        `max_prepared_statements` set (or DATABASE_PREPARE=0).
        """
        self.close_if_health_check_failed()
        self.ensure_connection()
        with self.wrap_database_errors:
            # Same as Django's create_cursor, with psycopg's server-binding class instead of ClientCursor.
            cursor: Any = _PreparingCursor(self.connection)
            tzloader = self.connection.adapters.get_loader(TIMESTAMPTZ_OID, Format.TEXT)
            if self.timezone != tzloader.timezone:
                register_tzloader(self.timezone, cursor)
            # What Django's _prepare_cursor does: the debug wrapper when queries are being logged.
            self.validate_thread_sharing()
            return self.make_debug_cursor(cursor) if self.queries_logged else self.make_cursor(cursor)

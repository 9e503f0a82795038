"""Django's SQLite backend, with writers from several processes taking turns through a file lock.

SQLite lets one connection write at a time. A second writer is told "busy", and SQLite's busy
handler then sleeps — a millisecond at first, more after each try — even if the first writer finishes
microseconds later. With two gunicorn workers writing check-ins at once, those sleeps left the CPU idle
for a fifth of the time. Here each write first takes an exclusive lock on a file beside the database
(write transactions from their BEGIN to their COMMIT or ROLLBACK, single writing statements for their
duration); waiting on it is polled in steps of tens of microseconds, so the next writer starts almost
as soon as the lock is free.

The gate only makes waiting cheaper: SQLite's own locking still guarantees correctness, so a writing
statement this module does not recognise, or a wait that runs past the database timeout, simply falls
back to SQLite's busy handling.
"""

from __future__ import annotations

import fcntl
import os
import time
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from django.db.backends.sqlite3 import base

# Positional queries converted from Django's %s style to sqlite3's ? style, by their text. The
# conversion is a regular expression over the whole statement on every execute; a signed-in page's
# person load with its stamp is a long statement, run on every request. Bounded: statements with
# IN-lists of varying length are distinct texts, so the table is emptied when it is full, and very
# long statements (big IN-lists, rarely repeated) are not kept: at most about 8 MB per process.
_QMARK_QUERIES: dict[str, str] = {}
QMARK_QUERIES_MAX = 1024
QMARK_QUERY_LONGEST = 4096

WRITE_KEYWORDS = ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER")
# Polling steps while another process writes: start at 20 µs, double up to 1 ms.
FIRST_WAIT, LONGEST_WAIT = 20e-6, 1e-3


class WriteGate:
    """An exclusive lock on `<database>-writer.lock`, held by one connection at a time."""

    def __init__(self, path: str, timeout: float) -> None:
        self.fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        self.timeout = timeout
        self.held = False

    def acquire(self) -> None:
        if self.held:
            return
        deadline = time.monotonic() + self.timeout
        wait = FIRST_WAIT
        while True:
            try:
                fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if time.monotonic() > deadline:
                    return  # give up on the gate: SQLite's busy timeout decides from here
                time.sleep(wait)
                wait = min(wait * 2, LONGEST_WAIT)
            else:
                self.held = True
                return

    def release(self) -> None:
        if self.held:
            self.held = False
            fcntl.flock(self.fd, fcntl.LOCK_UN)

    def close(self) -> None:
        self.release()
        os.close(self.fd)

    def __enter__(self) -> WriteGate:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def is_write(query: str) -> bool:
    return query.lstrip()[:7].upper().startswith(WRITE_KEYWORDS)


class DatabaseWrapper(base.DatabaseWrapper):
    gate: WriteGate | None = None
    _gated_cursor: type[base.SQLiteCursorWrapper] | None = None

    def get_new_connection(self, conn_params: dict[str, Any]) -> Any:
        connection = super().get_new_connection(conn_params)
        # Deleted rows are overwritten with zeros instead of lingering in free pages of the file,
        # so an erased account cannot be read back from the database file (docs/data-export.md).
        connection.execute("PRAGMA secure_delete = ON")
        if self.gate is None and not self.is_in_memory_db():
            self.gate = WriteGate(
                f"{self.settings_dict['NAME']}-writer.lock", float(conn_params.get("timeout", 5))
            )
        return connection

    def create_cursor(self, name: str | None = None) -> Any:
        if self._gated_cursor is None:
            self._gated_cursor = self._cursor_class()
        return self.connection.cursor(factory=self._gated_cursor)

    def _cursor_class(self) -> type[base.SQLiteCursorWrapper]:
        wrapper = self

        class GatedCursor(base.SQLiteCursorWrapper):
            """Outside a transaction, a writing statement takes the gate for its own duration."""

            def execute(self, query: str, params: Any = None) -> Any:
                with wrapper._gate_for(self.connection, query):
                    return super().execute(query, params)

            def executemany(self, query: str, param_list: Any) -> Any:
                with wrapper._gate_for(self.connection, query):
                    return super().executemany(query, param_list)

            def convert_query(self, query: str, *, param_names: Any = None) -> str:
                if param_names is not None:
                    return str(super().convert_query(query, param_names=param_names))
                converted = _QMARK_QUERIES.get(query)
                if converted is None:
                    converted = str(super().convert_query(query))
                    if len(query) > QMARK_QUERY_LONGEST:
                        return converted
                    if len(_QMARK_QUERIES) >= QMARK_QUERIES_MAX:
                        _QMARK_QUERIES.clear()
                    _QMARK_QUERIES[query] = converted
                return converted

        return GatedCursor

    def _gate_for(self, sqlite_connection: Any, query: str) -> AbstractContextManager[object]:
        if self.gate is None or sqlite_connection.in_transaction or not is_write(query):
            return nullcontext()
        return self.gate

    def _start_transaction_under_autocommit(self) -> None:
        # BEGIN IMMEDIATE takes SQLite's write lock, so the gate is taken first and kept until the end.
        if self.gate is not None:
            self.gate.acquire()
        try:
            super()._start_transaction_under_autocommit()  # type: ignore[misc]  # private hooks the stubs leave out
        except BaseException:
            self._release_gate()
            raise

    def _commit(self) -> None:
        try:
            super()._commit()  # type: ignore[misc]  # private hooks the stubs leave out
        finally:
            self._release_gate()

    def _rollback(self) -> None:
        try:
            super()._rollback()  # type: ignore[misc]  # private hooks the stubs leave out
        finally:
            self._release_gate()

    def _close(self) -> None:
        try:
            super()._close()  # type: ignore[misc]  # private hooks the stubs leave out
        finally:
            if self.gate is not None:
                self.gate.close()
                self.gate = None

    def _release_gate(self) -> None:
        if self.gate is not None:
            self.gate.release()

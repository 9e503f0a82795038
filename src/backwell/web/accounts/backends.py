"""Signing in: Django's model backend, with the person loaded faster on every request, and in the same
round trip as a page's own first query when the page asks for it (`Companion`)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.sql.compiler import SQLCompiler

from backwell.web.core.prepared import fetch_one

from .models import User


class _CompiledUserQuery:
    """`User.objects.get(pk=…)`, compiled once per database connection instead of once per request.

    Every signed-in request loads the person by id. The ORM builds that same query from scratch each
    time, and building it costs several times what running it does. Here Django's own compiler builds
    it once; each request then runs the SQL and passes the row through the same converters (dates,
    time zones) the ORM would.
    """

    def __init__(self, db: BaseDatabaseWrapper) -> None:
        self.db = db
        compiler: SQLCompiler = User._default_manager.filter(pk=0).query.get_compiler(connection=db)
        self.sql, _params = compiler.as_sql()
        columns = [column for column, _sql, _alias in compiler.select]
        self.names = [column.target.attname for column in columns]
        self.compiler = compiler
        self.converters = compiler.get_converters(columns)

    def get(self, pk: Any) -> User | None:
        companion: Companion | None = getattr(_local, "companion", None)
        sql, params = self.sql, [pk]
        if companion is not None and not companion.ran:
            # One row: the person's columns, then the companion's (NULLs when it finds nothing).
            sql = f"SELECT u.*, c.* FROM ({self.sql}) u LEFT JOIN ({companion.sql}) c ON 1 = 1"  # noqa: S608
            companion.sent = tuple(companion.params(pk))
            params = [pk, *companion.sent]
        # Prepared on PostgreSQL: every signed-in request runs one of a handful of these statements, and
        # planning the person's load with a page's stamp costs PostgreSQL more than running it.
        row = fetch_one(sql, params, db=self.db)
        if companion is not None and not companion.ran:
            companion.ran = True
            extra = tuple(row[len(self.names) :]) if row is not None else ()
            companion.row = extra if extra and extra[0] is not None else None
        if row is None:
            return None
        values = next(iter(self.compiler.apply_converters([row[: len(self.names)]], self.converters)))
        return User.from_db(self.db.alias, self.names, values)


@dataclass
class Companion:
    """A page's first query, run in the same round trip as loading the signed-in person.

    `sql` takes `params(pk)` (the person's id is known only from the session). It must return at most
    one row whose first column is never NULL when a row is found: with no row, `row` is None.
    """

    sql: str
    params: Callable[[Any], Sequence[Any]]
    row: tuple[Any, ...] | None = None
    ran: bool = False
    # The parameters it ran with: only a caller asking the very same question gets its row.
    sent: tuple[Any, ...] = ()


@contextmanager
def person_loaded_with(companion: Companion) -> Iterator[Companion]:
    """While inside, loading the signed-in person (Django's `get_user`) also runs `companion`.

    Django's own checks stay as they are: the session's password hash and whether the person may
    sign in are verified on the loaded person exactly as without a companion.
    """
    previous = getattr(_local, "companion", None)
    _local.companion = companion
    try:
        yield companion
    finally:
        _local.companion = previous


def companion_row(sql: str, params: Sequence[Any]) -> tuple[bool, tuple[Any, ...] | None]:
    """(True, its row) when `sql` ran with these very `params` (the person's id among them) with this
    request's person load; (False, None) when the caller must run it itself (no companion was asked
    for, the person was loaded before it was, or the caller asks about another day or person)."""
    companion: Companion | None = getattr(_local, "companion", None)
    if companion is None or not companion.ran or companion.sql != sql or companion.sent != tuple(params):
        return False, None
    return True, companion.row


# Each thread has its own connection, so each keeps its own compiled query, gone with the thread.
_local = threading.local()


def user_by_pk(pk: Any) -> User | None:
    db = connections[DEFAULT_DB_ALIAS]
    query: _CompiledUserQuery | None = getattr(_local, "query", None)
    if query is None or query.db is not db:
        query = _local.query = _CompiledUserQuery(db)
    return query.get(pk)


class AccountBackend(ModelBackend):
    """Signs people in exactly as Django's ModelBackend does, loading them with `user_by_pk`."""

    def get_user(self, user_id: Any) -> User | None:
        try:
            pk = User._meta.pk.to_python(user_id)
        except Exception:  # a malformed id in a session is a signed-out visitor, not an error
            return None
        user = user_by_pk(pk)
        return user if user is not None and self.user_can_authenticate(user) else None

"""Signing in: Django's model backend, with the person loaded faster on every request, and in the same
round trip as a page's own first query when the page asks for it (`Companion`) — and, once this process
has seen the session, in the same statement as the session itself (`load_session_with_person`)."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import SESSION_KEY
from django.contrib.auth.backends import ModelBackend
from django.contrib.sessions.models import Session
from django.core.signals import request_started
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.sql.compiler import SQLCompiler
from django.utils import timezone

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
        prefetched: _Prefetched | None = getattr(_local, "prefetched", None)
        if prefetched is not None:
            _local.prefetched = None
            if prefetched.pk == pk:
                return prefetched.user
            prefetched.undo_companion()
        companion = _pending_companion()
        sql, params = self.sql, [pk]
        if companion is not None:
            # One row: the person's columns, then the companion's (NULLs when it finds nothing).
            sql = f"SELECT u.*, c.* FROM ({self.sql}) u LEFT JOIN ({companion.sql}) c ON 1 = 1"  # noqa: S608
            sent = tuple(companion.params(pk))
            params.extend(sent)
        # Prepared on PostgreSQL: every signed-in request runs one of a handful of these statements, and
        # planning the person's load with a page's stamp costs PostgreSQL more than running it.
        row = fetch_one(sql, params, db=self.db)
        if companion is not None:
            companion.answered(sent, tuple(row[len(self.names) :]) if row is not None else ())
        if row is None:
            return None
        return self._user(row[: len(self.names)])

    def _user(self, columns: Sequence[Any]) -> User:
        values = next(iter(self.compiler.apply_converters([columns], self.converters)))
        return User.from_db(self.db.alias, self.names, values)

    def with_session(self, session_key: str, pk: Any) -> str | None:
        """The unexpired session's stored data, with person `pk` (and the page's companion) loaded in the
        same statement for `get`; None when there is no such session."""
        companion = _pending_companion()
        session = Session._meta
        quote = self.db.ops.quote_name
        joined = f"LEFT JOIN ({self.sql}) u ON 1 = 1"
        params: list[Any] = [pk]
        if companion is not None:
            sent = tuple(companion.params(pk))
            joined += f" LEFT JOIN ({companion.sql}) c ON 1 = 1"
            params.extend(sent)
        sql = (
            f"SELECT s.{quote('session_data')}, u.*{', c.*' if companion is not None else ''} "  # noqa: S608
            f"FROM {quote(session.db_table)} s {joined} "
            f"WHERE s.{quote('session_key')} = %s AND s.{quote('expire_date')} > %s"
        )
        params.extend([session_key, self.db.ops.adapt_datetimefield_value(timezone.now())])
        row = fetch_one(sql, params, db=self.db)
        if row is None:
            return None
        person = row[1 : 1 + len(self.names)]
        user = self._user(person) if person[0] is not None else None
        if companion is not None:
            companion.answered(sent, tuple(row[1 + len(self.names) :]))
        _local.prefetched = _Prefetched(pk, user, companion)
        return str(row[0])


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

    def answered(self, sent: tuple[Any, ...], columns: tuple[Any, ...]) -> None:
        """It ran with `sent`, and its columns of the joined row were `columns` (all NULL: no row)."""
        self.sent, self.ran = sent, True
        self.row = columns if columns and columns[0] is not None else None

    def unanswered(self) -> None:
        """It ran for a person the session did not name: it must run again, for the right one."""
        self.sent, self.ran, self.row = (), False, None


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


@dataclass
class _Prefetched:
    """The person loaded with this request's session, waiting for Django's `get_user` to ask for them."""

    pk: Any
    user: User | None
    companion: Companion | None

    def undo_companion(self) -> None:
        if self.companion is not None:
            self.companion.unanswered()


# Each thread has its own connection, so each keeps its own compiled query, gone with the thread.
_local = threading.local()


def _pending_companion() -> Companion | None:
    """The companion asked for in this request (`person_loaded_with`) that has not run yet."""
    companion: Companion | None = getattr(_local, "companion", None)
    return companion if companion is not None and not companion.ran else None


def _forget_prefetched(**_kwargs: Any) -> None:
    # A person loaded for one request is never handed to the next (their password may have changed).
    _local.prefetched = None


request_started.connect(_forget_prefetched, dispatch_uid="backwell.accounts.forget_prefetched")


def _query() -> _CompiledUserQuery:
    db = connections[DEFAULT_DB_ALIAS]
    query: _CompiledUserQuery | None = getattr(_local, "query", None)
    if query is None or query.db is not db:
        query = _local.query = _CompiledUserQuery(db)
    return query


def user_by_pk(pk: Any) -> User | None:
    return _query().get(pk)


# --- The session and the person in one statement --------------------------------------------------
#
# A signed-in request first reads its session (from the shared cache) and then loads the person it
# names: two round trips, and on Redis the session read cost more CPU than the person's load. A session
# key names the same person all its life (signing in gives a new key), so once this process has read a
# session it remembers whose it is, and the next time loads the session row from the database together
# with that person (and the page's companion). The session's own data still decides: the person is
# used only if the decoded session names them. Keys are kept as digests, not as the secrets they are.

_session_people: dict[bytes, Any] = {}
KNOWN_SESSIONS_MAX = 10_000


def _digest(session_key: str) -> bytes:
    return hashlib.blake2b(session_key.encode(), digest_size=16).digest()


def session_person(session_key: str) -> Any | None:
    """The person this process last saw session `session_key` signed in as, if any."""
    return _session_people.get(_digest(session_key))


def _signed_in_as(data: Mapping[str, Any]) -> Any | None:
    """The person a decoded session names; None when no one is signed in or the id is malformed."""
    try:
        return User._meta.pk.to_python(data[SESSION_KEY])
    except Exception:
        return None


def remember_session(session_key: str, data: Mapping[str, Any]) -> None:
    """Note whose session `session_key` is (its decoded `data`); a signed-out session is forgotten."""
    pk = _signed_in_as(data)
    if pk is None:
        forget_session(session_key)
        return
    if len(_session_people) >= KNOWN_SESSIONS_MAX:
        _session_people.clear()
    _session_people[_digest(session_key)] = pk


def forget_session(session_key: str) -> None:
    _session_people.pop(_digest(session_key), None)


def load_session_with_person(session_key: str, pk: Any) -> str | None:
    """The stored data of unexpired session `session_key` (None when there is none), with person `pk`
    loaded in the same statement for Django's `get_user`; `session_named` says whether to use them."""
    return _query().with_session(session_key, pk)


def session_named(pk: Any, data: Mapping[str, Any]) -> None:
    """After `load_session_with_person`: drop the person loaded with it unless the session names them."""
    prefetched: _Prefetched | None = getattr(_local, "prefetched", None)
    if prefetched is None:
        return
    if _signed_in_as(data) != pk:
        _local.prefetched = None
        prefetched.undo_companion()


class AccountBackend(ModelBackend):
    """Signs people in exactly as Django's ModelBackend does, loading them with `user_by_pk`."""

    def get_user(self, user_id: Any) -> User | None:
        try:
            pk = User._meta.pk.to_python(user_id)
        except Exception:  # a malformed id in a session is a signed-out visitor, not an error
            return None
        user = user_by_pk(pk)
        return user if user is not None and self.user_can_authenticate(user) else None

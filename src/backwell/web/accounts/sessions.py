"""The session engine (settings.SESSION_ENGINE): Django's cached database sessions, read together with
the signed-in person once this process knows whose session it is (accounts.backends), where the cache
is a network round trip away (settings.SESSION_READ_WITH_PERSON)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.sessions.backends import cached_db

from . import backends


class SessionStore(cached_db.SessionStore):
    """Writes exactly as Django's cached_db store does (database, then cache).

    Reads, with settings.SESSION_READ_WITH_PERSON (Redis): a session this process has seen is read from
    the database, which stays the record, in one statement with its person; any other is read as Django
    reads it, and its person remembered. Without it every read is Django's: from the disk cache, a
    read in-process cost less than the joined statement's extra work on SQLite (35–50 µs, measured).
    """

    def load(self) -> dict[str, Any]:
        key = self.session_key
        if key is None or not settings.SESSION_READ_WITH_PERSON:
            data: dict[str, Any] = super().load()
            return data
        pk = backends.session_person(key)
        if pk is None:
            data = super().load()
            backends.remember_session(key, data)
            return data
        stored = backends.load_session_with_person(key, pk)
        if stored is None:
            # Gone (signed out, maybe on another server) or expired: as Django's database store does.
            backends.forget_session(key)
            self._session_key = None
            return {}
        data = self.decode(stored)
        backends.session_named(pk, data)
        backends.remember_session(key, data)
        return data

    def delete(self, session_key: str | None = None) -> None:
        key = session_key if session_key is not None else self.session_key
        if key is not None:
            backends.forget_session(key)
        super().delete(session_key)

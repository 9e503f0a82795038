"""PostgreSQL connections are reused across requests and checked without a round trip (core/postgresql)."""

from __future__ import annotations

import select
import time
from collections.abc import Iterator

import dj_database_url
import psycopg
import pytest
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import ConnectionHandler

from tests.conftest import POSTGRES_URL

pytestmark = pytest.mark.postgres


@pytest.fixture
def database(django_db_blocker) -> Iterator[BaseDatabaseWrapper]:
    """A connection configured as settings.py configures PostgreSQL: reused, health-checked."""
    settings = dj_database_url.parse(POSTGRES_URL)
    settings.update(ENGINE="backwell.web.core.postgresql", CONN_MAX_AGE=60, CONN_HEALTH_CHECKS=True)
    connection = ConnectionHandler({"default": settings})["default"]
    with django_db_blocker.unblock():
        yield connection
        connection.close()


def _statements_sent(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    sent: list[str] = []
    plain = psycopg.Cursor.execute

    def counted(self, query, *args, **kwargs):  # type: ignore[no-untyped-def]
        sent.append(str(query))
        return plain(self, query, *args, **kwargs)

    monkeypatch.setattr(psycopg.Cursor, "execute", counted)
    return sent


def _backend_pid(connection: BaseDatabaseWrapper) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return int(cursor.fetchone()[0])


def test_the_health_check_of_a_healthy_connection_sends_nothing(
    database: BaseDatabaseWrapper, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _backend_pid(database)
    sent = _statements_sent(monkeypatch)
    database.close_if_unusable_or_obsolete()  # a request ends and the next begins
    assert _backend_pid(database) == first  # the same connection, reused
    assert sent == ["SELECT pg_backend_pid()"]  # and no `SELECT 1` before it


def test_a_connection_the_server_dropped_is_replaced_before_the_next_request_uses_it(
    database: BaseDatabaseWrapper,
) -> None:
    dropped = _backend_pid(database)
    with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [dropped])  # as a restart or failover does
    raw = database.connection
    deadline = time.monotonic() + 10
    while not select.select([raw.fileno()], [], [], 0.05)[0] and time.monotonic() < deadline:
        pass  # the server's goodbye is on its way
    database.close_if_unusable_or_obsolete()
    # The next request's first query runs on a fresh connection instead of failing.
    assert _backend_pid(database) != dropped

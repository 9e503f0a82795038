"""The hot statements are prepared on PostgreSQL and nothing else is (core/prepared.py, core/postgresql)."""

from __future__ import annotations

from collections.abc import Iterator

import dj_database_url
import pytest
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import ConnectionHandler

from backwell.web.core.prepared import execute, fetch_one
from tests.conftest import POSTGRES_URL

pytestmark = pytest.mark.postgres


def _connection(options: dict[str, object]) -> BaseDatabaseWrapper:
    settings = dj_database_url.parse(POSTGRES_URL)
    settings.update(ENGINE="backwell.web.core.postgresql", OPTIONS=options)
    return ConnectionHandler({"default": settings})["default"]


@pytest.fixture
def prepared_names(django_db_blocker) -> Iterator[tuple[BaseDatabaseWrapper, BaseDatabaseWrapper]]:
    with django_db_blocker.unblock():
        on, off = _connection({}), _connection({"prepare_threshold": None})
        yield on, off
        on.close()
        off.close()


def _prepared(db: BaseDatabaseWrapper) -> list[str]:
    with db.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def test_a_hot_statement_is_prepared_once_and_django_queries_never(prepared_names) -> None:
    on, _off = prepared_names
    for n in range(3):
        assert fetch_one("SELECT %s::int + 1", [n], db=on) == (n + 1,)
    with on.cursor() as cursor:  # Django's own cursor binds on the client
        cursor.execute("SELECT %s::int * 2", [21])
        assert cursor.fetchone() == (42,)
    statements = _prepared(on)
    assert statements == ["SELECT $1::int + 1"]


def test_writes_go_through_the_same_prepared_path(prepared_names) -> None:
    on, _off = prepared_names
    with on.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE scratch (n int)")
    for n in range(3):
        execute("INSERT INTO scratch (n) VALUES (%s)", [n], db=on)
    assert fetch_one("SELECT COUNT(*) FROM scratch", [], db=on) == (3,)
    assert "INSERT INTO scratch (n) VALUES ($1)" in _prepared(on)


def test_preparing_can_be_turned_off_for_a_pooler_that_cannot_keep_statements(prepared_names) -> None:
    _on, off = prepared_names
    assert fetch_one("SELECT %s::int + 1", [1], db=off) == (2,)
    assert _prepared(off) == []

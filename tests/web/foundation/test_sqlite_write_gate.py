"""The SQLite write gate: writers from several connections take turns, readers never wait."""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db.utils import ConnectionHandler

from backwell.web.core.sqlite.base import WriteGate, is_write


@pytest.fixture(autouse=True)
def _own_databases(django_db_blocker):
    # These tests open their own SQLite files, outside the test database pytest-django guards.
    with django_db_blocker.unblock():
        yield


def _handler(path: Path) -> ConnectionHandler:
    """Connections to one SQLite file; each thread gets its own, as each worker process would."""
    settings = {
        "ENGINE": "backwell.web.core.sqlite",
        "NAME": str(path),
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 5,
            "init_command": "PRAGMA journal_mode=WAL;",
        },
    }
    return ConnectionHandler({"default": settings})


@contextmanager
def _transaction(connection):
    # What transaction.atomic does on the outermost block, for a connection outside django.db.connections.
    connection.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
    try:
        yield
    except BaseException:
        connection.rollback()
        raise
    else:
        connection.commit()
    finally:
        connection.set_autocommit(True)


def test_a_write_waits_for_the_transaction_holding_the_gate_and_a_read_does_not(tmp_path: Path) -> None:
    handler = _handler(tmp_path / "db.sqlite3")
    first = handler["default"]
    with first.cursor() as cursor:
        cursor.execute("CREATE TABLE t (n INTEGER)")
    events: list[str] = []

    def other_worker() -> None:
        second = handler["default"]  # this thread's own connection
        with second.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM t")
            events.append("read")
            cursor.execute("INSERT INTO t VALUES (2)")
            events.append("second wrote")
        second.close()

    with _transaction(first), first.cursor() as cursor:
        cursor.execute("INSERT INTO t VALUES (1)")
        assert first.gate is not None and first.gate.held
        worker = threading.Thread(target=other_worker)
        worker.start()
        time.sleep(0.2)
        events.append("first committing")
    worker.join(5)
    assert not first.gate.held
    assert events == ["read", "first committing", "second wrote"]
    with first.cursor() as cursor:
        cursor.execute("SELECT n FROM t ORDER BY n")
        assert cursor.fetchall() == [(1,), (2,)]
    first.close()


def test_a_failed_transaction_releases_the_gate(tmp_path: Path) -> None:
    connection = _handler(tmp_path / "db.sqlite3")["default"]
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE t (n INTEGER)")
    with pytest.raises(ZeroDivisionError), _transaction(connection):
        assert connection.gate is not None and connection.gate.held
        raise ZeroDivisionError
    assert not connection.gate.held
    connection.close()
    assert connection.gate is None


def test_the_gate_gives_up_after_its_timeout_and_leaves_the_rest_to_sqlite(tmp_path: Path) -> None:
    holder = WriteGate(str(tmp_path / "w.lock"), timeout=1)
    waiter = WriteGate(str(tmp_path / "w.lock"), timeout=0.05)
    holder.acquire()
    started = time.monotonic()
    waiter.acquire()
    assert not waiter.held and time.monotonic() - started < 1
    holder.release()
    waiter.acquire()
    assert waiter.held
    holder.close()
    waiter.close()


@pytest.mark.parametrize(
    ("query", "writes"),
    [
        ("INSERT INTO t VALUES (1)", True),
        ("  update t SET n = 1", True),
        ("DELETE FROM t", True),
        ("REPLACE INTO t VALUES (1)", True),
        ('CREATE INDEX "i" ON t (n)', True),
        ("SELECT * FROM t", False),
        ("PRAGMA journal_mode", False),
        ("BEGIN IMMEDIATE", False),  # the transaction takes the gate itself
    ],
)
def test_writing_statements_are_told_from_reading_ones(query: str, writes: bool) -> None:
    assert is_write(query) is writes


def test_a_single_writing_statement_takes_its_turn_at_the_gate(tmp_path: Path) -> None:
    handler = _handler(tmp_path / "db.sqlite3")
    connection = handler["default"]
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE t (n INTEGER)")
    # Another process holds the gate (but not SQLite's lock): the insert waits for the gate alone.
    other_process = WriteGate(f"{tmp_path / 'db.sqlite3'}-writer.lock", timeout=5)
    other_process.acquire()
    done = threading.Event()

    def write() -> None:
        with handler["default"].cursor() as cursor:
            cursor.execute("INSERT INTO t VALUES (1)")
        done.set()

    worker = threading.Thread(target=write)
    worker.start()
    assert not done.wait(0.2)
    other_process.release()
    assert done.wait(5)
    worker.join()
    other_process.close()
    connection.close()


def test_converted_statements_are_reused_and_give_the_same_answers(tmp_path: Path, monkeypatch) -> None:
    from backwell.web.core.sqlite import base as sqlite_base

    monkeypatch.setattr(sqlite_base, "_QMARK_QUERIES", {})
    connection = _handler(tmp_path / "db.sqlite3")["default"]
    try:
        query = "SELECT %s, '100%%', %s"
        for value in (1, 2):
            with connection.cursor() as cursor:
                cursor.execute(query, [value, "x"])
                assert cursor.fetchone() == (value, "100%", "x")
        kept = sqlite_base._QMARK_QUERIES
        assert kept == {query: "SELECT ?, '100%', ?"}
        # Named parameters are converted as Django converts them, and not kept.
        with connection.cursor() as cursor:
            cursor.execute("SELECT %(a)s, %(b)s", {"a": 3, "b": 4})
            assert cursor.fetchone() == (3, 4)
        assert len(sqlite_base._QMARK_QUERIES) == 1
        # Full: emptied before the next one is kept, so varying statements cannot grow it without end.
        monkeypatch.setattr(sqlite_base, "QMARK_QUERIES_MAX", 3)
        for width in range(2, 6):
            with connection.cursor() as cursor:
                cursor.execute("SELECT " + ", ".join(["%s"] * width), list(range(width)))
                assert cursor.fetchone() == tuple(range(width))
        assert len(sqlite_base._QMARK_QUERIES) <= 3
        assert "SELECT %s, %s, %s, %s, %s" in sqlite_base._QMARK_QUERIES
        # A very long statement is converted and run, not kept.
        long_query = "SELECT " + ", ".join(["%s"] * 1500)
        with connection.cursor() as cursor:
            cursor.execute(long_query, list(range(1500)))
            assert cursor.fetchone() == tuple(range(1500))
        assert long_query not in sqlite_base._QMARK_QUERIES
    finally:
        connection.close()

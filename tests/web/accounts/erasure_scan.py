"""Looking for a deleted person's strings everywhere: every column of every table, and raw files."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from django.db import connection


def table_hits(needles: Iterable[str]) -> dict[str, set[str]]:
    """{needle: {"table.column", …}} for each needle found in any value of any row of any table."""
    needles = [n.lower() for n in needles]
    hits: dict[str, set[str]] = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608  (names from the database itself)
            columns = [column[0] for column in cursor.description]
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    if value is None:
                        continue
                    text = (
                        bytes(value).decode("utf-8", "replace")
                        if isinstance(value, (bytes, memoryview))
                        else str(value)
                    ).lower()
                    for needle in needles:
                        if needle in text:
                            hits.setdefault(needle, set()).add(f"{table}.{column}")
    return hits


def file_hits(paths: Iterable[Path], needles: Iterable[str]) -> dict[str, list[str]]:
    """{needle: [file, …]} for each needle found in the raw bytes of the files (UTF-8)."""
    contents = {path: path.read_bytes() for path in paths if path.is_file()}
    found: dict[str, list[str]] = {}
    for needle in needles:
        encoded = needle.encode()
        where = [str(path) for path, data in contents.items() if encoded in data]
        if where:
            found[needle] = where
    return found

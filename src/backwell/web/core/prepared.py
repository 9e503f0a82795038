"""One row from a hot, fixed query, as a prepared statement where the database offers one (PostgreSQL)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import connection


def fetch_one(sql: str, params: Sequence[Any] | Mapping[str, Any]) -> tuple[Any, ...] | None:
    """The first row of `sql`: planned once per connection on PostgreSQL (see core/postgresql/base.py),
    through Django's ordinary cursor elsewhere (SQLite keeps its own statement cache)."""
    prepared = getattr(connection, "prepared_cursor", None)
    with prepared() if prepared is not None else connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return None if row is None else tuple(row)

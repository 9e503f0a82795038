"""Hot, fixed statements, prepared where the database offers it (PostgreSQL).

Every signed-in request loads the person with its page's stamp, and the busiest writes are one
statement each. PostgreSQL spends more planning such a statement than running it; a prepared one is
planned once per connection (core/postgresql/base.py, `prepared_cursor`). SQLite keeps its own
statement cache, so elsewhere these go through Django's ordinary cursor.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper

Params = Sequence[Any] | Mapping[str, Any]


def _cursor(db: BaseDatabaseWrapper | None) -> Any:
    db = db if db is not None else connection
    prepared = getattr(db, "prepared_cursor", None)
    return prepared() if prepared is not None else db.cursor()


def fetch_one(sql: str, params: Params, *, db: BaseDatabaseWrapper | None = None) -> tuple[Any, ...] | None:
    """The first row of `sql` on `db` (the default database)."""
    with _cursor(db) as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return None if row is None else tuple(row)


def execute(sql: str, params: Params, *, db: BaseDatabaseWrapper | None = None) -> None:
    """Run `sql` (a write) on `db` (the default database)."""
    with _cursor(db) as cursor:
        cursor.execute(sql, params)

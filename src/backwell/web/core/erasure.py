"""After a person's data is deleted: make sure the storage engines do not keep readable copies.

SQLite (with `secure_delete`, set on every connection in core/sqlite) zeroes deleted rows in the
database file, but the write-ahead log beside it still holds the pages as they were written until a
checkpoint copies them back; a TRUNCATE checkpoint does that and empties the log. The disk cache is
SQLite too and gets the same. PostgreSQL needs no call here: see docs/data-export.md on VACUUM.
"""

from __future__ import annotations

import logging

from django.core.cache import cache
from django.db import DatabaseError, connection

logger = logging.getLogger(__name__)


def storage_scrub() -> None:
    """Checkpoint and truncate SQLite's write-ahead logs (database and disk cache); call after commit."""
    # Inside a transaction (a caller's, or a test's) SQLite refuses to checkpoint; the erasure itself
    # is done, and the log is folded in by the next checkpoint outside one.
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        try:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                busy, _log_pages, _copied = cursor.fetchone()
        except DatabaseError:
            busy = 1
        if busy:
            # Another connection was reading an older snapshot; the next checkpoint finishes the job.
            logger.warning("the database log could not be emptied after an erasure: a reader was busy")
    scrub = getattr(cache, "scrub", None)
    if callable(scrub):
        scrub()

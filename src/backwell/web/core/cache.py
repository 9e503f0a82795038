"""The cache used when no Redis is configured: diskcache's SQLite files in the data directory."""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

from diskcache import DjangoCache

logger = logging.getLogger(__name__)


class DiskCache(DjangoCache):
    """diskcache's Django backend, keeping its connection open between requests.

    Django closes every cache when a request finishes, which suits network clients; diskcache then
    reopens its SQLite files and rereads its settings on the next request, which cost more than the
    reads it serves. Its connections are per thread and per process, so keeping them is safe.
    """

    def close(self, **kwargs: Any) -> None:
        """Keep the connection: see the class's note."""

    def scrub(self) -> None:
        """Fold each shard's write-ahead log into its file and empty it, after an account is erased.

        With `sqlite_secure_delete` set (settings.CACHES) deleted entries are zeroed in the files, but
        copies of them stay in the write-ahead logs until a checkpoint; this one truncates the logs.
        """
        for shard in self._cache._shards:
            try:
                shard._sql("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
            except sqlite3.OperationalError:  # busy: that shard's next checkpoint finishes the job
                logger.warning("a cache shard's log could not be emptied after an erasure")

"""The cache used when no Redis is configured: diskcache's SQLite files in the data directory."""

from __future__ import annotations

from typing import Any

from diskcache import DjangoCache


class DiskCache(DjangoCache):
    """diskcache's Django backend, keeping its connection open between requests.

    Django closes every cache when a request finishes, which suits network clients; diskcache then
    reopens its SQLite files and rereads its settings on the next request, which cost more than the
    reads it serves. Its connections are per thread and per process, so keeping them is safe.
    """

    def close(self, **kwargs: Any) -> None:
        """Keep the connection: see the class's note."""

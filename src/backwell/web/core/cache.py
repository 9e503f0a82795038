"""The shared cache's backends: diskcache's SQLite files when no Redis is configured, else Redis;
and a counter in a time window (rate limits) that costs one round trip on Redis."""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

from diskcache import DjangoCache
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient

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


class _ClientPerPool(RedisCacheClient):
    """Django's Redis client, keeping one `redis.Redis` per connection pool instead of one per call.

    Django builds a new `redis.Redis` for every cache operation, and redis-py 8 fills a table of
    response callbacks each time: about 0.1 ms of CPU, more than the round trip itself, two to four
    times per signed-in request (session, stored page, rate limit). A `redis.Redis` on a pool is
    safe to share between threads, and the pool reconnects in a forked worker by itself.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        # Django's own helpers pick the server and its pool (django-stubs does not declare them).
        index = self._get_connection_pool_index(write)  # type: ignore[attr-defined]
        client = self._clients.get(index)
        if client is None:
            pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
            client = self._clients[index] = self._client(connection_pool=pool)  # type: ignore[attr-defined]
        return client

    def count_in_window(self, key: str, window: int) -> int:
        # One round trip: the count goes up, and the first count of a window sets when it ends.
        pipeline = self.get_client(key, write=True).pipeline(transaction=True)
        pipeline.incr(key)
        pipeline.expire(key, window, nx=True)
        count, _expiry_set = pipeline.execute()
        return int(count)


class RedisCache(DjangoRedisCache):
    """Django's Redis cache backend with a reused client (see `_ClientPerPool`)."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = _ClientPerPool

    def count_in_window(self, key: str, window: int) -> int:
        client = self._cache
        assert isinstance(client, _ClientPerPool)
        return client.count_in_window(self.make_and_validate_key(key), window)


def count_in_window(key: str, *, window: int) -> int:
    """Add one to the counter `key` in the shared cache and return it; the count starts again after
    `window` seconds from its first hit. Atomic across processes and servers.

    On Redis one round trip; elsewhere (the disk cache, a local cache in tests) `add` then `incr`,
    which are local calls there.
    """
    cache = caches["default"]
    if isinstance(cache, RedisCache):
        return cache.count_in_window(key, window)
    if cache.add(key, 1, timeout=window):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:  # the window ended between add and incr
        cache.add(key, 1, timeout=window)
        return 1

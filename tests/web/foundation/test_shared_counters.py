"""Counters in the shared cache (rate limits): one round trip on Redis, shared by every server, and a
window that ends; the same behaviour on the disk cache."""

from __future__ import annotations

import socket
import time
import uuid

import pytest
from django.test import override_settings

from backwell.web.core.cache import DiskCache, RedisCache, count_in_window
from tests.conftest import REDIS_URL  # this test worker's own Redis database


def _redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


needs_redis = pytest.mark.skipif(not _redis_reachable(), reason="Redis is not running on 127.0.0.1:6379")


@needs_redis
def test_two_servers_on_one_redis_count_together_and_the_window_ends() -> None:
    key = f"test:window:{uuid.uuid4().hex}"
    one, other = RedisCache(REDIS_URL, {}), RedisCache(REDIS_URL, {})
    counts = [one.count_in_window(key, 1), other.count_in_window(key, 1), one.count_in_window(key, 1)]
    assert counts == [1, 2, 3]
    # The first hit set the window's end; later hits do not push it back.
    time.sleep(1.2)
    assert other.count_in_window(key, 1) == 1
    one.delete(key)


@needs_redis
def test_the_redis_backend_keeps_one_client_and_still_reads_what_it_counted() -> None:
    cache = RedisCache(REDIS_URL, {})
    key = f"test:client:{uuid.uuid4().hex}"
    assert cache._cache.get_client(key) is cache._cache.get_client(key, write=True)
    cache.count_in_window(key, 60)
    assert cache.get(key) == 1 and cache.incr(key) == 2  # a plain integer, as Django's own counters
    cache.delete(key)


@needs_redis
def test_count_in_window_uses_the_configured_redis_cache() -> None:
    key = f"test:settings:{uuid.uuid4().hex}"
    redis_cache = {"default": {"BACKEND": "backwell.web.core.cache.RedisCache", "LOCATION": REDIS_URL}}
    with override_settings(CACHES=redis_cache):
        assert [count_in_window(key, window=60) for _ in range(3)] == [1, 2, 3]
        assert RedisCache(REDIS_URL, {}).get(key) == 3


def test_the_disk_cache_counts_across_workers_and_starts_again_after_the_window(tmp_path) -> None:
    location = str(tmp_path / "cache")
    disk = {"default": {"BACKEND": "backwell.web.core.cache.DiskCache", "LOCATION": location}}
    with override_settings(CACHES=disk):
        assert [count_in_window("hits", window=1) for _ in range(3)] == [1, 2, 3]
        assert DiskCache(location, {}).get("hits") == 3  # another worker sees the same count
        time.sleep(1.2)
        assert count_in_window("hits", window=1) == 1

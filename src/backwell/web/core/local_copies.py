"""This process's own copies of stored pages, in front of a shared cache on another machine (Redis).

A stored page (`core.personal_cache`) is served only when its digest matches the stamp the request
has just read from the database, so where the bytes come from does not decide what is shown: a copy
kept in memory is exactly as current as the shared one. With Redis each stored page is a round trip
and tens of kilobytes copied through the kernel on every visit; with the disk cache (local SQLite
files) it is a read of a few microseconds, so this is only switched on with Redis.

Copies are kept briefly (MAX_AGE_SECONDS) and within a byte budget, least recently used first out:
a person's page should not outlive its purpose in a process's memory, deleting an account or a
stopped share drops this process's copies at once, and other processes' copies expire within a
minute — they can never be served meanwhile, since the stamp they were stored under has changed.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Iterable
from typing import Any

MAX_AGE_SECONDS = 60.0


class LocalCopies:
    """Up to `max_bytes` of values by key, each with the digest it was stored under, for `max_age` seconds."""

    def __init__(self, max_bytes: int, max_age: float = MAX_AGE_SECONDS) -> None:
        self.max_bytes = max_bytes
        self.max_age = max_age
        self._entries: OrderedDict[str, tuple[str, Any, int, float]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: str, digest: str) -> Any | None:
        """The value kept under `key` if it was stored under `digest` and is still young enough."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            kept_digest, value, _size, kept_at = entry
            if kept_digest != digest or time.monotonic() - kept_at > self.max_age:
                self._remove(key)
                return None
            self._entries.move_to_end(key)
            return value

    def put(self, key: str, digest: str, value: str | bytes) -> None:
        size = len(value)
        if size > self.max_bytes:
            return
        with self._lock:
            self._remove(key)
            self._entries[key] = (digest, value, size, time.monotonic())
            self._bytes += size
            while self._bytes > self.max_bytes:
                oldest = next(iter(self._entries))
                self._remove(oldest)

    def drop(self, keys: Iterable[str]) -> None:
        with self._lock:
            for key in keys:
                self._remove(key)

    def _remove(self, key: str) -> None:
        entry = self._entries.pop(key, None)
        if entry is not None:
            self._bytes -= entry[2]

    @property
    def size(self) -> int:
        return self._bytes

"""This process's copies of stored pages in front of Redis (core/local_copies.py, core/personal_cache.py)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import override_settings

from backwell.web.core import local_copies, personal_cache
from backwell.web.core.local_copies import LocalCopies

pytestmark = pytest.mark.django_db


def test_a_copy_is_given_only_for_the_digest_it_was_kept_under() -> None:
    copies = LocalCopies(1000)
    copies.put("page", "stamp-1", b"old page")
    assert copies.get("page", "stamp-1") == b"old page"
    assert copies.get("page", "stamp-2") is None
    # A mismatch drops the copy: the next look finds nothing under the old digest either.
    assert copies.get("page", "stamp-1") is None


def test_the_byte_budget_pushes_out_the_least_recently_used() -> None:
    copies = LocalCopies(10)
    copies.put("a", "d", b"aaaa")
    copies.put("b", "d", b"bbbb")
    assert copies.get("a", "d") == b"aaaa"  # "a" is now the most recently used
    copies.put("c", "d", b"cccc")
    assert copies.get("b", "d") is None
    assert copies.get("a", "d") == b"aaaa" and copies.get("c", "d") == b"cccc"
    assert copies.size == 8
    copies.put("huge", "d", b"x" * 11)  # larger than the whole budget: not kept
    assert copies.get("huge", "d") is None and copies.size == 8


def test_copies_expire(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [1000.0]
    monkeypatch.setattr(local_copies.time, "monotonic", lambda: now[0])
    copies = LocalCopies(100, max_age=60)
    copies.put("page", "d", b"body")
    now[0] += 59
    assert copies.get("page", "d") == b"body"
    now[0] += 2
    assert copies.get("page", "d") is None and copies.size == 0


@override_settings(PERSONAL_CACHE_LOCAL_BYTES=2**20)
def test_a_kept_page_saves_the_shared_cache_read_and_a_changed_stamp_draws_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    drawn: list[str] = []

    def draw(text: str):  # type: ignore[no-untyped-def]
        def make() -> bytes:
            drawn.append(text)
            return text.encode()

        return make

    assert personal_cache.remembered(7, "/progress/", ("s1",), draw("first")) == b"first"
    reads: list[str] = []
    real_get = cache.get
    monkeypatch.setattr(cache, "get", lambda key, *a, **k: reads.append(key) or real_get(key, *a, **k))
    assert personal_cache.remembered(7, "/progress/", ("s1",), draw("again")) == b"first"
    assert reads == [] and drawn == ["first"]
    # Something changed: the stamp differs, so neither copy is served.
    assert personal_cache.remembered(7, "/progress/", ("s2",), draw("second")) == b"second"
    assert drawn == ["first", "second"]


@override_settings(PERSONAL_CACHE_LOCAL_BYTES=2**20)
def test_forgetting_a_person_drops_this_process_copies_too() -> None:
    personal_cache.remembered(8, "/progress/", ("s",), lambda: b"health data")
    personal_cache.forget(8, ["/progress/"])
    drawn = personal_cache.remembered(8, "/progress/", ("s",), lambda: b"drawn again")
    assert drawn == b"drawn again"


def test_without_redis_no_copies_are_kept() -> None:
    # The test settings use a local cache, as one machine's disk cache would be: nothing to save.
    assert personal_cache._local_copies() is None

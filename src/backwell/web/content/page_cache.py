"""Whole-page cache for article pages read by anonymous visitors, cleared whenever content changes.

An article page is the same for every anonymous reader (its forms carry no per-visitor token and
fetch their proof-of-work challenge by script), so it is rendered once per content generation and
served from the cache until an article, author or comment changes, or the entry ages out.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction
from django.utils.translation import get_language

from backwell.web.core.release import release

GENERATION_KEY = "content:page-generation"
# Bounds staleness from changes no service sees, such as a scheduled article's time arriving.
PAGE_TTL_SECONDS = 10 * 60


def _generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        generation = cache.get(GENERATION_KEY, 1)
    return int(generation)


def article_page_key(slug: str) -> str:
    # The release too: stored pages outlive a restart, and a new release may draw them differently.
    return f"content:article-page:{release()}:{get_language()}:{_generation()}:{slug}"


def _bump() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)


def pages_changed() -> None:
    """Call after any change readers would see; takes effect when the transaction commits."""
    transaction.on_commit(_bump)

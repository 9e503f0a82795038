"""Whole pages cached per person, redrawn only when something they show has changed.

A person opens the same few pages again and again (today's session, their progress) while what those
pages show changes only when they log something. Drawing such a page costs many times what finding
out whether anything changed costs, so a page is drawn once per stamp and then served from the cache.

The stamp is the view's business: each view passes the values its page shows that can change (a
fingerprint query answers that in one round trip). This module adds what every page depends on: the
language, the day and the release of the code, templates and static files.

Each person has at most one stored copy of each page (keyed by person and address), so the cache
does not fill with old versions, and deleting an account can remove that person's copies by name.

The CSRF token differs per browser, so a page is stored with a placeholder in its place and gets the
requesting browser's token on the way out. Pages with a one-off message (a flash message, a query
string such as `?saved=daily`) are drawn fresh and never stored.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import get_language

from .csrf_token import masked_token
from .local_copies import LocalCopies
from .release import release

# Stands in for the CSRF token in stored pages. The shape of a real token (64 letters), so it passes
# through the template's escaping unchanged; only this string is ever replaced.
CSRF_PLACEHOLDER = "csrfPLACEHOLDERforAcachedPAGEisREPLACEDwithTHEbrowsersOWNtokenXYZ"
# Stamps include the day, so a stored page is never served on a later day; it expires soon after.
KEEP_SECONDS = 24 * 60 * 60

Render = Callable[[dict[str, object]], HttpResponse]
T = TypeVar("T", str, bytes)


def entry_key(person_pk: object, name: str) -> str:
    """The cache key of one person's stored copy of `name` (a page's address, or a part's name)."""
    return f"personal:{person_pk}:{name}"


_local: LocalCopies | None = None


def _local_copies() -> LocalCopies | None:
    """This process's copies in front of the shared cache (core/local_copies.py), when switched on."""
    global _local
    budget = int(settings.PERSONAL_CACHE_LOCAL_BYTES)
    if budget <= 0:
        return None
    if _local is None or _local.max_bytes != budget:
        _local = LocalCopies(budget)
    return _local


def remembered(person_pk: object, name: str, stamp: Iterable[object], draw: Callable[[], T]) -> T:
    """`draw()`, or the copy stored for this person under `name` while `stamp` is unchanged."""
    digest = hashlib.sha256(
        repr((release(), get_language(), timezone.localdate().isoformat(), *stamp)).encode()
    ).hexdigest()
    key = entry_key(person_pk, name)
    local = _local_copies()
    if local is not None and (kept := local.get(key, digest)) is not None:
        found: T = kept
        return found
    stored = cache.get(key)
    if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == digest:
        value: T = stored[1]
    else:
        value = draw()
        cache.set(key, (digest, value), KEEP_SECONDS)
    if local is not None:
        local.put(key, digest, value)
    return value


def forget(person_pk: object, names: Iterable[str]) -> None:
    """Remove a person's stored copies (their account is being deleted, or a share stopped)."""
    keys = [entry_key(person_pk, name) for name in names]
    cache.delete_many(keys)
    local = _local_copies()
    if local is not None:
        local.drop(keys)


class _NotStored(Exception):
    """A drawn page that must not be stored (not a plain 200), carried out of `remembered`."""

    def __init__(self, response: HttpResponse) -> None:
        self.response = response


def personal_page(request: HttpRequest, *, stamp: Iterable[object], render: Render) -> HttpResponse:
    """The page `render` draws, from the person's stored copy while `stamp` is the same.

    `render` receives extra template context to merge in, and must draw the page only from the
    person's data named in `stamp` and what `remembered` adds (language, day, release).
    """
    if request.method != "GET" or request.GET or _has_messages(request):
        return render({})

    def draw() -> bytes:
        response = render({"csrf_token": CSRF_PLACEHOLDER})
        if response.status_code != 200 or response.streaming:
            raise _NotStored(response)
        return response.content

    try:
        body = remembered(request.user.pk, request.path, stamp, draw)
    except _NotStored as not_stored:
        return _with_token(request, not_stored.response)
    return _with_token(request, HttpResponse(body))


def _has_messages(request: HttpRequest) -> bool:
    # len() reads the stored messages without marking them shown, so the page still displays them.
    return bool(len(messages.get_messages(request)))


def _with_token(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    # As rendering {% csrf_token %} would, this also makes sure the CSRF cookie is set.
    if not response.streaming:
        response.content = response.content.replace(CSRF_PLACEHOLDER.encode(), masked_token(request).encode())
    return response

"""Redirects to a place the request names (a `next` value): only ever a path on this site.

Django's redirect() treats a bare word as the name of a URL and raises NoReverseMatch for an unknown
one, and a value with a line break makes the Location header raise too: both were 500s, after the
request's write had already been committed. Every redirect to a user-supplied value goes through here.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme

# Longer than any path of this site with its query; a longer value is not one of our links.
MAX_NEXT_LENGTH = 2000


def safe_next(request: HttpRequest, candidate: object) -> str:
    """`candidate` when it is a local path ("/…" on this host), else ""."""
    if not isinstance(candidate, str) or not candidate.startswith("/") or len(candidate) > MAX_NEXT_LENGTH:
        return ""
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in candidate):
        return ""  # control characters (line breaks above all) have no place in a Location header
    if not url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""  # "//host/…" and "/\\host" are other sites to a browser
    return candidate


def redirect_to_next(request: HttpRequest, candidate: object, default: str) -> HttpResponseRedirect:
    """A redirect to `candidate` when it is a local path, else to `default` (a path this code built)."""
    return HttpResponseRedirect(safe_next(request, candidate) or default)

"""What an app server process does once backwell is loaded, before its first request."""

from __future__ import annotations

import gc

from django.urls import get_resolver


def settle() -> None:
    """Import every view now and take what start-up made out of the garbage collector's sight.

    Django, ninja's schemas and pydantic's validators leave about 200,000 long-lived objects behind
    at start-up. Each full collection walks all of them (about 90 ms on the bench machine), a pause
    some request pays, and allocation-heavy pages set one off more often. Frozen (gc.freeze), they
    are never walked again; nothing made while serving requests is frozen, so garbage from requests
    is collected as before. Views are imported here first (the URL map loads them), so their objects
    are among the frozen rather than arriving with the first request.
    """
    get_resolver().url_patterns  # noqa: B018 - loading the URL map imports every view
    gc.collect()
    gc.freeze()

"""Answers to a signed-in caller hold health data: no shared cache or browser disk may keep them."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.cache import patch_cache_control


def kept_private(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, private=True, no_store=True)
    return response

"""Security and privacy headers Django 5.2 does not set by itself, and the person loaded together with
a page's first query."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack
from functools import cache
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.module_loading import import_string

from backwell.web.accounts.backends import Companion, person_loaded_with

# Everything the pages use is served by backwell itself: no third-party scripts, fonts or styles.
# Inline style attributes are allowed only for images (SVG figures set their colours inline).
# 'wasm-unsafe-eval' lets the live coach compile the pose model's WebAssembly (self-hosted, from npm);
# it allows no JavaScript eval, and connect-src 'self' still keeps every frame on the device.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'wasm-unsafe-eval'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "media-src 'self' blob:",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
IMAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:"

PERMISSIONS_POLICY = "camera=(self), microphone=(), geolocation=(), payment=(), usb=()"


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        content_type = response.get("Content-Type", "")
        policy = IMAGE_POLICY if content_type.startswith("image/") else CONTENT_SECURITY_POLICY
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class PrivatePagesMiddleware:
    """A signed-in person's pages (health data) are kept by no shared cache and by no browser's disk.

    A response that varies by cookie was drawn for whoever is signed in. When that is a person, it gets
    `Cache-Control: private, no-store` (unless the view chose its own), so a shared computer's back
    button or disk cache cannot show it to the next user. Public pages are left alone.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            "Cache-Control" not in response
            and "cookie" in response.get("Vary", "").lower()
            and getattr(request, "user", None) is not None
            and request.user.is_authenticated
        ):
            patch_cache_control(response, private=True, no_store=True)
        return response


CompanionFor = Callable[[dict[str, Any]], Companion | None]


@cache
def _companion_for(view_name: str) -> CompanionFor | None:
    path = settings.PERSON_COMPANIONS.get(view_name)
    return import_string(path) if path else None


class PersonCompanionMiddleware:
    """Loads the signed-in person in the same round trip as the page's stamp query, for the pages named
    in settings.PERSON_COMPANIONS (the busiest ones), where those two queries were the whole of the
    page's database work.

    Runs after URL resolution (process_view) and before the view touches `request.user`; the view's
    selector then takes its row from the person's load (accounts.backends.companion_row) or, when the
    person was loaded some other way first, runs its query itself.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with ExitStack() as stack:
            request._companion_stack = stack  # type: ignore[attr-defined]
            return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], args: Any, kwargs: dict[str, Any]
    ) -> None:
        match = request.resolver_match
        build = _companion_for(match.view_name) if match is not None else None
        stack: ExitStack | None = getattr(request, "_companion_stack", None)
        # Only the session cookie is looked at here: reading the session now would load it, and with it
        # the person (accounts/sessions.py), before the companion could join them.
        if build is None or stack is None or settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return
        companion = build(kwargs)
        if companion is not None:
            stack.enter_context(person_loaded_with(companion))

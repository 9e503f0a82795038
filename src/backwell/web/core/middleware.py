"""Security and privacy headers Django 5.2 does not set by itself."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

# Everything the pages use is served by backwell itself: no third-party scripts, fonts or styles.
# Inline style attributes are allowed only for images (SVG figures set their colours inline).
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
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

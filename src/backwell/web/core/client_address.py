"""The address a request came from, for rate limits: the proxy's view of it when behind one."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    # Behind the trusted proxy (BEHIND_PROXY=1 sets SECURE_PROXY_SSL_HEADER) every request comes
    # from the proxy itself; the proxy appends the real client as the last X-Forwarded-For entry.
    # Earlier entries are whatever the client claimed, so they are never trusted.
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
        if forwarded.strip():
            return forwarded.split(",")[-1].strip()
    return str(request.META.get("REMOTE_ADDR", ""))

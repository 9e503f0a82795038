"""Per-address limits on how fast replies may arrive, counted in the shared Django cache."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache

# (replies allowed, per this many seconds)
DEFAULT_PER_IP = (5, 10 * 60)
DEFAULT_PER_EMAIL = (3, 10 * 60)


def _key(kind: str, value: str) -> str:
    # Hashed so the cache never holds readers' addresses in the clear.
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]
    return f"comments:rate:{kind}:{digest}"


def _hit(key: str, limit: int, window: int) -> bool:
    """Count one attempt; True while the count stays within the limit."""
    if cache.add(key, 1, timeout=window):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return True
    return count <= limit


def comment_rate_allows(*, ip: str, email: str) -> bool:
    per_ip = getattr(settings, "COMMENTS_RATE_PER_IP", DEFAULT_PER_IP)
    per_email = getattr(settings, "COMMENTS_RATE_PER_EMAIL", DEFAULT_PER_EMAIL)
    ip_ok = _hit(_key("ip", ip or "unknown"), *per_ip)
    email_ok = _hit(_key("email", email), *per_email)
    return ip_ok and email_ok

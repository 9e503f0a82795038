"""Throttles kept in the shared cache: login lockout per email and IP, and reset emails per address."""

from __future__ import annotations

import hashlib

from django.core.cache import cache

# Five wrong passwords for one email from one address within 15 minutes lock that pair out for
# 15 minutes: enough to stop guessing, short enough that a person who forgot is not stuck long.
MAX_FAILURES = 5
WINDOW_SECONDS = 15 * 60
LOCK_SECONDS = 15 * 60


def _key(kind: str, email: str, ip: str) -> str:
    # Hashed, so the cache (a file or Redis) never holds a readable email address.
    digest = hashlib.sha256(f"{email.strip().lower()}|{ip}".encode()).hexdigest()
    return f"login:{kind}:{digest}"


def login_is_locked(*, email: str, ip: str) -> bool:
    return bool(cache.get(_key("lock", email, ip)))


def login_failure_record(*, email: str, ip: str) -> bool:
    """Counts one failed login; returns True when this failure locks the pair out."""
    counter = _key("fail", email, ip)
    # add() starts the window only for the first failure; incr() is atomic on Redis.
    cache.add(counter, 0, timeout=WINDOW_SECONDS)
    try:
        failures = cache.incr(counter)
    except ValueError:  # the window expired between add() and incr()
        cache.set(counter, 1, timeout=WINDOW_SECONDS)
        failures = 1
    if failures >= MAX_FAILURES:
        cache.set(_key("lock", email, ip), 1, timeout=LOCK_SECONDS)
        cache.delete(counter)
        return True
    return False


def login_failures_clear(*, email: str, ip: str) -> None:
    cache.delete_many([_key("fail", email, ip), _key("lock", email, ip)])


# At most three reset emails an hour to one address, so nobody can flood someone's inbox with them.
MAX_RESET_EMAILS = 3
RESET_WINDOW_SECONDS = 3600


def password_reset_allowed(*, email: str) -> bool:
    """Counts one reset request for the address; False once the hour's allowance is used up."""
    counter = _key("reset", email, "any")
    cache.add(counter, 0, timeout=RESET_WINDOW_SECONDS)
    try:
        return cache.incr(counter) <= MAX_RESET_EMAILS
    except ValueError:
        cache.set(counter, 1, timeout=RESET_WINDOW_SECONDS)
        return True

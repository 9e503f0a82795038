"""Throttles kept in the shared cache: login lockouts, and how many emails one address may be sent.

Two login limits work together. Per email and IP: five wrong passwords lock that pair, which stops
guessing one person's password without locking the owner out elsewhere. Per IP across all emails:
spraying one common password over many addresses makes one failure per address, which the first limit
never sees, so many failures from one address lock that IP out of every account for a while.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache

# Five wrong passwords for one email from one address within 15 minutes lock that pair out for
# 15 minutes: enough to stop guessing, short enough that a person who forgot is not stuck long.
MAX_FAILURES = 5
WINDOW_SECONDS = 15 * 60
LOCK_SECONDS = 15 * 60
# Thirty failures from one IP within 15 minutes, whatever the emails: far more than a household or an
# office behind one address makes by mistyping, few enough to make spraying passwords slow.
MAX_IP_FAILURES = 30


def _key(kind: str, email: str, ip: str) -> str:
    # Hashed, so the cache (a file or Redis) never holds a readable email address.
    digest = hashlib.sha256(f"{email.strip().lower()}|{ip}".encode()).hexdigest()
    return f"login:{kind}:{digest}"


def _count(counter: str, window_seconds: int) -> int:
    """Adds one to a counter that lives `window_seconds` from its first count; returns the new count."""
    # add() starts the window only for the first count; incr() is atomic on Redis.
    cache.add(counter, 0, timeout=window_seconds)
    try:
        return int(cache.incr(counter))
    except ValueError:  # the window expired between add() and incr()
        cache.set(counter, 1, timeout=window_seconds)
        return 1


def login_is_locked(*, email: str, ip: str) -> bool:
    return bool(cache.get(_key("lock", email, ip)))


def login_ip_is_locked(*, ip: str) -> bool:
    """True while this IP is paused from logging in to any account."""
    return bool(cache.get(_key("ip-lock", "", ip)))


def login_failure_record(*, email: str, ip: str) -> bool:
    """Counts one failed login for the pair and for the IP; True when this failure locks either."""
    locked = False
    if _count(_key("ip-fail", "", ip), WINDOW_SECONDS) >= MAX_IP_FAILURES:
        cache.set(_key("ip-lock", "", ip), 1, timeout=LOCK_SECONDS)
        cache.delete(_key("ip-fail", "", ip))
        locked = True
    if _count(_key("fail", email, ip), WINDOW_SECONDS) >= MAX_FAILURES:
        cache.set(_key("lock", email, ip), 1, timeout=LOCK_SECONDS)
        cache.delete(_key("fail", email, ip))
        locked = True
    return locked


def login_failures_clear(*, email: str, ip: str) -> None:
    """Ends the pair's lockout (a right password, a reset link); the IP's count stays, or a sprayer
    holding one account of their own could reset it by logging in to that account now and then."""
    cache.delete_many([_key("fail", email, ip), _key("lock", email, ip)])


# At most three emails of a kind an hour to one address (reset links, sign-up notices), so nobody can
# flood someone's inbox with them.
MAX_EMAILS_PER_HOUR = 3
EMAIL_WINDOW_SECONDS = 3600


def email_allowed(*, kind: str, email: str) -> bool:
    """Counts one email of `kind` to the address; False once the hour's allowance is used up."""
    return _count(_key(kind, email, "any"), EMAIL_WINDOW_SECONDS) <= MAX_EMAILS_PER_HOUR


def password_reset_allowed(*, email: str) -> bool:
    """Counts one reset request for the address; False once the hour's allowance is used up."""
    return email_allowed(kind="reset", email=email)

"""The browser's CSRF token for a stored page, masked as Django masks it, for a tenth of the cost.

Django's `get_token` masks the CSRF secret with a new random 32-letter string on every call (so no
two responses carry the same token bytes: BREACH). It draws each letter with its own call to the
operating system's random source, 32 system calls, about 40 µs: more than loading the signed-in
person. Every stored page served (core/personal_cache.py) needs one. Here the letters come from
one read of the random source, with rejection sampling so each letter is exactly as uniform as
Django's; Django's own check unmasks the result like any token it made.
"""

from __future__ import annotations

import secrets

from django.http import HttpRequest
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, get_token

_LETTERS = len(CSRF_ALLOWED_CHARS)
_POSITION = {letter: position for position, letter in enumerate(CSRF_ALLOWED_CHARS)}
# Bytes at or above this are dropped: below it every letter is hit by the same number of byte values.
_UNBIASED_BELOW = 256 - 256 % _LETTERS


def random_letters(count: int) -> str:
    """`count` letters drawn uniformly and independently from CSRF_ALLOWED_CHARS."""
    letters: list[str] = []
    while len(letters) < count:
        # A few spare bytes, as about 3% are dropped; a second read is needed about once in 10¹⁰.
        letters.extend(
            CSRF_ALLOWED_CHARS[byte % _LETTERS]
            for byte in secrets.token_bytes(count + 8)
            if byte < _UNBIASED_BELOW
        )
    return "".join(letters[:count])


def masked_token(request: HttpRequest) -> str:
    """What `django.middleware.csrf.get_token` returns, with the mask drawn by `random_letters`."""
    secret = request.META.get("CSRF_COOKIE")
    if not isinstance(secret, str) or len(secret) != CSRF_SECRET_LENGTH:
        return get_token(request)  # no usable cookie yet: Django makes the secret and sets the cookie
    # As get_token does: the cookie is sent again, renewing its expiry.
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    mask = random_letters(CSRF_SECRET_LENGTH)
    cipher = "".join(
        CSRF_ALLOWED_CHARS[(_POSITION[s] + _POSITION[m]) % _LETTERS]
        for s, m in zip(secret, mask, strict=True)
    )
    return mask + cipher

"""Stored pages get each browser's CSRF token masked afresh, as Django masks it (core/csrf_token.py)."""

from __future__ import annotations

from collections import Counter

from django.middleware.csrf import (
    CSRF_ALLOWED_CHARS,
    CSRF_SECRET_LENGTH,
    _does_token_match,
    _get_new_csrf_string,
)
from django.test import RequestFactory

from backwell.web.core import csrf_token
from backwell.web.core.csrf_token import masked_token, random_letters


def _request_with_cookie(secret: str | None):
    request = RequestFactory().get("/")
    if secret is not None:
        request.META["CSRF_COOKIE"] = secret
    return request


def test_the_masked_token_is_accepted_for_the_browsers_secret_and_differs_every_time() -> None:
    secret = _get_new_csrf_string()
    request = _request_with_cookie(secret)
    tokens = {masked_token(request) for _ in range(50)}
    assert len(tokens) == 50  # a fresh mask each time: no two responses carry the same bytes
    for token in tokens:
        assert len(token) == 2 * CSRF_SECRET_LENGTH and set(token) <= set(CSRF_ALLOWED_CHARS)
        assert _does_token_match(token, secret)
        assert not _does_token_match(token, _get_new_csrf_string())
    # As Django's get_token: the cookie is sent again with the response, renewing it.
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True


def test_without_a_cookie_django_makes_the_secret_and_sets_the_cookie() -> None:
    request = _request_with_cookie(None)
    token = masked_token(request)
    secret = request.META["CSRF_COOKIE"]
    assert len(secret) == CSRF_SECRET_LENGTH and _does_token_match(token, secret)


def test_bytes_that_would_favour_some_letters_are_dropped(monkeypatch) -> None:
    # 256 is not a multiple of 62: bytes 248-255 would make the first 8 letters likelier, so they are skipped.
    reads = iter([bytes([255, 248, 0, 61, 62, 247]) + bytes(10), bytes(16)])
    monkeypatch.setattr(csrf_token.secrets, "token_bytes", lambda n: next(reads))
    letters = random_letters(8)
    assert (
        letters[:4]
        == CSRF_ALLOWED_CHARS[0]
        + CSRF_ALLOWED_CHARS[61]
        + CSRF_ALLOWED_CHARS[0]
        + CSRF_ALLOWED_CHARS[247 % 62]
    )
    assert len(letters) == 8


def test_every_letter_is_drawn_about_equally_often() -> None:
    counts = Counter(random_letters(62 * 2000))
    assert set(counts) == set(CSRF_ALLOWED_CHARS)
    # 2,000 expected each, standard deviation about 44: 1,600-2,400 fails only for a broken draw.
    assert all(1600 < n < 2400 for n in counts.values()), counts.most_common(3)

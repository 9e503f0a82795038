"""The ALTCHA proof-of-work check: issue signed, expiring challenges and verify solutions once."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import enum
import json
import time
from typing import Any

import altcha
from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac

# A browser solves about 50 000 SHA-256 hashes in well under a second on a phone; spammers
# posting thousands of replies pay for every one.
DEFAULT_MAX_NUMBER = 50_000
DEFAULT_EXPIRE_SECONDS = 20 * 60
PAYLOAD_MAX_LENGTH = 2000


class Verdict(enum.Enum):
    OK = "ok"
    MISSING = "missing"
    INVALID = "invalid"
    EXPIRED = "expired"
    REPLAYED = "replayed"


def _hmac_key() -> str:
    # Derived from SECRET_KEY so no extra secret needs configuring, but distinct from other uses.
    return salted_hmac("backwell.comments.altcha", "challenge-key").hexdigest()


def _expire_seconds() -> int:
    return int(getattr(settings, "COMMENTS_CHALLENGE_EXPIRE_SECONDS", DEFAULT_EXPIRE_SECONDS))


def challenge_issue(*, expires_in: int | None = None) -> dict[str, Any]:
    """A fresh challenge as the ALTCHA widget protocol describes it (algorithm, challenge, salt…)."""
    seconds = _expire_seconds() if expires_in is None else expires_in
    challenge = altcha.create_challenge(
        altcha.ChallengeOptions(
            hmac_key=_hmac_key(),
            max_number=int(getattr(settings, "COMMENTS_CHALLENGE_MAX_NUMBER", DEFAULT_MAX_NUMBER)),
            expires=dt.datetime.now(dt.UTC) + dt.timedelta(seconds=seconds),
        )
    )
    return challenge.to_dict()


def _decode(payload: str) -> dict[str, Any] | None:
    if not payload or len(payload) > PAYLOAD_MAX_LENGTH:
        return None
    try:
        data = json.loads(base64.b64decode(payload, validate=True).decode("utf-8"))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None


def challenge_verify(payload: str) -> Verdict:
    """Check a solved challenge: authentic first, then not expired, then never used before."""
    if not payload:
        return Verdict.MISSING
    data = _decode(payload)
    if data is None or not isinstance(data.get("salt"), str) or not isinstance(data.get("number"), int):
        return Verdict.INVALID
    authentic, _error = altcha.verify_solution(payload, _hmac_key(), check_expires=False)
    if not authentic:
        return Verdict.INVALID
    expires = altcha.extract_params(data).get("expires", [""])[0]  # type: ignore[arg-type]
    if not expires.isdigit() or int(expires) < time.time():
        return Verdict.EXPIRED
    # cache.add is atomic: of two requests racing with the same solution only one wins.
    remaining = max(int(expires) - int(time.time()), 1) + 60
    if not cache.add(f"comments:pow-used:{data['challenge']}", 1, timeout=remaining):
        return Verdict.REPLAYED
    return Verdict.OK

"""Signed links in newsletter email: confirmation links expire, unsubscribe links never do."""

from __future__ import annotations

import enum
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core import signing

CONFIRM_SALT = "backwell.newsletter.confirm"
UNSUBSCRIBE_SALT = "backwell.newsletter.unsubscribe"
DEFAULT_CONFIRM_MAX_AGE = 3 * 24 * 3600
TOKEN_MAX_LENGTH = 300


class TokenProblem(enum.Enum):
    INVALID = "invalid"
    EXPIRED = "expired"


@dataclass(frozen=True)
class TokenResult:
    subscriber_id: int | None
    email_hash: str
    problem: TokenProblem | None


def email_hash(email: str) -> str:
    # The link names the address only by a hash, so it does not show the address in logs.
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:20]


def confirm_max_age() -> int:
    return int(getattr(settings, "NEWSLETTER_CONFIRM_MAX_AGE", DEFAULT_CONFIRM_MAX_AGE))


def confirmation_token(*, subscriber_id: int, email: str) -> str:
    return signing.dumps({"s": subscriber_id, "h": email_hash(email)}, salt=CONFIRM_SALT)


def unsubscribe_token(*, subscriber_id: int, email: str) -> str:
    return signing.dumps({"s": subscriber_id, "h": email_hash(email)}, salt=UNSUBSCRIBE_SALT)


def _read(token: str, salt: str, max_age: int | None) -> TokenResult:
    if not token or len(token) > TOKEN_MAX_LENGTH:
        return TokenResult(None, "", TokenProblem.INVALID)
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired:
        return TokenResult(None, "", TokenProblem.EXPIRED)
    except signing.BadSignature:
        return TokenResult(None, "", TokenProblem.INVALID)
    if not isinstance(data, dict) or not isinstance(data.get("s"), int) or not isinstance(data.get("h"), str):
        return TokenResult(None, "", TokenProblem.INVALID)
    return TokenResult(data["s"], data["h"], None)


def read_confirmation_token(token: str) -> TokenResult:
    return _read(token, CONFIRM_SALT, confirm_max_age())


def read_unsubscribe_token(token: str) -> TokenResult:
    return _read(token, UNSUBSCRIBE_SALT, None)

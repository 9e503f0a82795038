"""Signed, expiring tokens for the link that confirms a new email address."""

from __future__ import annotations

from django.core import signing

from .models import PendingEmailChange

SALT = "backwell.accounts.email-change"
MAX_AGE_SECONDS = 3 * 24 * 3600


class InvalidEmailChangeLink(Exception):
    """The link is damaged, expired, or its change was already used or replaced."""


def email_change_token(change: PendingEmailChange) -> str:
    # Signing the address too means a link is useless for any other change, even with the same id.
    return signing.dumps({"c": change.pk, "e": change.new_email}, salt=SALT, compress=True)


def email_change_from_token(token: str) -> PendingEmailChange:
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature as exc:  # SignatureExpired is a BadSignature
        raise InvalidEmailChangeLink from exc
    if not isinstance(data, dict) or not isinstance(data.get("c"), int):
        raise InvalidEmailChangeLink
    change = PendingEmailChange.objects.select_related("user").filter(pk=data["c"]).first()
    if change is None or change.new_email != data.get("e"):
        raise InvalidEmailChangeLink
    return change

"""Signed, expiring tokens for the link that finishes a sign-up.

Sign-up answers the same whether or not the address has an account (so nobody can find out who uses
backwell): the account is made only when the owner of the address opens the link mailed to it. The
token carries the sign-up itself — address, name, the password's one-way hash, when the privacy terms
were agreed to — so nothing about a person is stored before they confirm. Finishing asks for the
password again: someone who signs up with another person's address cannot hand them an account whose
password the intruder knows.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.hashers import check_password, make_password
from django.core import signing

SALT = "backwell.accounts.sign-up"
MAX_AGE_SECONDS = 3 * 24 * 3600


class InvalidSignUpLink(Exception):
    """The link is damaged or older than three days."""


@dataclass(frozen=True)
class SignUpRequest:
    email: str
    display_name: str
    password_hash: str
    consent_at: datetime.datetime

    def password_matches(self, password: str) -> bool:
        return check_password(password, self.password_hash)


def sign_up_token(*, email: str, display_name: str, password: str, consent_at: datetime.datetime) -> str:
    payload = {"e": email, "n": display_name, "p": make_password(password), "c": consent_at.isoformat()}
    return signing.dumps(payload, salt=SALT, compress=True)


def sign_up_from_token(token: str) -> SignUpRequest:
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
        return SignUpRequest(
            email=str(data["e"]),
            display_name=str(data["n"]),
            password_hash=str(data["p"]),
            consent_at=datetime.datetime.fromisoformat(data["c"]),
        )
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:  # SignatureExpired included
        raise InvalidSignUpLink from exc

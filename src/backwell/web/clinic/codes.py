"""Invitation codes: eight characters a person can read aloud and type, without look-alikes (0/O, 1/I)."""

from __future__ import annotations

import secrets

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
LENGTH = 8


def new_code() -> str:
    # 32^8 ≈ 10^12 codes, each valid for days and single use: guessing one is not practical.
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalized(text: object) -> str:
    """The code in `text` ("abcd-efgh", " ABCD EFGH ") in stored form, or "" when it cannot be one."""
    if not isinstance(text, str) or len(text) > 40:
        return ""
    code = "".join(ch for ch in text.upper() if ch not in " -")
    if len(code) != LENGTH or any(ch not in ALPHABET for ch in code):
        return ""
    return code


def shown(code: str) -> str:
    """Grouped in fours for reading: ABCD-EFGH."""
    return f"{code[:4]}-{code[4:]}"

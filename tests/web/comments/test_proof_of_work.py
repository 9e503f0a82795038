"""The expiring ALTCHA challenge: solved answers pass once; forged, expired and replayed ones do not."""

from __future__ import annotations

import base64
import json

import pytest

from backwell.web.comments.proof_of_work import Verdict, challenge_issue, challenge_verify
from tests.web.comments.pow import solved

pytestmark = pytest.mark.django_db


def test_a_solved_challenge_passes_exactly_once() -> None:
    payload = solved()
    assert challenge_verify(payload) is Verdict.OK
    assert challenge_verify(payload) is Verdict.REPLAYED


def test_an_expired_challenge_is_told_apart_from_a_forged_one() -> None:
    assert challenge_verify(solved(expires_in=-5)) is Verdict.EXPIRED


def test_forged_and_garbled_answers_are_invalid() -> None:
    challenge = challenge_issue()
    payload = json.loads(base64.b64decode(solved(challenge)))
    wrong_number = dict(payload, number=payload["number"] + 1)
    longer_life = dict(payload, salt=payload["salt"].replace("expires=", "expires=9"))
    for forged in (wrong_number, longer_life, dict(payload, signature="0" * 64)):
        assert challenge_verify(base64.b64encode(json.dumps(forged).encode()).decode()) is Verdict.INVALID
    for garbage in (
        "not base64!",
        base64.b64encode(b"[1,2]").decode(),
        base64.b64encode(b"{}").decode(),
        "A" * 5000,
    ):
        assert challenge_verify(garbage) is Verdict.INVALID
    assert challenge_verify("") is Verdict.MISSING


def test_challenges_are_cheap_enough_for_a_phone_and_carry_an_expiry() -> None:
    challenge = challenge_issue()
    assert challenge["maxNumber"] <= 100_000
    assert "expires=" in challenge["salt"]

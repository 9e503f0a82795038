"""Solve proof-of-work challenges the way a reader's browser would, for tests."""

from __future__ import annotations

import base64
import json
import re
from typing import Any

import altcha
from playwright.sync_api import Page, expect

from backwell.web.comments.proof_of_work import challenge_issue


def solved(challenge: dict[str, Any] | None = None, **issue_options: Any) -> str:
    """A base64 ALTCHA payload answering `challenge` (or a fresh one)."""
    challenge = challenge or challenge_issue(**issue_options)
    solution = altcha.solve_challenge(
        challenge["challenge"], challenge["salt"], challenge["algorithm"], challenge["maxNumber"]
    )
    assert solution is not None
    payload = {
        "algorithm": challenge["algorithm"],
        "challenge": challenge["challenge"],
        "number": solution.number,
        "salt": challenge["salt"],
        "signature": challenge["signature"],
    }
    return base64.b64encode(json.dumps(payload).encode()).decode()


def reply(**overrides: Any) -> dict[str, Any]:
    """A valid reply form, solved; override any field."""
    data = {
        "name": "Sam",
        "email": "sam@example.org",
        "website": "",
        "body": "Bridges helped me a lot.",
        "parent": "",
        "contact_phone": "",
        "altcha": solved(),
    }
    data.update(overrides)
    return data


def solved_check(page: Page) -> None:
    """Wait until the page's own widget has solved its challenge, as a reader waits for it.

    A locator assertion rather than `wait_for_function`: Playwright evaluates a function's text with
    eval while polling, which the site's Content-Security-Policy rightly refuses.
    """
    expect(page.locator("input[name=altcha]").first).to_have_value(re.compile(r".+"), timeout=20000)

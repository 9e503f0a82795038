"""Signing up as a person does: the form, then the link from the email, then the password once more."""

from __future__ import annotations

import re
from typing import Any

from django.core import mail
from django.test import Client

LINK = re.compile(r"https?://\S+/accounts/signup/confirm/\S+/")


def sign_up_link(to: str) -> str:
    """The path of the newest sign-up link mailed to `to`."""
    messages = [m for m in mail.outbox if to.lower() in [a.lower() for a in m.to]]
    assert messages, f"no email to {to}"
    found = LINK.search(messages[-1].body)
    assert found, messages[-1].body
    return "/" + found.group(0).split("/", 3)[3]


def sign_up_post(client: Client, form: dict[str, Any], capture: Any) -> Any:
    """Posts the sign-up form and runs what it leaves for after the commit (queueing the email).

    `capture` is pytest-django's django_capture_on_commit_callbacks: a test runs in a transaction
    that never commits, so the callbacks are run by hand.
    """
    with capture(execute=True):
        return client.post("/accounts/signup/", form)


def signed_up(client: Client, form: dict[str, Any], capture: Any) -> Any:
    """Posts the sign-up form and finishes from the emailed link; returns the final response, followed."""
    sent = sign_up_post(client, form, capture)
    assert "Check your email" in sent.content.decode()
    link = sign_up_link(form["email"])
    return client.post(link, {"password": form["password"]}, follow=True)

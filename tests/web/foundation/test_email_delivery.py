"""Account email really leaves through SMTP (EMAIL_URL), sent by a background task."""

from __future__ import annotations

import socket
from email import message_from_bytes
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.test import Client

from backwell.web.config.environment import email_settings
from tests.web.factories import UserFactory


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content)))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp_inbox():
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


@pytest.mark.django_db
def test_password_reset_email_is_delivered_over_smtp(
    client: Client, settings, smtp_inbox, django_capture_on_commit_callbacks
) -> None:
    inbox, port = smtp_inbox
    for key, value in email_settings(f"smtp://127.0.0.1:{port}").items():
        setattr(settings, key, value)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.SITE_URL = "https://backwell.example.org"
    UserFactory(email="lee@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": "lee@example.org"})
    assert len(inbox.messages) == 1
    recipients, message = inbox.messages[0]
    assert recipients == ["lee@example.org"]
    assert message["Subject"] == "Choose a new backwell password"
    body = message.get_payload(decode=True).decode()
    assert "https://backwell.example.org/accounts/password/reset/" in body

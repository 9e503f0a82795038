"""The name given at sign-up is used: the home page and the program greet the person, emails open with it."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from backwell.web.accounts.services import user_profile_update
from tests.web.factories import UserFactory
from tests.web.programs.conftest import start_program

pytestmark = pytest.mark.django_db


def test_the_home_page_welcomes_the_person_back_by_name(client: Client) -> None:
    client.force_login(UserFactory(display_name="Robin"))
    assert "Welcome back, Robin." in client.get("/").content.decode()


def test_without_a_name_nobody_is_greeted_as_blank(client: Client) -> None:
    client.force_login(UserFactory(display_name=""))
    page = client.get("/").content.decode()
    assert "Welcome back" not in page and "Hello ," not in page


def test_the_program_greets_the_person_and_follows_a_new_name(client: Client) -> None:
    program = start_program(UserFactory(display_name="Robin"))
    client.force_login(program.user)
    assert "Hello Robin: here is where you are" in client.get("/program/").content.decode()
    # The page is stored per person; changing the name must not leave the old greeting behind.
    user_profile_update(user=program.user, display_name="Rob")
    assert "Hello Rob: here is where you are" in client.get("/program/").content.decode()


def test_account_emails_open_with_the_persons_name(
    client: Client, django_capture_on_commit_callbacks
) -> None:
    UserFactory(email="robin@example.org", display_name="Robin")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": "robin@example.org"})
    assert str(mail.outbox[0].body).startswith("Hello Robin,")

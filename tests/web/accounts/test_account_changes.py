"""Password reset, email and password changes: each by a link or the current password."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from backwell.web.accounts.models import PendingEmailChange
from tests.web.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _link_in(message: mail.EmailMessage) -> str:
    match = re.search(r"https?://\S+", str(message.body))
    assert match, message.body
    return re.sub(r"^https?://[^/]+", "", match.group(0))


def test_password_reset_mails_a_link_that_sets_a_new_password(
    client: Client, django_capture_on_commit_callbacks
) -> None:
    user = UserFactory(email="lee@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password/reset/", {"email": "LEE@example.org"})
    assert "Check your email" in response.content.decode()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["lee@example.org"]
    link = _link_in(mail.outbox[0])
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    new = "a brand new sentence to remember"
    response = client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)
    # The link works once.
    assert "This link does not work" in client.get(link, follow=True).content.decode()


def test_password_reset_for_an_unknown_address_looks_the_same_and_sends_nothing(
    client: Client, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert "Check your email" in response.content.decode()
    assert mail.outbox == []


def test_email_change_needs_the_link_sent_to_the_new_address(
    client: Client, django_capture_on_commit_callbacks
) -> None:
    user = UserFactory(email="old@example.org")
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/email/", {"new_email": "New@Example.org", "current_password": DEFAULT_PASSWORD}
        )
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == ["new@example.org", "old@example.org"]
    confirm = next(m for m in mail.outbox if m.to == ["new@example.org"])
    link = _link_in(confirm)
    # Opening the link (or a mail scanner following it) changes nothing by itself.
    assert "Use this address" in client.get(link).content.decode()
    user.refresh_from_db()
    assert user.email == "old@example.org"
    client.post(link)
    user.refresh_from_db()
    assert user.email == "new@example.org"
    assert not PendingEmailChange.objects.exists()
    assert client.post(link).status_code == 400


def test_email_change_refuses_a_wrong_password_and_a_taken_address(client: Client) -> None:
    user = UserFactory(email="old@example.org")
    UserFactory(email="taken@example.org")
    client.force_login(user)
    wrong = client.post("/accounts/email/", {"new_email": "x@example.org", "current_password": "nope"})
    assert "not your current password" in wrong.content.decode()
    taken = client.post(
        "/accounts/email/", {"new_email": "taken@example.org", "current_password": DEFAULT_PASSWORD}
    )
    assert "Another account uses this address" in taken.content.decode()
    assert not PendingEmailChange.objects.exists()


def test_a_tampered_email_change_link_is_refused(client: Client) -> None:
    response = client.get("/accounts/email/confirm/not-a-real-token/")
    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()


def test_password_change_needs_the_old_password(client: Client) -> None:
    user = UserFactory()
    client.force_login(user)
    new = "another sentence for my back"
    bad = client.post(
        "/accounts/password/", {"old_password": "nope", "new_password1": new, "new_password2": new}
    )
    assert bad.status_code == 200
    assert "incorrectly" in bad.content.decode()
    good = client.post(
        "/accounts/password/", {"old_password": DEFAULT_PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert good.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)
    # Still logged in after the change.
    assert client.get("/accounts/settings/").status_code == 200


def test_settings_page_links_every_account_action(client: Client) -> None:
    client.force_login(UserFactory(display_name="Robin"))
    body = client.get("/accounts/settings/").content.decode()
    for url in (
        "/accounts/email/",
        "/accounts/password/",
        "/accounts/my-data.zip",
        "/accounts/delete/",
        "/accounts/privacy/",
        "/accounts/logout/",
    ):
        assert f'"{url}"' in body, url


def test_display_name_can_be_changed_and_overlong_names_are_refused(client: Client) -> None:
    user = UserFactory(display_name="Robin")
    client.force_login(user)
    client.post("/accounts/settings/", {"display_name": "Rob"})
    user.refresh_from_db()
    assert user.display_name == "Rob"
    response = client.post("/accounts/settings/", {"display_name": "R" * 81})
    assert "at most 80 characters" in response.content.decode()
    user.refresh_from_db()
    assert user.display_name == "Rob"


@pytest.mark.parametrize(
    "url",
    [
        "/accounts/settings/",
        "/accounts/email/",
        "/accounts/password/",
        "/accounts/my-data.zip",
        "/accounts/delete/",
    ],
)
def test_account_pages_send_anonymous_visitors_to_log_in(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize(
    "url", ["/accounts/signup/", "/accounts/login/", "/accounts/privacy/", "/accounts/password/reset/"]
)
def test_public_account_pages_open_for_anyone(client: Client, url: str) -> None:
    assert client.get(url).status_code == 200


def test_production_hashes_passwords_with_argon2(settings) -> None:
    from django.contrib.auth.hashers import check_password, make_password

    assert settings.PRODUCTION_PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    encoded = make_password("a real passphrase", hasher="argon2")
    assert encoded.startswith("argon2$argon2id$")
    assert check_password("a real passphrase", encoded)
    assert not check_password("a wrong passphrase", encoded)


def test_reset_emails_to_one_address_are_capped_so_nobody_can_flood_an_inbox(
    client: Client, django_capture_on_commit_callbacks
) -> None:
    UserFactory(email="lee@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            response = client.post("/accounts/password/reset/", {"email": "lee@example.org"})
            assert "Check your email" in response.content.decode()
    assert len(mail.outbox) == 3


def test_a_password_reset_ends_a_lockout_on_that_device(
    client: Client, django_capture_on_commit_callbacks
) -> None:
    from backwell.web.accounts.login_lockout import MAX_FAILURES, login_is_locked

    UserFactory(email="lee@example.org")
    for _ in range(MAX_FAILURES):
        client.post("/accounts/login/", {"username": "lee@example.org", "password": "guess"})
    assert login_is_locked(email="lee@example.org", ip="127.0.0.1")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": "lee@example.org"})
    form_page = client.get(_link_in(mail.outbox[0]), follow=True)
    new = "a brand new sentence to remember"
    client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert not login_is_locked(email="lee@example.org", ip="127.0.0.1")
    assert (
        client.post("/accounts/login/", {"username": "lee@example.org", "password": new}).status_code == 302
    )

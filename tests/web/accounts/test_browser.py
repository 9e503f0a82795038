"""Account pages in a real browser: readable on phone and desktop, accessible, with clear errors."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from backwell.web.accounts.signup_confirmation import sign_up_token
from tests.web.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page: Page, base: str, email: str) -> None:
    page.goto(base + "/accounts/login/")
    page.locator("main").get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_public_account_pages_read_well_and_pass_accessibility_checks(
    live_server, page: Page, shoot, axe_check
) -> None:
    for path, name in (
        ("/accounts/signup/", "accounts-signup"),
        ("/accounts/login/", "accounts-login"),
        ("/accounts/password/reset/", "accounts-password-reset"),
        ("/accounts/privacy/", "accounts-privacy"),
    ):
        page.goto(live_server.url + path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        axe_check(page)
        shoot(page, name)


def test_sign_up_sends_to_the_inbox_and_the_link_asks_for_the_password_again(
    live_server, page: Page, shoot, axe_check
) -> None:
    page.goto(live_server.url + "/accounts/signup/")
    page.locator("main").get_by_label("Email address").fill("robin@example.org")
    page.get_by_label("Password").fill("a long walk every morning")
    page.get_by_label("I have read the privacy terms").check()
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    expect(page.get_by_text("robin@example.org")).to_be_visible()
    axe_check(page)
    shoot(page, "accounts-signup-sent")
    # The link the email carries (no mail worker runs beside the live server).
    token = sign_up_token(
        email="robin@example.org",
        display_name="",
        password="a long walk every morning",
        consent_at=timezone.now(),
    )
    page.goto(live_server.url + f"/accounts/signup/confirm/{token}/")
    page.get_by_label("Your password").fill("not the one")
    page.get_by_role("button", name="Finish and start").click()
    expect(page.get_by_text("not the password you chose")).to_be_visible()
    axe_check(page)
    shoot(page, "accounts-signup-confirm-error")
    page.get_by_label("Your password").fill("a long walk every morning")
    page.get_by_role("button", name="Finish and start").click()
    expect(page.get_by_text("Welcome to backwell")).to_be_visible()


def test_sign_up_errors_are_shown_next_to_each_field(live_server, page: Page, shoot, axe_check) -> None:
    page.goto(live_server.url + "/accounts/signup/")
    page.locator("main").get_by_label("Email address").fill("not an email")
    page.get_by_label("Password").fill("short")
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_text("Enter a valid email address.")).to_be_visible()
    expect(page.get_by_text("Please tick the box to agree to the privacy terms")).to_be_visible()
    axe_check(page)
    shoot(page, "accounts-signup-errors")


def test_signed_in_account_pages_read_well_and_pass_accessibility_checks(
    live_server, page: Page, shoot, axe_check
) -> None:
    UserFactory(email="kim@example.org", display_name="Kim")
    log_in(page, live_server.url, "kim@example.org")
    for path, name in (
        ("/accounts/settings/", "accounts-settings"),
        ("/accounts/email/", "accounts-email-change"),
        ("/accounts/password/", "accounts-password-change"),
        ("/accounts/delete/", "accounts-delete"),
    ):
        page.goto(live_server.url + path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        axe_check(page)
        shoot(page, name)


def test_repeated_wrong_passwords_show_the_lockout_message(live_server, page: Page, shoot) -> None:
    UserFactory(email="lock@example.org")
    page.goto(live_server.url + "/accounts/login/")
    for _ in range(5):
        page.locator("main").get_by_label("Email address").fill("lock@example.org")
        page.get_by_label("Password").fill("not my password")
        page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("logging in is paused for 15 minutes")).to_be_visible()
    shoot(page, "accounts-login-locked")


def test_emailed_link_pages_read_well_and_pass_accessibility_checks(
    live_server, page: Page, shoot, axe_check
) -> None:
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from backwell.web.accounts.email_change import email_change_token
    from backwell.web.accounts.models import PendingEmailChange

    user = UserFactory(email="link@example.org")
    page.goto(live_server.url + "/accounts/password/reset/")
    page.locator("main").get_by_label("Email address").fill("link@example.org")
    page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    axe_check(page)
    shoot(page, "accounts-password-reset-sent")

    uid = urlsafe_base64_encode(force_bytes(user.pk))
    page.goto(f"{live_server.url}/accounts/password/reset/{uid}/{default_token_generator.make_token(user)}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a new password")
    axe_check(page)
    shoot(page, "accounts-password-reset-confirm")

    change = PendingEmailChange.objects.create(user=user, new_email="new@example.org")
    page.goto(f"{live_server.url}/accounts/email/confirm/{email_change_token(change)}/")
    expect(page.get_by_text("new@example.org")).to_be_visible()
    axe_check(page)
    shoot(page, "accounts-email-change-confirm")
    page.get_by_role("button", name="Use this address").click()
    expect(page.get_by_text("Your email address is now new@example.org.")).to_be_visible()

    page.goto(f"{live_server.url}/accounts/email/confirm/damaged-link/")
    expect(page.get_by_role("heading", level=1)).to_have_text("This link does not work")
    axe_check(page)
    shoot(page, "accounts-email-change-invalid")

"""Signing up, logging in and out, and the lockout after repeated wrong passwords."""

from __future__ import annotations

import time
from unittest import mock

import pytest
from django.core import mail
from django.test import Client

from backwell.web.accounts.login_lockout import MAX_FAILURES, MAX_IP_FAILURES, login_is_locked
from backwell.web.accounts.models import User
from tests.web.accounts.sign_up import sign_up_link, sign_up_post, signed_up
from tests.web.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


GOOD_SIGNUP = {
    "email": "Sam@Example.org",
    "display_name": "Sam",
    "password": "a long walk every morning",
    "consent": "on",
}


def test_person_signs_up_confirms_from_the_email_is_logged_in_and_consent_is_recorded(
    client: Client, capture
) -> None:
    sent = sign_up_post(client, GOOD_SIGNUP, capture)
    assert sent.status_code == 200
    assert "Check your email" in sent.content.decode()
    assert not User.objects.exists()  # nothing is kept before the owner of the address confirms
    link = sign_up_link("sam@example.org")
    assert "Finish signing up" in client.get(link).content.decode()
    assert not User.objects.exists()  # opening the link (a mail scanner does) makes nothing

    response = client.post(link, {"password": "a long walk every morning"})

    assert response.status_code == 302
    assert response["Location"] == "/assessment/"
    user = User.objects.get()
    assert user.email == "sam@example.org"
    assert user.display_name == "Sam"
    assert user.privacy_consent_at is not None
    assert user.check_password("a long walk every morning")
    assert client.get("/accounts/settings/").status_code == 200


def test_a_sign_up_link_needs_the_password_chosen_so_nobody_can_plant_an_account_on_someone(
    client: Client, capture
) -> None:
    sign_up_post(client, GOOD_SIGNUP, capture)
    link = sign_up_link("sam@example.org")
    # The owner of the address opens a link someone else asked for: without that password, no account.
    response = Client().post(link, {"password": "the owner's own password"})
    assert "not the password you chose" in response.content.decode()
    assert not User.objects.exists()


def test_a_used_damaged_or_expired_sign_up_link_says_what_to_do(client: Client, capture) -> None:
    sign_up_post(client, GOOD_SIGNUP, capture)
    link = sign_up_link("sam@example.org")
    client.post(link, {"password": GOOD_SIGNUP["password"]})
    again = Client().post(link, {"password": GOOD_SIGNUP["password"]}, follow=True)
    assert "already has an account. Log in" in again.content.decode()
    assert User.objects.count() == 1
    damaged = Client().get(link[:-6] + "xxxxx/")
    assert damaged.status_code == 400
    assert "Sign up again" in damaged.content.decode()
    four_days_later = time.time() + 4 * 24 * 3600
    with mock.patch("django.core.signing.time.time", return_value=four_days_later):
        expired = Client().get(link)
    assert expired.status_code == 400


def test_sign_up_without_consent_is_refused_with_a_reason(client: Client) -> None:
    response = client.post("/accounts/signup/", {**GOOD_SIGNUP, "consent": ""})
    assert response.status_code == 200
    assert "tick the box to agree to the privacy terms" in response.content.decode()
    assert not User.objects.exists()


def test_sign_up_answers_the_same_for_a_known_address_and_mails_its_owner_instead(
    client: Client, capture
) -> None:
    UserFactory(email="sam@example.org", display_name="Sam")
    known = sign_up_post(client, GOOD_SIGNUP, capture)
    unknown = sign_up_post(Client(), {**GOOD_SIGNUP, "email": "new@example.org"}, capture)

    assert known.status_code == unknown.status_code == 200
    page = _main(known.content.decode())
    assert page == _main(unknown.content.decode()).replace("new@example.org", "sam@example.org")
    assert "already" not in page.lower().replace("if you already have an account", "")
    assert User.objects.count() == 1
    notice = next(m for m in mail.outbox if m.to == ["sam@example.org"])
    assert "Someone tried to sign up" in notice.subject
    assert "/accounts/login/" in notice.body and "/accounts/password/reset/" in notice.body
    assert "/accounts/signup/confirm/" not in notice.body  # no way to make a second account
    assert "/accounts/signup/confirm/" in next(m for m in mail.outbox if m.to == ["new@example.org"]).body


def _main(html: str) -> str:
    # The page's main content: the CSRF token in the page (a per-browser random) is left out.
    return html[html.index("<main") : html.index("</main>")]


def test_sign_up_notices_to_one_address_are_capped_so_nobody_can_flood_an_inbox(
    client: Client, capture
) -> None:
    UserFactory(email="sam@example.org")
    for _ in range(6):
        response = sign_up_post(client, GOOD_SIGNUP, capture)
        assert "Check your email" in response.content.decode()
    assert len([m for m in mail.outbox if m.to == ["sam@example.org"]]) == 3


def test_sign_up_with_a_weak_password_says_why(client: Client) -> None:
    response = client.post("/accounts/signup/", {**GOOD_SIGNUP, "password": "password"})
    body = response.content.decode()
    assert "too short" in body or "too common" in body
    assert not User.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "not-an-email", "Enter a valid email address."),
        ("email", "a" * 300 + "@example.org", "at most 254 characters"),
        ("display_name", "x" * 500, "at most 80 characters"),
        ("password", "p" * 5000, "at most 256 characters"),
        ("email", "", "This field is required."),
    ],
)
def test_hostile_or_broken_sign_up_input_is_refused_clearly(
    client: Client, field: str, value: str, message: str
) -> None:
    response = client.post("/accounts/signup/", {**GOOD_SIGNUP, field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.exists()


def test_script_in_a_display_name_is_shown_as_text_never_run(client: Client, capture) -> None:
    signed_up(client, {**GOOD_SIGNUP, "display_name": "<script>alert(1)</script>"}, capture)
    body = client.get("/accounts/settings/").content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_person_logs_in_with_email_in_any_case_and_logs_out_with_post(client: Client) -> None:
    UserFactory(email="kim@example.org")
    response = client.post("/accounts/login/", {"username": "KIM@example.org", "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert client.get("/accounts/settings/").status_code == 200
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")
    assert client.get("/accounts/settings/").status_code == 302
    # The offline app's kept session pages and queue leave the device with the person.
    assert response["Clear-Site-Data"] == '"cache", "storage"'


def test_wrong_password_gets_a_plain_message(client: Client) -> None:
    UserFactory(email="kim@example.org")
    response = client.post("/accounts/login/", {"username": "kim@example.org", "password": "nope"})
    assert "do not match an account" in response.content.decode()


def test_repeated_wrong_passwords_lock_the_email_out_even_with_the_right_one(client: Client) -> None:
    UserFactory(email="kim@example.org")
    for _ in range(MAX_FAILURES):
        response = client.post("/accounts/login/", {"username": "kim@example.org", "password": "guess"})
    assert "logging in is paused for 15 minutes" in response.content.decode()
    response = client.post("/accounts/login/", {"username": "kim@example.org", "password": DEFAULT_PASSWORD})
    assert response.status_code == 200
    assert "logging in is paused" in response.content.decode()
    assert client.get("/accounts/settings/").status_code == 302


def test_lockout_is_per_address_so_the_owner_elsewhere_can_still_log_in() -> None:
    UserFactory(email="kim@example.org")
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(MAX_FAILURES):
        attacker.post("/accounts/login/", {"username": "kim@example.org", "password": "guess"})
    owner = Client(REMOTE_ADDR="198.51.100.7")
    response = owner.post("/accounts/login/", {"username": "kim@example.org", "password": DEFAULT_PASSWORD})
    assert response.status_code == 302


def test_lockout_lives_in_the_shared_cache_so_a_fresh_session_is_locked_too(client: Client) -> None:
    from backwell.web.config import settings as project_settings

    # A per-process memory cache would let each gunicorn worker count failures on its own.
    assert project_settings.CACHES["default"]["BACKEND"] in (
        "backwell.web.core.cache.DiskCache",
        "backwell.web.core.cache.RedisCache",
    )
    UserFactory(email="kim@example.org")
    for _ in range(MAX_FAILURES):
        client.post("/accounts/login/", {"username": "kim@example.org", "password": "guess"})
    assert login_is_locked(email="kim@example.org", ip="127.0.0.1")
    fresh = Client()
    response = fresh.post("/accounts/login/", {"username": "kim@example.org", "password": DEFAULT_PASSWORD})
    assert "logging in is paused" in response.content.decode()


def test_login_form_refuses_a_post_without_csrf_token() -> None:
    UserFactory(email="kim@example.org")
    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/accounts/login/", {"username": "kim@example.org", "password": DEFAULT_PASSWORD})
    assert response.status_code == 403


def test_signed_in_person_visiting_signup_goes_to_their_account(client: Client) -> None:
    client.force_login(UserFactory())
    assert client.get("/accounts/signup/")["Location"] == "/accounts/settings/"


@pytest.mark.parametrize(
    ("username", "password", "message"),
    [
        ("kim@example.org", "p" * 5000, "at most 256 characters"),
        ("k" * 300 + "@example.org", "whatever", "at most 254 characters"),
        ("", "", "This field is required."),
    ],
)
def test_overlong_or_missing_login_input_is_refused_before_checking_the_password(
    client: Client, username: str, password: str, message: str
) -> None:
    UserFactory(email="kim@example.org")
    response = client.post("/accounts/login/", {"username": username, "password": password})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not login_is_locked(email=username, ip="127.0.0.1")


def test_spraying_one_password_over_many_emails_from_one_address_is_paused() -> None:
    UserFactory(email="kim@example.org")
    sprayer = Client(REMOTE_ADDR="203.0.113.9")
    for n in range(MAX_IP_FAILURES):
        response = sprayer.post(
            "/accounts/login/", {"username": f"p{n}@example.org", "password": "Summer2026!"}
        )
    assert "logging in from here is paused" in response.content.decode()
    # Even a right password is refused from that address now, without saying whether it was right.
    response = sprayer.post("/accounts/login/", {"username": "kim@example.org", "password": DEFAULT_PASSWORD})
    assert "logging in from here is paused" in response.content.decode()
    assert sprayer.get("/accounts/settings/").status_code == 302
    # Nobody else is affected: the same person from another network logs in.
    owner = Client(REMOTE_ADDR="198.51.100.7")
    assert (
        owner.post(
            "/accounts/login/", {"username": "kim@example.org", "password": DEFAULT_PASSWORD}
        ).status_code
        == 302
    )


def test_a_few_mistakes_from_one_address_over_several_emails_do_not_pause_it() -> None:
    UserFactory(email="kim@example.org")
    household = Client(REMOTE_ADDR="192.0.2.4")
    for n in range(MAX_IP_FAILURES - 1):
        household.post("/accounts/login/", {"username": f"p{n}@example.org", "password": "typo"})
    response = household.post(
        "/accounts/login/", {"username": "kim@example.org", "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302

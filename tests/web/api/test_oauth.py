"""An app signs a person in with OAuth 2 (authorization code with PKCE), refreshes its token, and
loses access the moment the person revokes it on their settings page."""

from __future__ import annotations

import base64
import hashlib
import secrets
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from oauth2_provider.models import get_application_model

from tests.web.factories import UserFactory

pytestmark = pytest.mark.django_db

REDIRECT = "https://app.example.org/callback"


def _app():
    return get_application_model().objects.create(
        name="Pocket coach",
        client_type="public",
        authorization_grant_type="authorization-code",
        redirect_uris=REDIRECT,
    )


def _authorise(browser: Client, client_id: str, *, challenge: str | None) -> str:
    """The person allows the app; returns the code sent back to the app."""
    query = {
        "response_type": "code",
        "client_id": client_id,
        "redirect_uri": REDIRECT,
        "scope": "person:read person:write",
        "state": "s1",
    }
    if challenge:
        query |= {"code_challenge": challenge, "code_challenge_method": "S256"}
    page = browser.get("/oauth/authorize/", query)
    assert page.status_code == 200
    assert "Allow Pocket coach to use your backwell data?" in page.content.decode()
    form = {**query, "redirect_uri": REDIRECT, "allow": "Authorize"}
    answer = browser.post("/oauth/authorize/", form)
    assert answer.status_code == 302, answer.content[:500]
    return parse_qs(urlsplit(answer["Location"]).query)["code"][0]


def test_pkce_sign_in_refresh_and_revoke_from_settings() -> None:
    person = UserFactory(display_name="Ada")
    app = _app()
    browser = Client()
    browser.force_login(person)
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    code = _authorise(browser, app.client_id, challenge=challenge)

    phone = Client()
    wrong = phone.post(
        "/oauth/token/",
        {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": REDIRECT,
            "client_id": app.client_id,
            "code_verifier": "not-the-verifier-" + "x" * 40,
        },
    )
    assert wrong.status_code == 400  # a stolen code is useless without the verifier
    code = _authorise(browser, app.client_id, challenge=challenge)
    tokens = phone.post(
        "/oauth/token/",
        {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": REDIRECT,
            "client_id": app.client_id,
            "code_verifier": verifier,
        },
    ).json()
    assert set(tokens["scope"].split()) == {"person:read", "person:write"}
    me = phone.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {tokens['access_token']}")
    assert me.json()["display_name"] == "Ada"

    refreshed = phone.post(
        "/oauth/token/",
        {"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"], "client_id": app.client_id},
    ).json()
    assert refreshed["access_token"] != tokens["access_token"]
    assert (
        phone.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {refreshed['access_token']}").status_code == 200
    )

    settings_page = browser.get("/accounts/settings/").content.decode()
    assert "Pocket coach" in settings_page and "Revoke Pocket coach" in settings_page
    browser.post(f"/oauth/apps/{app.pk}/revoke/")
    assert (
        phone.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {refreshed['access_token']}").status_code == 401
    )
    again = phone.post(
        "/oauth/token/",
        {
            "grant_type": "refresh_token",
            "refresh_token": refreshed["refresh_token"],
            "client_id": app.client_id,
        },
    )
    assert again.status_code == 400
    assert "No app has access to your data" in browser.get("/accounts/settings/").content.decode()


def test_an_app_without_pkce_is_refused() -> None:
    app = _app()
    browser = Client()
    browser.force_login(UserFactory())
    page = browser.get(
        "/oauth/authorize/",
        {
            "response_type": "code",
            "client_id": app.client_id,
            "redirect_uri": REDIRECT,
            "scope": "person:read",
        },
    )
    # The toolkit sends the error back to the app's redirect address, never a code.
    assert page.status_code == 302
    assert "error=invalid_request" in page["Location"] and "code=" not in page["Location"]

"""A signed-in person's pages are kept by no shared cache and no browser disk; public pages stay cacheable."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.web.content.factories import ArticleFactory
from tests.web.factories import UserFactory
from tests.web.programs.conftest import start_program

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        reverse("programs:overview"),
        reverse("programs:session", kwargs={"week": 1, "day": 1}),
        reverse("tracking:progress"),
        reverse("accounts:settings"),
    ],
)
def test_a_signed_in_persons_pages_are_private_and_not_stored(client: Client, url: str) -> None:
    program = start_program()
    client.force_login(program.user)
    for _visit in range(2):  # drawn, then served from the page cache: both are private
        response = client.get(url)
        assert response.status_code == 200
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= directives


def test_public_pages_keep_their_own_caching(client: Client) -> None:
    article = ArticleFactory()
    assert "no-store" not in client.get(article.get_absolute_url()).get("Cache-Control", "")
    client.force_login(UserFactory())
    picture = client.get(reverse("programs:exercise_picture", kwargs={"slug": "walking_easy"}))
    assert picture["Cache-Control"] == "public, max-age=86400"  # the same for everyone, signed in or not

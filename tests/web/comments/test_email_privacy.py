"""A commenter's email address appears on no public page, feed, sitemap or API — only in the admin."""

from __future__ import annotations

import pytest
from django.test import Client

from backwell.web.comments.models import Comment
from tests.web.content.factories import ArticleFactory
from tests.web.factories import UserFactory

pytestmark = pytest.mark.django_db

SECRET_EMAIL = "very.private.person@example.org"


def test_commenter_email_is_never_published(client: Client) -> None:
    article = ArticleFactory(title="Sitting well")
    top = Comment.objects.create(
        article=article,
        name="Private Person",
        email=SECRET_EMAIL,
        website="https://pp.example",
        body="Hello",
        status="approved",
    )
    Comment.objects.create(
        article=article,
        parent=top,
        name="Private Person",
        email=SECRET_EMAIL,
        body="Again",
        status="approved",
    )
    Comment.objects.create(
        article=article, name="Held", email=SECRET_EMAIL, body="Held one", status="pending"
    )
    public = [
        article.get_absolute_url(),
        article.get_absolute_url() + f"?replytocom={top.pk}",
        "/articles/",
        "/articles/feed/",
        "/articles/feed/atom/",
        "/articles/sitemap.xml",
        "/articles/search/?q=Sitting",
        "/articles/search/?q=private",
        article.author.get_absolute_url(),
        article.categories.first().get_absolute_url(),
        "/comments/challenge/",
        "/newsletter/",
        "/",
    ]
    for url in public:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode().lower()
        assert SECRET_EMAIL not in body and "very.private.person" not in body, f"email leaked on {url}"
    assert "Private Person" in client.get(article.get_absolute_url()).content.decode()

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert SECRET_EMAIL in client.get("/admin/comments/comment/").content.decode()

"""Editors write and publish in the admin; the body is rendered safely when saved."""

from __future__ import annotations

import pytest
from django.test import Client

from backwell.web.content.models import Article
from tests.web.content.factories import ArticleFactory, AuthorFactory, CategoryFactory
from tests.web.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client: Client) -> Client:
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_editor_writes_a_draft_previews_it_and_publishes_it(editor_client: Client) -> None:
    author = AuthorFactory()
    category = CategoryFactory()
    response = editor_client.post(
        "/admin/content/article/add/",
        {
            "title": "Hip hinge basics",
            "slug": "hip-hinge-basics",
            "summary": "Bend from the hips.",
            "body": "## How\n\nPush the hips back. <script>alert(1)</script>",
            "hero_picture": "content/heroes/spine.svg",
            "hero_alt": "A spine.",
            "author": author.pk,
            "categories": [category.pk],
            "sources": '[{"key": "nice-ng59", "title": "NICE NG59", "url": "https://www.nice.org.uk/guidance/ng59"}]',
            "status": "draft",
            "updated_at_0": "2026-11-01",
            "updated_at_1": "10:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    article = Article.objects.get(slug="hip-hinge-basics")
    assert "<h2>How</h2>" in article.body_html and "<script" not in article.body_html
    assert article.published_at is None
    change_page = editor_client.get(f"/admin/content/article/{article.pk}/change/").content.decode()
    assert f"/articles/preview/{article.pk}/" in change_page
    assert editor_client.get(f"/articles/preview/{article.pk}/").status_code == 200

    editor_client.post(
        "/admin/content/article/", {"action": "publish_selected", "_selected_action": [article.pk]}
    )
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED and article.published_at is not None
    assert Client().get("/articles/hip-hinge-basics/").status_code == 200


def test_returning_an_article_to_draft_takes_it_off_the_site(editor_client: Client) -> None:
    article = ArticleFactory()
    editor_client.post(
        "/admin/content/article/", {"action": "unpublish_selected", "_selected_action": [article.pk]}
    )
    assert Client().get(article.get_absolute_url()).status_code == 404

"""Anonymous readers get a cached article page that changes as soon as the content does."""

from __future__ import annotations

import pytest
from django.test import Client

from backwell.web.comments.models import Comment
from backwell.web.comments.services import comments_moderate
from backwell.web.content.services import article_save, article_unpublish
from tests.web.comments.pow import reply
from tests.web.content.factories import ArticleFactory
from tests.web.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_cached_page_is_served_without_touching_the_database(
    client: Client, django_assert_num_queries
) -> None:
    article = ArticleFactory(title="Cached piece")
    client.get(article.get_absolute_url())
    with django_assert_num_queries(0):
        again = client.get(article.get_absolute_url())
    assert b"Cached piece" in again.content
    assert b"csrfmiddlewaretoken" not in again.content  # nothing personal in a page shared by everyone


def test_approving_a_reply_or_editing_the_article_shows_at_once(
    client: Client, django_capture_on_commit_callbacks
) -> None:
    article = ArticleFactory(title="Before")
    held = Comment.objects.create(
        article=article, name="Ann", email="ann@example.org", body="Thanks for this"
    )
    assert b"Thanks for this" not in client.get(article.get_absolute_url()).content
    with django_capture_on_commit_callbacks(execute=True):
        comments_moderate(comments=[held], status="approved")
    assert b"Thanks for this" in client.get(article.get_absolute_url()).content
    article.title = "After"
    with django_capture_on_commit_callbacks(execute=True):
        article_save(article=article)
    assert b"After" in client.get(article.get_absolute_url()).content
    with django_capture_on_commit_callbacks(execute=True):
        article_unpublish(article=article)
    assert client.get(article.get_absolute_url()).status_code == 404


def test_signed_in_people_and_readers_with_a_message_get_a_fresh_page(client: Client) -> None:
    article = ArticleFactory()
    client.get(article.get_absolute_url())
    response = client.post(f"/comments/post/{article.pk}/", reply(body="Held reply"), follow=True)
    assert b"waiting for a moderator" in response.content
    assert b"waiting for a moderator" not in client.get(article.get_absolute_url()).content
    client.force_login(UserFactory(display_name="Signed In"))
    assert b"Log out" in client.get(article.get_absolute_url()).content


def test_forms_on_the_shared_page_work_without_a_csrf_token(django_capture_on_commit_callbacks) -> None:
    article = ArticleFactory()
    browser = Client(enforce_csrf_checks=True)
    browser.get(article.get_absolute_url())
    assert browser.post(f"/comments/post/{article.pk}/", reply()).status_code == 302
    with django_capture_on_commit_callbacks(execute=False):
        signup = browser.post("/newsletter/subscribe/", {"email": "a@example.org", "consent": "on"})
    assert signup.status_code == 302


def test_a_new_release_draws_the_article_page_again(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from backwell.web.content import page_cache

    article = ArticleFactory(title="Cached piece")
    client.get(article.get_absolute_url())
    monkeypatch.setattr(page_cache, "release", lambda: "a later release")
    with CaptureQueriesContext(connection) as redrawn:
        assert b"Cached piece" in client.get(article.get_absolute_url()).content
    assert len(redrawn.captured_queries) > 0  # drawn again, not served from the old release's copy

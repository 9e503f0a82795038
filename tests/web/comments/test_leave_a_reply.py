"""Leaving a reply: held for first-timers, at once for approved commenters, safe against hostile input."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from backwell.web.comments.models import Comment
from backwell.web.content.models import Article
from tests.web.comments.pow import reply, solved
from tests.web.content.factories import ArticleFactory

pytestmark = [pytest.mark.django_db, pytest.mark.datalayer]


@pytest.fixture
def article() -> Article:
    return ArticleFactory(title="Bridges for weak glutes")


def post(client: Client, article: Article, **fields: str):
    return client.post(f"/comments/post/{article.pk}/", reply(**fields))


def test_a_first_time_commenter_waits_for_moderation(client: Client, article: Article) -> None:
    response = post(client, article, body="My first reply")
    assert response.status_code == 302 and response["Location"].endswith("#comments")
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    page = client.get(article.get_absolute_url()).content.decode()
    assert "waiting for a moderator" in page
    assert "My first reply" not in page


def test_an_approved_commenter_posts_at_once(client: Client, article: Article) -> None:
    Comment.objects.create(
        article=article, name="Sam", email="sam@example.org", body="old", status="approved"
    )
    post(client, article, body="Straight onto the page", email="SAM@example.org")
    assert Comment.objects.get(body="Straight onto the page").status == Comment.Status.APPROVED
    assert "Straight onto the page" in client.get(article.get_absolute_url()).content.decode()


def test_a_commenter_once_marked_as_spam_is_held_again(client: Client, article: Article) -> None:
    Comment.objects.create(article=article, name="Sam", email="sam@example.org", body="ok", status="approved")
    Comment.objects.create(article=article, name="Sam", email="sam@example.org", body="buy", status="spam")
    post(client, article, body="Trust me")
    assert Comment.objects.get(body="Trust me").status == Comment.Status.PENDING


def test_replies_thread_one_level_deep(client: Client, article: Article) -> None:
    top = Comment.objects.create(
        article=article, name="Ann", email="ann@example.org", body="top", status="approved"
    )
    reply1 = Comment.objects.create(
        article=article, parent=top, name="Bo", email="bo@example.org", body="r1", status="approved"
    )
    post(client, article, body="reply to a reply", parent=str(reply1.pk))
    assert Comment.objects.get(body="reply to a reply").parent == top
    page = client.get(article.get_absolute_url() + f"?replytocom={top.pk}").content.decode()
    assert "Replying to Ann." in page and f'name="parent" value="{top.pk}"' in page


def test_a_reply_to_a_hidden_or_foreign_comment_is_refused_with_the_text_kept(
    client: Client, article: Article
) -> None:
    other = ArticleFactory()
    foreign = Comment.objects.create(
        article=other, name="X", email="x@example.org", body="elsewhere", status="approved"
    )
    response = post(client, article, body="Keep my words", parent=str(foreign.pk))
    assert response.status_code == 400
    assert "no longer shown" in response.content.decode() and "Keep my words" in response.content.decode()
    assert not Comment.objects.filter(body="Keep my words").exists()


def test_an_expired_check_is_refused_plainly_and_the_text_is_kept(client: Client, article: Article) -> None:
    response = post(client, article, body="A long story about my back", altcha=solved(expires_in=-1))
    text = response.content.decode()
    assert response.status_code == 400
    assert "The anti-spam check expired" in text and "Reload to get a new one" in text
    assert "A long story about my back" in text
    assert 'data-challenge="' in text  # a fresh check is ready on the page
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("altcha", "message"),
    [
        ("", "had not finished"),
        ("Zm9yZ2Vk", "could not be confirmed"),
    ],
)
def test_missing_or_forged_checks_are_refused(
    client: Client, article: Article, altcha: str, message: str
) -> None:
    response = post(client, article, altcha=altcha)
    assert response.status_code == 400 and message in response.content.decode()
    assert not Comment.objects.exists()


def test_a_replayed_check_is_refused(client: Client, article: Article) -> None:
    payload = solved()
    post(client, article, altcha=payload, body="first")
    response = post(client, article, altcha=payload, body="second")
    assert response.status_code == 400 and "already been used" in response.content.decode()
    assert list(Comment.objects.values_list("body", flat=True)) == ["first"]


def test_the_honeypot_catches_bots_and_saves_nothing(client: Client, article: Article) -> None:
    response = post(client, article, contact_phone="+1 555 0100")
    assert response.status_code == 302
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "Please give a name"),
        ("name", "N" * 81, "shorten your name to 80"),
        ("email", "", "Please give your email address"),
        ("email", "not-an-email", "does not look like an email address"),
        ("email", "a@" + "b" * 260 + ".org", "email"),
        ("website", "javascript:alert(1)", "full web address"),
        ("body", "   ", "write something"),
        ("body", "x" * 4001, "keep it under 4000"),
    ],
)
def test_bad_input_gets_a_clear_message_and_nothing_is_saved(
    client: Client, article: Article, field: str, value: str, message: str
) -> None:
    response = post(client, article, **{field: value})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Comment.objects.exists()


def test_script_tags_are_stored_as_text_and_shown_escaped(client: Client, article: Article) -> None:
    Comment.objects.create(article=article, name="Sam", email="sam@example.org", body="ok", status="approved")
    post(
        client,
        article,
        name="<script>alert('n')</script>",
        body="<script>alert('b')</script> see https://example.org",
    )
    page = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert(" not in page
    assert "&lt;script&gt;alert(&#x27;b&#x27;)&lt;/script&gt;" in page
    assert '<a href="https://example.org" rel="nofollow ugc noopener">' in page


@override_settings(COMMENTS_RATE_PER_EMAIL=(2, 600), COMMENTS_RATE_PER_IP=(50, 600))
def test_too_many_replies_from_one_address_are_slowed_down(client: Client, article: Article) -> None:
    for n in range(2):
        assert post(client, article, body=f"reply {n}").status_code == 302
    response = post(client, article, body="one too many")
    assert response.status_code == 429
    assert "wait ten minutes" in response.content.decode() and "one too many" in response.content.decode()
    assert Comment.objects.count() == 2


@override_settings(COMMENTS_RATE_PER_IP=(2, 600))
def test_too_many_replies_from_one_connection_are_slowed_down(client: Client, article: Article) -> None:
    for n in range(2):
        post(client, article, body=f"reply {n}", email=f"person{n}@example.org")
    assert post(client, article, email="third@example.org").status_code == 429


def test_replies_to_unpublished_articles_and_get_requests_are_refused(client: Client) -> None:
    draft = ArticleFactory(status=Article.Status.DRAFT)
    assert client.post(f"/comments/post/{draft.pk}/", reply()).status_code == 404
    assert client.get(f"/comments/post/{draft.pk}/").status_code == 405
    assert client.post("/comments/post/999999/", reply()).status_code == 404


@pytest.mark.parametrize("parent", ["9" * 30, "-1", "abc", "1 OR 1=1", "x" * 100])
def test_nonsense_reply_targets_are_refused_without_an_error_page(
    client: Client, article: Article, parent: str
) -> None:
    response = post(client, article, body="Keep me", parent=parent)
    assert response.status_code == 400
    assert "no longer shown" in response.content.decode() and "Keep me" in response.content.decode()
    assert not Comment.objects.exists()
    assert client.get(article.get_absolute_url() + f"?replytocom={parent}").status_code == 200

"""A signed-in person replies as their account: never asked again for name or email, never impersonated."""

from __future__ import annotations

import pytest
from django.test import Client

from backwell.web.comments.models import Comment
from backwell.web.content.models import Article
from tests.web.comments.pow import reply
from tests.web.content.factories import ArticleFactory
from tests.web.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def article() -> Article:
    return ArticleFactory(title="Bridges for weak glutes")


def _comment_form(page: str) -> str:
    form = page[page.index('class="comment-form"') :]
    return form[: form.index("</form>")]


def test_the_form_names_the_person_and_asks_for_neither_name_nor_email(
    client: Client, article: Article
) -> None:
    person = UserFactory(display_name="Alex Morgan", email="alex.private@example.org")
    client.force_login(person)
    page = client.get(article.get_absolute_url()).content.decode()
    form = _comment_form(page)
    assert "Alex Morgan" in form
    assert 'name="email"' not in form and 'name="name"' not in form
    assert "alex.private@example.org" not in page
    assert "csrfmiddlewaretoken" in form and f"/comments/post/{article.pk}/signed-in/" in form


def test_a_signed_in_reply_carries_the_accounts_name_and_email(client: Client, article: Article) -> None:
    person = UserFactory(display_name="Alex Morgan", email="alex.private@example.org")
    client.force_login(person)
    # Whatever name and email a crafted post sends, the account's are used.
    data = reply(name="Someone Else", email="else@example.org", body="Bridges helped")
    response = client.post(f"/comments/post/{article.pk}/signed-in/", data)
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert (comment.name, comment.email) == ("Alex Morgan", "alex.private@example.org")


def test_a_person_without_a_name_is_asked_for_one_but_not_for_their_email(
    client: Client, article: Article
) -> None:
    person = UserFactory(display_name="", email="noname@example.org")
    client.force_login(person)
    form = _comment_form(client.get(article.get_absolute_url()).content.decode())
    assert 'name="name"' in form and 'name="email"' not in form
    response = client.post(f"/comments/post/{article.pk}/signed-in/", reply(name="", email=""))
    assert response.status_code == 400
    assert "Please give a name to show with your reply" in response.content.decode()
    client.post(f"/comments/post/{article.pk}/signed-in/", reply(name="Kim", email=""))
    assert Comment.objects.get().email == "noname@example.org"


def test_a_cross_site_post_cannot_reply_in_a_signed_in_persons_name(article: Article) -> None:
    person = UserFactory(display_name="Alex Morgan")
    forged = Client(enforce_csrf_checks=True)
    forged.force_login(person)
    response = forged.post(f"/comments/post/{article.pk}/signed-in/", reply())
    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_signing_out_people_still_reply_with_name_and_email(client: Client, article: Article) -> None:
    form = _comment_form(client.get(article.get_absolute_url()).content.decode())
    assert 'name="name"' in form and 'name="email"' in form

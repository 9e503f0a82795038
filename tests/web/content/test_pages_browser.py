"""Every article, comment and newsletter page at phone and desktop widths, checked with axe-core."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from backwell.web.comments.models import Comment
from backwell.web.content import curated
from backwell.web.content.models import Article
from tests.web.comments.pow import solved_check


@pytest.fixture
def site(live_server) -> Iterator[str]:
    cache.clear()
    curated.load()
    yield live_server.url
    cache.clear()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_article_topic_author_and_search_pages_read_well(site: str, page, shoot, axe_check) -> None:
    pages = {
        "content-category": "/articles/category/posture-and-imbalance/",
        "content-tag": "/articles/tag/posture/",
        "content-author": "/articles/author/evidence-desk/",
        "content-search": "/articles/search/?q=sitting",
        "content-search-empty": "/articles/search/?q=zebra",
        "content-list-page-2": "/articles/?page=2",
        "content-inversion": "/articles/inversion-therapy/",
        "content-red-flags": "/articles/red-flags/",
        "content-anterior-tilt": "/articles/anterior-pelvic-tilt/",
    }
    for name, path in pages.items():
        response = page.goto(site + path)
        assert response is not None and response.status == 200, path
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        axe_check(page)
        shoot(page, name)
    page.goto(site + "/articles/search/?q=sitting")
    expect(page.get_by_text("Sitting, lifting and sleep with a sore back").first).to_be_visible()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_rejected_reply_comes_back_with_its_text_and_a_plain_message(
    site: str, page, shoot, axe_check
) -> None:
    article = Article.objects.get(slug="sitting-lifting-sleep")
    page.goto(site + article.get_absolute_url())
    form = page.locator("form.comment-form")
    form.get_by_label("Your reply").fill("My own words, which must not be lost.")
    form.get_by_label("Name").fill("   ")
    form.get_by_label("Email").fill("alex@example.org")
    solved_check(page)
    form.get_by_role("button", name="Post comment").click()
    expect(page.get_by_role("heading", name="Check your reply")).to_be_visible()
    assert page.get_by_label("Your reply").input_value() == "My own words, which must not be lost."
    expect(page.get_by_text("Please give a name")).to_be_visible()
    # The page solves a fresh check, so the reader can send again straight away.
    solved_check(page)
    axe_check(page)
    shoot(page, "comments-check-your-reply")
    page.get_by_label("Name").fill("Alex")
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_text("waiting for a moderator")).to_be_visible()
    assert Comment.objects.get().body == "My own words, which must not be lost."


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_newsletter_pages_read_well_and_explain_problems(site: str, page, shoot, axe_check) -> None:
    page.goto(site + "/newsletter/")
    axe_check(page)
    shoot(page, "newsletter-signup")
    page.locator("form.newsletter-form").evaluate("form => form.noValidate = true")
    page.get_by_label("Your email address").fill("not an email")
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_text("does not look like an email address")).to_be_visible()
    expect(page.get_by_text("Please tick the box")).to_be_visible()
    axe_check(page)
    shoot(page, "newsletter-signup-errors")
    page.goto(site + "/newsletter/confirm/forged-token/")
    expect(page.get_by_role("heading", name="This link does not work")).to_be_visible()
    axe_check(page)
    shoot(page, "newsletter-bad-link")

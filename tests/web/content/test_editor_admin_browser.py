"""Editors in Chromium: the moderation queue, an article with its preview link, an issue's progress bar."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.test import override_settings
from playwright.sync_api import expect

from backwell.web.comments.models import Comment
from backwell.web.content import curated
from backwell.web.content.models import Article
from backwell.web.newsletter import services as newsletter
from backwell.web.newsletter.models import Issue, Subscriber
from tests.web.factories import DEFAULT_PASSWORD, UserFactory
from tests.web.newsletter.mailbox import Mailbox, mailbox  # noqa: F401 - a fixture


@pytest.fixture
def editor_site(live_server, mailbox: Mailbox, page) -> Iterator[str]:  # noqa: F811
    cache.clear()
    curated.load()
    editor = UserFactory(email="editor@example.org", is_staff=True, is_superuser=True)
    with override_settings(
        SITE_URL=live_server.url,
        TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
    ):
        page.goto(live_server.url + "/admin/login/")
        page.get_by_label("Email address").fill(editor.email)
        page.get_by_label("Password").fill(DEFAULT_PASSWORD)
        page.get_by_role("button", name="Log in").click()
        yield live_server.url
    cache.clear()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_editor_moderates_previews_and_sends_with_a_progress_bar(
    editor_site: str,
    mailbox: Mailbox,  # noqa: F811
    page,
    shoot,
) -> None:
    article = Article.objects.get(slug="red-flags")
    for n in range(3):
        Comment.objects.create(
            article=article, name=f"Reader {n}", email=f"reader{n}@example.org", body=f"Question {n}"
        )
    page.goto(editor_site + "/admin/comments/comment/")
    shoot(page, "admin-comment-queue")
    page.locator("input[name=_selected_action]").first.check()
    page.locator("input[name=_selected_action]").nth(1).check()
    page.locator("select[name=action]").select_option("approve")
    page.get_by_role("button", name="Go").click()
    expect(page.get_by_text("2 comments approved.")).to_be_visible()
    assert Comment.objects.filter(status="approved").count() == 2

    page.goto(editor_site + f"/admin/content/article/{article.pk}/change/")
    shoot(page, "admin-article")
    with page.expect_popup() as popup:
        page.get_by_role("link", name="Preview").first.click()
    preview = popup.value
    preview.wait_for_load_state()
    expect(preview.get_by_text("Preview for editors")).to_be_visible()

    for n in range(4):
        Subscriber.objects.create(email=f"sub{n}@example.org", status=Subscriber.Status.CONFIRMED)
    issue = Issue.objects.create(subject="December letter", body="## Winter walks\n\nLayer up.")
    page.goto(editor_site + f"/admin/newsletter/issue/{issue.pk}/change/")
    assert page.locator("progress").get_attribute("value") == "0"
    page.get_by_role("link", name="Send a test to me").click()
    page.get_by_role("button", name="Send the test").click()
    expect(page.get_by_text("Test sent to editor@example.org.")).to_be_visible()
    assert [str(m["To"]) for m in mailbox.messages] == ["editor@example.org"]
    page.get_by_role("link", name="Send to subscribers").click()
    shoot(page, "admin-issue-send-confirm")
    page.get_by_role("button", name="Send now").click()
    expect(page.get_by_text("4 of 4 sent")).to_be_visible()
    expect(page.locator("progress")).to_have_attribute("value", "4")
    shoot(page, "admin-issue-progress")
    assert newsletter.issue_progress(issue=issue).sent == 4
    assert len(mailbox.messages) == 5

"""A reader in Chromium: reads an article, leaves a reply, signs up, confirms, receives an issue, unsubscribes."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.test import override_settings
from playwright.sync_api import expect

from backwell.web.comments.models import Comment
from backwell.web.comments.services import comments_moderate
from backwell.web.content import curated
from backwell.web.newsletter import services as newsletter
from backwell.web.newsletter.models import Issue, Subscriber
from tests.web.comments.pow import solved_check
from tests.web.newsletter.mailbox import Mailbox, mailbox  # noqa: F401 - a fixture

READER_EMAIL = "reader.in.pain@example.org"


@pytest.fixture
def site(live_server, mailbox: Mailbox) -> Iterator[str]:  # noqa: F811
    from django.core.cache import cache

    cache.clear()
    curated.load()
    with override_settings(
        SITE_URL=live_server.url,
        TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
    ):
        yield live_server.url
    cache.clear()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_reader_comments_subscribes_receives_an_issue_and_unsubscribes(
    site: str,
    mailbox: Mailbox,  # noqa: F811
    page,
    shoot,
    axe_check,
) -> None:
    page.goto(site + "/articles/")
    axe_check(page)
    shoot(page, "content-article-list")
    page.get_by_role(
        "link", name="Trigger points: what they are and how to self-treat them safely"
    ).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Trigger points")
    expect(page.get_by_text("Filed under")).to_be_visible()
    axe_check(page)
    shoot(page, "content-article")

    # Leave a reply: held for moderation.
    reply = page.locator("form.comment-form")
    reply.get_by_label("Your reply").fill(
        "The ball against the wall helped my buttock pain. See https://example.org/tips"
    )
    reply.get_by_label("Name").fill("Alex")
    reply.get_by_label("Email").fill(READER_EMAIL)
    solved_check(page)
    assert reply.get_by_text("Anti-spam check done").is_visible()
    reply.get_by_role("button", name="Post comment").click()
    page.wait_for_url(re.compile(r".*#comments$"))
    expect(page.get_by_text("waiting for a moderator")).to_be_visible()
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert "The ball against the wall" not in page.content()

    # A moderator approves it; it is shown, with its link made safe, and the email nowhere.
    comments_moderate(comments=[comment], status=Comment.Status.APPROVED)
    page.reload()
    shown = page.locator(f"#comment-{comment.pk}")
    assert "The ball against the wall" in shown.inner_text()
    assert (
        shown.get_by_role("link", name="https://example.org/tips").get_attribute("rel")
        == "nofollow ugc noopener"
    )
    assert READER_EMAIL not in page.content()
    axe_check(page)
    shoot(page, "comments-approved")

    # Sign up from the article page and confirm from the email.
    signup = page.locator(".newsletter-signup")
    signup.get_by_label("Your email address").fill(READER_EMAIL)
    signup.get_by_role("checkbox").check()
    signup.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", name="Check your inbox")).to_be_visible()
    axe_check(page)
    shoot(page, "newsletter-check-inbox")
    confirmation = mailbox.to(READER_EMAIL)[0]
    page.goto(mailbox.link(confirmation, "/newsletter/confirm/"))
    axe_check(page)
    shoot(page, "newsletter-confirm")
    page.get_by_role("button", name="Yes, send me the newsletter").click()
    expect(page.get_by_role("heading", name="You are subscribed")).to_be_visible()
    shoot(page, "newsletter-confirmed")
    assert Subscriber.objects.get(email=READER_EMAIL).status == Subscriber.Status.CONFIRMED

    # An issue arrives; its unsubscribe link works at once, without logging in.
    issue = Issue.objects.create(subject="Your first backwell letter", body="Walk **ten minutes** today.")
    newsletter.issue_start_sending(issue=issue)
    letter = [m for m in mailbox.to(READER_EMAIL) if m["Subject"] == "Your first backwell letter"]
    assert len(letter) == 1
    assert "Walk ten minutes today." in Mailbox.html(letter[0]).replace("<strong>", "").replace(
        "</strong>", ""
    )
    page.goto(mailbox.link(letter[0], "/newsletter/unsubscribe/"))
    axe_check(page)
    shoot(page, "newsletter-unsubscribe")
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("heading", name="You are unsubscribed")).to_be_visible()
    shoot(page, "newsletter-unsubscribed")
    assert Subscriber.objects.get(email=READER_EMAIL).status == Subscriber.Status.UNSUBSCRIBED

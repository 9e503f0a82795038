"""A signed-in person leaves a reply in a real browser without typing their name or email again."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from backwell.web.comments.models import Comment
from tests.web.comments.pow import solved_check
from tests.web.content.factories import ArticleFactory
from tests.web.factories import UserFactory
from tests.web.tracking.test_tracking_browser import _log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_signed_in_person_replies_as_their_account(
    live_server: Any, page: Page, shoot: Any, axe_check: Any
) -> None:
    article = ArticleFactory(title="Bridges for weak glutes")
    person = UserFactory(display_name="Alex Morgan", email="alex.private@example.org")
    _log_in(page, live_server, person.email)
    page.goto(live_server.url + article.get_absolute_url())
    reply = page.locator("form.comment-form")
    expect(reply).to_contain_text("Alex Morgan")
    expect(reply.get_by_label("Email")).to_have_count(0)
    expect(reply.get_by_label("Name", exact=True)).to_have_count(0)
    reply.get_by_label("Your reply").fill("Bridges helped me sit through meetings.")
    solved_check(page)
    axe_check(page)
    shoot(page, "comments-signed-in-form")
    reply.get_by_role("button", name="Post comment").click()
    page.wait_for_url(re.compile(r".*#comments$"))
    expect(page.get_by_text("waiting for a moderator")).to_be_visible()
    comment = Comment.objects.get()
    assert (comment.name, comment.email) == ("Alex Morgan", "alex.private@example.org")

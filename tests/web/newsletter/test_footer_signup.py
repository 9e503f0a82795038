"""The footer sign-up box (for base.html): explicit consent, unique ids, hidden where the page has its own."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.test import Client

from backwell.web.newsletter.consent import CONSENT_WORDING
from tests.web.content.factories import ArticleFactory


def test_the_footer_box_asks_for_consent_with_an_unticked_box() -> None:
    html = render_to_string("newsletter/footer_signup.html")
    assert 'id="newsletter-footer-email"' in html
    assert 'type="checkbox" name="consent"' in html and "checked" not in html
    assert str(CONSENT_WORDING) in html
    assert 'action="/newsletter/subscribe/"' in html


def test_the_footer_box_steps_aside_on_pages_with_their_own() -> None:
    assert render_to_string("newsletter/footer_signup.html", {"newsletter_signup_shown": True}).strip() == ""
    inline = render_to_string(
        "newsletter/footer_signup.html", {"newsletter_signup_shown": True, "signup_context": "article"}
    )
    assert 'id="newsletter-article-email"' in inline


@pytest.mark.django_db
def test_article_pages_show_one_sign_up_box(client: Client) -> None:
    page = client.get(ArticleFactory().get_absolute_url()).content.decode()
    assert page.count('name="consent"') == 1

"""Error pages look like the site and offer a way back; robots.txt and the site-wide feed link."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory
from django.views import defaults


@pytest.mark.django_db
def test_missing_page_is_styled_and_leads_home(client: Client) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We could not find that page" in html
    assert 'href="/static/core/site.css"' in html
    assert 'class="button" href="/"' in html
    # the normal frame, so the person keeps the navigation they know
    assert 'class="main-nav"' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("view", "heading"),
    [
        (defaults.permission_denied, "This page is not open to you"),
        (defaults.bad_request, "We could not understand that request"),
    ],
)
def test_forbidden_and_bad_request_pages_are_styled(view, heading: str) -> None:
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/somewhere/")
    request.user = AnonymousUser()
    response = view(request, exception=Exception("no"))
    html = response.content.decode()
    assert heading in html
    assert 'class="button" href="/"' in html
    assert 'href="/static/core/site.css"' in html


def test_server_error_page_renders_with_no_database_and_no_context() -> None:
    # No django_db mark: any database query here fails the test, as it would fail a broken site.
    response = defaults.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html
    assert 'href="/static/core/site.css"' in html
    assert 'href="/"' in html


def test_robots_txt_keeps_crawlers_out_of_private_areas_and_names_the_sitemap(client: Client) -> None:
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    for folder in ("/accounts/", "/program/", "/photos/", "/assessment/", "/progress/", "/admin/"):
        assert f"Disallow: {folder}" in lines
    assert "Disallow: /articles/" not in lines
    assert any(line.startswith("Sitemap: http") and line.endswith("/sitemap.xml") for line in lines)


@pytest.mark.django_db
def test_every_page_advertises_the_article_feeds(client: Client) -> None:
    html = client.get("/").content.decode()
    assert '<link rel="alternate" type="application/rss+xml"' in html
    assert '<link rel="alternate" type="application/atom+xml"' in html


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_missing_page_reads_well_and_the_way_home_works(live_server, page, shoot, axe_check) -> None:
    page.goto(live_server.url + "/program/no-such-day/")
    assert page.get_by_role("heading", level=1).inner_text() == "We could not find that page"
    axe_check(page)
    shoot(page, "error-404")
    page.get_by_role("link", name="Go to the home page").click()
    assert page.url == live_server.url + "/"

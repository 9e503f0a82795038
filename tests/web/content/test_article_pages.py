"""Reading articles: list and pages, topics, authors, related reading, feeds, sitemap, search, preview."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from backwell.web.content.models import Article
from tests.web.content.factories import ArticleFactory, AuthorFactory, CategoryFactory, TagFactory
from tests.web.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.datalayer]


def _assessment_resolves() -> bool:
    try:
        reverse("assessment:start")
    except NoReverseMatch:
        return False
    return True


def test_article_page_shows_byline_filed_under_sources_and_related_reading(client: Client) -> None:
    posture = CategoryFactory(name="Posture", slug="posture")
    tag = TagFactory(name="glutes", slug="glutes")
    article = ArticleFactory(title="Sway back explained", categories=[posture], tags=[tag])
    sibling = ArticleFactory(title="Flat back explained", categories=[posture])
    ArticleFactory(title="Unrelated piece", categories=[CategoryFactory()])
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<h1 id="article-title">Sway back explained</h1>' in page
    assert f'href="{article.author.get_absolute_url()}"' in page
    assert "Filed under" in page and 'href="/articles/category/posture/"' in page
    assert 'href="/articles/tag/glutes/"' in page
    assert "NICE NG59" in page
    assert "Read next" in page and "Flat back explained" in page and sibling.get_absolute_url() in page
    assert "Unrelated piece" not in page
    assert article.hero_alt in page
    if _assessment_resolves():
        assert f'href="{reverse("assessment:start")}"' in page
    else:
        assert "Find your imbalances" not in page


def test_article_page_makes_a_fixed_number_of_queries_however_many_comments(
    client: Client, django_assert_max_num_queries
) -> None:
    from backwell.web.comments.models import Comment

    article = ArticleFactory()
    for n in range(15):
        top = Comment.objects.create(
            article=article, name=f"R{n}", email=f"r{n}@example.org", body="hi", status="approved"
        )
        Comment.objects.create(
            article=article, parent=top, name="S", email="s@example.org", body="yo", status="approved"
        )
    with django_assert_max_num_queries(12):
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200


def test_drafts_and_future_articles_stay_hidden_from_readers(client: Client) -> None:
    draft = ArticleFactory(title="Half-written draft", status=Article.Status.DRAFT)
    future = ArticleFactory(title="Tomorrow's piece", published_at=timezone.now() + dt.timedelta(days=1))
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(future.get_absolute_url()).status_code == 404
    for url in ("/articles/", "/articles/feed/", "/articles/sitemap.xml", "/articles/search/?q=draft"):
        body = client.get(url).content.decode()
        assert "Half-written draft" not in body and draft.slug not in body, url
        assert "Tomorrow" not in body, url


def test_editors_preview_drafts_but_readers_cannot(client: Client) -> None:
    draft = ArticleFactory(title="Half-written draft", status=Article.Status.DRAFT)
    url = reverse("content:article_preview", kwargs={"pk": draft.pk})
    assert client.get(url).status_code == 302  # to the admin login
    client.force_login(UserFactory(is_staff=True))
    response = client.get(url)
    assert response.status_code == 200
    assert b"Half-written draft" in response.content and b"Preview for editors" in response.content
    assert response["X-Robots-Tag"] == "noindex"


def test_article_list_paginates_and_tolerates_any_page_number(client: Client) -> None:
    for n in range(10):
        ArticleFactory(title=f"Piece {n:02d}", published_at=timezone.now() - dt.timedelta(days=n))
    first = client.get("/articles/").content.decode()
    assert "Piece 00" in first and "Piece 09" not in first and "Page 1 of 2" in first
    second = client.get("/articles/?page=2").content.decode()
    assert "Piece 09" in second
    for hostile in ("999", "-1", "abc", "1%27%20OR%201=1"):
        assert client.get(f"/articles/?page={hostile}").status_code == 200


def test_category_tag_and_author_pages_list_their_articles(client: Client) -> None:
    author = AuthorFactory(name="The Movement Desk", slug="movement", bio="We write **exercise** guides.")
    category = CategoryFactory(name="Exercise", slug="exercise", description="Moving helps.")
    tag = TagFactory(name="walking", slug="walking")
    ArticleFactory(title="Walk more", author=author, categories=[category], tags=[tag])
    ArticleFactory(title="Something else")
    for url in ("/articles/category/exercise/", "/articles/tag/walking/", "/articles/author/movement/"):
        body = client.get(url).content.decode()
        assert "Walk more" in body and "Something else" not in body, url
    author_page = client.get("/articles/author/movement/").content.decode()
    assert "<strong>exercise</strong>" in author_page and author.picture_alt in author_page
    assert client.get("/articles/category/nope/").status_code == 404


def test_feeds_carry_published_articles_with_author_names(client: Client) -> None:
    ArticleFactory(title="Feed me", author=AuthorFactory(name="Evidence Desk", slug="evidence"))
    rss = client.get("/articles/feed/")
    assert rss["Content-Type"].startswith("application/rss+xml")
    assert b"Feed me" in rss.content and b"Evidence Desk" in rss.content
    atom = client.get("/articles/feed/atom/")
    assert atom["Content-Type"].startswith("application/atom+xml")
    assert b"<updated>" in atom.content


def test_sitemap_lists_articles_categories_and_authors(client: Client) -> None:
    article = ArticleFactory()
    body = client.get("/articles/sitemap.xml").content.decode()
    assert f"http://testserver{article.get_absolute_url()}" in body
    assert f"http://testserver{article.categories.first().get_absolute_url()}" in body
    assert f"http://testserver{article.author.get_absolute_url()}" in body
    assert "<lastmod>" in body


def test_search_finds_words_in_title_summary_and_body(client: Client) -> None:
    ArticleFactory(title="Sitting well", summary="Chairs.", body="Get up every half hour.")
    ArticleFactory(title="Lifting", summary="Boxes.", body="Keep the load close to your body.")
    assert "Sitting well" in client.get("/articles/search/?q=half+hour").content.decode()
    body = client.get("/articles/search/?q=load+close").content.decode()
    assert "Lifting" in body and "Sitting well" not in body
    assert "No articles" not in body


def test_hostile_or_empty_searches_answer_plainly(client: Client) -> None:
    ArticleFactory(title="Sitting well")
    script = client.get("/articles/search/", {"q": "<script>alert(1)</script>"})
    assert script.status_code == 200 and b"<script>alert(1)</script>" not in script.content
    assert b"&lt;script&gt;" in script.content
    short = client.get("/articles/search/?q=a").content.decode()
    assert "at least one word of two letters" in short
    huge = client.get("/articles/search/", {"q": "sitting " * 500})
    assert huge.status_code == 200
    assert b"0 articles match" in client.get("/articles/search/?q=%25%25%25_").content

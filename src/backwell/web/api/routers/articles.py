"""Public: published articles and the categories they are filed under."""

import datetime
from typing import Any

from django.http import Http404, HttpRequest
from django.templatetags.static import static
from ninja import Router, Schema

from backwell.web.content import selectors
from backwell.web.content.models import Article, Category

from ..pagination import paged
from ..problems import refusals

router = Router(tags=["articles"])


class CategoryOut(Schema):
    name: str
    slug: str
    description: str
    url: str


class ArticleSummary(Schema):
    title: str
    slug: str
    summary: str
    author: str
    categories: list[str]
    published_at: datetime.datetime | None
    url: str


class ArticleOut(ArticleSummary):
    body_html: str
    hero_picture: str
    hero_alt: str
    tags: list[str]
    updated_at: datetime.datetime


def _summary(article: Article) -> dict[str, Any]:
    return {
        "title": article.title,
        "slug": article.slug,
        "summary": article.summary,
        "author": article.author.name if article.author else "",
        "categories": [c.slug for c in article.categories.all()],
        "published_at": article.published_at,
        "url": article.get_absolute_url(),
    }


def _category(category: Category) -> dict[str, Any]:
    return {
        "name": category.name,
        "slug": category.slug,
        "description": category.description,
        "url": category.get_absolute_url(),
    }


@router.get("", response={200: list[ArticleSummary], **refusals()}, auth=None)
@paged
def article_list(request: HttpRequest, category: str = "") -> list[dict[str, Any]]:
    """Published articles, newest first; `category` (a slug) narrows them to one category."""
    articles = selectors.article_list_published()
    if category:
        articles = articles.filter(categories__slug=category)
    return [_summary(a) for a in articles]


@router.get("/categories", response={200: list[CategoryOut], **refusals()}, auth=None)
@paged
def category_list(request: HttpRequest) -> list[dict[str, Any]]:
    """The categories that have published articles, by name."""
    return [_category(c) for c in selectors.categories_with_articles()]


@router.get("/{slug}", response={200: ArticleOut, **refusals(404)}, auth=None)
def article_get(request: HttpRequest, slug: str) -> dict[str, Any]:
    """One published article, its body as safe HTML."""
    article = selectors.article_get_published(slug=slug)
    if article is None:
        raise Http404("There is no published article at this address.")
    return {
        **_summary(article),
        "body_html": article.body_html,
        "hero_picture": static(article.hero_picture),
        "hero_alt": article.hero_alt,
        "tags": [t.slug for t in article.tags.all()],
        "updated_at": article.updated_at,
    }

"""sitemap.xml entries: published articles, categories, authors and the article list."""

from __future__ import annotations

from datetime import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from .models import Article, Author, Category
from .selectors import article_list_published, categories_with_articles


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self) -> QuerySet[Article]:
        return article_list_published()

    def lastmod(self, item: Article) -> datetime:
        return item.updated_at


class CategorySitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self) -> QuerySet[Category]:
        return categories_with_articles()


class AuthorSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.3

    def items(self) -> QuerySet[Author]:
        return Author.objects.filter(articles__status=Article.Status.PUBLISHED).distinct()


class StaticPagesSitemap(Sitemap):
    priority = 0.6

    def items(self) -> list[str]:
        return ["content:article_list"]

    def location(self, item: str) -> str:
        return reverse(item)


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "articles": ArticleSitemap,
    "categories": CategorySitemap,
    "authors": AuthorSitemap,
}

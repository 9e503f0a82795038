"""RSS and Atom feeds of the published articles."""

from __future__ import annotations

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .models import Article
from .selectors import article_list_published

FEED_LENGTH = 20


class LatestArticlesFeed(Feed):
    title = _("backwell articles")
    link = reverse_lazy("content:article_list")
    description = _("Plain-language articles on lower back pain, exercise and self-care, with their sources.")

    def items(self) -> QuerySet[Article]:
        return article_list_published()[:FEED_LENGTH]

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        return item.summary

    def item_pubdate(self, item: Article) -> datetime | None:
        return item.published_at

    def item_updateddate(self, item: Article) -> datetime:
        return item.updated_at

    def item_author_name(self, item: Article) -> str:
        # Only the author's public name: feeds never carry an email address.
        return item.author.name

    def item_categories(self, item: Article) -> list[str]:
        return [c.name for c in item.categories.all()]


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed
    subtitle = LatestArticlesFeed.description

"""Writes for articles and authors: render Markdown once on save, publish and unpublish."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from .markup import render_markdown
from .models import Article, Author
from .page_cache import pages_changed


def article_render(*, article: Article) -> None:
    """Store the sanitised HTML of the body, so pages never render Markdown per request."""
    article.body_html = render_markdown(article.body)


def author_render(*, author: Author) -> None:
    author.bio_html = render_markdown(author.bio)


@transaction.atomic
def article_save(*, article: Article, body_changed: bool = True) -> Article:
    """Save an article written in the admin: render its body and mark it updated when the body changed."""
    article_render(article=article)
    if body_changed and article.pk is not None:
        article.updated_at = timezone.now()
    if article.status == Article.Status.PUBLISHED and article.published_at is None:
        article.published_at = timezone.now()
    article.save()
    pages_changed()
    return article


@transaction.atomic
def author_save(*, author: Author) -> Author:
    author_render(author=author)
    author.save()
    pages_changed()
    return author


@transaction.atomic
def article_publish(*, article: Article, at: datetime | None = None) -> Article:
    article.status = Article.Status.PUBLISHED
    article.published_at = article.published_at or at or timezone.now()
    article_render(article=article)
    article.save(update_fields=["status", "published_at", "body_html"])
    pages_changed()
    return article


@transaction.atomic
def article_unpublish(*, article: Article) -> Article:
    article.status = Article.Status.DRAFT
    article.save(update_fields=["status"])
    pages_changed()
    return article

"""Reads for the article pages: lists, related articles and search."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from .models import Article, Author, Category, Tag

SEARCH_MAX_TERMS = 8
SEARCH_MAX_LENGTH = 200


def article_list_published() -> QuerySet[Article]:
    return Article.objects.published().select_related("author").prefetch_related("categories")


def article_get_published(*, slug: str) -> Article | None:
    return (
        Article.objects.published()
        .select_related("author")
        .prefetch_related("categories", "tags")
        .filter(slug=slug)
        .first()
    )


def article_get_for_preview(*, pk: int) -> Article | None:
    return (
        Article.objects.select_related("author").prefetch_related("categories", "tags").filter(pk=pk).first()
    )


def articles_in_category(*, category: Category) -> QuerySet[Article]:
    return article_list_published().filter(categories=category)


def articles_by_author(*, author: Author) -> QuerySet[Article]:
    return article_list_published().filter(author=author)


def articles_with_tag(*, tag: Tag) -> QuerySet[Article]:
    return article_list_published().filter(tags=tag)


def article_related(*, article: Article, limit: int = 3) -> list[Article]:
    """Published articles sharing the most categories and tags with this one, newest first on ties."""
    category_ids = [c.pk for c in article.categories.all()]
    tag_ids = [t.pk for t in article.tags.all()]
    shared = Q(categories__in=category_ids) | Q(tags__in=tag_ids)
    candidates = (
        Article.objects.published()
        .exclude(pk=article.pk)
        .filter(shared)
        .annotate(
            overlap=Count("categories", filter=Q(categories__in=category_ids), distinct=True)
            + Count("tags", filter=Q(tags__in=tag_ids), distinct=True)
        )
        .order_by("-overlap", "-published_at")
        .distinct()
    )
    return list(candidates[:limit])


def search_terms(query: str) -> list[str]:
    """The words of a query, trimmed so a hostile query cannot make the database work hard."""
    words = query[:SEARCH_MAX_LENGTH].split()
    return [w for w in words if len(w) >= 2][:SEARCH_MAX_TERMS]


def article_search(*, query: str) -> QuerySet[Article]:
    """Published articles containing every word in title, summary or body; title matches first."""
    terms = search_terms(query)
    if not terms:
        return Article.objects.none()
    results = article_list_published()
    for term in terms:
        results = results.filter(
            Q(title__icontains=term) | Q(summary__icontains=term) | Q(body__icontains=term)
        )
    title_hits = Count("pk", filter=Q(title__icontains=terms[0]))
    return results.annotate(title_hit=title_hits).order_by("-title_hit", "-published_at")


def categories_with_articles() -> QuerySet[Category]:
    return (
        Category.objects.annotate(
            published_count=Count("articles", filter=Q(articles__status=Article.Status.PUBLISHED))
        )
        .filter(published_count__gt=0)
        .order_by("name")
    )

"""Article pages: list, article, category, tag, author, search and the editors' preview."""

from __future__ import annotations

from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from . import page_cache, selectors
from .models import Article, Author, Category, Tag

ARTICLES_PER_PAGE = 9


def _page(request: HttpRequest, articles: QuerySet[Article]) -> Page:
    # get_page turns a missing, hostile or too-large ?page= into the first or last page, never a 500.
    return Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))


def article_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "content/article_list.html",
        {
            "page_obj": _page(request, selectors.article_list_published()),
            "categories": selectors.categories_with_articles(),
        },
    )


def _article_page(request: HttpRequest, article: Article, *, preview: bool) -> HttpResponse:
    return render(
        request,
        "content/article_detail.html",
        {
            "article": article,
            "related": selectors.article_related(article=article),
            "preview": preview,
            # The page has its own sign-up box, so the footer's copy stays out.
            "newsletter_signup_shown": True,
        },
    )


def _same_for_everyone(request: HttpRequest) -> bool:
    """True when the page holds nothing personal: anonymous, no query, no message waiting."""
    return not request.user.is_authenticated and not request.GET and not len(get_messages(request))


def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    shared = _same_for_everyone(request)
    key = page_cache.article_page_key(slug) if shared else ""
    if shared:
        cached = cache.get(key)
        if cached is not None:
            return HttpResponse(cached)
    article = selectors.article_get_published(slug=slug)
    if article is None:
        raise Http404("No published article has this address.")
    response = _article_page(request, article, preview=False)
    if shared:
        cache.set(key, response.content, timeout=page_cache.PAGE_TTL_SECONDS)
    return response


@staff_member_required
def article_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The article as readers will see it, drafts included; for editors only."""
    article = selectors.article_get_for_preview(pk=pk)
    if article is None:
        raise Http404("No article has this number.")
    response = _article_page(request, article, preview=True)
    response["X-Robots-Tag"] = "noindex"
    return response


def category_detail(request: HttpRequest, slug: str) -> HttpResponse:
    category = get_object_or_404(Category, slug=slug)
    return render(
        request,
        "content/article_group.html",
        {
            "group": category,
            "kind": "category",
            "page_obj": _page(request, selectors.articles_in_category(category=category)),
        },
    )


def tag_detail(request: HttpRequest, slug: str) -> HttpResponse:
    tag = get_object_or_404(Tag, slug=slug)
    return render(
        request,
        "content/article_group.html",
        {"group": tag, "kind": "tag", "page_obj": _page(request, selectors.articles_with_tag(tag=tag))},
    )


def author_detail(request: HttpRequest, slug: str) -> HttpResponse:
    author = get_object_or_404(Author, slug=slug)
    return render(
        request,
        "content/author_detail.html",
        {"author": author, "page_obj": _page(request, selectors.articles_by_author(author=author))},
    )


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    terms = selectors.search_terms(query)
    results = selectors.article_search(query=query)
    return render(
        request,
        "content/search.html",
        {
            "query": query[: selectors.SEARCH_MAX_LENGTH],
            "too_short": bool(query) and not terms,
            "page_obj": _page(request, results) if terms else None,
        },
    )

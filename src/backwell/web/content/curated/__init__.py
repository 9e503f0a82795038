"""Curated articles, authors and categories shipped with backwell, loaded idempotently by slug."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from ..markup import render_markdown
from ..models import Article, Author, Category, Tag
from ..page_cache import pages_changed

HERE = Path(__file__).resolve().parent
REQUIRED_ARTICLE_KEYS = (
    "title",
    "slug",
    "summary",
    "author",
    "categories",
    "hero",
    "hero_alt",
    "published",
    "sources",
)


class CuratedContentError(ValueError):
    """A curated file is malformed; the message names the file and what to fix."""


@dataclass(frozen=True)
class Document:
    path: Path
    meta: dict[str, Any]
    body: str


def read_document(path: Path) -> Document:
    """A Markdown file with YAML front matter between two `---` lines."""
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        raise CuratedContentError(f"{path.name}: must start with a '---' line opening the front matter")
    try:
        front, body = text[4:].split("\n---\n", 1)
    except ValueError as error:
        raise CuratedContentError(f"{path.name}: the front matter needs a closing '---' line") from error
    meta = yaml.safe_load(front) or {}
    if not isinstance(meta, dict):
        raise CuratedContentError(f"{path.name}: the front matter must be a mapping of keys to values")
    return Document(path=path, meta=meta, body=body.strip() + "\n")


def _as_datetime(value: object, path: Path, key: str) -> dt.datetime:
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime(value.year, value.month, value.day, 8, 0)
    else:
        raise CuratedContentError(f"{path.name}: {key} must be a date like 2026-01-15, not {value!r}")
    return timezone.make_aware(moment, dt.UTC) if timezone.is_naive(moment) else moment


def _load_categories() -> tuple[int, int]:
    entries = yaml.safe_load((HERE / "categories.yaml").read_text(encoding="utf-8"))
    created = 0
    for entry in entries:
        _, was_created = Category.objects.update_or_create(
            slug=entry["slug"], defaults={"name": entry["name"], "description": entry.get("description", "")}
        )
        created += was_created
    return len(entries), created


def _load_authors() -> tuple[int, int]:
    created = 0
    paths = sorted((HERE / "authors").glob("*.md"))
    for path in paths:
        doc = read_document(path)
        _, was_created = Author.objects.update_or_create(
            slug=doc.meta["slug"],
            defaults={
                "name": doc.meta["name"],
                "role": doc.meta.get("role", ""),
                "bio": doc.body,
                "bio_html": render_markdown(doc.body),
                "picture": doc.meta["picture"],
                "picture_alt": doc.meta["picture_alt"],
            },
        )
        created += was_created
    return len(paths), created


def _tags(names: list[str]) -> list[Tag]:
    tags = []
    for name in names:
        tag, _ = Tag.objects.get_or_create(slug=slugify(name), defaults={"name": name})
        tags.append(tag)
    return tags


def _load_article(doc: Document) -> bool:
    missing = [key for key in REQUIRED_ARTICLE_KEYS if key not in doc.meta]
    if missing:
        raise CuratedContentError(f"{doc.path.name}: missing front-matter keys: {', '.join(missing)}")
    meta = doc.meta
    author = Author.objects.filter(slug=meta["author"]).first()
    if author is None:
        raise CuratedContentError(
            f"{doc.path.name}: no author with slug {meta['author']!r} in curated/authors"
        )
    categories = list(Category.objects.filter(slug__in=meta["categories"]))
    if len(categories) != len(set(meta["categories"])):
        known = {c.slug for c in categories}
        unknown = [slug for slug in meta["categories"] if slug not in known]
        raise CuratedContentError(
            f"{doc.path.name}: unknown categories {unknown}; add them to categories.yaml"
        )
    published = _as_datetime(meta["published"], doc.path, "published")
    article, created = Article.objects.update_or_create(
        slug=meta["slug"],
        defaults={
            "title": meta["title"],
            "summary": meta["summary"].strip(),
            "body": doc.body,
            "body_html": render_markdown(doc.body),
            "hero_picture": f"content/heroes/{meta['hero']}",
            "hero_alt": meta["hero_alt"],
            "author": author,
            "status": Article.Status.PUBLISHED,
            "published_at": published,
            "updated_at": _as_datetime(meta.get("updated", meta["published"]), doc.path, "updated"),
            "sources": meta["sources"],
        },
    )
    article.categories.set(categories)
    article.tags.set(_tags(meta.get("tags", [])))
    return created


@transaction.atomic
def load() -> str:
    """Create or update every curated category, author and article by slug; safe to run again."""
    category_count, categories_created = _load_categories()
    author_count, authors_created = _load_authors()
    paths = sorted((HERE / "articles").glob("*.md"))
    articles_created = sum(_load_article(read_document(path)) for path in paths)
    pages_changed()
    return (
        f"articles: {len(paths)} ({articles_created} new), authors: {author_count} ({authors_created} new), "
        f"categories: {category_count} ({categories_created} new)"
    )

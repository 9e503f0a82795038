"""Factories for articles, authors and categories, shared by the comments and newsletter tests."""

from __future__ import annotations

import factory
from django.utils import timezone

from backwell.web.content.markup import render_markdown
from backwell.web.content.models import Article, Author, Category, Tag


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Writer {n}")
    slug = factory.Sequence(lambda n: f"writer-{n}")
    role = "Writes about backs"
    bio = "Writes **plain** guides."
    bio_html = factory.LazyAttribute(lambda o: render_markdown(o.bio))
    picture = "content/authors/editors.svg"
    picture_alt = "A pencil on an amber circle."


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"tag {n}")
    slug = factory.Sequence(lambda n: f"tag-{n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Article number {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    summary = "A short summary for the list."
    body = "## A heading\n\nSome **plain** words about backs.\n"
    body_html = factory.LazyAttribute(lambda o: render_markdown(o.body))
    hero_picture = "content/heroes/spine.svg"
    hero_alt = "A curved stack of blocks like a spine."
    author = factory.SubFactory(AuthorFactory)
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
    sources = factory.LazyFunction(
        lambda: [{"key": "nice-ng59", "title": "NICE NG59", "url": "https://www.nice.org.uk/guidance/ng59"}]
    )

    @factory.post_generation
    def categories(obj: Article, create: bool, extracted: list[Category] | None, **kwargs: object) -> None:
        if create:
            obj.categories.set(extracted if extracted is not None else [CategoryFactory()])

    @factory.post_generation
    def tags(obj: Article, create: bool, extracted: list[Tag] | None, **kwargs: object) -> None:
        if create and extracted:
            obj.tags.set(extracted)

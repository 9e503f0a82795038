"""Articles and the people and topics around them: authors, categories and tags."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Author(models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    role = models.CharField(_("role"), max_length=160, blank=True)
    bio = models.TextField(_("bio"), help_text=_("Markdown. Shown on the author's page."))
    bio_html = models.TextField(editable=False, blank=True)
    picture = models.CharField(
        _("picture"),
        max_length=200,
        help_text=_("Static path of the picture, e.g. content/authors/evidence-desk.svg"),
    )
    picture_alt = models.CharField(_("picture description"), max_length=200)

    class Meta:
        ordering = ("name",)
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("content:author_detail", kwargs={"slug": self.slug})


class Category(models.Model):
    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ("name",)
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("content:category_detail", kwargs={"slug": self.slug})


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=60, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)

    class Meta:
        ordering = ("name",)
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("content:tag_detail", kwargs={"slug": self.slug})


class ArticleQuerySet(models.QuerySet["Article"]):
    def published(self) -> ArticleQuerySet:
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"), max_length=200, unique=True, help_text=_("Part of the address; keep it stable.")
    )
    summary = models.TextField(
        _("summary"), max_length=500, help_text=_("One or two plain sentences for lists and feeds.")
    )
    body = models.TextField(_("body"), help_text=_("Markdown. HTML is removed except for safe formatting."))
    body_html = models.TextField(editable=False, blank=True)
    hero_picture = models.CharField(
        _("hero picture"), max_length=200, help_text=_("Static path, e.g. content/heroes/spine.svg")
    )
    hero_alt = models.CharField(_("hero picture description"), max_length=250)
    author = models.ForeignKey(
        Author, on_delete=models.PROTECT, related_name="articles", verbose_name=_("author")
    )
    categories = models.ManyToManyField(Category, related_name="articles", verbose_name=_("filed under"))
    tags = models.ManyToManyField(Tag, related_name="articles", blank=True, verbose_name=_("tags"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    sources = models.JSONField(
        _("sources"),
        default=list,
        blank=True,
        help_text=_('A list of {"key": …, "title": …, "url": …} the article relies on.'),
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ("-published_at", "-id")
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [models.Index(fields=["status", "-published_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("content:article_detail", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED and self.published_at is not None

"""Editors write, preview and publish articles here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import Article, Author, Category, Tag


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin[Author]):
    list_display = ("name", "role", "slug")
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ("name",)

    def save_model(self, request: HttpRequest, obj: Author, form: ModelForm, change: bool) -> None:
        services.author_save(author=obj)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin[Category]):
    list_display = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ("name",)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin[Tag]):
    list_display = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ("name",)


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin[Article]):
    list_display = ("title", "status", "author", "published_at", "updated_at", "preview_link")
    list_filter = ("status", "categories", "author")
    search_fields = ("title", "summary", "body")
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ("categories", "tags")
    readonly_fields = ("preview_link",)
    date_hierarchy = "published_at"
    actions = ("publish_selected", "unpublish_selected")
    fieldsets = (
        (None, {"fields": ("title", "slug", "summary", "body", "preview_link")}),
        (_("Picture"), {"fields": ("hero_picture", "hero_alt")}),
        (_("Filing"), {"fields": ("author", "categories", "tags", "sources")}),
        (_("Publishing"), {"fields": ("status", "published_at", "updated_at")}),
    )

    @admin.display(description=_("preview"))
    def preview_link(self, obj: Article) -> str:
        if obj.pk is None:
            return str(_("Save the draft first, then preview it here."))
        url = reverse("content:article_preview", kwargs={"pk": obj.pk})
        return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', url, _("Preview"))

    def save_model(self, request: HttpRequest, obj: Article, form: ModelForm, change: bool) -> None:
        services.article_save(article=obj, body_changed="body" in form.changed_data)

    @admin.action(description=_("Publish the selected articles"))
    def publish_selected(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        for article in queryset:
            services.article_publish(article=article)
        count = queryset.count()
        self.message_user(
            request,
            ngettext("%d article published.", "%d articles published.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Return the selected articles to draft"))
    def unpublish_selected(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        for article in queryset:
            services.article_unpublish(article=article)
        count = queryset.count()
        self.message_user(
            request,
            ngettext("%d article unpublished.", "%d articles unpublished.", count) % count,
            messages.SUCCESS,
        )

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("hero_picture", "content/heroes/spine.svg")
        return initial

"""The moderation queue: staff approve, reject or mark spam in bulk."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db import models
from django.db.models import Case, QuerySet, Value, When
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Comment
from .services import comment_save, comments_moderate


def _moderate(
    admin_: CommentAdmin, request: HttpRequest, queryset: QuerySet[Comment], status: str, label: str
) -> None:
    changed = comments_moderate(comments=queryset, status=status)
    admin_.message_user(
        request,
        ngettext("%(count)d comment %(label)s.", "%(count)d comments %(label)s.", changed)
        % {"count": changed, "label": label},
        messages.SUCCESS,
    )


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin[Comment]):
    list_display = ("name", "email", "short_body", "status", "on_article", "created_at")
    list_filter = ("status", "created_at")
    search_fields = ("name", "email", "body")
    list_select_related = ("article",)
    readonly_fields = ("article", "parent", "created_at", "moderated_at")
    actions = ("approve", "reject", "mark_spam")
    date_hierarchy = "created_at"
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    @admin.display(description=_("comment"))
    def short_body(self, obj: Comment) -> str:
        return obj.body if len(obj.body) <= 80 else obj.body[:79] + "…"

    @admin.display(description=_("article"), ordering="article__title")
    def on_article(self, obj: Comment) -> str:
        title = obj.article.title
        return title if len(title) <= 28 else title[:27] + "…"

    def save_model(self, request: HttpRequest, obj: Comment, form: ModelForm, change: bool) -> None:
        comment_save(comment=obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Replies arrive through the site's form, with its checks; staff reply there too.
        return False

    @admin.action(description=_("Approve the selected comments"))
    def approve(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        _moderate(self, request, queryset, Comment.Status.APPROVED, str(_("approved")))

    @admin.action(description=_("Reject the selected comments"))
    def reject(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        _moderate(self, request, queryset, Comment.Status.REJECTED, str(_("rejected")))

    @admin.action(description=_("Mark the selected comments as spam"))
    def mark_spam(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        _moderate(self, request, queryset, Comment.Status.SPAM, str(_("marked as spam")))

    def get_queryset(self, request: HttpRequest) -> QuerySet[Comment]:
        # The queue first: the admin opens on what still needs a decision.
        waiting_first = Case(When(status=Comment.Status.PENDING, then=Value(0)), default=Value(1))
        return super().get_queryset(request).order_by(waiting_first, "-created_at")

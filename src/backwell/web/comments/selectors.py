"""Reads for comment threads: approved top-level comments with their approved replies."""

from __future__ import annotations

from django.db.models import Prefetch

from backwell.web.content.models import Article

from .models import Comment


def comment_thread(*, article: Article) -> list[Comment]:
    approved_replies = Comment.objects.filter(status=Comment.Status.APPROVED).order_by("created_at", "id")
    return list(
        Comment.objects.filter(article=article, parent__isnull=True, status=Comment.Status.APPROVED)
        .prefetch_related(Prefetch("replies", queryset=approved_replies, to_attr="approved_replies"))
        .order_by("created_at", "id")
    )


def commenter_is_trusted(*, email: str) -> bool:
    """An address with an approved reply and none marked as spam may post without waiting."""
    previous = Comment.objects.filter(email__iexact=email.strip())
    return (
        previous.filter(status=Comment.Status.APPROVED).exists()
        and not previous.filter(status=Comment.Status.SPAM).exists()
    )


def comment_reply_target(*, article: Article, parent_id: int | None) -> Comment | None:
    """The top-level approved comment a reply belongs under; replies to replies join their parent."""
    if not parent_id:
        return None
    parent = (
        Comment.objects.filter(pk=parent_id, article=article, status=Comment.Status.APPROVED)
        .select_related("parent")
        .first()
    )
    if parent is None:
        return None
    return parent.parent if parent.parent_id else parent

"""Writes for comments: accept a reply into the queue or straight onto the page, and moderate."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from backwell.web.content.models import Article
from backwell.web.content.page_cache import pages_changed

from .models import Comment
from .selectors import commenter_is_trusted


@transaction.atomic
def comment_create(
    *, article: Article, name: str, email: str, website: str, body: str, parent: Comment | None
) -> Comment:
    """Save a reply: approved at once for a trusted commenter, otherwise held for moderation."""
    status = Comment.Status.APPROVED if commenter_is_trusted(email=email) else Comment.Status.PENDING
    if status == Comment.Status.APPROVED:
        pages_changed()
    return Comment.objects.create(
        article=article,
        parent=parent,
        name=name,
        email=email.strip().lower(),
        website=website,
        body=body,
        status=status,
        moderated_at=timezone.now() if status == Comment.Status.APPROVED else None,
    )


@transaction.atomic
def comments_moderate(*, comments: Iterable[Comment], status: str) -> int:
    """Set many comments to approved, rejected or spam at once; returns how many changed."""
    if status not in Comment.Status.values or status == Comment.Status.PENDING:
        raise ValueError(f"cannot moderate to {status!r}")
    ids = [c.pk for c in comments]
    changed = (
        Comment.objects.filter(pk__in=ids)
        .exclude(status=status)
        .update(status=status, moderated_at=timezone.now())
    )
    if changed:
        # Approving shows a reply and rejecting may hide one: cached article pages must go.
        pages_changed()
    return changed


@transaction.atomic
def comment_save(*, comment: Comment) -> Comment:
    """Save a comment edited by staff (text fixed, status changed) and refresh the pages showing it."""
    if comment.status != Comment.Status.PENDING and comment.moderated_at is None:
        comment.moderated_at = timezone.now()
    comment.save()
    pages_changed()
    return comment

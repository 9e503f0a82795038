"""Comments in "download my data" and "delete my account": found by the account's email address.

Comments are written without an account (a name and an email address), so they are the person's
when they carry the account's address. On deletion a published comment stays, as part of a public
conversation others have replied to, but as "a former member", with no name, email or website;
everything else the person wrote is removed. docs/data-export.md explains the choice.
"""

from __future__ import annotations

from typing import Any

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef

from backwell.web.accounts.models import User
from backwell.web.accounts.selectors import iso
from backwell.web.content.page_cache import pages_changed

from .models import Comment

FORMER_MEMBER = "a former member"


def _comments_of(user: User) -> Any:
    return Comment.objects.filter(email__iexact=user.email)


def comments_export(user: User) -> list[dict[str, Any]]:
    """Every comment written with the person's address, whatever its moderation status."""
    return [
        {
            "id": c.pk,
            "article": c.article.title,
            "article_address": c.article.get_absolute_url(),
            "reply_to_id": c.parent_id,
            "name": c.name,
            "email": c.email,
            "website": c.website,
            "body": c.body,
            "status": c.status,
            "created_at": iso(c.created_at),
            "moderated_at": iso(c.moderated_at),
        }
        for c in _comments_of(user).select_related("article").order_by("created_at", "id")
    ]


def comments_anonymise(user: User) -> None:
    """Published comments lose the author's name, email and website; the person's other comments go.

    A hidden comment (pending, rejected, spam) that someone has replied to is kept without its text,
    so deleting it cannot take other people's replies with it.
    """
    mine = _comments_of(user).annotate(has_replies=Exists(Comment.objects.filter(parent=OuterRef("pk"))))
    ids = list(mine.values_list("pk", flat=True))
    if not ids:
        return
    published = mine.filter(status=Comment.Status.APPROVED)
    hidden = mine.exclude(status=Comment.Status.APPROVED)
    changed_pages = published.exists()
    hidden.filter(has_replies=False).delete()
    hidden.update(name=FORMER_MEMBER, email="", website="", body="")
    published.update(name=FORMER_MEMBER, email="", website="")
    # The admin's history names each comment by its author and first words.
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Comment), object_id__in=[str(pk) for pk in ids]
    ).update(object_repr=f"comment by {FORMER_MEMBER}")
    if changed_pages:
        pages_changed()  # cached article pages still show the name

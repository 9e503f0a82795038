"""Readers' replies under articles, held for moderation until the commenter is known."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backwell.web.content.models import Article

NAME_MAX_LENGTH = 80
BODY_MAX_LENGTH = 4000


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for moderation")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        SPAM = "spam", _("Spam")

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="comments", verbose_name=_("article")
    )
    # One level of threading: a reply's parent is always a top-level comment.
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("reply to"),
    )
    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH)
    # Shown to staff in the admin only; never rendered on a public page, feed or API.
    email = models.EmailField(_("email"))
    website = models.URLField(_("website"), blank=True)
    body = models.TextField(_("comment"), max_length=BODY_MAX_LENGTH)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)

    class Meta:
        ordering = ("created_at", "id")
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            models.Index(fields=["article", "status", "created_at"]),
            models.Index(fields=["email", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.name} on {self.article_id}: {self.body[:40]}"

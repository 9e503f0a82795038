"""Newsletter subscribers with their consent history, issues, and one delivery per subscriber and issue."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Subscriber(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")

    email = models.EmailField(_("email"), unique=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("signed up"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return self.email


class ConsentEvent(models.Model):
    """What the person agreed to or withdrew, in the words they saw, and when."""

    class Action(models.TextChoices):
        REQUESTED = "requested", _("Asked to subscribe")
        CONFIRMED = "confirmed", _("Confirmed by email link")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="consent_events")
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    wording = models.TextField(_("wording shown"))
    source = models.CharField(_("where"), max_length=40)
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ("at", "id")
        verbose_name = _("consent event")
        verbose_name_plural = _("consent events")

    def __str__(self) -> str:
        return f"{self.subscriber_id} {self.action} {self.at:%Y-%m-%d %H:%M}"


class Issue(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")

    subject = models.CharField(_("subject"), max_length=150)
    body = models.TextField(_("body"), help_text=_("Markdown. Sent as both plain text and HTML."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    send_started_at = models.DateTimeField(_("sending started"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sending finished"), null=True, blank=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("issue")
        verbose_name_plural = _("issues")

    def __str__(self) -> str:
        return self.subject


class Delivery(models.Model):
    """One issue to one subscriber. The unique pair and the claim-before-send make it at most once."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        # Claimed by a worker; stays here if the worker dies mid-send, and is then never retried
        # automatically, because the message may already have gone out.
        SENDING = "sending", _("Being sent (or interrupted)")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Refused by the mail server")

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["issue", "subscriber"], name="newsletter_one_delivery_per_issue")
        ]
        indexes = [models.Index(fields=["issue", "status"])]

    def __str__(self) -> str:
        return f"issue {self.issue_id} → {self.subscriber_id}: {self.status}"

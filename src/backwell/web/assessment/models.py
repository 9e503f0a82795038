"""A person's assessment: the answers that become the engine's input, and the engine's result."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Assessment(models.Model):
    class Kind(models.TextChoices):
        INITIAL = "initial", _("First assessment")
        RETEST = "retest", _("Re-test")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assessments")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.INITIAL)
    # The wizard step the person is on, so they can leave and resume.
    step = models.CharField(max_length=32, default="safety")
    # The engine input document (../shared/contract/engine-input.schema.json) as it is built up.
    answers = models.JSONField(default=dict)
    # The engine's output document once the assessment is complete.
    result = models.JSONField(null=True, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-started_at",)
        indexes = (models.Index(fields=("user", "-completed_at")),)

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.started_at:%Y-%m-%d}"

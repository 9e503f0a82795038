"""A person's program (the engine's output, as adapted week by week) and what they did of it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Program(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="programs")
    assessment = models.ForeignKey(
        "assessment.Assessment", on_delete=models.SET_NULL, null=True, blank=True, related_name="programs"
    )
    # The engine input document the program was planned from (equipment, conditions, …).
    inputs = models.JSONField(default=dict)
    # The engine's whole output document; its "program" part is rewritten by swaps and adaptation.
    plan = models.JSONField()
    start_date = models.DateField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE)
    paused_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-created_at",)
        indexes = (models.Index(fields=("user", "-created_at")),)

    def __str__(self) -> str:
        return f"program from {self.start_date:%Y-%m-%d}"


class ProgramChange(models.Model):
    """A change to the program the person can read: a swap they made, or a week's adaptation."""

    class Kind(models.TextChoices):
        SWAP = "swap", _("Swap")
        ADAPTATION = "adaptation", _("Weekly adaptation")
        PAUSE = "pause", _("Paused")
        RESUME = "resume", _("Resumed")
        # A linked clinician's override; each entry's "by" names them (web/clinic/services.py).
        CLINICIAN = "clinician", _("Your clinician's change")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    week = models.PositiveSmallIntegerField()
    # [{"what": str, "why": str}, …] in the person's words; a clinician's change adds "by" (their name)
    changes = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-created_at",)
        constraints = (
            models.UniqueConstraint(
                fields=("program", "week"),
                condition=models.Q(kind="adaptation"),
                name="one_adaptation_per_program_week",
            ),
        )

    def __str__(self) -> str:
        return f"{self.get_kind_display()} in week {self.week}"


class SessionLog(models.Model):
    """One day's session: pain before and after, where the player is, when it was finished."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="sessions")
    week = models.PositiveSmallIntegerField()
    day = models.PositiveSmallIntegerField()
    date = models.DateField()
    pain_before = models.PositiveSmallIntegerField(null=True, blank=True)
    pain_after = models.PositiveSmallIntegerField(null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    completed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("week", "day")
        constraints = (
            models.UniqueConstraint(fields=("program", "week", "day"), name="one_log_per_program_day"),
        )
        # The second answers "when did this program's sessions last change" in one lookup (progress page).
        indexes = (
            models.Index(fields=("program", "date")),
            models.Index(fields=("program", "updated_at"), name="session_log_program_updated"),
        )

    def __str__(self) -> str:
        return f"session of week {self.week}, day {self.day}"


class ItemLog(models.Model):
    """What happened to one item of a session. The client's id makes a retried post harmless."""

    class Outcome(models.TextChoices):
        DONE = "done", _("Done")
        SKIPPED = "skipped", _("Skipped")
        HURT = "hurt", _("This hurt")

    class SkipReason(models.TextChoices):
        # No "it hurt": that is its own outcome, with its own advice and its own effect on the plan.
        NO_TIME = "no_time", _("No time")
        TOO_HARD = "too_hard", _("Too hard")
        NO_EQUIPMENT = "no_equipment", _("No equipment or space")
        UNSURE = "unsure", _("Not sure how to do it")
        OTHER = "other", _("Another reason")

    session = models.ForeignKey(SessionLog, on_delete=models.CASCADE, related_name="items")
    index = models.PositiveSmallIntegerField()
    exercise = models.SlugField(max_length=80)
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    # How hard it felt (0 easy – 10 very hard), when the person says.
    effort = models.PositiveSmallIntegerField(null=True, blank=True)
    # Why an item was skipped, when the person says; only ever set on a skipped item.
    skip_reason = models.CharField(max_length=16, choices=SkipReason.choices, blank=True)
    client_id = models.UUIDField(unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("index",)
        constraints = (
            models.UniqueConstraint(fields=("session", "index"), name="one_log_per_session_item"),
            # The service refuses it with a message (services.item_log_record); this keeps any other write honest.
            models.CheckConstraint(
                condition=models.Q(outcome="skipped") | models.Q(skip_reason=""),
                name="skip_reason_only_when_skipped",
            ),
        )

    def __str__(self) -> str:
        return f"{self.exercise}: {self.outcome}"

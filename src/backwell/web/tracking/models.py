"""What a person reports between sessions: daily pain, weekly check-ins, re-tests, and their calendar feed."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

PAIN_VALIDATORS = (MaxValueValidator(10),)


class DailyCheckIn(models.Model):
    """Pain today (0–10) and an optional note; a second check-in on the same day replaces the first."""

    # No index of its own: the (user, date) and (user, updated_at) indexes below both start with it, and
    # each index is one more tree to update on every check-in, the busiest write.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="daily_checkins", db_index=False
    )
    date = models.DateField()
    pain = models.PositiveSmallIntegerField(validators=PAIN_VALIDATORS)
    note = models.TextField(blank=True, max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("date",)
        constraints = (
            models.UniqueConstraint(fields=("user", "date"), name="one_daily_checkin_per_day"),
            models.CheckConstraint(condition=models.Q(pain__lte=10), name="daily_pain_at_most_10"),
        )
        # The progress page asks for the newest change on every visit: with this index that is one
        # lookup, not a walk through years of days.
        indexes = (models.Index(fields=("user", "updated_at"), name="daily_checkin_user_updated"),)

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d}: {self.pain}/10"


class WeeklyCheckIn(models.Model):
    """The weekly check-in: pain, Roland-Morris, the person's own activities, and the full red-flag screen."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="weekly_checkins"
    )
    program = models.ForeignKey("programs.Program", on_delete=models.CASCADE, related_name="weekly_checkins")
    week = models.PositiveSmallIntegerField()
    date = models.DateField()
    pain = models.PositiveSmallIntegerField(validators=PAIN_VALIDATORS)
    # 24 booleans in the published order: True where the statement describes the person today.
    rmdq_answers = models.JSONField(default=list)
    rmdq_score = models.PositiveSmallIntegerField()
    # [{"activity": str, "score": 0–10}, …]: the activities named at the assessment, re-rated.
    psfs = models.JSONField(default=list)
    psfs_mean = models.FloatField(null=True, blank=True)
    # The red-flag ids answered yes, and the engine's triage of them ({"level", "reasons", …}).
    red_flags = models.JSONField(default=list)
    triage = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("week",)
        constraints = (
            models.UniqueConstraint(fields=("program", "week"), name="one_weekly_checkin_per_week"),
        )
        indexes = (models.Index(fields=("user", "date")),)

    def __str__(self) -> str:
        return f"week {self.week}: pain {self.pain}, RMDQ {self.rmdq_score}"


class EnduranceTest(models.Model):
    """A re-test of the endurance holds (seconds), taken every four weeks."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="endurance_tests"
    )
    date = models.DateField()
    plank_s = models.PositiveSmallIntegerField(null=True, blank=True)
    side_bridge_left_s = models.PositiveSmallIntegerField(null=True, blank=True)
    side_bridge_right_s = models.PositiveSmallIntegerField(null=True, blank=True)
    extensor_s = models.PositiveSmallIntegerField(null=True, blank=True)
    flexor_s = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("date",)
        constraints = (models.UniqueConstraint(fields=("user", "date"), name="one_endurance_test_per_day"),)

    def __str__(self) -> str:
        return f"endurance re-test {self.date:%Y-%m-%d}"


class CalendarFeed(models.Model):
    """The secret behind a person's calendar (ICS) address; revoking it replaces the secret."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )

    class Reminder(models.IntegerChoices):
        NONE = 0, _("No reminder")
        QUARTER_HOUR = 15, _("15 minutes before")
        HALF_HOUR = 30, _("30 minutes before")
        HOUR = 60, _("1 hour before")

    token = models.CharField(max_length=64, unique=True)
    # Sessions appear at this time of day, in whatever time zone the person's calendar is in.
    session_time = models.TimeField(_("session time"), default=datetime.time(18, 0))
    reminder_minutes = models.PositiveSmallIntegerField(
        _("reminder"), choices=Reminder.choices, default=Reminder.HALF_HOUR
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"calendar feed #{self.pk}"


class WeekReview(models.Model):
    """The engine's verdict on a finished week beyond its changes: advice, e.g. to see a clinician."""

    program = models.ForeignKey("programs.Program", on_delete=models.CASCADE, related_name="week_reviews")
    week = models.PositiveSmallIntegerField()
    advice = models.JSONField(default=list)
    see_clinician = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("week",)
        constraints = (
            models.UniqueConstraint(fields=("program", "week"), name="one_review_per_program_week"),
        )

    def __str__(self) -> str:
        return f"review of week {self.week}"

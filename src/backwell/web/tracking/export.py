"""The tracking part of "download my data": check-ins (notes included), re-tests, reviews, calendar feed."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse

from backwell.web.accounts.models import User
from backwell.web.accounts.selectors import iso

from .models import CalendarFeed, DailyCheckIn, EnduranceTest, WeeklyCheckIn, WeekReview


def _calendar_feed(user: User) -> dict[str, Any] | None:
    feed = CalendarFeed.objects.filter(user=user).first()
    if feed is None:
        return None
    path = reverse("tracking:calendar", kwargs={"feed_id": feed.pk, "token": feed.token})
    return {
        "address": settings.SITE_URL + path,
        "session_time": feed.session_time.strftime("%H:%M"),
        "reminder_minutes_before": feed.reminder_minutes,
        "created_at": iso(feed.created_at),
    }


def tracking_export(user: User) -> dict[str, Any]:
    """Everything the person reported between sessions, oldest first."""
    return {
        "daily_checkins": [
            {
                "date": iso(c.date),
                "pain": c.pain,
                "note": c.note,
                "created_at": iso(c.created_at),
                "updated_at": iso(c.updated_at),
            }
            for c in DailyCheckIn.objects.filter(user=user).order_by("date")
        ],
        "weekly_checkins": [
            {
                "program_id": c.program_id,
                "week": c.week,
                "date": iso(c.date),
                "pain": c.pain,
                "rmdq_answers": c.rmdq_answers,
                "rmdq_score": c.rmdq_score,
                "psfs": c.psfs,
                "psfs_mean": c.psfs_mean,
                "red_flags": c.red_flags,
                "triage": c.triage,
                "created_at": iso(c.created_at),
                "updated_at": iso(c.updated_at),
            }
            for c in WeeklyCheckIn.objects.filter(user=user).order_by("date", "week")
        ],
        "week_reviews": [
            {
                "program_id": r.program_id,
                "week": r.week,
                "advice": r.advice,
                "see_clinician": r.see_clinician,
                "created_at": iso(r.created_at),
            }
            for r in WeekReview.objects.filter(program__user=user).order_by("program_id", "week")
        ],
        "endurance_tests": [
            {
                "date": iso(t.date),
                "plank_s": t.plank_s,
                "side_bridge_left_s": t.side_bridge_left_s,
                "side_bridge_right_s": t.side_bridge_right_s,
                "extensor_s": t.extensor_s,
                "flexor_s": t.flexor_s,
                "created_at": iso(t.created_at),
                "updated_at": iso(t.updated_at),
            }
            for t in EnduranceTest.objects.filter(user=user).order_by("date")
        ],
        "calendar_feed": _calendar_feed(user),
    }

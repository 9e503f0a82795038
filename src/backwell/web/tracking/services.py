"""Writes for tracking: check-ins (with the red-flag re-screen), re-tests and the calendar feed's secret."""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backwell.engine import instruments
from backwell.engine import triage as engine_triage
from backwell.engine.knowledge import load as load_knowledge
from backwell.web.accounts.models import User
from backwell.web.core import prepared
from backwell.web.core.dates import day
from backwell.web.programs import services as program_services
from backwell.web.programs.models import Program

from .models import CalendarFeed, DailyCheckIn, EnduranceTest, WeeklyCheckIn
from .selectors import ENDURANCE_KEYS, flags_known

RMDQ_ITEMS = 24
NOTE_MAX = 1000
# A check-in made offline keeps the day it was made when it is sent later, up to this many days late:
# long enough for a weekend without signal, short enough that a forgotten phone cannot rewrite history.
LATE_DAYS = 3


class CheckInError(Exception):
    """A check-in that cannot be saved, with a message saying what to change."""


def _pain(value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
        raise CheckInError(_("Pain is a whole number from 0 (no pain) to 10 (the worst you can imagine)."))
    return value


def checkin_day(asked: datetime.date | None, *, today: datetime.date) -> datetime.date:
    """The day a daily check-in is for: today, or the day it was made when it arrives late.

    A device a time zone ahead of the server may already be on tomorrow: that is still today here.
    """
    if asked is None or today < asked <= today + datetime.timedelta(days=1):
        return today
    if asked > today:
        raise CheckInError(_("That date is in the future. Send the check-in for today or an earlier day."))
    if asked < today - datetime.timedelta(days=LATE_DAYS):
        raise CheckInError(
            _(
                "A check-in can be sent up to %(n)s days late; this one is from %(day)s. Check in for today instead."
            )
            % {"n": LATE_DAYS, "day": day(asked)}
        )
    return asked


def daily_checkin_record(*, user: User, date: datetime.date, pain: int, note: str = "") -> None:
    """Save today's pain; a second check-in the same day replaces the first rather than adding one."""
    pain = _pain(pain)
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise CheckInError(_("Keep the note under %(n)s characters.") % {"n": NOTE_MAX})
    now = timezone.now()
    ops = connection.ops
    prepared.execute(
        _daily_upsert_sql(),
        [user.pk, ops.adapt_datefield_value(date), pain, note, *[ops.adapt_datetimefield_value(now)] * 2],
    )


@lru_cache(maxsize=1)
def _daily_upsert_sql() -> str:
    """One INSERT … ON CONFLICT UPDATE (SQLite and PostgreSQL alike): two posts of the same day cannot
    race, and the last one wins. Written out because check-ins are the busiest write; the ORM's
    `bulk_create(update_conflicts=True)` sends the same statement at three times the cost."""
    meta = DailyCheckIn._meta
    quote = connection.ops.quote_name
    fields = {field.name: field for field in meta.concrete_fields}
    column = {
        name: quote(str(fields[name].column))
        for name in ("user", "date", "pain", "note", "created_at", "updated_at")
    }
    updated = ", ".join(
        f"{column[name]} = excluded.{column[name]}" for name in ("pain", "note", "updated_at")
    )
    return (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(column.values())}) VALUES (%s, %s, %s, %s, %s, %s) "  # noqa: S608
        f"ON CONFLICT ({column['user']}, {column['date']}) DO UPDATE SET {updated}"
    )


@dataclass(frozen=True)
class ScreenOutcome:
    """What the red-flag re-screen found: the engine's triage and whether the program was paused."""

    level: str
    reasons: list[dict[str, str]]
    new_flags: list[str]
    paused: bool
    advice: str


def _serious_advice(reasons: list[dict[str, str]]) -> str:
    """The triage's advice for the urgent and emergency answers, each piece once, most serious first."""
    return " ".join(dict.fromkeys(r["advice"] for r in reasons if r["level"] in engine_triage.SERIOUS_LEVELS))


def _screen(*, program: Program, red_flags: list[str]) -> engine_triage.CheckInScreen:
    kb = load_knowledge()
    unknown = [f for f in red_flags if f not in kb.red_flags]
    if unknown:
        raise CheckInError(
            _("Answer the safety questions from the form: %(flags)s is not one of them.")
            % {"flags": ", ".join(sorted(unknown))}
        )
    age = int((program.inputs.get("profile") or {}).get("age") or 0)
    # A clinician's clearance covered the flags reported then, not new ones, so it does not carry over.
    return engine_triage.checkin_screen(
        red_flags, known=flags_known(program=program), age=age, cleared=False, kb=kb
    )


@transaction.atomic
def weekly_checkin_record(
    *,
    user: User,
    program: Program,
    week: int,
    date: datetime.date,
    pain: int,
    rmdq_answers: list[bool],
    psfs_scores: Sequence[float],
    red_flags: list[str],
) -> tuple[WeeklyCheckIn, ScreenOutcome]:
    """Save the weekly check-in; a new serious red flag pauses the program with the triage's advice."""
    if program.user_id != user.pk:
        raise CheckInError(_("That program is not yours."))
    pain = _pain(pain)
    if len(rmdq_answers) != RMDQ_ITEMS or not all(isinstance(a, bool) for a in rmdq_answers):
        raise CheckInError(_("Answer each of the 24 Roland-Morris statements with yes or no."))
    activities = (program.inputs.get("questionnaires") or {}).get("psfs") or []
    if len(psfs_scores) != len(activities):
        raise CheckInError(_("Rate each of your %(n)s activities from 0 to 10.") % {"n": len(activities)})
    for score in psfs_scores:
        if isinstance(score, bool) or not isinstance(score, int | float) or not 0 <= score <= 10:
            raise CheckInError(_("Rate each activity from 0 (unable to do it) to 10 (as well as before)."))
    screen = _screen(program=program, red_flags=red_flags)
    outcome, new_flags = screen.triage, list(screen.new_flags)
    psfs = [{"activity": a["activity"], "score": s} for a, s in zip(activities, psfs_scores, strict=True)]
    checkin, _created = WeeklyCheckIn.objects.update_or_create(
        program=program,
        week=week,
        defaults={
            "user": user,
            "date": date,
            "pain": pain,
            "rmdq_answers": list(rmdq_answers),
            "rmdq_score": instruments.rmdq(rmdq_answers),
            "psfs": psfs,
            "psfs_mean": instruments.psfs([float(s) for s in psfs_scores]) if psfs_scores else None,
            "red_flags": sorted(set(red_flags)),
            "triage": {**outcome.as_dict(), "new_flags": new_flags},
        },
    )
    reasons: list[dict[str, str]] = [r.as_dict() for r in outcome.reasons]
    paused = False
    advice = ""
    if screen.pauses:
        advice = _serious_advice(reasons)
        program.refresh_from_db(fields=["status"])
        if program.status == Program.Status.ACTIVE:
            program_services.program_pause(program=program, week=week, reason=advice, level=outcome.level)
            paused = True
    elif any(r["flag"] in new_flags for r in reasons):
        advice = " ".join(dict.fromkeys(r["advice"] for r in reasons if r["flag"] in new_flags))
    return checkin, ScreenOutcome(
        level=outcome.level, reasons=reasons, new_flags=new_flags, paused=paused, advice=advice
    )


@transaction.atomic
def endurance_test_record(
    *, user: User, date: datetime.date, seconds: dict[str, int | None]
) -> EnduranceTest:
    """Save a re-test of the endurance holds (any that were done); one per day, the latest wins."""
    values: dict[str, Any] = {}
    for key in ENDURANCE_KEYS:
        value = seconds.get(key)
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 600
        ):
            raise CheckInError(_("Give each hold in whole seconds, from 0 to 600."))
        values[key] = value
    if all(v is None for v in values.values()):
        raise CheckInError(_("Time at least one of the holds, or come back when you can."))
    test, _created = EnduranceTest.objects.update_or_create(user=user, date=date, defaults=values)
    return test


def _new_token() -> str:
    return secrets.token_urlsafe(32)


@transaction.atomic
def calendar_feed_create(*, user: User) -> CalendarFeed:
    """The person's calendar feed, made on first request."""
    feed, _created = CalendarFeed.objects.get_or_create(user=user, defaults={"token": _new_token()})
    return feed


@transaction.atomic
def calendar_feed_settings_update(
    *, user: User, session_time: datetime.time, reminder_minutes: int
) -> CalendarFeed:
    """When sessions appear in the person's calendar and how long before them it reminds them."""
    if reminder_minutes not in CalendarFeed.Reminder.values:
        raise CheckInError(_("Choose one of the reminder times shown."))
    feed = calendar_feed_create(user=user)
    feed.session_time = session_time.replace(second=0, microsecond=0)
    feed.reminder_minutes = reminder_minutes
    feed.save(update_fields=["session_time", "reminder_minutes"])
    return feed


@transaction.atomic
def calendar_feed_revoke(*, user: User) -> CalendarFeed:
    """Replace the secret: the old address stops working at once; a new one is ready to subscribe to."""
    feed = CalendarFeed.objects.select_for_update().filter(user=user).first()
    if feed is None:
        return CalendarFeed.objects.create(user=user, token=_new_token())
    feed.token = _new_token()
    feed.save(update_fields=["token"])
    return feed

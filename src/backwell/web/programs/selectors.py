"""Reads about programs: the person's current program, its days, and what they did of them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Count, Q
from django.db.models.fields.json import KeyTransform

from backwell.web.accounts.backends import Companion, companion_row
from backwell.web.accounts.models import User

from .models import ItemLog, Program, ProgramChange, SessionLog

ProgramDay = dict[str, Any]


def active_program(*, user: User, with_plan: bool = True) -> Program | None:
    """The person's newest program (active or paused), or None before they start one.

    A twelve-week plan is some 300 KB of JSON: pages about one day ask without it, and
    `program_day` then reads just that day from the database.
    """
    programs = Program.objects.filter(user=user).order_by("-created_at")
    if not with_plan:
        programs = programs.defer("plan")
    return programs.first()


def program_days(program: Program) -> list[ProgramDay]:
    days: list[ProgramDay] = (program.plan.get("program") or {}).get("days", [])
    return days


def program_day(program: Program, *, week: int, day: int) -> ProgramDay | None:
    if "plan" in program.get_deferred_fields():
        return _program_day_from_database(program, week=week, day=day)
    for entry in program_days(program):
        if entry["week"] == week and entry["day"] == day:
            return entry
    return None


def _program_day_from_database(program: Program, *, week: int, day: int) -> ProgramDay | None:
    # Days are listed week by week, each week with days_per_week days (contract rule 5), so the
    # day's position is known and the database can hand over that one element of the JSON array.
    per_week = program.inputs.get("profile", {}).get("days_per_week", 7)
    if week < 1 or not 1 <= day <= per_week:
        return None
    position = (week - 1) * per_week + (day - 1)
    path = KeyTransform(str(position), KeyTransform("days", KeyTransform("program", "plan")))
    entry = Program.objects.filter(pk=program.pk).annotate(entry=path).values_list("entry", flat=True).first()
    if isinstance(entry, dict) and (entry.get("week"), entry.get("day")) == (week, day):
        return entry
    # A plan not laid out as the contract says: fall back to reading all of it.
    program.refresh_from_db(fields=["plan"])
    for candidate in program_days(program):
        if candidate["week"] == week and candidate["day"] == day:
            return candidate
    return None


def day_date(entry: ProgramDay) -> datetime.date | None:
    return datetime.date.fromisoformat(entry["date"]) if entry.get("date") else None


def current_week(program: Program, *, today: datetime.date) -> int:
    """The program week `today` falls in (1–12), counting from the start date."""
    weeks = (program.plan.get("program") or {}).get("weeks", 12)
    return max(1, min(weeks, (today - program.start_date).days // 7 + 1))


def session_for(program: Program, *, today: datetime.date) -> tuple[ProgramDay | None, ProgramDay | None]:
    """(today's session or None on a rest day, the next session after today or None at the end)."""
    todays = None
    upcoming = None
    for entry in program_days(program):
        date = day_date(entry)
        if date is None:
            continue
        if date == today:
            todays = entry
        elif date > today and upcoming is None:
            upcoming = entry
    return todays, upcoming


@dataclass(frozen=True)
class DayProgress:
    week: int
    day: int
    date: datetime.date | None
    items: int
    done: int
    skipped: int
    hurt: int
    completed: bool
    pain_before: int | None = None
    pain_after: int | None = None


def _progress_rows(logs: Any, sizes: dict[tuple[int, int], int]) -> dict[tuple[int, int], DayProgress]:
    rows = logs.annotate(
        n_done=Count("items", filter=Q(items__outcome=ItemLog.Outcome.DONE)),
        n_skipped=Count("items", filter=Q(items__outcome=ItemLog.Outcome.SKIPPED)),
        n_hurt=Count("items", filter=Q(items__outcome=ItemLog.Outcome.HURT)),
    )
    return {
        (row.week, row.day): DayProgress(
            week=row.week,
            day=row.day,
            date=row.date,
            items=sizes.get((row.week, row.day), 0),
            done=row.n_done,
            skipped=row.n_skipped,
            hurt=row.n_hurt,
            completed=row.completed_at is not None,
            pain_before=row.pain_before,
            pain_after=row.pain_after,
        )
        for row in rows
    }


def day_progress(program: Program) -> dict[tuple[int, int], DayProgress]:
    """Per program day, how many items were done, skipped or hurt — one query however long the history."""
    sizes = {(d["week"], d["day"]): len(d["items"]) for d in program_days(program)}
    return _progress_rows(SessionLog.objects.filter(program=program), sizes)


def one_day_progress(program: Program, entry: ProgramDay) -> DayProgress | None:
    """What was done of one day, or None before anything is logged — one query."""
    week, day = entry["week"], entry["day"]
    logs = SessionLog.objects.filter(program=program, week=week, day=day)
    return _progress_rows(logs, {(week, day): len(entry["items"])}).get((week, day))


def next_program_day(program: Program, *, week: int, day: int) -> ProgramDay | None:
    """The program day after (week, day), or None after the last; days run week by week (contract rule 5)."""
    per_week = program.inputs.get("profile", {}).get("days_per_week", 7)
    following_week, following_day = (week, day + 1) if day < per_week else (week + 1, 1)
    return program_day(program, week=following_week, day=following_day)


def session_log(program: Program, *, week: int, day: int) -> SessionLog | None:
    return SessionLog.objects.filter(program=program, week=week, day=day).first()


def item_outcomes(session: SessionLog | None) -> dict[int, str]:
    if session is None:
        return {}
    return dict(session.items.values_list("index", "outcome"))


def recent_changes(program: Program, *, limit: int = 5) -> list[ProgramChange]:
    return list(program.changes.all()[:limit])


def pause_level(program: Program) -> str:
    """How serious the answers that paused the program were ("emergency" or "urgent"); "" when active.

    Read from the pause record, so every page showing the pause can show the emergency numbers too.
    """
    if program.status != Program.Status.PAUSED:
        return ""
    pause = program.changes.filter(kind=ProgramChange.Kind.PAUSE).first()
    entries = pause.changes if pause is not None else []
    return str(entries[0].get("level", "urgent")) if entries else "urgent"


# The tables are Django's defaults for these models (a test checks they still match).
SESSION_PAGE_STAMP_SQL = (
    "SELECT p.id, p.status, "
    "(SELECT MAX(c.id) FROM programs_programchange c WHERE c.program_id = p.id), "
    "(SELECT s.updated_at FROM programs_sessionlog s WHERE s.program_id = p.id AND s.week = %s AND s.day = %s) "
    "FROM programs_program p WHERE p.user_id = %s ORDER BY p.created_at DESC LIMIT 1"
)


def session_page_stamp(*, user: User, week: int, day: int) -> tuple[str, ...] | None:
    """What the session page of a day shows that can change, or None without a program; one query.

    The program and its status, its newest change (every swap, adaptation, pause and resume writes one,
    and only they rewrite the plan) and the day's log (the player's position and pain ratings).
    Plain SQL: it runs on every visit, where compiling the ORM's subqueries cost more than the query.
    """
    params = [week, day, user.pk]
    ran, row = companion_row(SESSION_PAGE_STAMP_SQL, params)
    if not ran:
        with connection.cursor() as cursor:
            cursor.execute(SESSION_PAGE_STAMP_SQL, params)
            row = cursor.fetchone()
    return None if row is None else tuple(str(value) for value in row)


def session_page_companion(kwargs: dict[str, Any]) -> Companion | None:
    """The session page's stamp, to run with the person's load (core.middleware.PersonCompanionMiddleware)."""
    try:
        week, day = int(kwargs["week"]), int(kwargs["day"])
    except (KeyError, TypeError, ValueError):
        return None  # the view answers a bad address itself
    return Companion(SESSION_PAGE_STAMP_SQL, lambda pk: [week, day, pk])

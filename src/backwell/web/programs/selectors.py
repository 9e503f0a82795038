"""Reads about programs: the person's current program, its days, and what they did of them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q

from backwell.web.accounts.models import User

from .models import ItemLog, Program, ProgramChange, SessionLog

ProgramDay = dict[str, Any]


def active_program(*, user: User) -> Program | None:
    """The person's newest program (active or paused), or None before they start one."""
    return Program.objects.filter(user=user).order_by("-created_at").first()


def program_days(program: Program) -> list[ProgramDay]:
    days: list[ProgramDay] = (program.plan.get("program") or {}).get("days", [])
    return days


def program_day(program: Program, *, week: int, day: int) -> ProgramDay | None:
    for entry in program_days(program):
        if entry["week"] == week and entry["day"] == day:
            return entry
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


def day_progress(program: Program) -> dict[tuple[int, int], DayProgress]:
    """Per program day, how many items were done, skipped or hurt — one query however long the history."""
    rows = SessionLog.objects.filter(program=program).annotate(
        n_done=Count("items", filter=Q(items__outcome=ItemLog.Outcome.DONE)),
        n_skipped=Count("items", filter=Q(items__outcome=ItemLog.Outcome.SKIPPED)),
        n_hurt=Count("items", filter=Q(items__outcome=ItemLog.Outcome.HURT)),
    )
    sizes = {(d["week"], d["day"]): len(d["items"]) for d in program_days(program)}
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
        )
        for row in rows
    }


def session_log(program: Program, *, week: int, day: int) -> SessionLog | None:
    return SessionLog.objects.filter(program=program, week=week, day=day).first()


def item_outcomes(session: SessionLog | None) -> dict[int, str]:
    if session is None:
        return {}
    return dict(session.items.values_list("index", "outcome"))


def recent_changes(program: Program, *, limit: int = 5) -> list[ProgramChange]:
    return list(program.changes.all()[:limit])

"""Reads for tracking pages: each is one query whatever the length of the history, so pages stay O(1)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q

from backwell.web.accounts.backends import Companion, companion_row
from backwell.web.accounts.models import User
from backwell.web.assessment.models import Assessment
from backwell.web.core import prepared
from backwell.web.programs.models import ItemLog, Program, ProgramChange, SessionLog

from .models import CalendarFeed, DailyCheckIn, EnduranceTest, WeeklyCheckIn, WeekReview

ENDURANCE_KEYS: tuple[str, ...] = (
    "plank_s",
    "side_bridge_left_s",
    "side_bridge_right_s",
    "extensor_s",
    "flexor_s",
)


@dataclass(frozen=True)
class SessionRow:
    week: int
    day: int
    date: datetime.date
    pain_before: int | None
    pain_after: int | None
    completed: bool
    done: int
    skipped: int
    hurt: int


@dataclass(frozen=True)
class WeeklyRow:
    week: int
    date: datetime.date
    pain: int
    rmdq_score: int
    psfs: list[dict[str, Any]]
    psfs_mean: float | None


def daily_pains(*, user: User) -> list[tuple[datetime.date, int]]:
    """Every daily check-in as (date, pain), oldest first."""
    return list(DailyCheckIn.objects.filter(user=user).order_by("date").values_list("date", "pain"))


def recent_daily_checkins(*, user: User, today: datetime.date, days: int = 14) -> list[DailyCheckIn]:
    """The check-ins of the last `days` days, newest first (today's included)."""
    since = today - datetime.timedelta(days=days - 1)
    return list(DailyCheckIn.objects.filter(user=user, date__gte=since, date__lte=today).order_by("-date"))


def session_rows(*, program: Program) -> list[SessionRow]:
    """Each logged session day with its pain and item outcomes counted — one query."""
    rows = (
        SessionLog.objects.filter(program=program)
        .annotate(
            n_done=Count("items", filter=Q(items__outcome=ItemLog.Outcome.DONE)),
            n_skipped=Count("items", filter=Q(items__outcome=ItemLog.Outcome.SKIPPED)),
            n_hurt=Count("items", filter=Q(items__outcome=ItemLog.Outcome.HURT)),
        )
        .order_by("week", "day")
        .values(
            "week",
            "day",
            "date",
            "pain_before",
            "pain_after",
            "completed_at",
            "n_done",
            "n_skipped",
            "n_hurt",
        )
    )
    return [
        SessionRow(
            week=r["week"],
            day=r["day"],
            date=r["date"],
            pain_before=r["pain_before"],
            pain_after=r["pain_after"],
            completed=r["completed_at"] is not None,
            done=r["n_done"],
            skipped=r["n_skipped"],
            hurt=r["n_hurt"],
        )
        for r in rows
    ]


def weekly_rows(*, program: Program) -> list[WeeklyRow]:
    """The program's weekly check-ins, first week first — one query."""
    rows = WeeklyCheckIn.objects.filter(program=program).order_by("week")
    return [
        WeeklyRow(
            week=r["week"],
            date=r["date"],
            pain=r["pain"],
            rmdq_score=r["rmdq_score"],
            psfs=list(r["psfs"]),
            psfs_mean=r["psfs_mean"],
        )
        for r in rows.values("week", "date", "pain", "rmdq_score", "psfs", "psfs_mean")
    ]


def weekly_checkin_for(*, program: Program, week: int) -> WeeklyCheckIn | None:
    return WeeklyCheckIn.objects.filter(program=program, week=week).first()


def flags_known(*, program: Program) -> set[str]:
    """Red flags the person has already told us about: at the assessment and at earlier check-ins."""
    known = set(program.inputs.get("red_flags") or [])
    for flags in WeeklyCheckIn.objects.filter(program=program).values_list("red_flags", flat=True):
        known.update(flags or [])
    return known


def adaptation_changes(*, program: Program) -> list[ProgramChange]:
    """The weekly adaptations, newest first."""
    return list(
        ProgramChange.objects.filter(program=program, kind=ProgramChange.Kind.ADAPTATION).order_by("-week")
    )


def week_reviews(*, program: Program) -> list[WeekReview]:
    return list(WeekReview.objects.filter(program=program).order_by("-week"))


@dataclass(frozen=True)
class EnduranceRecord:
    date: datetime.date
    values: dict[str, float]
    source: str


def endurance_history(*, user: User, program: Program | None) -> list[EnduranceRecord]:
    """Endurance holds over time: the baseline, re-test assessments and the re-tests taken here — two queries."""
    records: list[EnduranceRecord] = []
    if program is not None:
        tests = program.inputs.get("tests") or {}
        values = {k: float(tests[k]) for k in ENDURANCE_KEYS if isinstance(tests.get(k), int | float)}
        if values:
            records.append(EnduranceRecord(program.start_date, values, "assessment"))
    retests = Assessment.objects.filter(
        user=user, kind=Assessment.Kind.RETEST, completed_at__isnull=False
    ).values_list("completed_at", "answers")
    for completed_at, answers in retests:
        tests = (answers or {}).get("tests") or {}
        values = {k: float(tests[k]) for k in ENDURANCE_KEYS if isinstance(tests.get(k), int | float)}
        if values and completed_at is not None:
            records.append(EnduranceRecord(completed_at.date(), values, "retest"))
    for row in EnduranceTest.objects.filter(user=user).values("date", *ENDURANCE_KEYS):
        values = {k: float(row[k]) for k in ENDURANCE_KEYS if row[k] is not None}
        if values:
            records.append(EnduranceRecord(row["date"], values, "retest"))
    return sorted(records, key=lambda r: r.date)


def calendar_feed(*, user: User) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user).first()


def calendar_feed_by_id(*, feed_id: int) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(pk=feed_id).select_related("user").first()


# What the progress page draws, and when each part last changed. Item logs count through their
# session's `updated_at`, which every item log and pain rating touches; swaps, adaptations and pauses
# through the newest program change. The tables are Django's defaults (a test checks they still match).
PERSON_STAMPS = (
    "(SELECT MAX(updated_at) FROM tracking_dailycheckin WHERE user_id = %s) AS stamp_daily, "
    "(SELECT MAX(updated_at) FROM tracking_endurancetest WHERE user_id = %s) AS stamp_endurance, "
    "(SELECT MAX(updated_at) FROM assessment_assessment WHERE user_id = %s AND kind = 'retest') "
    "AS stamp_retest"
)
PROGRAM_STAMPS = (
    "(SELECT MAX(updated_at) FROM programs_sessionlog WHERE program_id = p.id) AS stamp_sessions, "
    "(SELECT MAX(updated_at) FROM tracking_weeklycheckin WHERE program_id = p.id) AS stamp_weekly, "
    "(SELECT MAX(id) FROM programs_programchange WHERE program_id = p.id) AS stamp_change, "
    "(SELECT COUNT(*) FROM programs_programchange WHERE program_id = p.id AND kind = 'adaptation') "
    "AS adapted_weeks"
)
# The newest program's id, start, status and age: what a visit needs before it draws anything.
# Every parameter is the person's id (positional, so the query can ride along with the person's load).
PROGRESS_SQL = (
    "SELECT p.id, p.start_date, p.status, p.created_at, "  # noqa: S608 - constants
    f"{PERSON_STAMPS}, {PROGRAM_STAMPS} "
    "FROM programs_program p WHERE p.user_id = %s ORDER BY p.created_at DESC LIMIT 1"
)
PROGRESS_SQL_WITHOUT_PROGRAM = f"SELECT {PERSON_STAMPS}"


def _person_params(sql: str, pk: Any) -> list[Any]:
    return [pk] * sql.count("%s")


FINGERPRINT_TABLES = (
    "tracking_dailycheckin",
    "tracking_endurancetest",
    "assessment_assessment",
    "programs_sessionlog",
    "tracking_weeklycheckin",
    "programs_programchange",
)


@dataclass(frozen=True)
class PersonStamp:
    """What a visit to the program or progress page knows before drawing anything: the newest
    program, when each thing those pages draw last changed (`values`, their caches' stamp), and how
    many weeks are adapted."""

    program_id: int | None
    start_date: datetime.date | None
    values: tuple[str, ...]
    adapted_weeks: int

    @property
    def cache_stamp(self) -> tuple[object, ...]:
        """For `core.personal_cache`: everything here that a page may show."""
        return (self.program_id, *self.values)


def person_stamp(*, user: User, fresh: bool = False) -> PersonStamp:
    """The person's stamp, in one query whatever the length of the history, and on the program and
    progress pages in the same round trip as loading the person (`person_stamp_companion`).

    `fresh`: read it again rather than take the row loaded with the person (after writing something
    the stamp covers in this request). Plain SQL and no model instance: this runs on every visit, and
    compiling the ORM's subqueries (and building a Program) cost more than the query itself.
    """
    params = _person_params(PROGRESS_SQL, user.pk)
    ran, row = (False, None) if fresh else companion_row(PROGRESS_SQL, params)
    if not ran:
        row = prepared.fetch_one(PROGRESS_SQL, params)
    if row is None:
        found = prepared.fetch_one(
            PROGRESS_SQL_WITHOUT_PROGRAM, _person_params(PROGRESS_SQL_WITHOUT_PROGRAM, user.pk)
        )
        assert found is not None  # aggregates without FROM: always one row
        return PersonStamp(None, None, tuple(str(value) for value in found), adapted_weeks=0)
    program_id, start, *stamps, adapted = row
    # SQLite hands dates back as text, PostgreSQL as dates.
    start_date = start if isinstance(start, datetime.date) else datetime.date.fromisoformat(str(start))
    return PersonStamp(int(program_id), start_date, tuple(str(value) for value in stamps), int(adapted))


def person_stamp_companion(_kwargs: dict[str, Any]) -> Companion:
    """The person's stamp, to run with the person's load (core.middleware.PersonCompanionMiddleware)."""
    return Companion(PROGRESS_SQL, lambda pk: _person_params(PROGRESS_SQL, pk))


def stamped_program(*, stamp: PersonStamp) -> Program | None:
    """The stamped program without its large plan, which only redrawing a page needs."""
    if stamp.program_id is None:
        return None
    return Program.objects.defer("plan").filter(pk=stamp.program_id).first()

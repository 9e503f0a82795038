"""Long synthetic histories (years of check-ins and sessions) for query-count tests and `backwell bench web`."""

from __future__ import annotations

import datetime
import random
import uuid

from backwell.web.accounts.models import User
from backwell.web.programs.models import ItemLog, Program, SessionLog
from backwell.web.programs.selectors import program_days

from .models import DailyCheckIn, EnduranceTest, WeeklyCheckIn


def add_daily_history(*, user: User, days: int, today: datetime.date, seed: int = 0) -> None:
    """`days` daily check-ins ending today, and an endurance re-test every four weeks."""
    rng = random.Random(seed or days)
    DailyCheckIn.objects.bulk_create(
        DailyCheckIn(user=user, date=today - datetime.timedelta(days=n), pain=rng.randint(1, 6), note="")
        for n in range(days)
    )
    EnduranceTest.objects.bulk_create(
        EnduranceTest(user=user, date=today - datetime.timedelta(days=28 * n + 1), plank_s=40 + n)
        for n in range(1, days // 28 + 1)
    )


def add_program_history(*, program: Program, today: datetime.date, seed: int = 0) -> None:
    """Every session day of `program` up to today logged (done, skipped or hurt), and its weekly check-ins."""
    rng = random.Random(seed or program.pk)
    sessions = []
    for entry in program_days(program):
        date = datetime.date.fromisoformat(entry["date"])
        if date > today:
            break
        sessions.append(
            SessionLog(
                program=program, week=entry["week"], day=entry["day"], date=date, pain_before=4, pain_after=3
            )
        )
    SessionLog.objects.bulk_create(sessions)
    by_key = {(e["week"], e["day"]): e for e in program_days(program)}
    items = []
    for session in SessionLog.objects.filter(program=program):
        for index, item in enumerate(by_key[(session.week, session.day)]["items"]):
            outcome = rng.choice(["done", "done", "done", "skipped", "hurt"])
            items.append(
                ItemLog(
                    session=session,
                    index=index,
                    exercise=item["exercise"],
                    outcome=outcome,
                    client_id=uuid.uuid4(),
                )
            )
    ItemLog.objects.bulk_create(items)
    weeks = min(12, (today - program.start_date).days // 7 + 1)
    activities = (program.inputs.get("questionnaires") or {}).get("psfs") or []
    WeeklyCheckIn.objects.bulk_create(
        WeeklyCheckIn(
            user_id=program.user_id,
            program=program,
            week=week,
            date=program.start_date + datetime.timedelta(days=7 * week - 1),
            pain=4,
            rmdq_answers=[False] * 24,
            rmdq_score=6 - min(week, 5),
            psfs=[
                {"activity": a["activity"], "score": min(10, int(a["score"]) + week // 3)} for a in activities
            ],
            psfs_mean=5.0,
            red_flags=[],
            triage={"level": "none", "program_allowed": True, "reasons": []},
        )
        for week in range(1, weeks + 1)
    )

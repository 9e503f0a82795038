"""Demo history: weeks of realistic check-ins, sessions and the adaptations they cause, for `backwell demo`."""

from __future__ import annotations

import datetime
import random
import uuid

from django.db import transaction
from django.utils import timezone

from backwell.engine import instruments
from backwell.web.accounts.models import User
from backwell.web.assessment.models import Assessment
from backwell.web.programs import services as program_services
from backwell.web.programs.models import Program
from backwell.web.programs.selectors import program_days

from . import adaptation, services

RMDQ_ITEMS = 24
HURT_WEEKS = (2, 5)


def _rmdq_answers(baseline: list[bool], ticked: int) -> list[bool]:
    """The baseline's ticked statements, keeping only the first `ticked` of them."""
    answers = list(baseline) if len(baseline) == RMDQ_ITEMS else [False] * RMDQ_ITEMS
    kept = 0
    for i, value in enumerate(answers):
        if value:
            kept += 1
            answers[i] = kept <= ticked
    return answers


def _log_week(program: Program, *, week: int, today: datetime.date, rng: random.Random, pain: float) -> None:
    """Every session of `week` dated before today: mostly done, a skip here and there, a rare 'this hurt'."""
    # In weeks 2 and 5 one exercise hurts once, so the demo shows the engine making it gentler.
    hurt_pending = week in HURT_WEEKS
    for entry in program_days(program):
        if entry["week"] != week or not entry.get("date"):
            continue
        date = datetime.date.fromisoformat(entry["date"])
        if date >= today or rng.random() < 0.12:
            continue  # a missed session now and then, as in real life
        before = max(0, min(10, round(pain + rng.uniform(-0.5, 1.0))))
        program_services.session_pain_record(program=program, week=week, day=entry["day"], before=before)
        for index, item in enumerate(entry["items"]):
            roll = rng.random()
            outcome = "done"
            if roll < 0.07:
                outcome = "skipped"
            elif hurt_pending and item["kind"] == "strength":
                outcome = "hurt"
                hurt_pending = False
            # Effort eases over the weeks, so exercises become "easy" and the engine progresses them.
            effort = max(1, min(10, round(7 - week * 0.6 + rng.uniform(-1, 1))))
            program_services.item_log_record(
                program=program,
                week=week,
                day=entry["day"],
                index=index,
                outcome=outcome,
                client_id=uuid.UUID(int=rng.getrandbits(128)),
                effort=effort,
            )
        after = max(0, before - rng.choice((0, 1, 1, 2)))
        program_services.session_pain_record(program=program, week=week, day=entry["day"], after=after)


@transaction.atomic
def add_history(*, user: User, weeks: int = 8) -> Program:
    """Start a program `weeks` ago from the person's assessment and fill it with believable history.

    Idempotent: a person who already has a program keeps it, untouched.
    """
    existing = Program.objects.filter(user=user).order_by("-created_at").first()
    if existing is not None:
        return existing
    assessment = (
        Assessment.objects.filter(user=user, completed_at__isnull=False).order_by("-completed_at").first()
    )
    if assessment is None:
        raise program_services.ProgramError("The demo person needs a completed assessment first.")
    today = timezone.localdate()
    start = today - datetime.timedelta(days=7 * weeks)
    program = program_services.program_start(user=user, assessment=assessment, start_date=start)
    rng = random.Random(f"backwell-demo-{user.pk}")
    answers = program.inputs
    baseline_pain = float((answers.get("pain") or {}).get("nrs", 6))
    questionnaires = answers.get("questionnaires") or {}
    baseline_rmdq = list(questionnaires.get("rmdq") or [])
    baseline_ticked = instruments.rmdq(baseline_rmdq) if baseline_rmdq else 8
    activities = questionnaires.get("psfs") or []
    tests = answers.get("tests") or {}
    total_weeks = (program.plan.get("program") or {}).get("weeks", 12)

    for week in range(1, weeks + 1):
        # Pain drifts down about a third over eight weeks, with ordinary day-to-day ups and downs.
        trend = baseline_pain * (1 - 0.45 * week / max(weeks, 8))
        for offset in range(7):
            date = start + datetime.timedelta(days=(week - 1) * 7 + offset)
            if date > today or rng.random() < 0.1:
                continue
            pain = max(0, min(10, round(trend + rng.uniform(-1.2, 1.2))))
            note = rng.choice(
                ["", "", "", "Long day at the desk.", "Walked to work.", "Slept badly.", "Felt loose."]
            )
            services.daily_checkin_record(user=user, date=date, pain=pain, note=note)
        _log_week(program, week=week, today=today, rng=rng, pain=trend)
        check_date = start + datetime.timedelta(days=week * 7 - 1)
        if check_date <= today:
            services.weekly_checkin_record(
                user=user,
                program=program,
                week=week,
                date=check_date,
                pain=max(0, round(trend)),
                rmdq_answers=_rmdq_answers(baseline_rmdq, max(0, baseline_ticked - week // 2)),
                psfs_scores=[min(10, round(float(a["score"]) + week * 0.35)) for a in activities],
                red_flags=[],
            )
        if week % 4 == 0 and tests:
            services.endurance_test_record(
                user=user,
                date=min(today, start + datetime.timedelta(days=week * 7)),
                seconds={
                    key: round(float(tests[key]) * (1 + 0.12 * week / 4))
                    for key in (
                        "plank_s",
                        "side_bridge_left_s",
                        "side_bridge_right_s",
                        "extensor_s",
                        "flexor_s",
                    )
                    if isinstance(tests.get(key), int | float)
                },
            )
        if week < total_weeks and check_date < today:
            adaptation.apply_week(program=program, week=week)
            program.refresh_from_db()
    return program

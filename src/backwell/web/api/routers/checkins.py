"""Daily and weekly check-ins; the weekly one re-screens the red flags and may pause the program."""

import datetime
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from pydantic import Field, StringConstraints

from backwell.engine.knowledge import load as load_knowledge
from backwell.web.programs.selectors import current_week
from backwell.web.tracking import selectors, services

from ..idempotency import KeyHeader, once
from ..pagination import paged
from ..problems import ApiProblem, refusals
from ..security import PERSON_READ, PERSON_WRITE, person
from ..types import NoNullCharacters, Pain
from .program import program_or_404

router = Router(tags=["check-ins"])

Note = Annotated[str, StringConstraints(max_length=services.NOTE_MAX), NoNullCharacters]
FlagId = Annotated[str, StringConstraints(max_length=80), NoNullCharacters]
Score = Annotated[int, Field(strict=True, ge=0, le=10)]


class DailyIn(Schema):
    pain: Pain
    note: Note = ""
    date: datetime.date | None = Field(
        None,
        description=(
            "The day the check-in is for, by the person's device: today (the default) or up to "
            f"{services.LATE_DAYS} days back, so a check-in made offline keeps its day when it is sent later"
        ),
    )


class DailyOut(Schema):
    date: datetime.date
    pain: int


class WeeklyIn(Schema):
    pain: Pain
    rmdq_answers: list[bool] = Field(
        description="Yes (true) or no (false) to each of the 24 Roland-Morris statements, in order",
        max_length=services.RMDQ_ITEMS,
    )
    psfs_scores: list[Score] = Field(
        description="0 (unable) to 10 (as well as before) for each of your activities, in order",
        max_length=10,
    )
    red_flags: list[FlagId] = Field(
        description="The ids of the safety questions answered yes (see /checkins/weekly/questions)",
        max_length=50,
    )


class ScreenOut(Schema):
    level: str
    reasons: list[dict[str, str]]
    new_flags: list[str]
    paused: bool
    advice: str


class WeeklyOut(Schema):
    week: int
    date: datetime.date
    pain: int
    rmdq_score: int
    psfs: list[dict[str, Any]]
    psfs_mean: float | None


class WeeklyDone(Schema):
    checkin: WeeklyOut
    screen: ScreenOut


class SafetyQuestion(Schema):
    id: str
    question: str


class WeeklyQuestions(Schema):
    week: int
    rmdq_statements: list[str]
    activities: list[str]
    safety_questions: list[SafetyQuestion]


@router.get("/daily", response={200: list[DailyOut], **refusals(401, 403)}, auth=PERSON_READ)
@paged
def daily_list(request: HttpRequest) -> list[dict[str, Any]]:
    """Every daily pain rating, oldest first."""
    return [{"date": d, "pain": p} for d, p in selectors.daily_pains(user=person(request))]


@router.post("/daily", response={200: DailyOut, **refusals(401, 403)}, auth=PERSON_WRITE)
def daily_record(request: HttpRequest, payload: DailyIn, idempotency_key: str | None = KeyHeader) -> Any:
    """Today's pain (and a note), or a late one's; a second check-in the same day replaces the first."""
    user = person(request)

    def write() -> tuple[int, DailyOut]:
        try:
            day = services.checkin_day(payload.date, today=timezone.localdate())
        except services.CheckInError as exc:
            raise ApiProblem(422, str(exc), field="date") from exc
        try:
            services.daily_checkin_record(user=user, date=day, pain=payload.pain, note=payload.note)
        except services.CheckInError as exc:
            raise ApiProblem(422, str(exc)) from exc
        return 200, DailyOut(date=day, pain=payload.pain)

    return once(request, user=user, key=idempotency_key, write=write)


@router.get("/weekly", response={200: list[WeeklyOut], **refusals(401, 403, 404)}, auth=PERSON_READ)
@paged
def weekly_list(request: HttpRequest) -> list[Any]:
    """The program's weekly check-ins, first week first."""
    return selectors.weekly_rows(program=program_or_404(person(request), with_plan=False))


@router.get("/weekly/questions", response={200: WeeklyQuestions, **refusals(401, 403, 404)}, auth=PERSON_READ)
def weekly_questions(request: HttpRequest) -> dict[str, Any]:
    """What this week's check-in asks: the statements, your activities and every safety question."""
    program = program_or_404(person(request))
    kb = load_knowledge()
    return {
        "week": current_week(program, today=timezone.localdate()),
        "rmdq_statements": [item.text for item in kb.instruments["rmdq"].items],
        "activities": [a["activity"] for a in (program.inputs.get("questionnaires") or {}).get("psfs") or []],
        "safety_questions": [{"id": flag.id, "question": flag.question} for flag in kb.red_flags.values()],
    }


@router.post("/weekly", response={200: WeeklyDone, **refusals(401, 403, 404)}, auth=PERSON_WRITE)
def weekly_record(request: HttpRequest, payload: WeeklyIn, idempotency_key: str | None = KeyHeader) -> Any:
    """This week's check-in. A new serious answer to a safety question pauses the program, and the
    answer says so with the advice to follow."""
    user = person(request)
    program = program_or_404(user)
    today = timezone.localdate()
    week = current_week(program, today=today)

    def write() -> tuple[int, WeeklyDone]:
        try:
            checkin, screen = services.weekly_checkin_record(
                user=user,
                program=program,
                week=week,
                date=today,
                pain=payload.pain,
                rmdq_answers=payload.rmdq_answers,
                psfs_scores=payload.psfs_scores,
                red_flags=payload.red_flags,
            )
        except services.CheckInError as exc:
            raise ApiProblem(422, str(exc)) from exc
        row = WeeklyOut(
            week=checkin.week,
            date=checkin.date,
            pain=checkin.pain,
            rmdq_score=checkin.rmdq_score,
            psfs=list(checkin.psfs),
            psfs_mean=checkin.psfs_mean,
        )
        outcome = ScreenOut(
            level=screen.level,
            reasons=screen.reasons,
            new_flags=screen.new_flags,
            paused=screen.paused,
            advice=screen.advice,
        )
        return 200, WeeklyDone(checkin=row, screen=outcome)

    return once(request, user=user, key=idempotency_key, write=write)

"""The person's program: the overview, its days, one day's items, and swapping an item."""

import datetime
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from ninja import Path, Router, Schema

from backwell.web.accounts.models import User
from backwell.web.assessment import selectors as assessment_selectors
from backwell.web.clinic.documents import own_plan_pdf
from backwell.web.core.personal_cache import forget, remembered
from backwell.web.programs import exercises, selectors, services, swaps
from backwell.web.programs.models import Program
from backwell.web.tracking.adaptation import stamp_after_due

from ..pagination import paged
from ..problems import ApiProblem, refusals
from ..responses import kept_private
from ..security import PERSON_READ, PERSON_WRITE, person
from ..types import Day, Index, Week

router = Router(tags=["program"])


class Phase(Schema):
    name: str
    weeks: list[int]
    goal: str = ""


class DaySummary(Schema):
    week: int
    day: int
    date: datetime.date | None
    minutes: float
    items: int
    done: int
    skipped: int
    hurt: int
    completed: bool


class ProgramOut(Schema):
    id: int
    status: str
    paused_reason: str
    pause_level: str
    start_date: datetime.date
    weeks: int
    current_week: int
    phases: list[Phase]
    today: DaySummary | None
    upcoming: DaySummary | None
    print_url: str


class PlanItem(Schema):
    index: int
    exercise: str
    name: str
    kind: str
    minutes: float
    dose: dict[str, Any]
    why: list[str]
    evidence: dict[str, Any]
    picture_url: str
    outcome: str | None


class DayOut(DaySummary):
    pain_before: int | None
    pain_after: int | None
    paused: bool
    entries: list[PlanItem]


class SwapIn(Schema):
    replacement: str


class Alternative(Schema):
    slug: str
    name: str
    picture_url: str


def program_or_404(user: User, *, with_plan: bool = True) -> Program:
    program = selectors.active_program(user=user, with_plan=with_plan)
    if program is None:
        raise Http404("You have no program yet: finish your assessment and start one.")
    return program


def day_or_404(program: Program, week: int, day: int) -> selectors.ProgramDay:
    entry = selectors.program_day(program, week=week, day=day)
    if entry is None:
        raise Http404(f"Your program has no day {day} in week {week}.")
    return entry


def day_summary(entry: selectors.ProgramDay, done: selectors.DayProgress | None) -> dict[str, Any]:
    return {
        "week": entry["week"],
        "day": entry["day"],
        "date": selectors.day_date(entry),
        "minutes": float(entry.get("minutes") or 0),
        "items": len(entry["items"]),
        "done": done.done if done else 0,
        "skipped": done.skipped if done else 0,
        "hurt": done.hurt if done else 0,
        "completed": done.completed if done else False,
    }


@router.get("", response={200: ProgramOut, **refusals(401, 403, 404)}, auth=PERSON_READ)
def program_get(request: HttpRequest) -> dict[str, Any]:
    """The program's state, phases, today's session and the next one."""
    user = person(request)
    today = timezone.localdate()
    stamp_after_due(user=user, today=today)  # a finished week is adapted first, as the page does
    program = program_or_404(user)
    todays, upcoming = selectors.session_for(program, today=today)
    progress = selectors.day_progress(program)
    plan = program.plan["program"]
    return {
        "id": program.pk,
        "status": program.status,
        "paused_reason": program.paused_reason,
        "pause_level": selectors.pause_level(program),
        "start_date": program.start_date,
        "weeks": plan["weeks"],
        "current_week": selectors.current_week(program, today=today),
        "phases": plan["phases"],
        "today": day_summary(todays, progress.get((todays["week"], todays["day"]))) if todays else None,
        "upcoming": day_summary(upcoming, progress.get((upcoming["week"], upcoming["day"])))
        if upcoming
        else None,
        "print_url": "/program/print/",
    }


@router.post("", response={200: ProgramOut, **refusals(401, 403, 409)}, auth=PERSON_WRITE)
def program_start(request: HttpRequest) -> dict[str, Any]:
    """Start a program from your newest completed assessment, from today."""
    user = person(request)
    assessment = assessment_selectors.assessment_latest_completed(user=user)
    if assessment is None:
        raise ApiProblem(409, "Finish your assessment first: the program is built from it.")
    try:
        services.program_start(user=user, assessment=assessment, start_date=timezone.localdate())
    except services.ProgramError as exc:
        raise ApiProblem(409, str(exc)) from exc
    return program_get(request)


@router.get("/days", response={200: list[DaySummary], **refusals(401, 403, 404)}, auth=PERSON_READ)
@paged
def day_list(request: HttpRequest) -> list[dict[str, Any]]:
    """Every day of the program, week by week, with what was done of it."""
    program = program_or_404(person(request))
    progress = selectors.day_progress(program)
    return [day_summary(d, progress.get((d["week"], d["day"]))) for d in selectors.program_days(program)]


def day_out(program: Program, entry: selectors.ProgramDay) -> dict[str, Any]:
    log = selectors.session_log(program, week=entry["week"], day=entry["day"])
    outcomes = selectors.item_outcomes(log)
    items = []
    for index, item in enumerate(entry["items"]):
        detail = exercises.detail(item["exercise"]) or {}
        items.append(
            {
                "index": index,
                "exercise": item["exercise"],
                "name": item.get("name", detail.get("name", item["exercise"])),
                "kind": item.get("kind", ""),
                "minutes": float(item.get("minutes") or 0),
                "dose": item.get("dose") or {},
                "why": list(item.get("why") or []),
                "evidence": item.get("evidence") or {},
                "picture_url": detail.get("picture_url", ""),
                "outcome": outcomes.get(index),
            }
        )
    return {
        **day_summary(entry, selectors.one_day_progress(program, entry) if log else None),
        "pain_before": log.pain_before if log else None,
        "pain_after": log.pain_after if log else None,
        "paused": program.status == Program.Status.PAUSED,
        "entries": items,
    }


@router.get("/today", response={200: DayOut, **refusals(401, 403, 404)}, auth=PERSON_READ)
def today_get(request: HttpRequest) -> dict[str, Any]:
    """Today's session with its items and what was logged of them (404 on a rest day)."""
    program = program_or_404(person(request))
    todays, _upcoming = selectors.session_for(program, today=timezone.localdate())
    if todays is None:
        raise Http404("Today is a rest day in your program.")
    return day_out(program, todays)


@router.get("/days/{week}/{day}", response={200: DayOut, **refusals(401, 403, 404)}, auth=PERSON_READ)
def day_get(request: HttpRequest, week: Path[Week], day: Path[Day]) -> HttpResponse:
    """One day's items: dose, why each is there, its evidence, its picture and what was logged."""
    user = person(request)
    # The session player's most frequent call: answered from the person's stored copy until the
    # one-query stamp the session page uses says something on the day changed.
    stamp = selectors.session_page_stamp(user=user, week=week, day=day)
    if stamp is None:
        raise Http404("You have no program yet: finish your assessment and start one.")

    def draw() -> str:
        program = program_or_404(user, with_plan=False)
        return DayOut.model_validate(day_out(program, day_or_404(program, week, day))).model_dump_json()

    body = remembered(user.pk, request.path, stamp, draw)
    return kept_private(HttpResponse(body, content_type="application/json"))


def cached_days_forget(user: User) -> None:
    """Deleting an account: the stored answers of every day of every program go too."""
    days = {(d["week"], d["day"]) for program in user.programs.all() for d in selectors.program_days(program)}
    forget(user.pk, [reverse("api:day_get", kwargs={"week": w, "day": d}) for w, d in sorted(days)])


@router.get(
    "/days/{week}/{day}/items/{index}/alternatives",
    response={200: list[Alternative], **refusals(401, 403, 404)},
    auth=PERSON_READ,
)
@paged
def alternative_list(
    request: HttpRequest, week: Path[Week], day: Path[Day], index: Path[Index]
) -> list[dict[str, Any]]:
    """What an item can be swapped for: safe for the person, same purpose."""
    program = program_or_404(person(request))
    entry = day_or_404(program, week, day)
    if not 0 <= index < len(entry["items"]):
        raise Http404("That item is not part of this day.")
    found = swaps.alternatives(program, entry["items"][index], week=week)
    return [
        {
            "slug": ex.slug,
            "name": ex.name,
            "picture_url": (exercises.detail(ex.slug) or {}).get("picture_url", ""),
        }
        for ex in found
    ]


@router.post(
    "/days/{week}/{day}/items/{index}/swap",
    response={200: DayOut, **refusals(401, 403, 404, 409)},
    auth=PERSON_WRITE,
)
def item_swap(
    request: HttpRequest, week: Path[Week], day: Path[Day], index: Path[Index], payload: SwapIn
) -> dict[str, Any]:
    """Swap an item for one of its alternatives, from this day on; the day as it is now."""
    program = program_or_404(person(request))
    try:
        swaps.program_swap(program=program, week=week, day=day, index=index, replacement=payload.replacement)
    except swaps.SwapError as exc:
        raise ApiProblem(409, str(exc), field="replacement") from exc
    program.refresh_from_db()
    return day_out(program, day_or_404(program, week, day))


@router.get(
    "/pdf",
    response=refusals(401, 403, 404),
    auth=PERSON_READ,
    openapi_extra={
        "responses": {
            200: {
                "description": "Your plan as a PDF",
                "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def program_pdf(request: HttpRequest) -> HttpResponse:
    """Your plan to print: the exercises from this week on, with pictures and steps (as /clinic/my-plan.pdf)."""
    body = own_plan_pdf(person=person(request))
    if body is None:
        raise Http404("You have no program yet: finish your assessment and start one.")
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="backwell-plan.pdf"'
    return kept_private(response)

"""Weekly adaptation: once a program week has ended, the engine's adapt() rewrites the weeks ahead."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from backwell import engine
from backwell.engine.knowledge import load as load_knowledge
from backwell.web.accounts.models import User
from backwell.web.clinic import services as clinic_services
from backwell.web.programs.models import ItemLog, Program, ProgramChange

from . import selectors
from .models import DailyCheckIn, WeeklyCheckIn, WeekReview

log = logging.getLogger(__name__)

EASY_EFFORT = 3
PROGRAM_WEEKS = 12
RETRY_AFTER_FAILURE_SECONDS = 60 * 60


@dataclass(frozen=True)
class Adaptation:
    program: dict[str, Any]
    changes: list[dict[str, str]]
    advice: list[str]
    see_clinician: bool
    paused: bool = False
    # The engine's own change records (exercise slugs), which a clinician's locks are matched against.
    raw: tuple[dict[str, Any], ...] = ()


def program_weeks(program: Program) -> int:
    """The program's length; the contract fixes it at 12, so a program loaded without its plan needs no query."""
    if "plan" in program.get_deferred_fields():
        return PROGRAM_WEEKS
    return int((program.plan.get("program") or {}).get("weeks", PROGRAM_WEEKS))


def finished_weeks(program: Program, *, today: datetime.date) -> list[int]:
    """Program weeks that have ended by `today` and have a week after them to adapt."""
    return weeks_to_adapt(start_date=program.start_date, weeks=program_weeks(program), today=today)


def weeks_to_adapt(
    *, start_date: datetime.date, weeks: int = PROGRAM_WEEKS, today: datetime.date
) -> list[int]:
    """`finished_weeks` for a program known only by its start and length."""
    ended = (today - start_date).days // 7
    return list(range(1, min(ended, weeks - 1) + 1))


def _program_position(program: Program, date: datetime.date) -> tuple[int, int] | None:
    """(program week, day of that week 1–7) of a calendar date, or None outside the program."""
    offset = (date - program.start_date).days
    weeks = (program.plan.get("program") or {}).get("weeks", 12)
    if offset < 0 or offset // 7 + 1 > weeks:
        return None
    return offset // 7 + 1, offset % 7 + 1


def week_logs(program: Program, *, week: int) -> dict[str, Any]:
    """The logs document of docs/engine-adaptation.md: items of this week and the last, pain, check-ins."""
    start = program.start_date
    end = start + datetime.timedelta(days=week * 7 - 1)
    entries = [
        {
            "week": item.session.week,
            "day": item.session.day,
            "exercise": item.exercise,
            "status": item.outcome,
            # "Easy" is how the person rated the effort (0–10) when they did: 3 or less.
            **({"easy": item.effort <= EASY_EFFORT} if item.effort is not None else {}),
        }
        for item in ItemLog.objects.filter(session__program=program, session__week__in=(week - 1, week))
        .select_related("session")
        .order_by("session__week", "session__day", "index")
    ]
    daily_by_week: dict[int, list[int]] = {}
    daily_pain = []
    for date, pain in (
        DailyCheckIn.objects.filter(user_id=program.user_id, date__gte=start, date__lte=end)
        .order_by("date")
        .values_list("date", "pain")
    ):
        position = _program_position(program, date)
        if position is not None:
            daily_pain.append({"week": position[0], "day": position[1], "nrs": pain})
            daily_by_week.setdefault(position[0], []).append(pain)
    weekly = {w.week: w for w in WeeklyCheckIn.objects.filter(program=program, week__lte=week)}
    checkins = []
    for number in range(1, week + 1):
        entry: dict[str, Any] = {"week": number}
        if number in weekly:
            entry["nrs"] = weekly[number].pain
            entry["rmdq"] = weekly[number].rmdq_score
        elif daily_by_week.get(number):
            # Without a weekly check-in, the week's daily check-ins stand in for its pain.
            pains = daily_by_week[number]
            entry["nrs"] = round(sum(pains) / len(pains))
        checkins.append(entry)
    # Red flags are not passed: the weekly check-in triages them at once and pauses when needed, and a
    # program running again means a clinician has cleared what was reported.
    logs: dict[str, Any] = {
        "week": week,
        "input": program.inputs,
        "entries": entries,
        "daily_pain": daily_pain,
    }
    logs["checkins"] = checkins
    baseline = (program.inputs.get("pain") or {}).get("nrs")
    if isinstance(baseline, int):
        logs["baseline_nrs"] = baseline
    return logs


def _exercise_name(slug: str | None) -> str:
    if not slug:
        return ""
    exercise = load_knowledge().exercises.get(slug)
    return exercise.name if exercise else slug.replace("_", " ")


def describe(change: dict[str, Any]) -> dict[str, str]:
    """The engine's change as the person reads it: what changed, and why."""
    name, to = _exercise_name(change.get("exercise")), _exercise_name(change.get("to"))
    kind = change.get("change")
    what = {
        "progress": _("%(from)s moves up to %(to)s") % {"from": name, "to": to},
        "regress": _("%(from)s steps back to %(to)s") % {"from": name, "to": to},
        "swap": _("%(from)s is swapped for %(to)s") % {"from": name, "to": to},
        "drop": _("%(from)s is left out for now") % {"from": name},
        "reduce_volume": _("A lighter week: one set less of each exercise"),
        "pause": _("Program paused"),
        "see_clinician": _("Time to see a clinician"),
    }.get(str(kind), name or _("Your program"))
    return {"what": what, "why": str(change.get("reason", ""))}


def _engine_adapt(program: Program, logs: dict[str, Any]) -> Adaptation:
    result = engine.adapt(program.plan, logs)
    changes = list(result.get("changes", []))
    return Adaptation(
        program=result["program"]["program"],
        changes=[describe(c) for c in changes],
        advice=list(result.get("advice", [])),
        see_clinician=any(c.get("change") == "see_clinician" for c in changes),
        paused=bool(result.get("paused")),
        raw=tuple(changes),
    )


def apply_week(*, program: Program, week: int) -> ProgramChange | None:
    """Adapt after `week`, once: a second call (or a racing request) finds the change already there."""
    logs = week_logs(program, week=week)
    try:
        with transaction.atomic():
            locked = Program.objects.select_for_update().get(pk=program.pk)
            if ProgramChange.objects.filter(
                program=locked, kind=ProgramChange.Kind.ADAPTATION, week=week
            ).exists():
                return None
            outcome = _engine_adapt(locked, logs)
            lines = outcome.changes
            if not outcome.paused:
                # A linked clinician may hold the week for approval or have locked some exercises.
                steered, lines = clinic_services.adaptation_steer(
                    program=locked,
                    week=week,
                    proposed=outcome.program,
                    raw=list(outcome.raw),
                    described=lines,
                )
                if steered is not None:
                    locked.plan = {**locked.plan, "program": steered}
                    locked.save(update_fields=["plan"])
            change = ProgramChange.objects.create(
                program=locked, kind=ProgramChange.Kind.ADAPTATION, week=week, changes=lines
            )
            WeekReview.objects.update_or_create(
                program=locked,
                week=week,
                defaults={"advice": outcome.advice, "see_clinician": outcome.see_clinician},
            )
    except IntegrityError:
        # Another request adapted this week between our check and our write: its result stands.
        return None
    program.plan = locked.plan
    return change


def _failure_key(program: Program, week: int) -> str:
    return f"tracking:adaptation-failed:{program.pk}:{week}:{engine.ENGINE_VERSION}"


def apply_due(*, program: Program, today: datetime.date) -> list[ProgramChange]:
    """Adapt every ended week not yet adapted, in order. Nothing happens while the program is paused."""
    if program.status != Program.Status.ACTIVE:
        return []
    due = finished_weeks(program, today=today)
    # Asked even when no week is due, so the page makes the same queries in week 1 as in week 12.
    done = set(
        ProgramChange.objects.filter(program=program, kind=ProgramChange.Kind.ADAPTATION).values_list(
            "week", flat=True
        )
    )
    applied = []
    for week in due:
        if week in done:
            continue
        if cache.get(_failure_key(program, week)):
            break
        try:
            change = apply_week(program=program, week=week)
        except engine.InvalidInput as exc:
            # The person keeps their current program; the operator sees why the engine refused.
            log.error("adaptation of program %s week %s refused: %s", program.pk, week, exc)
            continue
        except Exception:
            # A fault in the engine must not take the progress page down with it: the program stays as
            # it is, nothing is recorded, the operator is told, and the week is tried again in an hour
            # (not on every visit, which would run the failing engine on each page view).
            log.exception("adaptation of program %s week %s failed", program.pk, week)
            cache.set(_failure_key(program, week), True, RETRY_AFTER_FAILURE_SECONDS)
            break
        if change is not None:
            applied.append(change)
    return applied


def stamp_after_due(*, user: User, today: datetime.date) -> selectors.PersonStamp:
    """The person's stamp, after adapting any week that has ended since (a visit to the program or
    progress page is what adapts a week). The stamp counts the adapted weeks, so a visit with nothing
    due makes no query of its own for this."""
    stamp = selectors.person_stamp(user=user)
    if stamp.start_date is None or stamp.adapted_weeks >= len(
        weeks_to_adapt(start_date=stamp.start_date, today=today)
    ):
        return stamp
    program = selectors.stamped_program(stamp=stamp)
    if program is not None and apply_due(program=program, today=today):
        stamp = selectors.person_stamp(user=user, fresh=True)
    return stamp

"""Swapping a program item for an alternative that serves the same purpose, safely."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from backwell.engine.knowledge import load as load_knowledge
from backwell.engine.knowledge.model import Exercise
from backwell.engine.planner import exercise_item, fit_dose
from backwell.engine.safety import exercise_problems, restrictions_for
from backwell.engine.schema import read as read_input

from .models import Program, ProgramChange
from .selectors import program_day

# Stretches and mobility drills both lengthen tight muscles, so either may stand in for the other.
INTERCHANGEABLE = {"stretch": {"stretch", "mobility"}, "mobility": {"stretch", "mobility"}}


class SwapError(Exception):
    pass


def _first_phase_weeks(program: Program) -> set[int]:
    phases = program.plan["program"]["phases"]
    return set(phases[0]["weeks"]) if phases else set()


def alternatives(program: Program, item: dict[str, Any], *, week: int | None = None) -> list[Exercise]:
    """Exercises of the same kind for the same muscles that the person can and may do.

    "May do" is the engine's own safety check (`engine.safety`), the one the planner and weekly
    adaptation use, so a swap can never bring in what the plan itself would leave out.
    """
    kb = load_knowledge()
    person = read_input(program.inputs)
    restrictions = restrictions_for(person, (f["id"] for f in program.plan.get("findings", [])))
    restricted = week is None or week in _first_phase_weeks(program)
    kinds = INTERCHANGEABLE.get(item["kind"], {item["kind"]})
    targets = set(item["targets"])
    options = [
        ex
        for ex in kb.exercises.values()
        if ex.kind in kinds
        and ex.kind not in ("inversion", "education")
        and ex.slug != item["exercise"]
        and targets & set(ex.targets)
        and ex.level <= max(item["level"], 1)
        and not exercise_problems(ex, restrictions, kb, restricted=restricted)
    ]
    return sorted(options, key=lambda ex: (-len(targets & set(ex.targets)), -ex.level, ex.name))


@transaction.atomic
def program_swap(*, program: Program, week: int, day: int, index: int, replacement: str) -> ProgramChange:
    """Replace the item on this day and the same exercise on every later day; record why."""
    program = Program.objects.select_for_update().get(pk=program.pk)
    entry = program_day(program, week=week, day=day)
    if entry is None or not 0 <= index < len(entry["items"]):
        raise SwapError("That item is not part of your program.")
    original = entry["items"][index]
    allowed = {ex.slug: ex for ex in alternatives(program, original, week=week)}
    if replacement not in allowed:
        raise SwapError("That exercise cannot stand in for this one.")
    chosen = allowed[replacement]
    reason = f"You swapped it for {chosen.name}, which works the same muscles."
    limit = float(program.inputs["profile"]["minutes_per_day"])
    for later in program.plan["program"]["days"]:
        if (later["week"], later["day"]) < (week, day):
            continue
        for position, item in enumerate(later["items"]):
            if item["exercise"] != original["exercise"]:
                continue
            # The replacement gets the fullest dose that fits the time this item had plus any spare time.
            room = limit - later["minutes"] + item["minutes"]
            dose = fit_dose(chosen, item.get("side"), room)
            if dose is None:
                raise SwapError(
                    f"{chosen.name} takes longer than the time you have for a session: choose another."
                )
            new_item = exercise_item(chosen, dose, item.get("side"), [*item["why"], reason])
            later["minutes"] = round(later["minutes"] - item["minutes"] + new_item["minutes"], 2)
            later["items"][position] = new_item
    program.save(update_fields=["plan"])
    return ProgramChange.objects.create(
        program=program,
        kind=ProgramChange.Kind.SWAP,
        week=week,
        changes=[
            {
                "what": f"{original['name']} → {chosen.name}",
                "why": "You chose an alternative that serves the same purpose.",
            }
        ],
    )

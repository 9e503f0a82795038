"""Pure edits of a stored plan's "program" part for a clinician's overrides, and the diff they review.

No database here: services.py loads and locks the program, calls these, checks safety and records
the change. Every edit applies from a given week on (the weeks already done stay as they were) and
keeps each day's minutes equal to the sum of its items.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from backwell.engine.knowledge.model import Dose, Exercise
from backwell.engine.planner import exercise_item, fit_dose, json_minutes
from backwell.web.programs.templatetags.program_labels import dose_label

Plan = dict[str, Any]  # the plan document's "program" part: {"weeks", "phases", "days": [...]}


class EditError(ValueError):
    """An edit that cannot be made; str() is a sentence for the clinician."""


def _later_days(program: Plan, from_week: int) -> Iterable[dict[str, Any]]:
    return (day for day in program["days"] if day["week"] >= from_week)


def _retime(day: dict[str, Any]) -> None:
    day["minutes"] = json_minutes(round(sum(float(i.get("minutes") or 0) for i in day["items"]), 2))


def item_of(program: Plan, slug: str, from_week: int) -> dict[str, Any] | None:
    """The first planned item of this exercise from `from_week` on, or None."""
    for day in _later_days(program, from_week):
        for item in day["items"]:
            if item["exercise"] == slug:
                return dict(item)
    return None


def planned_slugs(program: Plan, from_week: int) -> list[str]:
    """The exercises (not lessons) planned from `from_week` on, in first-seen order."""
    seen: dict[str, None] = {}
    for day in _later_days(program, from_week):
        for item in day["items"]:
            if item["kind"] != "education":
                seen.setdefault(item["exercise"], None)
    return list(seen)


def swap(program: Plan, *, slug: str, to: Exercise, from_week: int, why: str) -> int:
    """Every `slug` item from `from_week` on becomes `to` with the dose that had room; days changed."""
    changed = 0
    for day in _later_days(program, from_week):
        for position, item in enumerate(day["items"]):
            if item["exercise"] != slug:
                continue
            room = float(item["minutes"]) + 60.0  # a clinician may let a session run longer
            dose = fit_dose(to, item.get("side"), room) or to.dose
            day["items"][position] = exercise_item(to, dose, item.get("side"), [*item["why"], why])
            changed += 1
        _retime(day)
    if not changed:
        raise EditError("That exercise is not in the program from this week on.")
    return changed


def remove(program: Plan, *, slug: str, from_week: int) -> int:
    changed = 0
    for day in _later_days(program, from_week):
        kept = [item for item in day["items"] if item["exercise"] != slug]
        changed += len(day["items"]) - len(kept)
        day["items"] = kept
        _retime(day)
    if not changed:
        raise EditError("That exercise is not in the program from this week on.")
    return changed


def add(program: Plan, *, ex: Exercise, from_week: int, why: str) -> int:
    """Add `ex` at the end of every session day from `from_week` on (a day with items), once a day."""
    changed = 0
    side = "both" if ex.sided else None
    dose = fit_dose(ex, side, float("inf")) or ex.dose
    for day in _later_days(program, from_week):
        if not day["items"] or any(item["exercise"] == ex.slug for item in day["items"]):
            continue
        day["items"].append(exercise_item(ex, dose, side, [why]))
        _retime(day)
        changed += 1
    if not changed:
        raise EditError("There is no session left to add it to, or it is already in every one.")
    return changed


def set_dose(program: Plan, *, ex: Exercise, dose: Dose, from_week: int, why: str) -> int:
    changed = 0
    for day in _later_days(program, from_week):
        for position, item in enumerate(day["items"]):
            if item["exercise"] == ex.slug:
                day["items"][position] = exercise_item(ex, dose, item.get("side"), [*item["why"], why])
                changed += 1
        _retime(day)
    if not changed:
        raise EditError("That exercise is not in the program from this week on.")
    return changed


def keep_items(
    current: Plan, proposed: Plan, *, slugs: Iterable[str], replaced: dict[str, str], after_week: int
) -> Plan:
    """`proposed` with the exercises in `slugs` put back as they are in `current` (locked ones, or
    changes the clinician turned down), from the week after `after_week` on.

    `replaced` maps an exercise to what adaptation put in its place (progress, regress, swap), so the
    stand-in is taken out again when the original comes back.
    """
    kept = set(slugs)
    result = copy.deepcopy(proposed)
    before = {(d["week"], d["day"]): d for d in current["days"]}
    for day in result["days"]:
        old = before.get((day["week"], day["day"]))
        if day["week"] <= after_week or old is None:
            continue
        old_slugs = {item["exercise"] for item in old["items"]}
        back = [s for s in kept if s in old_slugs]
        if not back:
            continue
        stand_ins = {replaced[s] for s in back if s in replaced and replaced[s] not in old_slugs}
        items = [i for i in day["items"] if i["exercise"] not in back and i["exercise"] not in stand_ins]
        for position, item in enumerate(old["items"]):
            if item["exercise"] in back:
                items.insert(min(position, len(items)), copy.deepcopy(item))
        day["items"] = items
        _retime(day)
    return result


@dataclass(frozen=True)
class DiffLine:
    name: str
    before: str  # "" when added
    after: str  # "" when removed


def dose_text(item: dict[str, Any]) -> str:
    """An item's dose as the person's own session shows it ("3 × 6 reps, hold each 8 s"), or its minutes."""
    return dose_label(item) or f"{item.get('minutes')} min"


def diff(current: Plan, proposed: Plan, *, week: int) -> list[DiffLine]:
    """What changes in `week` between two versions of the program, per exercise: added, removed, dosed."""

    def by_exercise(program: Plan) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        for day in program["days"]:
            if day["week"] == week:
                for item in day["items"]:
                    if item["kind"] != "education":
                        found.setdefault(item["exercise"], item)
        return found

    old, new = by_exercise(current), by_exercise(proposed)
    lines = []
    for slug in [*old, *(s for s in new if s not in old)]:
        before = dose_text(old[slug]) if slug in old else ""
        after = dose_text(new[slug]) if slug in new else ""
        if before != after:
            lines.append(DiffLine((old.get(slug) or new[slug])["name"], before, after))
    return lines

"""Weekly adaptation: a program and a week of logs → next week's program and each change with its reason.

Pure: no clock, no storage. The logs' JSON shape is documented in docs/engine-adaptation.md.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from . import meaningful
from . import triage as triage_mod
from .knowledge.model import Dose, Exercise, KnowledgeBase
from .planner import exercise_item, item_minutes, json_minutes
from .safety import (
    SENSITIVITY_FINDINGS,
    Restrictions,
    exercise_problems,
    phase_problems,
    restrictions_for,
    static_problems,
)
from .schema import InvalidInput, make_validator, read, validate_against

ENGINE_VERSION = "1.1.0"
# A meaningful improvement in pain, from the one source the web app shares (meaningful.PAIN).
MEANINGFUL_POINTS = meaningful.PAIN.points
MEANINGFUL_SHARE = meaningful.PAIN.fraction or 0.0
REVIEW_AFTER_WEEKS = 6
# When the person's age is not known, the age-related red-flag rules are applied as for 50 or over.
CAUTIOUS_AGE = 50

_NRS = {"type": "integer", "minimum": 0, "maximum": 10}
_WEEK = {"type": "integer", "minimum": 1, "maximum": 12}
LOGS_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "additionalProperties": False,
    "required": ["week"],
    "properties": {
        "week": {"type": "integer", "minimum": 1, "maximum": 11},
        "input": {"type": "object"},
        "baseline_nrs": _NRS,
        "entries": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["week", "exercise", "status"],
                "properties": {
                    "week": _WEEK,
                    "day": {"type": "integer", "minimum": 1, "maximum": 7},
                    "exercise": {"type": "string", "minLength": 1, "maxLength": 100},
                    "status": {"enum": ["done", "skipped", "hurt"]},
                    "easy": {"type": "boolean"},
                    "pain_before": _NRS,
                    "pain_after": _NRS,
                },
            },
        },
        "daily_pain": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["week", "nrs"],
                "properties": {
                    "week": _WEEK,
                    "day": {"type": "integer", "minimum": 1, "maximum": 7},
                    "nrs": _NRS,
                },
            },
        },
        "checkins": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["week"],
                "properties": {
                    "week": _WEEK,
                    "nrs": _NRS,
                    "flare": {"type": "boolean"},
                    "red_flags": {
                        "type": "array",
                        "items": {"enum": list(triage_mod.RED_FLAGS)},
                        "uniqueItems": True,
                    },
                    "clinician_cleared": {"type": "boolean"},
                    "rmdq": {"type": "integer", "minimum": 0, "maximum": 24},
                },
            },
        },
    },
}
_LOGS_VALIDATOR = make_validator(LOGS_SCHEMA)


@dataclass(slots=True)
class Change:
    exercise: str
    change: str  # progress regress swap drop reduce_volume pause see_clinician
    reason: str
    to: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"exercise": self.exercise, "change": self.change, "to": self.to, "reason": self.reason}


@dataclass(slots=True)
class Person:
    """What adaptation knows about the person: from the original input when given, else cautious guesses."""

    age: int
    minutes_per_day: float
    restrictions: Restrictions
    known: bool = False
    # Red flags reported when the program was planned (a check-in's flag is new unless listed here).
    known_flags: frozenset[str] = frozenset()


def _check_program(program_document: Any) -> dict[str, Any]:
    if not isinstance(program_document, Mapping):
        raise InvalidInput("program", "must be the JSON object `backwell plan` printed")
    program = program_document.get("program")
    if program is None:
        raise InvalidInput(
            "program.program", "is null: triage withheld the program, so there is nothing to adapt"
        )
    if not isinstance(program, Mapping) or not isinstance(program.get("days"), list):
        raise InvalidInput("program.program.days", "is missing — give the full output of `backwell plan`")
    for i, day in enumerate(program["days"]):
        if (
            not isinstance(day, Mapping)
            or not isinstance(day.get("items"), list)
            or not isinstance(day.get("week"), int)
        ):
            raise InvalidInput(
                f"program.program.days[{i}]",
                "must hold week, day, minutes and items as `backwell plan` prints",
            )
    return dict(program_document)


def _person(logs: Mapping[str, Any], program: Mapping[str, Any]) -> Person:
    raw = logs.get("input")
    if raw is not None:
        try:
            person = read(raw)
        except InvalidInput as exc:
            raise InvalidInput(f"logs.input.{exc.field}", exc.message) from None
        findings = program.get("findings")
        finding_ids = (
            [str(f.get("id")) for f in findings if isinstance(f, Mapping)]
            if isinstance(findings, list)
            else []
        )
        return Person(
            age=person.profile.age,
            minutes_per_day=float(person.profile.minutes_per_day),
            restrictions=restrictions_for(person, finding_ids),
            known=True,
            known_flags=frozenset(person.red_flags),
        )
    days = program["program"]["days"]
    equipment = frozenset(e for d in days for it in d["items"] for e in it.get("equipment", ()))
    most = max((float(d.get("minutes", 0)) for d in days), default=0.0)
    # Without the person's input: only what rules nobody out, and the sensitive directions the plan's
    # own findings name — both directions when the document carries no findings to tell.
    findings = program.get("findings")
    if isinstance(findings, list):
        named = {str(f.get("id")) for f in findings if isinstance(f, Mapping)}
        sensitive = frozenset(d for f, d in SENSITIVITY_FINDINGS.items() if f in named)
    else:
        sensitive = frozenset({"flexion", "extension"})
    cautious = Restrictions(
        equipment=equipment, conditions=frozenset(), sensitive=sensitive, conditions_known=False
    )
    return Person(age=CAUTIOUS_AGE, minutes_per_day=most, restrictions=cautious)


def _usable(ex: Exercise | None, person: Person, kb: KnowledgeBase) -> bool:
    return ex is not None and not static_problems(ex, person.restrictions, kb)


def _swap_for(hurt: Exercise, person: Person, kb: KnowledgeBase, avoid: set[str]) -> Exercise | None:
    """Another level-1 exercise of the same kind for the same muscles, gentle on the spine."""
    best: tuple[int, str] | None = None
    choice = None
    for ex in kb.exercises.values():
        if ex.slug in avoid or ex.ladder == hurt.ladder or ex.kind != hurt.kind or ex.level != 1:
            continue
        overlap = len(set(ex.targets) & set(hurt.targets))
        if not overlap or exercise_problems(ex, person.restrictions, kb, restricted=True):
            continue
        key = (-overlap, ex.slug)
        if best is None or key < best:
            best, choice = key, ex
    return choice


def _hurt(entry: Mapping[str, Any]) -> bool:
    if entry["status"] == "hurt":
        return True
    before, after = entry.get("pain_before"), entry.get("pain_after")
    return before is not None and after is not None and after - before >= 2


def _easy(entry: Mapping[str, Any]) -> bool:
    before, after = entry.get("pain_before"), entry.get("pain_after")
    painless = before is None or after is None or after <= before
    return entry["status"] == "done" and entry.get("easy") is True and painless


def _baseline(logs: Mapping[str, Any], program_document: Mapping[str, Any]) -> int | None:
    if logs.get("baseline_nrs") is not None:
        return int(logs["baseline_nrs"])
    scores = program_document.get("scores")
    if isinstance(scores, Mapping) and isinstance(scores.get("nrs"), int):
        return int(scores["nrs"])
    checkins = sorted(
        (c for c in logs.get("checkins", []) if c.get("nrs") is not None), key=lambda c: c["week"]
    )
    return int(checkins[0]["nrs"]) if checkins else None


def _rebuild(item: dict[str, Any], ex: Exercise, dose: Dose, reason: str) -> dict[str, Any]:
    side = item.get("side") if ex.sided else None
    if ex.sided and side is None:
        side = "both"
    why = [w for w in item.get("why", []) if w][:1] + [reason]
    return exercise_item(ex, dose, side, why)


def _dose(raw: Mapping[str, Any] | None) -> Dose:
    raw = raw or {}
    return Dose(
        sets=raw.get("sets"),
        reps=raw.get("reps"),
        hold_s=raw.get("hold_s"),
        rest_s=raw.get("rest_s"),
        angle_deg=raw.get("angle_deg"),
    )


def adapt(program_document: Any, logs: Any, kb: KnowledgeBase) -> dict[str, Any]:
    """Next week's days and the changes made, each with its reason. Raises InvalidInput on bad input."""
    document = _check_program(program_document)
    validate_against(_LOGS_VALIDATOR, logs, root="logs")
    person = _person(logs, document)
    week = int(logs["week"])
    next_week = week + 1
    entries = logs.get("entries", [])
    checkin: Mapping[str, Any] = next((c for c in logs.get("checkins", []) if c["week"] == week), {})
    changes: list[Change] = []
    advice: list[str] = []
    updated = copy.deepcopy(document)
    days = [d for d in updated["program"]["days"] if d["week"] == next_week]

    # 1. Re-triage on the weekly red-flag screen: a withheld level pauses the program.
    flags = checkin.get("red_flags", [])
    new_triage = None
    if flags:
        screen = triage_mod.checkin_screen(
            flags,
            known=person.known_flags,
            age=person.age,
            cleared=bool(checkin.get("clinician_cleared", False)),
            kb=kb,
        )
        outcome = screen.triage
        new_triage = outcome.as_dict()
        updated["triage"] = new_triage
        if screen.pauses:
            reason = outcome.reasons[0].advice
            changes.append(Change("program", "pause", reason))
            return _result(
                updated, next_week, [], changes, [r.advice for r in outcome.reasons], new_triage, paused=True
            )
        advice += list(outcome.advice)

    # 2. A flare cuts volume: one set less of everything, shorter walks, no progressions.
    baseline = _baseline(logs, document)
    nrs = checkin.get("nrs")
    flare = bool(checkin.get("flare")) or (
        nrs is not None and baseline is not None and nrs >= 7 and nrs - baseline >= MEANINGFUL_POINTS
    )

    this_week = [e for e in entries if e["week"] == week]
    last_week = [e for e in entries if e["week"] == week - 1]
    hurt_slugs = sorted({e["exercise"] for e in this_week if _hurt(e)})

    def easy_all(slug: str, group: list[dict[str, Any]]) -> bool:
        logged = [e for e in group if e["exercise"] == slug]
        return bool(logged) and all(_easy(e) for e in logged)

    progress = (
        []
        if flare
        else sorted(
            {
                e["exercise"]
                for e in this_week
                if easy_all(e["exercise"], this_week) and easy_all(e["exercise"], last_week)
            }
            - set(hurt_slugs)
        )
    )

    phases = document["program"].get("phases") or [{}]
    first_phase = next_week in set(phases[0].get("weeks", []))

    def direction_ok(new: Exercise, old: Exercise) -> bool:
        # Rules 7, 11 and 15 hold through adaptation: in the first phase and in a flare week nothing new
        # moves into a sensitive direction (a step that moves no further than the one it replaces may).
        if not (first_phase or flare) or set(new.moves_into) <= set(old.moves_into):
            return True
        return not phase_problems(new, person.restrictions, restricted=True)

    # exercise slug -> (replacement or None to drop, change kind, reason)
    plan_changes: dict[str, tuple[Exercise | None, str, str]] = {}
    for slug in hurt_slugs:
        ex = kb.exercises.get(slug)
        if ex is None:
            continue
        lower = kb.exercises.get(ex.regression) if ex.regression else None
        if lower is not None and _usable(lower, person, kb) and direction_ok(lower, ex):
            reason = f'You marked "{ex.name}" as hurting this week, so next week uses the easier step, "{lower.name}".'
            plan_changes[slug] = (lower, "regress", reason)
            continue
        swap = _swap_for(ex, person, kb, set(hurt_slugs))
        if swap is not None and direction_ok(swap, ex):
            reason = f'You marked "{ex.name}" as hurting this week; "{swap.name}" works the same muscles more gently.'
            plan_changes[slug] = (swap, "swap", reason)
        else:
            plan_changes[slug] = (
                None,
                "drop",
                f'You marked "{ex.name}" as hurting this week and no gentler alternative fits, so it is left out next week.',
            )
    for slug in progress:
        ex = kb.exercises.get(slug)
        if ex is None or not ex.progression:
            continue
        higher = kb.exercises.get(ex.progression)
        if higher is None or not _usable(higher, person, kb) or not direction_ok(higher, ex):
            continue
        reason = f'You found "{ex.name}" easy and pain-free two weeks running, so next week moves up to "{higher.name}".'
        plan_changes[slug] = (higher, "progress", reason)

    seen: set[tuple[str, str]] = set()
    for day in days:
        new_items = []
        for item in day["items"]:
            slug = item["exercise"]
            current = kb.exercises.get(slug)
            target = plan_changes.get(slug)
            if target is None and current is not None:
                # The planner may already have moved a hurt exercise's ladder up for next week: hold it back.
                for hurt in hurt_slugs:
                    hurt_ex = kb.exercises.get(hurt)
                    if (
                        hurt_ex
                        and current.ladder == hurt_ex.ladder
                        and current.level >= hurt_ex.level
                        and hurt in plan_changes
                    ):
                        target = plan_changes[hurt]
                        slug = hurt
            if target is None:
                new_items.append(item)
                continue
            replacement, kind, reason = target
            if (slug, kind) not in seen:
                changes.append(Change(slug, kind, reason, replacement.slug if replacement else None))
                seen.add((slug, kind))
            # A replacement already in the day (the easier step was planned anyway) is not doubled.
            if replacement is None or any(
                it["exercise"] == replacement.slug for it in day["items"] + new_items
            ):
                continue
            new_items.append(_rebuild(item, replacement, _replacement_dose(item, replacement), reason))
        day["items"] = new_items

    if flare:
        reason = (
            "You reported a flare this week, so next week does one set less of each exercise and shorter walks; "
            "keep moving gently — the program builds back up after the flare."
        )
        changes.append(Change("program", "reduce_volume", reason))
        for day in days:
            day["items"] = [_lighter(item, kb, reason) for item in day["items"]]
        _restrict_for_flare(days, person, kb, changes)
        advice.append(
            "During a flare, keep moving within comfort; rest in short spells rather than for days."
        )

    # Fit every day back into the person's minutes after the changes.
    for day in days:
        _fit_day(day, person.minutes_per_day, kb)

    # 3. No meaningful improvement after six weeks: suggest seeing a clinician.
    if week >= REVIEW_AFTER_WEEKS and baseline is not None and nrs is not None and baseline > 0:
        drop = baseline - nrs
        if drop < MEANINGFUL_POINTS and drop < MEANINGFUL_SHARE * baseline:
            reason = (
                f"After {week} weeks your pain is {nrs}/10 against {baseline}/10 at the start — less than the "
                "2-point or 30% improvement that counts as meaningful. Please see a clinician (GP or physiotherapist) "
                "to review the plan with you; keep going with the exercises meanwhile."
            )
            changes.append(Change("program", "see_clinician", reason))
            advice.append(reason)
    return _result(updated, next_week, days, changes, advice, new_triage, paused=False)


def _replacement_dose(item: Mapping[str, Any], replacement: Exercise) -> Dose:
    """The replacement's own dose, except that a steeper inversion step keeps the minutes it replaces:
    angle and time never rise together (rule 14)."""
    dose = replacement.dose
    current = _dose(item.get("dose"))
    if replacement.kind == "inversion" and (dose.angle_deg or 0) > (current.angle_deg or 0):
        sets = min(dose.sets or 1, current.sets or 1)
        return Dose(
            sets=sets, reps=dose.reps, hold_s=dose.hold_s, rest_s=dose.rest_s, angle_deg=dose.angle_deg
        )
    return dose


def _flare_stand_in(ex: Exercise, person: Person, kb: KnowledgeBase) -> Exercise | None:
    """An easier step of the same ladder, else another exercise for the same muscles, that the
    flare-week restriction allows."""
    lower = kb.exercises.get(ex.regression) if ex.regression else None
    while lower is not None:
        if not exercise_problems(lower, person.restrictions, kb, restricted=True):
            return lower
        lower = kb.exercises.get(lower.regression) if lower.regression else None
    return _swap_for(ex, person, kb, {ex.slug})


def _restrict_for_flare(
    days: list[dict[str, Any]], person: Person, kb: KnowledgeBase, changes: list[Change]
) -> None:
    """A flare week brings back the first phase's restrictions (rule 15): nothing that moves into a
    sensitive direction, no straight-leg hamstring stretch while a nerve may be irritated."""
    recorded: set[str] = set()
    for day in days:
        kept: list[dict[str, Any]] = []
        for item in day["items"]:
            ex = kb.exercises.get(item["exercise"])
            problems = phase_problems(ex, person.restrictions, restricted=True) if ex is not None else []
            if ex is None or not problems:
                kept.append(item)
                continue
            stand_in = _flare_stand_in(ex, person, kb)
            reason = f'During the flare week "{ex.name}" waits: {problems[0]}.'
            if ex.slug not in recorded:
                kind = "drop" if stand_in is None else "swap"
                changes.append(Change(ex.slug, kind, reason, stand_in.slug if stand_in else None))
                recorded.add(ex.slug)
            if stand_in is not None and not any(
                it["exercise"] == stand_in.slug for it in day["items"] + kept
            ):
                kept.append(_rebuild(item, stand_in, stand_in.dose, reason))
        day["items"] = kept


def _lighter(item: dict[str, Any], kb: KnowledgeBase, reason: str) -> dict[str, Any]:
    ex = kb.exercises.get(item["exercise"])
    if ex is None:
        return item
    dose = _dose(item.get("dose"))
    if ex.kind == "aerobic" and dose.hold_s:
        minutes = max(5, math.floor(dose.hold_s / 60 / 2))
        dose = Dose(sets=1, reps=None, hold_s=minutes * 60, rest_s=None, angle_deg=None)
    elif dose.sets and dose.sets > 1:
        dose = Dose(
            sets=dose.sets - 1,
            reps=dose.reps,
            hold_s=dose.hold_s,
            rest_s=dose.rest_s,
            angle_deg=dose.angle_deg,
        )
    else:
        return item
    return _rebuild(item, ex, dose, reason)


def _fit_day(day: dict[str, Any], minutes_per_day: float, kb: KnowledgeBase) -> None:
    """Trim sets (then drop the last items) until the day fits the person's minutes again."""

    def total() -> float:
        return sum(float(it["minutes"]) for it in day["items"])

    for item in sorted(day["items"], key=lambda it: -float(it["minutes"])):
        if total() <= minutes_per_day:
            break
        ex = kb.exercises.get(item["exercise"])
        dose = _dose(item.get("dose"))
        if ex is None or not dose.sets or dose.sets <= 1:
            continue
        lighter = Dose(
            sets=1, reps=dose.reps, hold_s=dose.hold_s, rest_s=dose.rest_s, angle_deg=dose.angle_deg
        )
        item["dose"]["sets"] = 1
        minutes = item_minutes(ex, lighter, item.get("side"))
        item["minutes"] = json_minutes(minutes)
    while day["items"] and total() > minutes_per_day:
        day["items"].pop()
    minutes = total()
    day["minutes"] = json_minutes(minutes)


def _result(
    updated: dict[str, Any],
    week: int,
    days: list[dict[str, Any]],
    changes: list[Change],
    advice: list[str],
    triage: dict[str, Any] | None,
    *,
    paused: bool,
) -> dict[str, Any]:
    if not paused:
        others = [d for d in updated["program"]["days"] if d["week"] != week]
        updated["program"]["days"] = sorted([*others, *days], key=lambda d: (d["week"], d["day"]))
    return {
        "engine_version": ENGINE_VERSION,
        "week": week,
        "paused": paused,
        "triage": triage,
        "days": days,
        "changes": [c.as_dict() for c in changes],
        "advice": advice,
        "program": updated,
    }

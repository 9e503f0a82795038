"""The 12-week program (contract rules 3–9): phases, daily sessions fitted to time, reasons and exclusions."""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .findings import FoundPattern, Imbalances
from .ids import ABDOMINAL_TRIGGER_POINT_MUSCLES, CONDITIONS, PHASES
from .instruments import Scores
from .inversion import Eligibility
from .knowledge.model import Dose, Exercise, KnowledgeBase, Lesson, Phase
from .referral import Target
from .safety import (
    Restrictions,
    exercise_problems,
    kit_and_condition_problems,
    phase_problems,
    restrictions_for,
    static_problems,
)
from .schema import EngineInput
from .triage import Triage
from .wording import in_running_text as _lower
from .wording import join_words as _join

WEEKS = 12
# Corrective exercises are introduced by this week at the latest (contract rule 8).
COVERAGE_WEEK = 4
STRETCH_KINDS = frozenset({"stretch", "mobility"})
# Display order of a session: warm up, release, stretch, strengthen, walk, invert, relax, read.
KIND_ORDER = {
    "mobility": 0,
    "trigger_point": 1,
    "stretch": 2,
    "strength": 3,
    "aerobic": 4,
    "inversion": 5,
    "relaxation": 6,
    "education": 7,
}
# Weak muscles a general routine builds when no imbalance was found (exercise_therapy_cochrane_hayden_2021).
BASELINE_WEAK = ("transversus_abdominis", "multifidus", "gluteus_maximus")
# Lesson topics in the order they are taught (high-risk and flare topics are moved to the front).
LESSON_ORDER = (
    "back_pain_basics",
    "staying_active",
    "muscle_imbalances",
    "stretching_basics",
    "trigger_points",
    "exercise_evidence",
    "combined_treatment",
    "sleep_sitting_lifting",
    "flare_management",
    "inversion",
    "positive_attitude",
    "when_to_see_a_doctor",
    "fear_of_movement",
    "pain_worry",
)
LOW_RISK_SHARE = 0.75
MIN_WALK_MINUTES = 5
# Staying active is the best-supported advice there is (nice_ng59): with 10 minutes a day or more,
# every week holds at least one walk (rule 13).
WALK_EVERY_WEEK_FROM_MINUTES = 10
# Where walking aggravates the pain it comes in short bouts with a sit-down rest between.
WALK_BOUT_S = 120
WALK_BOUT_REST_S = 60
# Inversion moves on by tolerance (rule 14; inversion_manufacturer_guidance: 1–2 weeks at 20–30°, then
# build up slowly): the first step holds for 4 sessions over at least 2 weeks, each later step for 2
# sessions spread over at least 2 weeks, and a step raises the angle or the time, never both.
INVERSION_FIRST_STEP = (4, 2)  # (sessions, weeks)
INVERSION_LATER_STEP = (2, 2)
INVERSION_MAX_ANGLE = 60

WALKING_WHY = (
    "Staying active, for example by walking, is among the best-supported things you can do for back pain."
)
CALM_WHY = (
    "Your pain is severe or your answers show worry about it: slow breathing calms tense muscles and the "
    "body's alarm system."
)
RELAX_WHY = "A few calm breaths to finish lets tense back muscles settle."
INVERSION_WHY = (
    "You chose inversion, own a table and passed the safety screen; it follows the beginner protocol, "
    "starting at no more than 30° for 2 minutes. Guidelines do not recommend traction, so it stays an extra."
)

# Rule 10 (acog_804_2020, mottola_2018_pregnancy): what changes, and the signs that mean stop.
PREGNANCY_ADVICE = (
    "You are pregnant: check with your midwife or doctor before starting. The program leaves out lying face "
    "down, pressure on the belly and inversion, and lying flat on your back from about 20 weeks (or when "
    "you have not told us the weeks). Stop exercising and contact your midwife or maternity unit straight "
    "away if you have bleeding from the vagina, fluid leaking, regular painful tightenings, chest pain, "
    "dizziness or feeling faint, a bad headache, pain or swelling in a calf, breathlessness before you "
    "start, or your baby moving less than usual."
)
# Rule 11: a nerve root may be irritated (nice_ng59 covers sciatica; basson_2017_neural_mobilisation).
NERVE_ADVICE = (
    "Pain below the knee or pins and needles can mean an irritated nerve in the low back rather than a "
    "tight muscle, so the first weeks leave out straight-leg hamstring stretches. Stop any exercise that "
    "makes the leg symptoms spread further down the leg. See a doctor or physiotherapist soon if the "
    "numbness spreads, the leg feels weak or the symptoms reach both legs; go to an emergency department "
    "at once if you notice numbness around the bottom or genitals or any change in bladder or bowel control."
)
# Rule 12: belly pain may come from an organ, not the back (reference §6: abdominal pressure caution).
ABDOMINAL_PAIN_ADVICE = (
    "You marked pain in your lower belly. Belly pain can come from the bowel, bladder, womb or a blood "
    "vessel rather than the back, so please have it checked by a doctor — the same day if it is new or "
    "severe, or comes with fever, vomiting, blood or a pulsing feeling. Until then the program leaves "
    "out any pressure on the belly."
)

DEFAULT_PHASES = (
    Phase(
        "calm_and_release",
        "Calm and release",
        (1, 2, 3),
        "Settle pain, release tight spots and learn the basics.",
    ),
    Phase("rebalance", "Rebalance", (4, 5, 6, 7, 8), "Lengthen what is tight and wake up what is weak."),
    Phase(
        "strengthen_and_maintain",
        "Strengthen and maintain",
        (9, 10, 11, 12),
        "Build strength and endurance and make the routine your own.",
    ),
)


def _half_minutes(seconds: float) -> float:
    """Seconds rounded up to the next half minute: sums of halves are exact in floating point."""
    return max(0.5, math.ceil(seconds / 30.0) / 2.0)


def json_minutes(value: float) -> float | int:
    """Minutes as JSON writes them: 12, not 12.0 (the output must be byte-stable)."""
    return int(value) if float(value).is_integer() else value


@dataclass(slots=True)
class Slot:
    """One purpose in the program (a ladder serving some muscles, a trigger-point target…)."""

    key: str
    purpose: str  # stretch strength baseline trigger_point walking relaxation inversion
    ladder: tuple[Exercise, ...]
    muscles: tuple[str, ...] = ()
    side: str = "both"
    why: str = ""
    weeks_done: set[int] = field(default_factory=set)
    first_week: int | None = None
    # The level the slot starts at: its lowest step this person may do (see `_entry`).
    entry_level: int = 1
    # The ladder's steps this person may do, highest level first: [first phase, later phases].
    usable: list[tuple[Exercise, ...]] | None = None


@dataclass(slots=True)
class PlanContext:
    """What every choice for one person needs: their input, the knowledge base, time and restrictions."""

    person: EngineInput
    kb: KnowledgeBase
    budget: float
    gentle: bool
    restrictions: Restrictions
    phase_of_week: dict[int, int]
    excluded: dict[str, list[str]] = field(default_factory=dict)
    # (slug, first phase?) -> allowed: the same questions are asked for every session.
    _allowed: dict[tuple[str, bool], bool] = field(default_factory=dict)
    _items: dict[tuple[str, Dose, str | None, tuple[str, ...]], dict[str, Any]] = field(default_factory=dict)

    def exclude(self, what: str, reason: str) -> None:
        reasons = self.excluded.setdefault(what, [])
        if reason not in reasons:
            reasons.append(reason)

    @property
    def sensitive(self) -> frozenset[str]:
        return self.restrictions.sensitive

    def static_problems(self, ex: Exercise) -> list[str]:
        """Why an exercise can never be in this person's program (equipment, conditions, pregnancy…)."""
        return static_problems(ex, self.restrictions, self.kb)

    def allowed(self, ex: Exercise, phase: int) -> bool:
        """Whether the person may do `ex` in this phase: the engine's one safety check (safety.py)."""
        key = (ex.slug, phase == 0)
        known = self._allowed.get(key)
        if known is None:
            known = not exercise_problems(ex, self.restrictions, self.kb, restricted=phase == 0)
            self._allowed[key] = known
        return known

    def item(self, ex: Exercise, dose: Dose, side: str | None, why: tuple[str, ...]) -> dict[str, Any]:
        """A program item; built once per plan for each distinct (exercise, dose, side, why), then copied."""
        key = (ex.slug, dose, side, why)
        template = self._items.get(key)
        if template is None:
            template = exercise_item(ex, dose, side, list(why))
            self._items[key] = template
        return _copy_item(template)

    def muscle_name(self, muscle: str) -> str:
        entry = self.kb.muscles.get(muscle)
        return _lower(entry.name) if entry else muscle.replace("_", " ")


# --- slots ---------------------------------------------------------------------------------------


def _entry(ctx: PlanContext, ladder: tuple[Exercise, ...]) -> Exercise | None:
    """The exercise a ladder starts with in the first phase: its lowest step this person may do.

    Usually level 1; when that step is ruled out only by where it is done (lying on the back late in
    pregnancy) or by a sensitive direction, the next allowed step serves the muscles instead, so rule
    8 holds for them too. A harder step is never the way round missing equipment or a health
    condition, and severe pain or a flare starts strength work at level 1 (rule 6). When every step
    waits for the end of the first phase (all move into a sensitive direction), the slot starts in
    week 4, still in time for rule 8.
    """
    for phase in (0, 1):
        for ex in sorted(ladder, key=lambda e: e.level):
            if ctx.allowed(ex, phase):
                if ex.level > 1 and ctx.gentle and ex.kind == "strength":
                    return None
                return ex
            if kit_and_condition_problems(ex, ctx.restrictions, ctx.kb):
                break
    return None


def _ladder_groups(kb: KnowledgeBase, kinds: frozenset[str]) -> dict[str, tuple[Exercise, ...]]:
    return {
        name: ladder
        for name, ladder in sorted(kb.ladders.items())
        if ladder and all(ex.kind in kinds for ex in ladder)
    }


def _cover(
    ctx: PlanContext,
    needed: tuple[str, ...],
    kinds: frozenset[str],
    purpose: str,
) -> tuple[list[Slot], list[str]]:
    """Choose ladders so that every needed muscle is targeted by an allowed entry step (greedy set cover)."""
    groups = _ladder_groups(ctx.kb, kinds)
    entries = {name: ex for name, ladder in groups.items() if (ex := _entry(ctx, ladder)) is not None}
    uncovered = list(needed)
    slots: list[Slot] = []
    while uncovered:
        # Most muscles served first; among equals, a ladder the person may start in the first phase.
        best_name, best_key = None, (0, False)
        for name, ex in entries.items():
            hits = sum(1 for m in uncovered if m in ex.targets)
            key = (hits, ctx.allowed(ex, 0))
            if hits and key > best_key:
                best_name, best_key = name, key
        if best_name is None:
            break
        ex = entries.pop(best_name)
        served = tuple(m for m in needed if m in ex.targets)
        uncovered = [m for m in uncovered if m not in ex.targets]
        slots.append(
            Slot(
                key=best_name, purpose=purpose, ladder=groups[best_name], muscles=served, entry_level=ex.level
            )
        )
    return slots, uncovered


def _corrective_why(ctx: PlanContext, slot: Slot, by: dict[str, tuple[str, ...]], verb: str) -> str:
    finding_ids: list[str] = []
    for m in slot.muscles:
        for f in by.get(m, ()):
            if f not in finding_ids:
                finding_ids.append(f)
    findings = [
        _lower(ctx.kb.findings[f].name) if f in ctx.kb.findings else f.replace("_", " ") for f in finding_ids
    ]
    muscles = [ctx.muscle_name(m) for m in slot.muscles]
    state = "tight" if verb == "stretches" else "weak"
    return f"Your results suggest {_join(findings)}, with {_join(muscles)} likely {state}: this {verb} them."


def _side_of(muscles: Iterable[str], sides: dict[str, str]) -> str:
    found = {sides.get(m, "both") for m in muscles}
    return next(iter(found)) if len(found) == 1 else "both"


def corrective_slots(ctx: PlanContext, imb: Imbalances) -> list[Slot]:
    stretch, missed_tight = _cover(ctx, imb.tight, STRETCH_KINDS, "stretch")
    for slot in stretch:
        slot.side = _side_of(slot.muscles, imb.tight_side)
        slot.why = _corrective_why(ctx, slot, imb.tight_by, "stretches")
    strength, missed_weak = _cover(ctx, imb.weak, frozenset({"strength"}), "strength")
    for slot in strength:
        slot.side = _side_of(slot.muscles, imb.weak_side)
        slot.why = _corrective_why(ctx, slot, imb.weak_by, "strengthens")
    for m in missed_tight:
        ctx.exclude(
            f"Stretching for the {ctx.muscle_name(m)}",
            "no stretch fits your equipment, health conditions and sensitive directions",
        )
    for m in missed_weak:
        ctx.exclude(
            f"Strengthening for the {ctx.muscle_name(m)}",
            "no exercise fits your equipment, health conditions and sensitive directions",
        )
    slots = stretch + strength
    if not imb.weak:
        baseline, _ = _cover(ctx, BASELINE_WEAK, frozenset({"strength"}), "baseline")
        for slot in baseline:
            slot.why = (
                "No specific muscle weakness was found (or the tests are not done yet), so this builds "
                f"general strength in the {_join(ctx.muscle_name(m) for m in slot.muscles)}; exercise is the "
                "best-supported self-care for back pain."
            )
        slots += baseline
    # Alternate stretch and strength so a session cut short by time still mixes both.
    mixed: list[Slot] = []
    a, b = [s for s in slots if s.purpose == "stretch"], [s for s in slots if s.purpose != "stretch"]
    for i in range(max(len(a), len(b))):
        mixed += [s for s in (a[i] if i < len(a) else None, b[i] if i < len(b) else None) if s is not None]
    _note_excluded_steps(ctx, mixed)
    return mixed


def _note_excluded_steps(ctx: PlanContext, slots: list[Slot]) -> None:
    """List the steps of the chosen ladders that this person cannot do, with each reason."""
    for slot in slots:
        for ex in slot.ladder:
            problems = ctx.static_problems(ex) or phase_problems(ex, ctx.restrictions, restricted=True)
            for problem in problems:
                ctx.exclude(ex.name, problem)


def trigger_point_slots(ctx: PlanContext, targets: tuple[Target, ...]) -> list[Slot]:
    """Self-release routines for the best-matching targets whose equipment the person has (up to three)."""
    slots: list[Slot] = []
    # Pressure near the belly (bowel, great vessels) is never the default: a back-based routine comes
    # first, and belly routines only serve a drawing no back-based routine matches (issue 20, point 4).
    abdominal = set(ABDOMINAL_TRIGGER_POINT_MUSCLES)
    ordered = sorted(targets, key=lambda t: t.muscle in abdominal)
    for target in ordered:
        if target.muscle in abdominal and slots:
            continue
        tp = ctx.kb.trigger_points.get(target.muscle)
        options = [
            ex
            for ex in ctx.kb.exercises.values()
            if ex.kind == "trigger_point" and target.muscle in ex.targets
        ]
        preferred = tp.exercise if tp else f"tp_{target.muscle}"
        options.sort(key=lambda ex: (ex.slug != preferred, ex.level, ex.slug))
        usable = [ex for ex in options if ctx.allowed(ex, 0)]
        name = f"Trigger-point release for the {ctx.muscle_name(target.muscle)}"
        if not usable:
            for ex in options:
                for problem in ctx.static_problems(ex):
                    ctx.exclude(name, problem)
            if not options:
                ctx.exclude(name, "the library has no self-release routine for this muscle yet")
            continue
        if len(slots) >= 3:
            continue
        regions = [
            _lower(ctx.kb.regions[r].name) if r in ctx.kb.regions else r.replace("_", " ")
            for r in target.matched_regions
        ]
        slots.append(
            Slot(
                key=f"tp:{target.muscle}",
                purpose="trigger_point",
                ladder=(usable[0],),
                muscles=(target.muscle,),
                side=target.side,
                why=(
                    f"Your pain drawing marks {_join(regions)}, where trigger points in the "
                    f"{ctx.muscle_name(target.muscle)} can send pain; a short daily self-release may ease it."
                ),
            )
        )
    return slots


# --- items ---------------------------------------------------------------------------------------


def _set_seconds(ex: Exercise, dose: Dose) -> float:
    if dose.reps and dose.hold_s:
        return float(dose.reps * dose.hold_s)
    if dose.hold_s:
        return float(dose.hold_s)
    if dose.reps:
        return dose.reps * ex.seconds_per_rep
    return 30.0


def item_minutes(ex: Exercise, dose: Dose, side: str | None) -> float:
    """Minutes an item takes: every set (both sides when sided), rests between sets; inversion counts
    only the time tilted, as its protocol is written in minutes on the table."""
    sets = dose.sets or 1
    per_set = _set_seconds(ex, dose)
    if ex.kind == "inversion":
        return _half_minutes(sets * per_set)
    sides = 2 if ex.sided and side == "both" else 1
    return _half_minutes(sets * per_set * sides + (sets - 1) * (dose.rest_s or 0))


def _with_sets(dose: Dose, sets: int) -> Dose:
    return Dose(sets=sets, reps=dose.reps, hold_s=dose.hold_s, rest_s=dose.rest_s, angle_deg=dose.angle_deg)


def exercise_item(ex: Exercise, dose: Dose, side: str | None, why: list[str]) -> dict[str, Any]:
    minutes = item_minutes(ex, dose, side)
    return {
        "exercise": ex.slug,
        "name": ex.name,
        "kind": ex.kind,
        "direction": ex.direction,
        "targets": list(ex.targets),
        "equipment": list(ex.equipment),
        "side": side if ex.sided else None,
        "position": ex.position,
        "moves_into": list(ex.moves_into),
        "level": ex.level,
        "dose": {
            "sets": dose.sets,
            "reps": dose.reps,
            "hold_s": dose.hold_s,
            "rest_s": dose.rest_s,
            "angle_deg": dose.angle_deg,
        },
        "minutes": json_minutes(minutes),
        "why": [w for w in why if w],
        "evidence": {"grade": ex.evidence.grade, "sources": list(ex.evidence.sources)},
    }


def _copy_item(item: dict[str, Any]) -> dict[str, Any]:
    # Every day gets its own objects, so a caller editing one day never changes another.
    return {
        **item,
        "targets": list(item["targets"]),
        "equipment": list(item["equipment"]),
        "moves_into": list(item["moves_into"]),
        "dose": dict(item["dose"]),
        "why": list(item["why"]),
        "evidence": {"grade": item["evidence"]["grade"], "sources": list(item["evidence"]["sources"])},
    }


def lesson_item(lesson: Lesson, why: str) -> dict[str, Any]:
    return {
        "exercise": lesson.slug,
        "name": lesson.name,
        "kind": "education",
        "direction": lesson.direction,
        "targets": [],
        "equipment": [],
        "side": None,
        "position": lesson.position,
        "moves_into": [lesson.direction],
        "level": 1,
        "dose": {"sets": None, "reps": None, "hold_s": None, "rest_s": None, "angle_deg": None},
        "minutes": json_minutes(_half_minutes(lesson.minutes * 60)),
        "why": [why],
        "evidence": {"grade": lesson.evidence.grade, "sources": list(lesson.evidence.sources)},
    }


_DOSES: dict[tuple[int, str | None], tuple[Exercise, tuple[tuple[Dose, float], ...]]] = {}


def _doses(ex: Exercise, side: str | None) -> tuple[tuple[Dose, float], ...]:
    """Every dose of `ex` from its full number of sets down to one, with its minutes (memoised:
    exercises are immutable and the planner asks the same question for every session)."""
    key = (id(ex), side)
    known = _DOSES.get(key)
    if known is not None and known[0] is ex:
        return known[1]
    base = ex.dose
    options = []
    for sets in range(base.sets or 1, 0, -1):
        dose = _with_sets(base, sets) if base.sets is not None or sets != 1 else base
        options.append((dose, item_minutes(ex, dose, side)))
    _DOSES[key] = (ex, tuple(options))
    return _DOSES[key][1]


def fit_dose(ex: Exercise, side: str | None, room: float, sets_cap: int | None = None) -> Dose | None:
    """The fullest dose of `ex` (down to one set) that fits in `room` minutes, or None."""
    for dose, minutes in _doses(ex, side):
        if sets_cap is not None and (dose.sets or 1) > max(1, sets_cap):
            continue
        if minutes <= room + 1e-9:
            return dose
    return None


def _pick(ctx: PlanContext, slot: Slot, phase: int, cap: int) -> Exercise | None:
    """The highest step of the slot's ladder allowed in this phase at or below level `cap`."""
    if slot.usable is None:
        ordered = sorted(slot.ladder, key=lambda ex: -ex.level)
        slot.usable = [tuple(ex for ex in ordered if ctx.allowed(ex, p)) for p in (0, 1)]
    for ex in slot.usable[0 if phase == 0 else 1]:
        if ex.level <= cap:
            return ex
    return None


def _slot_cap(slot: Slot, week: int, phase: int) -> int:
    """A step up at most every two weeks the slot was done, and never above the phase's level."""
    # Weeks are planned in order, so every week done is before this one except this week itself.
    done_before = len(slot.weeks_done) - (week in slot.weeks_done)
    return max(slot.entry_level, min(phase + 1, slot.entry_level + done_before // 2))


# --- lessons -------------------------------------------------------------------------------------


def lesson_queue(
    ctx: PlanContext,
    scores: Scores,
    found: tuple[FoundPattern, ...],
    imb: Imbalances,
    tp_slots: list[Slot],
    eligibility: Eligibility,
) -> list[tuple[Lesson, str]]:
    by_topic: dict[str, Lesson] = {}
    for lesson in sorted(ctx.kb.lessons.values(), key=lambda le: le.slug):
        by_topic.setdefault(lesson.topic, lesson)
    risk = scores.start_back.risk if scores.start_back else None
    topics: list[str] = []
    if ctx.person.profile.pregnant:
        topics.append("pregnancy")
    if risk == "high":
        topics += ["fear_of_movement", "pain_worry"]
    if ctx.gentle:
        topics.append("flare_management")
    for topic in LESSON_ORDER:
        if topic in ("muscle_imbalances", "stretching_basics") and not (imb.tight or imb.weak):
            continue
        if topic == "trigger_points" and not tp_slots:
            continue
        if topic == "inversion" and not (eligibility.eligible or ctx.person.profile.wants_inversion):
            continue
        if topic in ("fear_of_movement", "pain_worry") and risk != "high":
            continue
        if topic not in topics:
            topics.append(topic)
    queue: list[tuple[Lesson, str]] = []
    for topic in topics:
        if topic not in by_topic:
            continue
        lesson = by_topic[topic]
        if topic in ("fear_of_movement", "pain_worry"):
            why = (
                "Your STarT Back answers show that worry about pain is weighing on you; this lesson is part "
                "of the extra support recommended for that."
            )
        elif topic == "flare_management" and ctx.gentle:
            why = "Your pain is severe or flaring right now; this lesson shows how to get through a flare."
        elif topic == "pregnancy":
            why = (
                "You are pregnant: this lesson explains how the program is adapted and which signs mean stop."
            )
        elif topic == "inversion":
            why = "You asked about inversion; this lesson explains its evidence, its risks and how to do it safely."
        elif topic in ("muscle_imbalances", "stretching_basics"):
            why = f"Your results suggest {_join(_lower(f.name) for f in (ctx.kb.findings.get(x.id) for x in found) if f)}; this explains what that means and how the program works on it."
        elif topic == "trigger_points":
            why = "Your pain drawing matches the referral zones of some trigger points; this explains the daily release."
        else:
            why = f"Understanding your back is part of every program: {lesson.summary.strip()}"
        queue.append((lesson, why))
    return queue


# --- the program ---------------------------------------------------------------------------------


@dataclass(slots=True)
class Session:
    """One day's session being filled: what is in it and how many minutes are left."""

    ctx: PlanContext
    week: int
    phase: int
    room: float
    items: list[dict[str, Any]] = field(default_factory=list)

    def add(self, item: dict[str, Any]) -> None:
        self.items.append(item)
        self.room -= float(item["minutes"])

    def place(self, slot: Slot, sets_cap: int | None = None) -> bool:
        """Add the slot's step for this week at the fullest dose that fits; False if none fits."""
        ctx = self.ctx
        # A slot's first appearance is always its entry step (and so serves its muscles).
        cap = slot.entry_level if slot.first_week is None else _slot_cap(slot, self.week, self.phase)
        ex = _pick(ctx, slot, self.phase, cap)
        if ex is None:
            return False
        side = slot.side if ex.sided else None
        if ctx.gentle and self.week <= 2 and ex.kind == "strength":
            # Severe pain or a flare: one set fewer of strength work in the first two weeks.
            sets_cap = min(sets_cap or 99, max(1, (ex.dose.sets or 1) - 1))
        dose = fit_dose(ex, side, self.room, sets_cap)
        if dose is None:
            return False
        self.add(ctx.item(ex, dose, side, (slot.why, ex.why)))
        slot.weeks_done.add(self.week)
        if slot.first_week is None:
            slot.first_week = self.week
        return True


def _day_offsets(days: int) -> list[int]:
    return [math.floor(i * 7 / days) for i in range(days)]


def _budget(person: EngineInput, scores: Scores) -> float:
    minutes = float(person.profile.minutes_per_day)
    if scores.start_back is not None and scores.start_back.risk == "low":
        # A lighter program for people at low risk of lasting problems (hill_2011_startback).
        return max(min(minutes, 5.0), math.floor(minutes * LOW_RISK_SHARE * 2) / 2)
    return minutes


def _phase_map(phases: tuple[Phase, ...]) -> dict[int, int]:
    out: dict[int, int] = {}
    for i, phase in enumerate(phases):
        for week in phase.weeks:
            out.setdefault(week, i)
    for week in range(1, WEEKS + 1):
        out.setdefault(week, out.get(week - 1, 0))
    return out


def _ladder(kb: KnowledgeBase, name: str) -> tuple[Exercise, ...]:
    return kb.ladders.get(name, ())


@dataclass(slots=True)
class ProgramBuilder:
    """Fills the twelve weeks session by session, in a fixed order of priorities (see `session`)."""

    ctx: PlanContext
    correctives: list[Slot]
    tp_slots: list[Slot]
    lessons: list[tuple[Lesson, str]]
    walking: Slot
    relaxation: Slot
    inversion: Slot
    inversion_eligible: bool
    calm: bool
    sessions_before_coverage: int
    inversion_steps: list[tuple[Exercise, int]] = field(default_factory=list)
    inversion_progress: InversionProgress = field(default_factory=lambda: InversionProgress())
    walked_weeks: set[int] = field(default_factory=set)
    count: int = 0  # sessions planned so far

    def session(self, week: int, day: int, lessons_due: int) -> tuple[list[dict[str, Any]], int]:
        """One session's items (in display order) and how many lessons it taught."""
        phase = self.ctx.phase_of_week[week]
        today = Session(self.ctx, week, phase, self.ctx.budget)
        # The week's last day keeps room for a walk if none came earlier in the week (rule 13).
        reserve = self._walk_reserve(week, day)
        today.room -= reserve
        placed = self._introduce_correctives(today)
        taught = self._teach(today, lessons_due)
        self._release(today)
        self._rotate_correctives(today, placed)
        self._invert(today)
        self._relax(today)
        today.room += reserve
        self._walk(today)
        if any(it["kind"] == "aerobic" for it in today.items):
            self.walked_weeks.add(week)
        self.count += 1
        today.items.sort(key=lambda it: KIND_ORDER.get(it["kind"], 9))
        return today.items, taught

    def _introduce_correctives(self, today: Session) -> int:
        """Correctives not yet introduced come first: all must appear by week 4 (rule 8).

        They take half the session at full doses while even full doses would bring them all in before
        week 4. Otherwise — few minutes, few days, many imbalances — and always in week 4 itself, the
        last week one may start in, they take the whole session at one set each.
        """
        ctx = self.ctx
        pending = [s for s in self.correctives if s.first_week is None]
        if not pending:
            return 0
        sessions_left = max(1, self.sessions_before_coverage - self.count)
        full = sum(
            item_minutes(e, e.dose, s.side if e.sided else None)
            for s in pending
            if (e := _pick(ctx, s, today.phase, s.entry_level)) is not None
        )
        relaxed = today.week < COVERAGE_WEEK and full <= 0.5 * ctx.budget * sessions_left
        quota = ctx.budget / 2 if relaxed else ctx.budget
        placed = 0
        for slot in pending:
            if placed and ctx.budget - today.room >= quota:
                break
            placed += today.place(slot, sets_cap=None if relaxed else 1)
        return placed

    def _teach(self, today: Session, due: int) -> int:
        """Up to `due` lessons; exercise is the backbone, so lessons take at most about half a session."""
        budget = self.ctx.budget
        room = min(today.room, budget * (0.5 if budget >= 10 else 0.6))
        taught = 0
        while taught < due and self.lessons:
            lesson, why = self.lessons[0]
            item = lesson_item(lesson, why)
            if float(item["minutes"]) > room:
                break
            today.add(item)
            room -= float(item["minutes"])
            self.lessons.pop(0)
            taught += 1
        return taught

    def _release(self, today: Session) -> None:
        """Daily trigger-point release for the best-matching targets (more of them when time allows)."""
        budget = self.ctx.budget
        per_day = 1 if budget < 20 else (2 if budget < 40 else 3)
        for slot in self.tp_slots[:per_day]:
            # One round per spot is the usual self-care dose (30–90 s, travell_simons) unless time is ample.
            today.place(slot, sets_cap=1 if budget < 30 else None)

    def _rotate_correctives(self, today: Session, placed: int) -> None:
        """The introduced correctives, about two in three per session, rotating so days differ."""
        introduced = [s for s in self.correctives if s.first_week is not None]
        n = len(introduced)
        if not n:
            return
        cap = n if n <= 2 else math.ceil(2 * n / 3)
        start = self.count % n
        done_today = {it["exercise"] for it in today.items}
        for slot in introduced[start:] + introduced[:start]:
            if placed >= cap:
                break
            ex = _pick(self.ctx, slot, today.phase, _slot_cap(slot, today.week, today.phase))
            if ex is None or ex.slug in done_today:
                continue
            if today.place(slot):
                placed += 1
                done_today.add(ex.slug)

    def _invert(self, today: Session) -> None:
        """Inversion, when eligible and there is time, one step of `inversion_steps` at a time, moving on
        only after the step's sessions and weeks (rule 14). An extra: it never displaces the exercises."""
        if not (self.inversion_eligible and self.inversion_steps):
            return
        progress = self.inversion_progress
        ex, sets = self.inversion_steps[progress.step]
        room = today.room
        angle = ex.dose.angle_deg or 0
        if progress.last is not None and angle > progress.last[0]:
            # A session that tilts further than the last one never also stays tilted longer.
            room = min(room, progress.last[1])
        dose = next(
            (
                d
                for n in range(sets, 0, -1)
                if item_minutes(ex, d := _with_sets(ex.dose, n), None) <= room + 1e-9
            ),
            None,
        )
        if dose is None:
            return
        item = exercise_item(ex, dose, None, [self.inversion.why, ex.why])
        today.add(item)
        self.inversion.first_week = self.inversion.first_week or today.week
        progress.record(today.week, angle, float(item["minutes"]), len(self.inversion_steps))

    def _relax(self, today: Session) -> None:
        """Calm breathing in the first phase when pain is severe or worry high, or to use a short remainder."""
        if self.relaxation.ladder and ((self.calm and today.phase == 0) or today.room < MIN_WALK_MINUTES):
            today.place(self.relaxation)

    def _walk_reserve(self, week: int, day: int) -> float:
        person = self.ctx.person
        last_day = day == person.profile.days_per_week
        if (
            last_day
            and week not in self.walked_weeks
            and person.profile.minutes_per_day >= WALK_EVERY_WEEK_FROM_MINUTES
            and _pick(self.ctx, self.walking, self.ctx.phase_of_week[week], 1) is not None
        ):
            return float(MIN_WALK_MINUTES)
        return 0.0

    def _walk(self, today: Session) -> None:
        """Walking fills what is left, in whole minutes, at the phase's level; in short bouts with rests
        where walking aggravates the pain."""
        if not self.walking.ladder or today.room < MIN_WALK_MINUTES:
            return
        ex = _pick(self.ctx, self.walking, today.phase, today.phase + 1)
        if ex is None:
            return
        if "walking" in self.ctx.person.pain.worse_with:
            ex = _pick(self.ctx, self.walking, today.phase, 1) or ex
            bout = (WALK_BOUT_S + WALK_BOUT_REST_S) / 60
            bouts = max(1, math.floor((today.room + WALK_BOUT_REST_S / 60) / bout))
            dose = Dose(sets=bouts, reps=None, hold_s=WALK_BOUT_S, rest_s=WALK_BOUT_REST_S, angle_deg=None)
            why = (
                "Walking makes your pain worse, so the walk comes in short bouts with a sit-down rest between; "
                "lengthen the bouts as your back allows."
            )
            today.add(exercise_item(ex, dose, None, [self.walking.why, why]))
            return
        planned = item_minutes(ex, ex.dose, None)
        minutes = float(min(math.floor(today.room), max(planned, MIN_WALK_MINUTES)))
        dose = Dose(sets=1, reps=None, hold_s=int(minutes * 60), rest_s=None, angle_deg=None)
        today.add(exercise_item(ex, dose, None, [self.walking.why, ex.why]))


@dataclass(slots=True)
class InversionProgress:
    """Where a person is on the inversion steps: sessions and weeks at the current step, last dose."""

    step: int = 0
    sessions: int = 0
    weeks: set[int] = field(default_factory=set)
    last: tuple[int, float] | None = None  # (angle, minutes) of the last inversion session

    def record(self, week: int, angle: int, minutes: float, steps: int) -> None:
        self.sessions += 1
        self.weeks.add(week)
        self.last = (angle, minutes)
        need_sessions, need_weeks = INVERSION_FIRST_STEP if self.step == 0 else INVERSION_LATER_STEP
        if self.step + 1 < steps and self.sessions >= need_sessions and len(self.weeks) >= need_weeks:
            self.step += 1
            self.sessions = 0
            self.weeks = set()


def inversion_steps(ctx: PlanContext, ladder: tuple[Exercise, ...]) -> list[tuple[Exercise, int]]:
    """The ladder as single steps (exercise, sets of a minute): time rises at one angle before the
    angle rises, so no step raises both (rule 14); nothing above INVERSION_MAX_ANGLE."""
    steps: list[tuple[Exercise, int]] = []
    for ex in sorted(ladder, key=lambda e: e.level):
        if (ex.dose.angle_deg or 0) > INVERSION_MAX_ANGLE or not ctx.allowed(ex, 1):
            continue
        sets = ex.dose.sets or 1
        if steps and sets > steps[-1][1]:
            steps.append((steps[-1][0], sets))
        steps.append((ex, sets))
    return steps


def build_program(
    person: EngineInput,
    kb: KnowledgeBase,
    triage: Triage,
    scores: Scores,
    found: tuple[FoundPattern, ...],
    imb: Imbalances,
    targets: tuple[Target, ...],
    eligibility: Eligibility,
) -> dict[str, Any]:
    """The 12-week program as the contract's `program` object."""
    profile = person.profile
    phases = kb.phases if len(kb.phases) == len(PHASES) else DEFAULT_PHASES
    ctx = PlanContext(
        person=person,
        kb=kb,
        budget=_budget(person, scores),
        gentle=(person.pain.nrs is not None and person.pain.nrs >= 7) or person.pain.flare,
        restrictions=restrictions_for(person, (f.id for f in found)),
        phase_of_week=_phase_map(phases),
    )
    risk = scores.start_back.risk if scores.start_back else None
    calm = ctx.gentle or risk == "high"
    tp_slots = trigger_point_slots(ctx, targets)
    builder = ProgramBuilder(
        ctx=ctx,
        correctives=corrective_slots(ctx, imb),
        tp_slots=tp_slots,
        lessons=lesson_queue(ctx, scores, found, imb, tp_slots, eligibility),
        walking=Slot("walking", "walking", _ladder(kb, "walking"), why=WALKING_WHY),
        relaxation=Slot(
            "relaxation", "relaxation", _ladder(kb, "relaxation"), why=CALM_WHY if calm else RELAX_WHY
        ),
        inversion=Slot("inversion", "inversion", _ladder(kb, "inversion"), why=INVERSION_WHY),
        inversion_eligible=eligibility.eligible,
        inversion_steps=inversion_steps(ctx, _ladder(kb, "inversion")),
        calm=calm,
        sessions_before_coverage=(COVERAGE_WEEK - 1) * profile.days_per_week,
    )
    if not eligibility.eligible and (profile.wants_inversion or "inversion_table" in profile.equipment):
        for reason in eligibility.reasons:
            ctx.exclude("Inversion", reason)

    days: list[dict[str, Any]] = []
    offsets = _day_offsets(profile.days_per_week)
    for week in range(1, WEEKS + 1):
        # Spread the remaining lessons evenly over the remaining weeks, then over this week's days.
        this_week = math.ceil(len(builder.lessons) / (WEEKS - week + 1))
        for day in range(1, profile.days_per_week + 1):
            due = math.ceil(max(0, this_week) / (profile.days_per_week - day + 1))
            items, taught = builder.session(week, day, due)
            this_week -= taught
            date = None
            if person.start_date is not None:
                offset = 7 * (week - 1) + offsets[day - 1]
                date = (person.start_date + datetime.timedelta(days=offset)).isoformat()
            minutes = json_minutes(sum(float(it["minutes"]) for it in items))
            days.append({"week": week, "day": day, "date": date, "minutes": minutes, "items": items})
    for slot in builder.correctives:
        if slot.first_week is None:
            for m in slot.muscles:
                ctx.exclude(
                    f"Exercise for the {ctx.muscle_name(m)}", "it did not fit in the minutes per day you gave"
                )
    for lesson, _ in builder.lessons:
        ctx.exclude(lesson.name, "it did not fit in the minutes per day you gave")
    if eligibility.eligible and builder.inversion.first_week is None:
        ctx.exclude("Inversion", "it did not fit next to the exercises in the minutes per day you gave")
    return {
        "weeks": WEEKS,
        "phases": [{"id": p.id, "name": p.name, "weeks": list(p.weeks), "goal": p.goal} for p in phases],
        "days": days,
        "excluded": [{"what": what, "reasons": reasons} for what, reasons in sorted(ctx.excluded.items())],
        "advice": program_advice(ctx, triage, scores, eligibility),
    }


def program_advice(ctx: PlanContext, triage: Triage, scores: Scores, eligibility: Eligibility) -> list[str]:
    person = ctx.person
    advice = list(triage.advice)
    risk = scores.start_back.risk if scores.start_back else None
    if risk == "low":
        advice.append(
            "Your STarT Back answers suggest a low risk of lasting problems. Keep active, use this lighter "
            "program and manage day to day yourself; most back pain settles with time."
        )
    elif risk == "medium":
        advice.append(
            "Your STarT Back answers suggest a medium risk of lasting problems, so the full exercise program "
            "is recommended; a physiotherapist can guide you if you would like support."
        )
    elif risk == "high":
        advice.append(
            "Your STarT Back answers suggest a high risk of lasting problems. Alongside this program, see a "
            "clinician who can offer a combined physical and psychological approach (for example a "
            "physiotherapist trained in it); that combination helps most at this level."
        )
    if ctx.gentle:
        advice.append(
            "Your pain is severe or flaring right now, so the first weeks start gently: keep moving within "
            "comfort, and do less rather than stop altogether."
        )
    if "flexion" in ctx.sensitive:
        advice.append(
            "Sitting, bending or lifting makes your pain worse, so the first phase leaves out exercises that "
            "bend the spine forward; break up long sitting with short walks."
        )
    if "extension" in ctx.sensitive:
        advice.append(
            "Standing, walking or arching back makes your pain worse, so the first phase leaves out exercises "
            "that arch the spine backward."
        )
    order = {c: i for i, c in enumerate(CONDITIONS)}
    for condition in sorted(person.profile.conditions, key=lambda c: order.get(c, 99)):
        entry = ctx.kb.conditions.get(condition)
        if entry is not None and entry.advice.strip() and entry.advice.strip() not in advice:
            advice.append(entry.advice.strip())
    restrictions = ctx.restrictions
    if restrictions.pregnant:
        advice.append(PREGNANCY_ADVICE)
    if restrictions.nerve:
        advice.append(NERVE_ADVICE)
    if restrictions.abdominal_pain:
        advice.append(ABDOMINAL_PAIN_ADVICE)
    if eligibility.eligible:
        advice.append(
            "Inversion: have another adult with you for the first sessions, and come up slowly at once if you "
            "feel dizzy, a headache, eye pressure, a pounding heart or sickness."
        )
    advice.append(
        'Stop any exercise that causes sharp or spreading pain and mark it "this hurt": next week\'s '
        "program will ease or swap it."
    )
    return advice

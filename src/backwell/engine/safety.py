"""Whether a person may do an exercise now: the one home of the rules that keep an item out.

The planner, weekly adaptation and the web app's swaps all ask `exercise_problems`, so a rule
(contract rules 4, 7, 10, 11, 12 and 15) cannot hold in the plan and fail in a swap. Each problem is
a plain sentence the person reads under "left out of your program".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .ids import (
    ABDOMINAL_TRIGGER_POINT_MUSCLES,
    EXTENSION_AGGRAVATORS,
    FLEXION_AGGRAVATORS,
)
from .knowledge.model import Exercise, KnowledgeBase
from .schema import EngineInput, Pain
from .wording import in_running_text, join_words

# From about 20 weeks the womb can press on the large vein behind it when lying flat on the back,
# which can cause faintness (acog_804_2020, mottola_2018_pregnancy): rule 10.
SUPINE_LIMIT_WEEKS = 20
SENSITIVITY_FINDINGS = {"flexion_sensitivity": "flexion", "extension_sensitivity": "extension"}
DIRECTION_WORDS = {
    "flexion": "bends the spine forward",
    "extension": "arches the spine backward",
    "lateral": "bends the spine sideways",
    "rotation": "twists the spine",
    "traction": "stretches the spine lengthways",
}


@dataclass(frozen=True, slots=True)
class Restrictions:
    """Everything about one person that can keep an exercise out of their program."""

    equipment: frozenset[str]
    # Ticked conditions plus the ones derived from the input (pregnancy).
    conditions: frozenset[str]
    # Spinal directions left out of the first phase and of flare weeks (rules 7 and 15).
    sensitive: frozenset[str] = frozenset()
    pregnant: bool = False
    pregnancy_weeks: int | None = None
    nerve: bool = False
    abdominal_pain: bool = False
    # False when adaptation runs without the person's input: any contraindication then keeps an
    # exercise out, since we cannot tell whom it would harm.
    conditions_known: bool = True


def nerve_irritation_possible(pain: Pain) -> bool:
    """Pain below the knee or pins and needles: a nerve root may be irritated (rule 11)."""
    return pain.leg_symptoms == "below_knee" or bool(pain.pins_and_needles)


def sensitive_directions(person: EngineInput, finding_ids: Iterable[str] = ()) -> frozenset[str]:
    """The directions the person's answers (or findings) say aggravate their back (rule 7)."""
    worse = set(person.pain.worse_with)
    out = {SENSITIVITY_FINDINGS[f] for f in finding_ids if f in SENSITIVITY_FINDINGS}
    if worse & set(FLEXION_AGGRAVATORS):
        out.add("flexion")
    if worse & set(EXTENSION_AGGRAVATORS):
        out.add("extension")
    return frozenset(out)


def restrictions_for(person: EngineInput, finding_ids: Iterable[str] = ()) -> Restrictions:
    profile = person.profile
    return Restrictions(
        equipment=frozenset(profile.equipment),
        conditions=frozenset(profile.conditions) | ({"pregnancy"} if profile.pregnant else frozenset()),
        sensitive=sensitive_directions(person, finding_ids),
        pregnant=profile.pregnant,
        pregnancy_weeks=profile.pregnancy_weeks if profile.pregnant else None,
        nerve=nerve_irritation_possible(person.pain),
        abdominal_pain="abdomen_lower" in person.pain.regions,
    )


def presses_on_abdomen(ex: Exercise) -> bool:
    return ex.kind == "trigger_point" and bool(set(ex.targets) & set(ABDOMINAL_TRIGGER_POINT_MUSCLES))


def supine_ruled_out(r: Restrictions) -> bool:
    """Lying on the back is left out from 20 weeks of pregnancy, or when the weeks are not known."""
    return r.pregnant and (r.pregnancy_weeks is None or r.pregnancy_weeks >= SUPINE_LIMIT_WEEKS)


def _name(kb: KnowledgeBase, table: str, key: str) -> str:
    entry = getattr(kb, table).get(key)
    return in_running_text(entry.name) if entry is not None else key.replace("_", " ")


def static_problems(ex: Exercise, r: Restrictions, kb: KnowledgeBase) -> list[str]:
    """Why an exercise can never be in this person's program, whatever the week."""
    return kit_and_condition_problems(ex, r, kb) + position_problems(ex, r)


def kit_and_condition_problems(ex: Exercise, r: Restrictions, kb: KnowledgeBase) -> list[str]:
    """Missing equipment and health conditions the exercise is not advised with."""
    problems: list[str] = []
    missing = [e for e in ex.equipment if e not in r.equipment]
    if missing:
        problems.append(
            f"needs equipment you do not have: {join_words(_name(kb, 'equipment', e) for e in missing)}"
        )
    if r.conditions_known:
        for condition in ex.contraindications:
            if condition in r.conditions:
                problems.append(f"not advised with {_name(kb, 'conditions', condition)}")
    elif ex.contraindications:
        problems.append("your health conditions are not known, and this exercise is not advised with some")
    return problems


def position_problems(ex: Exercise, r: Restrictions) -> list[str]:
    """Positions and pressure ruled out by pregnancy (rule 10) or lower-belly pain (rule 12)."""
    problems: list[str] = []
    if r.pregnant:
        if ex.kind == "inversion":
            problems.append("inversion is not safe during pregnancy")
        if ex.position == "lying_front":
            problems.append("lying face down is left out during pregnancy")
        if ex.position == "lying_back" and supine_ruled_out(r):
            problems.append(
                "lying flat on your back is left out from about 20 weeks of pregnancy (or when the weeks "
                "are not known), as the womb can press on a large vein and make you feel faint"
            )
        if presses_on_abdomen(ex):
            problems.append("no pressure on the belly during pregnancy")
    if r.abdominal_pain and presses_on_abdomen(ex) and not r.pregnant:
        problems.append("no pressure on the belly until the pain in your lower belly has been checked")
    return problems


def phase_problems(ex: Exercise, r: Restrictions, *, restricted: bool) -> list[str]:
    """Why an exercise waits while the first phase (or a flare week) restricts what may be done."""
    if not restricted:
        return []
    problems: list[str] = []
    for direction in ex.moves_into:
        if direction in r.sensitive:
            problems.append(
                f"it {DIRECTION_WORDS.get(direction, direction)}, which your answers suggest aggravates "
                "your back: left out while your back settles"
            )
    if r.nerve and ex.kind == "stretch" and "hamstrings" in ex.targets:
        problems.append(
            "a straight-leg hamstring stretch pulls on the sciatic nerve, which may be irritated: left out "
            "of the first phase"
        )
    return problems


def exercise_problems(ex: Exercise, r: Restrictions, kb: KnowledgeBase, *, restricted: bool) -> list[str]:
    """Every reason this person may not do `ex` now; empty when they may.

    `restricted` is true in the first phase and in a flare week, when sensitive directions and
    nerve-tensioning stretches wait.
    """
    return static_problems(ex, r, kb) + phase_problems(ex, r, restricted=restricted)

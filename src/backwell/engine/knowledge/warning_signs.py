"""Warning signs named in lessons, worded from the red flags' own triage levels.

A lesson never lists warning signs by hand: it writes `{warning_signs:emergency}` (or `urgent`,
`routine`) and `expand()` fills in, from red_flags.yaml, every flag that triage puts at that level on
its own. So a lesson can never tell a person to "book a review" for a sign that triage treats as an
emergency: red_flags.yaml is the one source of truth for levels (ENGINE.md rule 1).

Lessons reach people through `expand_lesson()`; the loader or the web calls it before showing a body.
"""

from __future__ import annotations

import dataclasses
import re

from .. import ids
from . import model

PLACEHOLDER = re.compile(r"\{warning_signs:([a-z_]*)\}")
NAMED_LEVELS: tuple[model.Level, ...] = ("emergency", "urgent", "routine")

# What a person notices, in a few plain words, for each red flag (ids.md), worded to follow "if you
# have". The level is never here: it comes from red_flags.yaml.
SIGNS: dict[str, str] = {
    "saddle_numbness": "numbness around your back passage, genitals or inner buttocks",
    "bladder_dysfunction": "new trouble passing urine or leaking urine",
    "bowel_incontinence": "new loss of bowel control",
    "sexual_dysfunction": "new loss of sexual function or genital feeling",
    "bilateral_leg_symptoms": "pain, numbness or weakness in both legs",
    "progressive_weakness": "a leg that is getting weaker or a foot that catches or slaps",
    "fever": "a fever, shivering attacks or night sweats",
    "immunosuppressed": "a weakened immune system",
    "iv_drug_use": "a history of injecting drugs",
    "recent_infection": "a recent bacterial infection or deep wound",
    "cancer_history": "a past history of cancer",
    "weight_loss": "unexplained weight loss",
    "night_pain": "constant pain at night that does not ease when you change position",
    "major_trauma": "pain that started after a bad fall or accident",
    "minor_trauma_osteoporosis": "pain after a small fall or strain when you have thin bones or take steroid tablets",
    "structural_deformity": "a new change in the shape of your spine",
    "inflammatory_pattern": "long morning stiffness that eases as you move",
    "thoracic_pain": "pain mainly in the upper or middle back",
    "unwell": "a general feeling of being unwell",
}


def flags_at(level: str, kb: model.KnowledgeBase) -> list[str]:
    """Red flags that triage puts at `level` on their own, in the canonical order of ids.md."""
    return [flag for flag in ids.RED_FLAGS if flag in kb.red_flags and kb.red_flags[flag].level == level]


def _spoken_list(parts: list[str]) -> str:
    """'a', 'a or b', 'a, b or c'; with semicolons when a sign has commas of its own, so each reads whole."""
    if len(parts) <= 1:
        return "".join(parts)
    if any("," in part for part in parts):
        return "; ".join(parts[:-1]) + "; or " + parts[-1]
    return ", ".join(parts[:-1]) + " or " + parts[-1]


def problems(text: str) -> list[str]:
    """Why a text's placeholders cannot be expanded (an unknown level); empty when they all can."""
    return [
        f"{{warning_signs:{level}}} names no level; use one of {', '.join(NAMED_LEVELS)}"
        for level in PLACEHOLDER.findall(text)
        if level not in NAMED_LEVELS
    ]


def expand(text: str, kb: model.KnowledgeBase) -> str:
    """`text` with every `{warning_signs:LEVEL}` replaced by the signs triage puts at that level."""

    def signs(match: re.Match[str]) -> str:
        level = match.group(1)
        if level not in NAMED_LEVELS:
            return match.group(0)  # left visible so kb check (and a reader) can see the mistake
        return _spoken_list([SIGNS.get(flag, flag.replace("_", " ")) for flag in flags_at(level, kb)])

    return PLACEHOLDER.sub(signs, text)


def expand_lesson(lesson: model.Lesson, kb: model.KnowledgeBase) -> model.Lesson:
    """The lesson with its summary and body expanded (the same object when it names no signs)."""
    if not any(PLACEHOLDER.search(text) for text in (lesson.summary, *lesson.body)):
        return lesson
    return dataclasses.replace(
        lesson, summary=expand(lesson.summary, kb), body=tuple(expand(p, kb) for p in lesson.body)
    )

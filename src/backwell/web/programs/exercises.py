"""The knowledge base's exercises and lessons as the program pages and the session player show them."""

from __future__ import annotations

import re
from typing import Any

from django.urls import reverse

from backwell.engine.knowledge import load as load_knowledge
from backwell.engine.knowledge.model import Evidence
from backwell.web.core.plain_words import plain_words

GRADE_LABELS = {
    "supported": "Supported by guidelines",
    "mixed": "Mixed evidence",
    "limited": "Limited evidence",
    "not_recommended_by_guidelines": "Not recommended by guidelines",
}


def _sources(evidence: Evidence) -> list[dict[str, str]]:
    kb = load_knowledge()
    out = []
    for key in evidence.sources:
        source = kb.sources.get(key)
        if source is not None:
            out.append({"key": key, "title": source.title, "url": source.url, "year": str(source.year or "")})
    return out


def detail(slug: str) -> dict[str, Any] | None:
    """Everything a page needs to show one exercise or lesson, or None for an unknown slug."""
    kb = load_knowledge()
    exercise = kb.exercises.get(slug)
    if exercise is not None:
        return {
            "slug": slug,
            "name": exercise.name,
            "kind": exercise.kind,
            "lesson": False,
            "position": exercise.setup,
            "steps": list(exercise.steps),
            "cues": list(exercise.cues),
            "mistakes": list(exercise.mistakes),
            "cautions": list(exercise.cautions),
            "equipment": [kb.equipment[e].name for e in exercise.equipment if e in kb.equipment],
            "targets": [kb.muscles[m].name for m in exercise.targets if m in kb.muscles],
            "grade": exercise.evidence.grade,
            "grade_label": GRADE_LABELS[exercise.evidence.grade],
            "sources": _sources(exercise.evidence),
            "has_picture": slug in kb.figures,
            "picture_url": reverse("programs:exercise_picture", args=[slug]) if slug in kb.figures else "",
            "url": reverse("programs:exercise", args=[slug]),
        }
    lesson = kb.lessons.get(slug)
    if lesson is not None:
        return {
            "slug": slug,
            "name": lesson.name,
            "kind": "education",
            "lesson": True,
            "summary": lesson.summary,
            "body": list(lesson.body),
            "grade": lesson.evidence.grade,
            "grade_label": GRADE_LABELS[lesson.evidence.grade],
            "sources": _sources(lesson.evidence),
            "has_picture": slug in kb.figures,
            "picture_url": reverse("programs:exercise_picture", args=[slug]) if slug in kb.figures else "",
            "url": reverse("programs:exercise", args=[slug]),
        }
    return None


# A last step that moves to the other side: "Repeat on the left side.", "Swap sides and repeat.",
# "Turn round and work the other leg." An item for one side only stops before it.
OTHER_SIDE_STEP = re.compile(
    r"\b(?:repeat|swap|switch|turn round|turn over|roll over)\b.*\b(?:other|left|right|sides|legs)\b", re.I
)
SIDE_WORD = re.compile(r"\b(left|right)\b", re.I)


def _mirrored(text: str) -> str:
    """Left and right swapped, keeping each word's capital."""

    def swap(match: re.Match[str]) -> str:
        word = match.group(1)
        other = "right" if word.lower() == "left" else "left"
        return other.capitalize() if word[0].isupper() else other

    return SIDE_WORD.sub(swap, text)


def steps_for_side(steps: list[str], *, kind: str, side: str | None) -> list[str]:
    """The steps of a sided item as done on `side` alone ("left" or "right"); unchanged for both sides.

    Trigger-point routines are written starting on one side, naming the side being pressed ("the ball
    … on the right"), and end with a step that moves to the other side (a knowledge test holds them to
    it). For one side that last step goes, and for the other side the words are mirrored. Other kinds
    are left as written: a direction in a stretch ("lean to the left") is not always the side being
    stretched, and their side-changing steps also carry the dose ("Do 10, then swap legs").
    """
    if kind != "trigger_point" or side not in ("left", "right"):
        return steps
    kept = [step for step in steps if not OTHER_SIDE_STEP.search(step)]
    first = next((m.group(1).lower() for step in kept if (m := SIDE_WORD.search(step))), side)
    return kept if first == side else [_mirrored(step) for step in kept]


def player_step(index: int, item: dict[str, Any]) -> dict[str, Any]:
    """One step of the session player, as the page's script reads it."""
    info = detail(item["exercise"]) or {}
    dose = item.get("dose") or {}
    exercise = load_knowledge().exercises.get(item["exercise"])
    coach = exercise.coach if exercise is not None and item["kind"] != "education" else None
    return {
        "index": index,
        "slug": item["exercise"],
        "name": item["name"],
        "kind": item["kind"],
        "side": item.get("side"),
        "position": item.get("position"),
        "minutes": item["minutes"],
        # The whole dose too, so the page words it with the same `dose_label` as every other page.
        "dose": dose,
        "sets": dose.get("sets"),
        "reps": dose.get("reps"),
        "holdS": dose.get("hold_s"),
        "restS": dose.get("rest_s"),
        "angleDeg": dose.get("angle_deg"),
        "why": [plain_words(w) for w in item.get("why", [])],
        "grade": item["evidence"]["grade"],
        "gradeLabel": GRADE_LABELS.get(item["evidence"]["grade"], ""),
        "steps": steps_for_side(
            info.get("steps") or info.get("body") or [], kind=item["kind"], side=item.get("side")
        ),
        "cues": info.get("cues", []),
        "cautions": info.get("cautions", []),
        "picture": (info["picture_url"] + "?animated=1") if info.get("has_picture") else "",
        # The live coach's spec (docs/coach.md), for exercises whose knowledge entry has one.
        "coach": coach.as_json() if coach is not None else None,
        "coachId": f"coach-spec-{index}",
    }


def picture_svg(slug: str, *, animated: bool) -> str | None:
    from backwell.figures import render_animated, render_still

    kb = load_knowledge()
    figure = kb.figures.get(slug)
    if figure is None:
        return None
    # Titled with the exercise's or lesson's name; an exercise's still also reads out its setup.
    named = kb.exercises.get(slug) or kb.lessons.get(slug)
    return render_animated(figure, named) if animated else render_still(figure, named)

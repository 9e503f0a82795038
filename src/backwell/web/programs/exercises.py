"""The knowledge base's exercises and lessons as the program pages and the session player show them."""

from __future__ import annotations

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
            "has_picture": False,
            "picture_url": "",
            "url": reverse("programs:exercise", args=[slug]),
        }
    return None


def player_step(index: int, item: dict[str, Any]) -> dict[str, Any]:
    """One step of the session player, as the page's script reads it."""
    info = detail(item["exercise"]) or {}
    dose = item.get("dose") or {}
    return {
        "index": index,
        "slug": item["exercise"],
        "name": item["name"],
        "kind": item["kind"],
        "side": item.get("side"),
        "minutes": item["minutes"],
        "sets": dose.get("sets"),
        "reps": dose.get("reps"),
        "holdS": dose.get("hold_s"),
        "restS": dose.get("rest_s"),
        "angleDeg": dose.get("angle_deg"),
        "why": [plain_words(w) for w in item.get("why", [])],
        "grade": item["evidence"]["grade"],
        "gradeLabel": GRADE_LABELS.get(item["evidence"]["grade"], ""),
        "steps": info.get("steps") or info.get("body") or [],
        "cues": info.get("cues", []),
        "cautions": info.get("cautions", []),
        "picture": (info["picture_url"] + "?animated=1") if info.get("has_picture") else "",
    }


def picture_svg(slug: str, *, animated: bool) -> str | None:
    from backwell.figures import render_animated, render_still

    kb = load_knowledge()
    figure = kb.figures.get(slug)
    if figure is None:
        return None
    exercise = kb.exercises.get(slug)
    return render_animated(figure) if animated else render_still(figure, exercise)

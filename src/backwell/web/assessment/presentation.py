"""Turns the engine's result into what the results page shows, in plain words from the knowledge base."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from backwell.engine.knowledge import load as load_knowledge
from backwell.engine.planner import ABDOMINAL_PAIN_ADVICE, NERVE_ADVICE, PREGNANCY_ADVICE

from .body_figures import Drawn, muscle_shapes, region_shapes
from .forms import TEST_CHOICES
from .self_tests import SELF_TESTS

# How strongly the answers and tests point to a finding, said as a person would say it.
CONFIDENCE_LABEL = {
    "low": _("A hint, not proof"),
    "moderate": _("Your results point fairly clearly to this"),
    "high": _("Your results point clearly to this"),
}
RISK_LABEL = {
    "low": _("Low risk"),
    "medium": _("Medium risk"),
    "high": _("High risk"),
}
RISK_MEANING = {
    "low": _(
        "Back pain like yours usually settles well with staying active and self-care like this program."
    ),
    "medium": _("Guided exercise tends to help most. A physiotherapist can add a lot if progress is slow."),
    "high": _(
        "Pain is weighing on you and your life. Exercise still helps, and combining it with support for "
        "worry and mood (a physiotherapist trained in this, or your doctor) helps most."
    ),
}
GRADE_LABEL = {
    "supported": _("well supported"),
    "mixed": _("mixed"),
    "limited": _("limited"),
    "not_recommended_by_guidelines": _("not recommended by guidelines"),
}
LEVEL_TITLE = {
    "none": _("No warning signs"),
    "routine": _("Go ahead, and book a check-up"),
    "urgent": _("See a doctor first"),
    "emergency": _("Seek emergency care now"),
}


@dataclass(frozen=True)
class ShownMuscle:
    id: str
    name: str
    state: str  # "tight", "weak" or ""
    points: str
    label: str


def muscle_name(muscle_id: str) -> str:
    muscle = load_knowledge().muscles.get(muscle_id)
    return muscle.name if muscle else muscle_id.replace("_", " ")


STATE_WORDS = {"tight": _("tight"), "weak": _("weak"), "both": _("tight and weak"), "": _("no finding")}


def _state(muscle_id: str, tight: set[str], weak: set[str]) -> str:
    if muscle_id in tight and muscle_id in weak:
        return "both"
    return "tight" if muscle_id in tight else "weak" if muscle_id in weak else ""


def _figure(view: str, tight: set[str], weak: set[str]) -> list[ShownMuscle]:
    shown = []
    for shape in muscle_shapes(view):
        state = _state(shape.id, tight, weak)
        name = muscle_name(shape.id)
        shown.append(ShownMuscle(shape.id, name, state, shape.points, f"{name}: {STATE_WORDS[state]}"))
    # Coloured muscles last, so a neighbour never hides them.
    return sorted(shown, key=lambda m: m.state != "")


# Program advice that deserves its own box on the results page (contract rules 10-12).
CARE_NOTES = (
    (NERVE_ADVICE, _("Your leg symptoms: a nerve may be irritated")),
    (ABDOMINAL_PAIN_ADVICE, _("Please have your lower-belly pain checked")),
    (PREGNANCY_ADVICE, _("Exercising while you are pregnant")),
)


def results_view(result: dict[str, Any]) -> dict[str, Any]:
    kb = load_knowledge()
    findings = []
    for found in result.get("findings", []):
        entry = kb.findings.get(found["id"])
        findings.append(
            {
                "id": found["id"],
                "name": entry.name if entry else found["id"].replace("_", " "),
                "plain": entry.plain if entry else "",
                "grade": entry.grade if entry else "",
                "grade_label": GRADE_LABEL.get(entry.grade, "") if entry else "",
                "confidence": found["confidence"],
                "confidence_label": CONFIDENCE_LABEL.get(found["confidence"], found["confidence"]),
                "evidence": found.get("evidence", []),
                "tight": [muscle_name(m) for m in found.get("tight", [])],
                "weak": [muscle_name(m) for m in found.get("weak", [])],
            }
        )
    imbalances = result.get("imbalances", {"tight": [], "weak": []})
    tight, weak = set(imbalances.get("tight", [])), set(imbalances.get("weak", []))
    scores = result.get("scores", {})
    start_back = scores.get("start_back")
    triage = result["triage"]
    return {
        "triage": triage,
        "triage_title": LEVEL_TITLE[triage["level"]],
        "scores": scores,
        "risk": start_back
        and {
            "group": start_back["risk"],
            "label": RISK_LABEL[start_back["risk"]],
            "meaning": RISK_MEANING[start_back["risk"]],
        },
        "findings": findings,
        # A muscle both short and weak (different tests can say both) is listed once, on its own.
        "tight": [muscle_name(m) for m in imbalances.get("tight", []) if m not in weak],
        "weak": [muscle_name(m) for m in imbalances.get("weak", []) if m not in tight],
        "tight_and_weak": [muscle_name(m) for m in imbalances.get("tight", []) if m in weak],
        "front": _figure("front", tight, weak),
        "back": _figure("back", tight, weak),
        "targets": [
            {
                "muscle": muscle_name(t["muscle"]),
                "regions": [
                    kb.regions[r].name if r in kb.regions else r for r in t.get("matched_regions", [])
                ],
            }
            for t in result.get("trigger_point_targets", [])
        ],
        "inversion": result.get("inversion"),
        "program": result.get("program"),
        "advice": (result.get("program") or {}).get("advice", []),
        "care_notes": care_notes(result),
    }


def care_notes(result: dict[str, Any]) -> list[dict[str, str]]:
    """The engine's notes that ask the person to act before starting (a possibly irritated nerve,
    belly pain to have checked, pregnancy), each under a plain heading; the texts are the engine's own."""
    advice = set((result.get("program") or {}).get("advice", []))
    return [{"title": str(title), "text": text} for text, title in CARE_NOTES if text in advice]


def region_figure(view: str, selected: set[str]) -> list[dict[str, Any]]:
    """The pain-drawing shapes of one figure, with which are ticked."""
    kb = load_knowledge()

    shapes: list[Drawn] = region_shapes(view)
    return [
        {"id": s.id, "points": s.points, "name": kb.regions[s.id].name, "selected": s.id in selected}
        for s in shapes
    ]


def _test_value(key: str, value: Any) -> str:
    if value is None:
        return str(_("not done"))
    if key.endswith("_s"):
        return str(_("%(n)s s") % {"n": value})
    if key.endswith("_deg"):
        return str(_("%(n)s°") % {"n": value})
    stem = key.removesuffix("_left").removesuffix("_right")
    return str(dict(TEST_CHOICES[stem]).get(value, value))


def tests_compared(before: dict[str, Any], after: dict[str, Any]) -> list[dict[str, str]]:
    """Self-test results side by side, for a re-test: what was found then, and now."""
    rows = []
    for test in SELF_TESTS:
        for key in test.keys:
            if key not in before and key not in after:
                continue
            side = (
                _("left")
                if key.endswith(("_left", "_left_s", "_left_deg"))
                else (_("right") if key.endswith(("_right", "_right_s", "_right_deg")) else "")
            )
            rows.append(
                {
                    "test": f"{test.name} ({side})" if side else str(test.name),
                    "before": _test_value(key, before.get(key)),
                    "after": _test_value(key, after.get(key)),
                }
            )
    return rows

"""How posture measures and points are shown: names, formatted values, and which points can be corrected."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from backwell.posture.analysis import analyze_landmarks
from backwell.posture.measures import UNITS
from backwell.posture.points import LANDMARK_NAMES, SKELETON, LandmarksInvalid

from .services import POSTURE_KEYS_BY_VIEW

MEASURE_LABELS: dict[str, Any] = {
    "shoulder_obliquity_deg": _("Shoulder level"),
    "pelvic_obliquity_deg": _("Hip level (sideways pelvic tilt)"),
    "head_tilt_deg": _("Head tilt"),
    "trunk_shift_pct": _("Upper body shift over the hips"),
    "head_forward_deg": _("Head forward of the shoulders"),
    "trunk_lean_deg": _("Upper body lean"),
    "pelvis_forward_pct": _("Hips ahead of the ankle–shoulder line"),
    "pelvis_forward": _("Hips forward (sway back)"),
    "knee_hyperextension_deg": _("Knee bending backwards"),
}

POINT_LABELS: dict[str, Any] = {
    name: pgettext_lazy("body landmark", name.replace("_", " ").capitalize()) for name in LANDMARK_NAMES
}


@dataclass(frozen=True)
class MeasureRow:
    """One line of the measures table."""

    key: str
    label: str
    value: str
    uncertainty: str
    reading: str
    to_engine: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "value": self.value,
            "uncertainty": self.uncertainty,
            "reading": self.reading,
            "to_engine": self.to_engine,
        }


def format_value(key: str, value: Any) -> str:
    """A measure's value as people read it: "yes"/"no", "+2.5°" or "+4 %"."""
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if not isinstance(value, int | float):
        return "–"
    if UNITS.get(key) == "degrees":
        return f"{value:+.1f}°"
    return f"{value:+.0f} %"


def _format_uncertainty(key: str, value: Any) -> str:
    if not isinstance(value, int | float) or isinstance(value, bool):
        return ""
    if key == "pelvis_forward" or not UNITS.get(key, "").startswith("degrees"):
        return f"± {value:.0f} %"
    return f"± {value:.1f}°"


def measure_rows(
    view: str, measures: Mapping[str, Any], uncertainty: Mapping[str, Any], readings: Mapping[str, str]
) -> list[MeasureRow]:
    """The measures in the order of UNITS, each with its plain reading; engine keys flagged."""
    engine_keys = POSTURE_KEYS_BY_VIEW.get(view, ())
    return [
        MeasureRow(
            key=key,
            label=str(MEASURE_LABELS.get(key, key)),
            value=format_value(key, measures[key]),
            # A yes/no has no "± 1 %": its uncertainty belongs to the percentage it was decided from.
            uncertainty=""
            if isinstance(measures[key], bool)
            else _format_uncertainty(key, uncertainty.get(key)),
            reading=readings.get(key, ""),
            to_engine=key in engine_keys,
        )
        for key in UNITS
        if key in measures
    ]


def correctable_points(landmarks: Mapping[str, Any], view: str, size: tuple[int, int]) -> list[str]:
    """The landmarks whose position changes a measure: the ones worth offering for correction.

    Found by nudging each point and measuring again with the core's own geometry, so this never
    disagrees with measures.py about which points count.
    """
    try:
        base = analyze_landmarks(dict(landmarks), view, size=size).to_json()["measures"]
    except (LandmarksInvalid, ValueError):
        return []
    nudge = max(size) * 0.02
    found = []
    for name, point in landmarks.items():
        moved = {**landmarks}
        for dx, dy in ((nudge, 0.0), (0.0, nudge)):
            moved[name] = {**point, "x": point["x"] + dx, "y": point["y"] + dy}
            try:
                measures = analyze_landmarks(moved, view, size=size).to_json()["measures"]
            except (LandmarksInvalid, ValueError):
                found.append(name)
                break
            if any(_changed(base.get(k), measures.get(k)) for k in base):
                found.append(name)
                break
    return [n for n in LANDMARK_NAMES if n in found]


def _changed(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool) or a is None or b is None:
        return bool(a != b)
    return not math.isclose(float(a), float(b), abs_tol=1e-6)


def skeleton_lines(landmarks: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The body segments to draw, where both ends were found."""
    return [(a, b) for a, b in SKELETON if a in landmarks and b in landmarks]


def plumb_x(landmarks: Mapping[str, Any]) -> float | None:
    """x of the vertical reference line: through the middle of the ankles (the base of support)."""
    ankles = [landmarks[n]["x"] for n in ("left_ankle", "right_ankle") if n in landmarks]
    return sum(ankles) / len(ankles) if ankles else None

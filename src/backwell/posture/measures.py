"""Posture measures from pixel landmarks: pure geometry, uncertainty, frame aggregation, plain readings."""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from backwell.posture.points import Landmarks, LandmarksInvalid, Point, distance, midpoint

View = Literal["front", "side"]
VIEWS: tuple[View, ...] = ("front", "side")

# A landmark's positional error, as a share of the torso length (shoulder centre to hip centre), for a
# fully visible point; it grows as visibility falls. 1.2 % of a 300 px torso is ~3.6 px, which puts a
# single photo's obliquity error at 1–3°, as observed for MediaPipe (STACK-NOTES; clinical-evidence §9).
POSITION_ERROR_SHARE = 0.012
MIN_VISIBILITY_FOR_ERROR = 0.2
# Part of a frame's error that does not average out over frames of the same standing person (the
# same clothing, the same light give the same misplacement): kept in a multi-frame uncertainty.
SHARED_ERROR_SHARE = 0.5
# Screening thresholds (ours, not clinical cut-offs): hips this far (in % of the ankle–shoulder
# length, about 4 cm for an adult) in front of the ankle–shoulder line count as "pelvis forward".
PELVIS_FORWARD_THRESHOLD_PCT = 3.0
KNEE_HYPEREXTENSION_THRESHOLD_DEG = 5.0
KNEE_BENT_DEG = 10.0

UNITS: dict[str, str] = {
    "shoulder_obliquity_deg": "degrees",
    "pelvic_obliquity_deg": "degrees",
    "head_tilt_deg": "degrees",
    "trunk_shift_pct": "% of shoulder width",
    "head_forward_deg": "degrees",
    "trunk_lean_deg": "degrees",
    "pelvis_forward_pct": "% of ankle–shoulder length",
    "pelvis_forward": "true/false (uncertainty in % of ankle–shoulder length)",
    "knee_hyperextension_deg": "degrees",
}

FRONT_NOTES = (
    "These are screening measures from a photo, not a diagnosis: a single photo wobbles by a few "
    "degrees, about as much as the differences measured (studies comparing photo and lab measures: Wade 2022 "
    "and a Brigham Young University thesis).",
    "The hip points are the centres of the hip joints, so a tilted pelvis, a longer leg or simply more "
    "weight on one foot all look the same here. Stand evenly on both feet for the photo.",
)
SIDE_NOTES = (
    "These are screening measures from a photo, not a diagnosis: markerless angles are not clinical "
    "grade and are biased unless the photo is a true side view (studies comparing photo and lab measures: "
    "Roggio 2024, Wade 2022).",
    "Forward or backward pelvic tilt cannot be measured from these points: the model finds the centres of "
    "the hip joints, not the bony points at the front and back of the pelvis (ASIS and PSIS). Use the wall "
    "test (back against a wall, feel the gap behind your lower back) or the mirror check instead.",
    "Rounded shoulders are not measured from the photo either (there is no point for the shoulder blade "
    "or the base of the neck): answer the mirror check for them.",
)


@dataclass(frozen=True)
class FrameValue:
    """One measure in one frame: the value and its standard error from landmark positions."""

    value: float
    error: float


@dataclass(frozen=True)
class Measure:
    """A measure over one or more frames: median, uncertainty, spread and what it means in plain words."""

    key: str
    value: float | bool
    uncertainty: float
    spread: float
    frames: int
    unit: str
    reading: str


@dataclass
class Measurement:
    """Everything measured for one view; `missing` says what could not be measured and why."""

    view: View
    measures: dict[str, Measure] = field(default_factory=dict)
    missing: dict[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    def values(self) -> dict[str, float | bool]:
        return {key: m.value for key, m in self.measures.items()}

    def uncertainties(self) -> dict[str, float]:
        return {key: m.uncertainty for key, m in self.measures.items()}

    def readings(self) -> dict[str, str]:
        return {key: m.reading for key, m in self.measures.items()}


# --- geometry ------------------------------------------------------------------------------------


def _need(landmarks: Landmarks, *names: str) -> list[Point]:
    missing = [n for n in names if n not in landmarks]
    if missing:
        raise KeyError(", ".join(missing))
    return [landmarks[n] for n in names]


def _point_error(p: Point, torso: float) -> float:
    return POSITION_ERROR_SHARE * torso / max(p.visibility, MIN_VISIBILITY_FOR_ERROR)


def _propagate(fn: Callable[[Sequence[Point]], float], points: Sequence[Point], torso: float) -> FrameValue:
    """Value and first-order error of fn(points), each point's x and y wobbling by its own error."""
    value = fn(points)
    variance = 0.0
    for i, p in enumerate(points):
        sigma = _point_error(p, torso)
        for dx, dy in ((sigma, 0.0), (0.0, sigma)):
            moved = list(points)
            moved[i] = Point(p.x + dx, p.y + dy, p.visibility)
            variance += (fn(moved) - value) ** 2
    return FrameValue(value, math.sqrt(variance))


def _torso_length(landmarks: Landmarks) -> float:
    ls, rs, lh, rh = _need(landmarks, "left_shoulder", "right_shoulder", "left_hip", "right_hip")
    torso = distance(midpoint(ls, rs), midpoint(lh, rh))
    if torso < 1.0:
        raise LandmarksInvalid(
            "The shoulders and hips are at the same place: these landmarks are not a standing person."
        )
    return torso


def _level_angle(points: Sequence[Point]) -> float:
    """Angle of the right→left line from horizontal, positive when the person's right point is higher.

    Image y grows downwards, so "right higher" means y_right < y_left. The horizontal distance is
    taken unsigned so the sign holds whether the person faces the camera (their right on the image's
    left) or turns their back to it.
    """
    left, right = points
    return math.degrees(math.atan2(left.y - right.y, abs(left.x - right.x)))


def _towards_right(landmarks: Landmarks) -> float:
    """+1 when the person's right is towards +x in the image (a back view), −1 when it is towards −x."""
    ls, rs = landmarks["left_shoulder"], landmarks["right_shoulder"]
    return 1.0 if rs.x > ls.x else -1.0


def front_frame(landmarks: Landmarks) -> tuple[dict[str, FrameValue], dict[str, str]]:
    """Front-view measures of one frame, and the ones that could not be measured with the reason."""
    torso = _torso_length(landmarks)
    values: dict[str, FrameValue] = {}
    missing: dict[str, str] = {}
    pairs = {
        "shoulder_obliquity_deg": ("left_shoulder", "right_shoulder"),
        "pelvic_obliquity_deg": ("left_hip", "right_hip"),
        "head_tilt_deg": ("left_ear", "right_ear"),
    }
    for key, (left, right) in pairs.items():
        try:
            pts = _need(landmarks, left, right)
        except KeyError as exc:
            missing[key] = f"no {exc.args[0]} point"
            continue
        if abs(pts[0].x - pts[1].x) < 1.0:
            missing[key] = f"the {left} and {right} points overlap: this does not look like a front view"
            continue
        if key == "head_tilt_deg":
            # Positive when the head tilts to the person's right: the right ear drops below the left.
            values[key] = _propagate(lambda p: -_level_angle(p), pts, torso)
        else:
            values[key] = _propagate(_level_angle, pts, torso)
    towards_right = _towards_right(landmarks)

    def shift(p: Sequence[Point]) -> float:
        ls, rs, lh, rh = p
        width = distance(ls, rs)
        return 0.0 if width < 1.0 else 100.0 * towards_right * ((ls.x + rs.x) - (lh.x + rh.x)) / 2 / width

    # Positive when the shoulders sit to the person's right of the hips.
    values["trunk_shift_pct"] = _propagate(
        shift, _need(landmarks, "left_shoulder", "right_shoulder", "left_hip", "right_hip"), torso
    )
    return values, missing


def _near_side(landmarks: Landmarks) -> str:
    """'left' or 'right': the side facing the camera, whose points the model sees best."""
    joints = ("ear", "shoulder", "hip", "knee", "ankle")

    def seen(side: str) -> float:
        return sum(landmarks[f"{side}_{j}"].visibility for j in joints if f"{side}_{j}" in landmarks)

    return "left" if seen("left") >= seen("right") else "right"


def _facing(landmarks: Landmarks, side: str, torso: float) -> float:
    """+1 when the person faces +x in the image, −1 when they face −x (nose ahead of ear, toes ahead of heel)."""
    ear, nose = landmarks.get(f"{side}_ear"), landmarks.get("nose")
    if ear and nose and abs(nose.x - ear.x) > 0.02 * torso:
        return 1.0 if nose.x > ear.x else -1.0
    heel, toe = landmarks.get(f"{side}_heel"), landmarks.get(f"{side}_foot_index")
    if heel and toe and abs(toe.x - heel.x) > 0.02 * torso:
        return 1.0 if toe.x > heel.x else -1.0
    raise LandmarksInvalid("Cannot tell which way the person faces: the nose, ear, heel and toes line up.")


def _from_vertical(lower: Point, upper: Point, facing: float) -> float:
    """Angle of the lower→upper line from vertical, positive when the upper point is further forward."""
    return math.degrees(math.atan2(facing * (upper.x - lower.x), lower.y - upper.y))


def _ahead_of_line(p: Point, a: Point, b: Point, facing: float) -> float:
    """How far p lies in front of the line a–b, measured horizontally at p's height (pixels)."""
    if abs(b.y - a.y) < 1e-9:
        return 0.0
    x_line = a.x + (b.x - a.x) * (p.y - a.y) / (b.y - a.y)
    return facing * (p.x - x_line)


def side_frame(landmarks: Landmarks) -> tuple[dict[str, FrameValue], dict[str, str]]:
    """Side-view measures of one frame from the side nearest the camera."""
    torso = _torso_length(landmarks)
    side = _near_side(landmarks)
    facing = _facing(landmarks, side, torso)
    values: dict[str, FrameValue] = {}
    missing: dict[str, str] = {}

    def name(joint: str) -> str:
        return f"{side}_{joint}"

    wanted: dict[str, tuple[tuple[str, ...], Callable[[Sequence[Point]], float]]] = {
        "head_forward_deg": (("shoulder", "ear"), lambda p: _from_vertical(p[0], p[1], facing)),
        "trunk_lean_deg": (("hip", "shoulder"), lambda p: _from_vertical(p[0], p[1], facing)),
        "pelvis_forward_pct": (
            ("hip", "ankle", "shoulder"),
            lambda p: 100.0 * _ahead_of_line(p[0], p[1], p[2], facing) / max(distance(p[1], p[2]), 1.0),
        ),
        # Positive when the knee sits behind the hip–ankle line: the leg bends backwards.
        "knee_hyperextension_deg": (("hip", "knee", "ankle"), lambda p: _knee_back_bend(p, facing)),
    }
    for key, (joints, fn) in wanted.items():
        try:
            pts = _need(landmarks, *(name(j) for j in joints))
        except KeyError as exc:
            missing[key] = f"no {exc.args[0]} point"
            continue
        values[key] = _propagate(fn, pts, torso)
    return values, missing


def _knee_back_bend(points: Sequence[Point], facing: float) -> float:
    hip, knee, ankle = points
    thigh = math.atan2(knee.y - hip.y, knee.x - hip.x)
    shank = math.atan2(ankle.y - knee.y, ankle.x - knee.x)
    bend = math.degrees(abs(math.remainder(shank - thigh, math.tau)))
    behind = _ahead_of_line(knee, hip, ankle, facing) < 0
    return bend if behind else -bend


def frame_values(landmarks: Landmarks, view: View) -> tuple[dict[str, FrameValue], dict[str, str]]:
    """The numeric measures of one frame for a view."""
    try:
        return front_frame(landmarks) if view == "front" else side_frame(landmarks)
    except KeyError as exc:
        raise LandmarksInvalid(
            f"Missing landmark(s) {exc.args[0]}: shoulders and hips are needed for every measure."
        ) from None


# --- aggregation and readings ----------------------------------------------------------------------


def _robust_spread(values: Sequence[float]) -> float:
    """Standard-deviation-like spread that one odd frame cannot blow up (1.4826 × median deviation)."""
    if len(values) < 2:
        return 0.0
    centre = statistics.median(values)
    return 1.4826 * statistics.median(abs(v - centre) for v in values)


def aggregate(frames: Sequence[Mapping[str, FrameValue]], view: View) -> Measurement:
    """Median over frames; uncertainty from landmark visibility and, with several frames, their spread."""
    result = Measurement(view=view, notes=FRONT_NOTES if view == "front" else SIDE_NOTES)
    keys = [k for k in UNITS if any(k in f for f in frames)]
    for key in keys:
        series = [f[key] for f in frames if key in f]
        values = [v.value for v in series]
        n = len(values)
        median = statistics.median(values)
        frame_error = statistics.median(v.error for v in series)
        spread = _robust_spread(values)
        if n == 1:
            uncertainty = frame_error
        else:
            # The median of n frames: random wobble shrinks as 1.25·spread/√n (never below the error
            # model's own share for n frames); the part of the error shared by all frames stays.
            random_part = max(1.2533 * spread, (1 - SHARED_ERROR_SHARE) * frame_error) / math.sqrt(n)
            uncertainty = math.hypot(random_part, SHARED_ERROR_SHARE * frame_error)
        result.measures[key] = Measure(
            key,
            round(median, 2),
            round(uncertainty, 2),
            round(spread, 2),
            n,
            UNITS[key],
            read(key, median, uncertainty),
        )
        if key == "pelvis_forward_pct":
            forward = median > PELVIS_FORWARD_THRESHOLD_PCT
            result.measures["pelvis_forward"] = Measure(
                "pelvis_forward",
                forward,
                round(uncertainty, 2),
                round(spread, 2),
                n,
                UNITS["pelvis_forward"],
                read("pelvis_forward", median, uncertainty),
            )
    return result


def measure(frames: Sequence[Landmarks], view: View) -> Measurement:
    """Measure one or more frames (photos of the same pose, video frames) of one view."""
    if view not in VIEWS:
        raise LandmarksInvalid(f"The view must be 'front' or 'side', not {view!r}.")
    if not frames:
        raise LandmarksInvalid("No landmarks to measure: no frame had a person in it.")
    per_frame = []
    missing: dict[str, str] = {}
    for landmarks in frames:
        values, why = frame_values(landmarks, view)
        per_frame.append(values)
        missing.update(why)
    result = aggregate(per_frame, view)
    result.missing = {k: v for k, v in missing.items() if k not in result.measures}
    return result


def _unsure(value: float, uncertainty: float) -> str:
    if abs(value) <= uncertainty:
        return f" This is within the photo's uncertainty (about ±{uncertainty:.0f}), so it may be nothing."
    return ""


def read(key: str, value: float, uncertainty: float) -> str:
    """One or two plain sentences about a measure, in screening language."""
    size = abs(value)
    if key in ("shoulder_obliquity_deg", "pelvic_obliquity_deg"):
        part = "shoulder" if key.startswith("shoulder") else "hip"
        if size < 2:
            return f"Your {part}s look level (within 2°)."
        high, low = ("right", "left") if value > 0 else ("left", "right")
        return f"Your {high} {part} sits about {size:.0f}° higher than your {low}." + _unsure(
            value, uncertainty
        )
    if key == "head_tilt_deg":
        if size < 3:
            return "Your head looks upright (tilted less than 3°)."
        way = "right" if value > 0 else "left"
        return f"Your head tilts about {size:.0f}° towards your {way} shoulder." + _unsure(value, uncertainty)
    if key == "trunk_shift_pct":
        if size < 5:
            return "Your upper body sits centred over your hips."
        way = "right" if value > 0 else "left"
        return (
            f"Your shoulders sit a little to your {way} of your hips (by about {size:.0f}% of your "
            "shoulder width)." + _unsure(value, uncertainty)
        )
    if key == "head_forward_deg":
        if value < 10:
            return "Your ear sits roughly above your shoulder, close to the usual reference line."
        if value < 20:
            return f"Your head sits somewhat forward of your shoulders (about {value:.0f}° from vertical)."
        return (
            f"Your head sits well forward of your shoulders (about {value:.0f}° from vertical), a "
            "forward-head position worth checking in a mirror." + _unsure(value - 10, uncertainty)
        )
    if key == "trunk_lean_deg":
        if size < 5:
            return "Your upper body stands about upright over your hips."
        way = "forward" if value > 0 else "backward"
        return f"Your upper body leans about {size:.0f}° {way} over your hips." + _unsure(
            size - 5, uncertainty
        )
    if key == "pelvis_forward_pct":
        return (
            f"Your hips sit about {value:.0f}% of your ankle-to-shoulder height "
            f"{'in front of' if value >= 0 else 'behind'} the line from your ankle to your shoulder."
        )
    if key == "pelvis_forward":
        if value > PELVIS_FORWARD_THRESHOLD_PCT:
            return (
                "Your hips sit in front of the line from your ankle to your shoulder, a pattern often "
                "called sway back." + _unsure(value - PELVIS_FORWARD_THRESHOLD_PCT, uncertainty)
            )
        return "Your hips sit close to the line from your ankle to your shoulder."
    if key == "knee_hyperextension_deg":
        if value > KNEE_HYPEREXTENSION_THRESHOLD_DEG:
            return (
                f"Your knee seems to bend slightly backwards (about {value:.0f}°) when you stand, "
                "which some people call locked or hyperextended knees."
                + _unsure(value - KNEE_HYPEREXTENSION_THRESHOLD_DEG, uncertainty)
            )
        if value < -KNEE_BENT_DEG:
            return (
                f"Your knee is bent (about {-value:.0f}°) in this photo, so its straightness cannot be "
                "judged: stand with both legs straight and your weight on both feet."
            )
        return "Your knee looks straight without bending backwards."
    raise KeyError(key)


def engine_posture(measurement: Measurement) -> dict[str, float | bool]:
    """Only the posture keys and types of the engine contract (ids.md), clipped to its schema ranges."""
    limits = {
        "pelvic_obliquity_deg": (-45.0, 45.0),
        "shoulder_obliquity_deg": (-45.0, 45.0),
        "head_forward_deg": (-30.0, 90.0),
        "trunk_lean_deg": (-45.0, 45.0),
    }
    out: dict[str, float | bool] = {}
    for key, (low, high) in limits.items():
        if key in measurement.measures:
            out[key] = min(high, max(low, float(measurement.measures[key].value)))
    if "pelvis_forward" in measurement.measures:
        out["pelvis_forward"] = bool(measurement.measures["pelvis_forward"].value)
    return out

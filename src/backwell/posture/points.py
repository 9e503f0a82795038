"""The 33 MediaPipe pose landmarks as plain data: names, skeleton, pixel points and their JSON form."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# MediaPipe's PoseLandmark enum, in index order, lower-cased. Kept here so that measures, the JSON
# form and the overlay never need to import MediaPipe.
LANDMARK_NAMES: tuple[str, ...] = (
    "nose",
    "left_eye_inner",
    "left_eye",
    "left_eye_outer",
    "right_eye_inner",
    "right_eye",
    "right_eye_outer",
    "left_ear",
    "right_ear",
    "mouth_left",
    "mouth_right",
    "left_shoulder",
    "right_shoulder",
    "left_elbow",
    "right_elbow",
    "left_wrist",
    "right_wrist",
    "left_pinky",
    "right_pinky",
    "left_index",
    "right_index",
    "left_thumb",
    "right_thumb",
    "left_hip",
    "right_hip",
    "left_knee",
    "right_knee",
    "left_ankle",
    "right_ankle",
    "left_heel",
    "right_heel",
    "left_foot_index",
    "right_foot_index",
)

# Body segments drawn on the overlay (the face mesh lines are left out: they clutter a small photo).
SKELETON: tuple[tuple[str, str], ...] = (
    ("left_ear", "left_shoulder"),
    ("right_ear", "right_shoulder"),
    ("left_shoulder", "right_shoulder"),
    ("left_shoulder", "left_elbow"),
    ("left_elbow", "left_wrist"),
    ("right_shoulder", "right_elbow"),
    ("right_elbow", "right_wrist"),
    ("left_shoulder", "left_hip"),
    ("right_shoulder", "right_hip"),
    ("left_hip", "right_hip"),
    ("left_hip", "left_knee"),
    ("left_knee", "left_ankle"),
    ("left_ankle", "left_heel"),
    ("left_heel", "left_foot_index"),
    ("left_ankle", "left_foot_index"),
    ("right_hip", "right_knee"),
    ("right_knee", "right_ankle"),
    ("right_ankle", "right_heel"),
    ("right_heel", "right_foot_index"),
    ("right_ankle", "right_foot_index"),
)


@dataclass(frozen=True)
class Point:
    """One landmark in pixel coordinates of the analysed image (y grows downwards)."""

    x: float
    y: float
    visibility: float = 1.0


Landmarks = dict[str, Point]


class LandmarksInvalid(ValueError):
    """A landmark document that cannot be measured; the message says what to fix."""


def distance(a: Point, b: Point) -> float:
    return math.hypot(a.x - b.x, a.y - b.y)


def midpoint(a: Point, b: Point) -> Point:
    return Point((a.x + b.x) / 2, (a.y + b.y) / 2, min(a.visibility, b.visibility))


def landmarks_to_json(landmarks: Mapping[str, Point]) -> dict[str, dict[str, float]]:
    """{name: {x, y, visibility}} rounded to 1/100 px (ears can be 10 px apart: coarser rounding moves head tilt)."""
    return {
        name: {"x": round(p.x, 2), "y": round(p.y, 2), "visibility": round(p.visibility, 3)}
        for name in LANDMARK_NAMES
        if (p := landmarks.get(name)) is not None
    }


# No camera makes an image this many pixels across. A larger coordinate is a mistake, and refusing it
# keeps every difference, square and sum of coordinates finite (±1e308 overflowed them to NaN).
MAX_COORDINATE = 100_000.0


def _number(value: Any, what: str) -> float:
    # bool is an int in Python; a point at x=True is a mistake, not a coordinate.
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise LandmarksInvalid(f"{what} must be a finite number, not {value!r}.")
    if abs(value) > MAX_COORDINATE:
        raise LandmarksInvalid(f"{what} must be between -100000 and 100000 pixels, not {value!r}.")
    return float(value)


def check_within_image(landmarks: Mapping[str, Point], size: tuple[int, int] | None) -> None:
    """Raise LandmarksInvalid for a point far outside the photo.

    The pose model places hidden points (feet below the frame, say) a little outside the image, so a
    point may lie up to the image's own width or height beyond each edge; further is a mistake.
    """
    if size is None:
        return
    width, height = size
    for name, point in landmarks.items():
        if not (-width <= point.x <= 2 * width and -height <= point.y <= 2 * height):
            raise LandmarksInvalid(
                f"{name} is at ({point.x:g}, {point.y:g}), far outside the {width}×{height} photo. "
                "Drag it back onto the person."
            )


def landmarks_from_json(data: Any) -> Landmarks:
    """Parse {name: {x, y[, visibility]}} (or a document holding it under "landmarks")."""
    if isinstance(data, Mapping) and isinstance(data.get("landmarks"), Mapping):
        data = data["landmarks"]
    if not isinstance(data, Mapping):
        raise LandmarksInvalid(
            'Landmarks must be a JSON object like {"left_shoulder": {"x": 310, "y": 402, "visibility": 0.98}, …}.'
        )
    unknown = sorted(set(data) - set(LANDMARK_NAMES))
    if unknown:
        raise LandmarksInvalid(
            f"Unknown landmark name(s): {', '.join(map(str, unknown))}. "
            "Use MediaPipe's names in lower case, such as left_shoulder or right_hip."
        )
    result: Landmarks = {}
    for name, raw in data.items():
        if not isinstance(raw, Mapping) or "x" not in raw or "y" not in raw:
            raise LandmarksInvalid(
                f'Landmark {name} needs "x" and "y" in pixels, e.g. {{"x": 310, "y": 402}}.'
            )
        visibility = _number(raw.get("visibility", 1.0), f"{name}.visibility")
        if not 0.0 <= visibility <= 1.0:
            raise LandmarksInvalid(f"{name}.visibility must be between 0 and 1, not {visibility}.")
        result[name] = Point(_number(raw["x"], f"{name}.x"), _number(raw["y"], f"{name}.y"), visibility)
    return result

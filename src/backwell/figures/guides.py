"""Guides drawn over a figure to show what the person watches: a spirit level across the hips when
the point of standing on one leg is keeping the pelvis level."""

from __future__ import annotations

from .geometry import Skeleton
from .staging import Scene
from .svg import element

LEVEL = "#2a9d8f"
LEVEL_REACH = 16.0  # how far the level reaches past each hip
LEVEL_TOLERANCE = 0.5  # hip heights within this count as level (coordinates have one decimal)
FOOT_LIFTED = 6.0  # a foot this far above the floor is off it


def _level(sk: Skeleton) -> bool:
    return abs(sk.joints["hip_l"][1] - sk.joints["hip_r"][1]) <= LEVEL_TOLERANCE


def shows_level_pelvis(scene: Scene) -> bool:
    """Seen from the front or behind, standing on one leg with the pelvis level in every frame."""
    if scene.figure.view not in ("front", "back"):
        return False
    still = scene.still.skeleton
    floor = scene.floor_level
    lifted = [s for s in ("l", "r") if still.joints[f"toe_{s}"][1] < floor - FOOT_LIFTED]
    upright = abs((still.angles["pelvis"] + 180.0) % 360.0 - 180.0) < 20.0
    return len(lifted) == 1 and upright and all(_level(f.skeleton) for f in scene.frames)


def level_line(scene: Scene) -> str:
    """A spirit level across the hips, its bubble in the middle: the pelvis stays level."""
    if not shows_level_pelvis(scene):
        return ""
    j = scene.still.skeleton.joints
    (lx, y), (rx, _) = sorted((j["hip_l"], j["hip_r"]))
    left, right = lx - LEVEL_REACH, rx + LEVEL_REACH
    middle = (left + right) / 2
    vial = element(
        "rect",
        {
            "x": middle - 7.0,
            "y": y - 3.0,
            "width": 14.0,
            "height": 6.0,
            "rx": 3.0,
            "fill": "#fff",
            "stroke": LEVEL,
            "stroke-width": "1.5",
        },
    )
    bubble = element("circle", {"cx": middle, "cy": y, "r": 1.8, "fill": LEVEL})
    rule = element(
        "line",
        {
            "x1": left,
            "y1": y,
            "x2": right,
            "y2": y,
            "stroke": LEVEL,
            "stroke-width": "2",
            "stroke-dasharray": "4 2",
        },
    )
    return element("g", {"class": "level"}, [rule, vial, bubble])

"""A figure's pose as the 33 BlazePose landmarks a camera would report: test input for the live coach."""

from __future__ import annotations

from dataclasses import dataclass

from backwell.posture.points import LANDMARK_NAMES

from .geometry import SAGITTAL_VIEWS, Point, Skeleton, nose

# BlazePose's landmark order (the browser's landmarks.js INDEX holds the same names and numbers).
BLAZEPOSE = LANDMARK_NAMES
# The figure's joint that stands for each limb landmark; the hand's fingers all sit at its tip.
_LIMB_JOINTS = {
    "shoulder": "shoulder",
    "elbow": "elbow",
    "wrist": "wrist",
    "pinky": "hand",
    "index": "hand",
    "thumb": "hand",
    "hip": "hip",
    "knee": "knee",
    "ankle": "ankle",
    "foot_index": "toe",
}
# Seen from the side the far limbs are partly hidden: MediaPipe then reports them less visible.
NEAR_VISIBILITY = 0.95
FAR_VISIBILITY = 0.75


@dataclass(frozen=True, slots=True)
class Landmark:
    x: float
    y: float
    visibility: float


def _mirror(point: Point) -> Point:
    return (-point[0], point[1])


def _face(sk: Skeleton) -> dict[str, Point]:
    """Eyes, ears and mouth placed around the head and nose: only roughly, no coach reads them."""
    hx, hy = sk.joints["head"]
    nx, ny = nose(sk)
    mid = ((hx + nx) / 2, (hy + ny) / 2 - 3.0)
    out: dict[str, Point] = {}
    for side, sign in (("left", 1.0), ("right", -1.0)):
        spread = 0.0 if sk.view in SAGITTAL_VIEWS else sign * 3.0
        for part, dx in (("eye_inner", 1.0), ("eye", 2.0), ("eye_outer", 3.0)):
            out[f"{side}_{part}"] = (mid[0] + spread * dx / 2, mid[1])
        out[f"{side}_ear"] = (hx + spread * 3.0, hy)
        out[f"mouth_{side}"] = (nx + spread, ny + 4.0)
    return out


def landmarks(sk: Skeleton, *, mirrored: bool = False) -> list[Landmark]:
    """The 33 landmarks of a pose in figure units (y down), in BlazePose order.

    `mirrored` flips the picture left to right: a figure drawn from behind seen by a camera in
    front, or a side_right figure. The person's own left and right stay as they are.
    """
    j = sk.joints
    near = "l" if sk.view != "side_right" else "r"
    points: dict[str, tuple[Point, float]] = {}
    for name, (x, y) in _face(sk).items():
        points[name] = ((x, y), NEAR_VISIBILITY)
    points["nose"] = (nose(sk), NEAR_VISIBILITY)
    for side, short in (("left", "l"), ("right", "r")):
        far = sk.view in SAGITTAL_VIEWS and short != near
        visibility = FAR_VISIBILITY if far else NEAR_VISIBILITY
        for part, joint in _LIMB_JOINTS.items():
            points[f"{side}_{part}"] = (j[f"{joint}_{short}"], visibility)
        ankle, toe = j[f"ankle_{short}"], j[f"toe_{short}"]
        # The heel sits just behind the ankle, away from the toes.
        points[f"{side}_heel"] = ((ankle[0] - 0.3 * (toe[0] - ankle[0]), ankle[1] + 2.0), visibility)
    out = []
    for name in BLAZEPOSE:
        point, visibility = points[name]
        x, y = _mirror(point) if mirrored else point
        out.append(Landmark(x, y, visibility))
    return out

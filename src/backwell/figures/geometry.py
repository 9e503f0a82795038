"""Pose geometry: a figure frame's absolute segment angles turned into joint points."""

from __future__ import annotations

import math
from dataclasses import dataclass

from backwell.engine.knowledge import model

Point = tuple[float, float]

# Segment lengths in figure units (about one unit per centimetre of a 1.70 m adult). The head is
# drawn as a short neck plus a circle; "head" runs from the neck to the crown.
LENGTHS: dict[str, float] = {
    "trunk": 52.0,
    "head": 25.0,
    "upper_arm": 29.0,
    "forearm": 27.0,
    "thigh": 44.0,
    "shin": 42.0,
    "foot": 13.0,
}
FRONT_FOOT = 7.0  # seen from the front a foot points at us, so it shows only as a stub
NECK = 13.0  # neck point to the centre of the head
HEAD_RADIUS = 10.5
# From the side a small nose shows which way the face points: up, down or ahead.
NOSE_AT = HEAD_RADIUS * 0.8
NOSE_RADIUS = 3.0
SHOULDER_AT = 46.0  # distance from the hip centre along the trunk
SHOULDER_HALF_WIDTH = 14.0  # front view only
HIP_HALF_WIDTH = 10.0  # front view only

# Half the drawn thickness of each part: used to rest the body on the floor and props against it.
HALF_WIDTH: dict[str, float] = {
    "trunk": 10.0,
    "upper_arm": 4.0,
    "forearm": 3.5,
    "thigh": 5.5,
    "shin": 4.5,
    "foot": 3.0,
    "neck": 3.5,
}

SIDES = ("l", "r")
LIMB_SEGMENTS = ("upper_arm", "forearm", "thigh", "shin", "foot")
SEGMENTS: tuple[str, ...] = ("trunk", "head") + tuple(f"{s}_{side}" for s in LIMB_SEGMENTS for side in SIDES)
VIEWS = ("side", "front")

# Points along the trunk (fraction of hip centre → neck) that props can be placed at.
TRUNK_POINTS: dict[str, float] = {
    "pelvis": 0.0,
    "lower_back": 0.25,
    "belly": 0.3,
    "mid_back": 0.5,
    "upper_back": 0.75,
    "chest": 0.75,
}


class FigureError(ValueError):
    """A figure that cannot be drawn, with a message naming the figure and what is wrong."""


def direction(angle: float) -> Point:
    """Unit vector of an absolute angle, clockwise from straight up, in SVG axes (y points down)."""
    rad = math.radians(angle)
    return (math.sin(rad), -math.cos(rad))


def along(start: Point, angle: float, length: float) -> Point:
    dx, dy = direction(angle)
    return (start[0] + dx * length, start[1] + dy * length)


@dataclass(frozen=True, slots=True)
class Skeleton:
    """One pose of the figure: every segment's resolved angle and every joint's position."""

    view: str
    angles: dict[str, float]
    joints: dict[str, Point]

    def moved(self, dx: float, dy: float) -> Skeleton:
        joints = {name: (x + dx, y + dy) for name, (x, y) in self.joints.items()}
        return Skeleton(self.view, self.angles, joints)

    def bones(self) -> list[tuple[str, Point, Point, float]]:
        """(segment, start, end, half width) of every drawn segment."""
        j = self.joints
        out = [
            ("trunk", j["hip"], j["neck"], HALF_WIDTH["trunk"]),
            ("neck", j["neck"], j["head"], HALF_WIDTH["neck"]),
        ]
        for side in SIDES:
            out += [
                (f"upper_arm_{side}", j[f"shoulder_{side}"], j[f"elbow_{side}"], HALF_WIDTH["upper_arm"]),
                (f"forearm_{side}", j[f"elbow_{side}"], j[f"hand_{side}"], HALF_WIDTH["forearm"]),
                (f"thigh_{side}", j[f"hip_{side}"], j[f"knee_{side}"], HALF_WIDTH["thigh"]),
                (f"shin_{side}", j[f"knee_{side}"], j[f"ankle_{side}"], HALF_WIDTH["shin"]),
                (f"foot_{side}", j[f"ankle_{side}"], j[f"toe_{side}"], HALF_WIDTH["foot"]),
            ]
        return out

    def extent(self) -> tuple[float, float, float, float]:
        """(min x, min y, max x, max y) of the drawn body, thickness included."""
        xs: list[float] = []
        ys: list[float] = []
        for _, a, b, half in self.bones():
            for x, y in (a, b):
                xs += [x - half, x + half]
                ys += [y - half, y + half]
        for (x, y), r in self.head_circles():
            xs += [x - r, x + r]
            ys += [y - r, y + r]
        return (min(xs), min(ys), max(xs), max(ys))

    def head_circles(self) -> list[tuple[Point, float]]:
        """The head, and from the side its nose: (centre, radius) of each."""
        head = self.joints["head"]
        circles = [(head, HEAD_RADIUS)]
        if self.view == "side":
            circles.append((along(head, self.angles["head"] + 90.0, NOSE_AT), NOSE_RADIUS))
        return circles

    def lowest(self) -> float:
        return self.extent()[3]

    def touching(self, floor: float, tolerance: float = 3.0) -> set[str]:
        """Joints whose drawn outline reaches the floor line, give or take a hand-set angle's slack."""
        touching = set()
        for name, a, b, half in self.bones():
            if a[1] + half >= floor - tolerance:
                touching.add(_start_joint(name))
            if b[1] + half >= floor - tolerance:
                touching.add(_end_joint(name))
        if any(y + r >= floor - tolerance for (_, y), r in self.head_circles()):
            touching.add("head")
        return touching


_ENDS = {
    "trunk": ("hip", "neck"),
    "neck": ("neck", "head"),
    "upper_arm": ("shoulder", "elbow"),
    "forearm": ("elbow", "hand"),
    "thigh": ("hip", "knee"),
    "shin": ("knee", "ankle"),
    "foot": ("ankle", "toe"),
}


def _split(segment: str) -> tuple[str, str]:
    if segment[-2:] in ("_l", "_r"):
        return segment[:-2], segment[-1]
    return segment, ""


def _start_joint(segment: str) -> str:
    base, side = _split(segment)
    name = _ENDS[base][0]
    return f"{name}_{side}" if side else name


def _end_joint(segment: str) -> str:
    base, side = _split(segment)
    name = _ENDS[base][1]
    return f"{name}_{side}" if side else name


def resolve_angles(frame: model.Frame, view: str) -> dict[str, float]:
    """Every segment's angle: the frame's own, or a natural default (head in line with the trunk,
    feet at a right angle to the shin from the side, turned slightly out from the front)."""
    given = dict(frame.angles)
    angles: dict[str, float] = {}
    angles["trunk"] = given.get("trunk", 0.0)
    angles["head"] = given.get("head", angles["trunk"])
    for side in SIDES:
        for segment in ("upper_arm", "forearm", "thigh", "shin"):
            name = f"{segment}_{side}"
            # An unstated arm hangs and an unstated leg stands; a forearm or shin continues its parent.
            parent = {"forearm": f"upper_arm_{side}", "shin": f"thigh_{side}"}.get(segment)
            angles[name] = given.get(name, angles[parent] if parent else 180.0)
        shin = angles[f"shin_{side}"]
        # From the side a foot points forward; from the front it shows as a stub turned out a little.
        default_foot = shin - 90.0 if view == "side" else (shin - 30.0 if side == "l" else shin + 30.0)
        angles[f"foot_{side}"] = given.get(f"foot_{side}", default_foot)
    return angles


def check_frame(frame: model.Frame, where: str) -> None:
    unknown = sorted(set(dict(frame.angles)) - set(SEGMENTS))
    if unknown:
        raise FigureError(
            f"{where}: unknown segment(s) {', '.join(unknown)}; the segments are {', '.join(SEGMENTS)}"
        )
    if not frame.ground and (frame.x is None or frame.y is None):
        raise FigureError(f"{where}: a frame with ground: false needs x and y for the hip centre")


def skeleton(frame: model.Frame, view: str) -> Skeleton:
    """The pose of one frame with the hip centre at (0, 0)."""
    if view not in VIEWS:
        raise FigureError(f"view {view!r} is not one of {', '.join(VIEWS)}")
    a = resolve_angles(frame, view)
    hip: Point = (0.0, 0.0)
    joints: dict[str, Point] = {"hip": hip}
    trunk = a["trunk"]
    joints["neck"] = along(hip, trunk, LENGTHS["trunk"])
    joints["head"] = along(joints["neck"], a["head"], NECK)
    joints["crown"] = along(joints["neck"], a["head"], LENGTHS["head"])
    shoulder_mid = along(hip, trunk, SHOULDER_AT)
    for side in SIDES:
        if view == "front":
            # The person faces us, so their left side is on our right (clockwise from the trunk).
            lateral = trunk + 90.0 if side == "l" else trunk - 90.0
            shoulder = along(shoulder_mid, lateral, SHOULDER_HALF_WIDTH)
            hip_joint = along(hip, lateral, HIP_HALF_WIDTH)
            foot_length = FRONT_FOOT
        else:
            shoulder, hip_joint, foot_length = shoulder_mid, hip, LENGTHS["foot"]
        joints[f"shoulder_{side}"] = shoulder
        joints[f"elbow_{side}"] = along(shoulder, a[f"upper_arm_{side}"], LENGTHS["upper_arm"])
        joints[f"hand_{side}"] = along(joints[f"elbow_{side}"], a[f"forearm_{side}"], LENGTHS["forearm"])
        joints[f"hip_{side}"] = hip_joint
        joints[f"knee_{side}"] = along(hip_joint, a[f"thigh_{side}"], LENGTHS["thigh"])
        joints[f"ankle_{side}"] = along(joints[f"knee_{side}"], a[f"shin_{side}"], LENGTHS["shin"])
        joints[f"toe_{side}"] = along(joints[f"ankle_{side}"], a[f"foot_{side}"], foot_length)
    return Skeleton(view, a, joints)


def body_point(sk: Skeleton, name: str) -> tuple[Point, float]:
    """A named point of the body and the body's half thickness there (for props resting on it).

    Joints (hip, knee_l, hand_r…), points along the trunk (lower_back, mid_back, upper_back, belly,
    chest, pelvis) and segment middles (thigh_l, upper_arm_r…) are accepted.
    """
    j = sk.joints
    if name in TRUNK_POINTS:
        hx, hy = j["hip"]
        nx, ny = j["neck"]
        f = TRUNK_POINTS[name]
        return (hx + (nx - hx) * f, hy + (ny - hy) * f), HALF_WIDTH["trunk"]
    if name in j:
        # The outline around a joint: the pelvis is as thick as the trunk, a side of the hip
        # (hip_l, hip_r) reaches past the thigh, other joints are about limb-thick.
        half = {"head": HEAD_RADIUS, "hip": HALF_WIDTH["trunk"], "hip_l": 7.0, "hip_r": 7.0}.get(name, 4.5)
        return j[name], half
    base, side = _split(name)
    if side and base in _ENDS:
        a = j[_start_joint(name)]
        b = j[_end_joint(name)]
        return ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2), HALF_WIDTH[base]
    known = sorted([*j, *TRUNK_POINTS, *(s for s in SEGMENTS if s not in ("trunk", "head"))])
    raise FigureError(f"prop_at {name!r} is not a point of the body; use one of {', '.join(known)}")

"""Pose geometry: a figure frame's absolute segment angles turned into joint points."""

from __future__ import annotations

import math
from dataclasses import dataclass

from backwell.engine.knowledge import model

Point = tuple[float, float]

# Segment lengths in figure units (about one unit per centimetre of a 1.70 m adult). The head is
# drawn as a short neck plus a circle; "head" runs from the neck to the crown. The trunk (hip centre
# to neck) is a chain of three parts so the back can round, arch, bend sideways and twist: the
# pelvis, the lumbar spine and the thoracic spine.
LENGTHS: dict[str, float] = {
    "trunk": 52.0,
    "pelvis": 10.0,
    "lumbar": 18.0,
    "thoracic": 24.0,
    "head": 25.0,
    "upper_arm": 29.0,
    "forearm": 19.0,  # elbow to wrist; the hand adds the rest of the old forearm's 27
    "hand": 8.0,
    "thigh": 44.0,
    "shin": 42.0,
    "foot": 13.0,
}
SPINE = ("pelvis", "lumbar", "thoracic")
FRONT_FOOT = 7.0  # seen from the front a foot points at us, so it shows only as a stub
NECK = 13.0  # neck point to the centre of the head
HEAD_RADIUS = 10.5
# From the side a small nose shows which way the face points: up, down or ahead.
NOSE_AT = HEAD_RADIUS * 0.8
NOSE_RADIUS = 3.0
SHOULDER_AT = 46.0  # distance from the hip centre along the trunk
SHOULDER_ON_THORACIC = SHOULDER_AT - LENGTHS["pelvis"] - LENGTHS["lumbar"]
SHOULDER_HALF_WIDTH = 14.0  # front view only
HIP_HALF_WIDTH = 10.0  # front view only
WAIST_HALF_WIDTH = 9.0  # front view: the torso narrows at the waist

# Half the drawn thickness of each part: used to rest the body on the floor and props against it.
HALF_WIDTH: dict[str, float] = {
    "trunk": 10.0,
    "pelvis": 11.0,
    "lumbar": 10.0,
    "thoracic": 10.0,
    "upper_arm": 4.0,
    "forearm": 3.5,
    "hand": 3.0,
    "thigh": 5.5,
    "shin": 4.5,
    "foot": 3.0,
    "neck": 3.5,
}

SIDES = ("l", "r")
LIMB_SEGMENTS = ("upper_arm", "forearm", "hand", "thigh", "shin", "foot")
# Axial turns, not directions in the picture: the head turning to look sideways and the chest
# twisting on the pelvis (degrees, positive towards the person's right).
TURNS = ("head_turn", "twist")
# The shoulder blades slide on the ribs: `blade_squeeze` draws them towards the spine (negative:
# apart, as when reaching forward) and `blade_lift` raises them towards the ears (negative: down),
# in figure units. They show in the back view, where exercises about them are drawn.
BLADES = ("blade_squeeze", "blade_lift")
BLADE_LIMIT = 8.0
# A limb pointing into or out of the picture looks shorter: `<segment>_depth` is its angle out of
# the picture plane in degrees (a kneeling shin seen from the front points straight back: 80-90).
DEPTH_SEGMENTS = tuple(f"{s}_{side}" for s in ("upper_arm", "forearm", "thigh", "shin") for side in SIDES)
SEGMENTS: tuple[str, ...] = (
    ("trunk", *SPINE, "head")
    + tuple(f"{s}_{side}" for s in LIMB_SEGMENTS for side in SIDES)
    + TURNS
    + BLADES
    + tuple(f"{s}_depth" for s in DEPTH_SEGMENTS)
)
# Values that are not directions of a chain segment: they change evenly between keyframes.
EVEN_VALUES = (*TURNS, *BLADES, *(f"{s}_depth" for s in DEPTH_SEGMENTS))
# side: the person faces right, their left side nearest; side_right: the mirror image, facing left
# with their right side nearest (for exercises whose words use the right side); front: facing us;
# back: their back to us. A side_right pose is worked out as a side one and mirrored when drawn.
# three_quarter: the side view turned so the person's front is partly towards us, for exercises
# where both the straight back and what the two sides do matter (bird dog, thread the needle).
# Its angles are side-view angles; its pose is the side pose with each joint's distance towards
# the person's left (hips and shoulders apart, `_depth` limbs reaching across) added in at YAW.
SIDE_VIEWS = ("side", "side_right")
THREE_QUARTER = "three_quarter"
SAGITTAL_VIEWS = (*SIDE_VIEWS, THREE_QUARTER)  # views whose angles are side-view angles
VIEWS = (*SIDE_VIEWS, THREE_QUARTER, "front", "back")
YAW = 38.0  # degrees the three-quarter view is turned from the side view

# Points along the trunk (fraction of the way along the spine, hip centre → neck) that props can be
# placed at.
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
            ("pelvis", j["hip"], j["waist"], HALF_WIDTH["pelvis"]),
            ("lumbar", j["waist"], j["mid"], HALF_WIDTH["lumbar"]),
            ("thoracic", j["mid"], j["neck"], HALF_WIDTH["thoracic"]),
            ("neck", j["neck"], j["head"], HALF_WIDTH["neck"]),
        ]
        for side in SIDES:
            out += [
                (f"upper_arm_{side}", j[f"shoulder_{side}"], j[f"elbow_{side}"], HALF_WIDTH["upper_arm"]),
                (f"forearm_{side}", j[f"elbow_{side}"], j[f"wrist_{side}"], HALF_WIDTH["forearm"]),
                (f"hand_{side}", j[f"wrist_{side}"], j[f"hand_{side}"], HALF_WIDTH["hand"]),
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
        """The head and its nose: (centre, radius) of each."""
        return [(self.joints["head"], HEAD_RADIUS), (nose(self), NOSE_RADIUS)]

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
    "pelvis": ("hip", "waist"),
    "lumbar": ("waist", "mid"),
    "thoracic": ("mid", "neck"),
    "neck": ("neck", "head"),
    "upper_arm": ("shoulder", "elbow"),
    "forearm": ("elbow", "wrist"),
    "hand": ("wrist", "hand"),
    "thigh": ("hip", "knee"),
    "shin": ("knee", "ankle"),
    "foot": ("ankle", "toe"),
}


def nose(sk: Skeleton) -> Point:
    """Where the nose shows, which says where the face points.

    From the side it sits on the face, moving to the middle of the head as the head turns towards
    us; from the front it is on the face, shifted as the head turns; from behind it shows only at
    the edge of a head turned well to one side.
    """
    head, angle, turn = sk.joints["head"], sk.angles["head"], math.radians(sk.angles["head_turn"])
    if sk.view in SIDE_VIEWS:
        return along(head, angle + 90.0, NOSE_AT * math.cos(turn))
    if sk.view == THREE_QUARTER:
        # The face ahead, turned towards the person's right (away from us) by head_turn.
        ahead = direction(angle + 90.0)
        offset = project(
            (ahead[0] * NOSE_AT * math.cos(turn), ahead[1] * NOSE_AT * math.cos(turn)),
            -NOSE_AT * math.sin(turn),
        )
        return (head[0] + offset[0], head[1] + offset[1])
    # The person's right is on our left from the front and on our right from behind.
    right = angle - 90.0 if sk.view == "front" else angle + 90.0
    # From behind, past the edge of the head, so a turn shows as the face peeking out.
    reach = NOSE_AT if sk.view == "front" else HEAD_RADIUS + 1.5
    return along(head, right, reach * math.sin(turn))


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


def _overall(angles: dict[str, float]) -> float:
    """The direction from the hip centre to the neck through the three parts of the spine."""
    x = sum(direction(angles[p])[0] * LENGTHS[p] for p in SPINE)
    y = sum(direction(angles[p])[1] * LENGTHS[p] for p in SPINE)
    return math.degrees(math.atan2(x, -y)) % 360.0


def resolve_angles(frame: model.Frame, view: str) -> dict[str, float]:
    """Every segment's angle: the frame's own, or a natural default (a straight back along the
    trunk, head in line with the chest, feet at a right angle to the shin from the side, turned
    slightly out from the front, hands in line with the forearm, no turn, no depth)."""
    given = dict(frame.angles)
    angles: dict[str, float] = {}
    trunk = given.get("trunk", 0.0)
    for part in SPINE:
        angles[part] = given.get(part, trunk)
    # Figures drawn before the spine had parts give only the trunk; newer ones may give only parts.
    angles["trunk"] = trunk if "trunk" in given or not any(p in given for p in SPINE) else _overall(angles)
    angles["head"] = given.get("head", angles["thoracic"])
    for side in SIDES:
        for segment in ("upper_arm", "forearm", "hand", "thigh", "shin"):
            name = f"{segment}_{side}"
            # An unstated arm hangs and an unstated leg stands; a forearm, hand or shin continues its parent.
            parent = {"forearm": f"upper_arm_{side}", "hand": f"forearm_{side}", "shin": f"thigh_{side}"}.get(
                segment
            )
            angles[name] = given.get(name, angles[parent] if parent else 180.0)
        shin = angles[f"shin_{side}"]
        # From the side a foot points forward; from the front or behind it shows as a stub turned out.
        out = 30.0 if (side == "l") == (view == "front") else -30.0
        default_foot = shin - 90.0 if view in SAGITTAL_VIEWS else shin - out
        angles[f"foot_{side}"] = given.get(f"foot_{side}", default_foot)
    for name in EVEN_VALUES:
        angles[name] = given.get(name, 0.0)
    return angles


def shown_length(angles: dict[str, float], segment: str) -> float:
    """A limb segment's length as drawn: shorter when it points into or out of the picture."""
    base, _ = _split(segment)
    depth = angles.get(f"{segment}_depth", 0.0)
    return LENGTHS[base] * math.cos(math.radians(depth))


def check_frame(frame: model.Frame, where: str) -> None:
    given = dict(frame.angles)
    unknown = sorted(set(given) - set(SEGMENTS))
    if unknown:
        raise FigureError(
            f"{where}: unknown segment(s) {', '.join(unknown)}; the segments are {', '.join(SEGMENTS)}"
        )
    for name in (*TURNS, *(f"{s}_depth" for s in DEPTH_SEGMENTS)):
        if not -90.0 <= given.get(name, 0.0) <= 90.0:
            raise FigureError(f"{where}: {name} is {given[name]:g}; a turn or depth is between -90 and 90")
    for name in BLADES:
        if not -BLADE_LIMIT <= given.get(name, 0.0) <= BLADE_LIMIT:
            raise FigureError(
                f"{where}: {name} is {given[name]:g}; the shoulder blades slide between "
                f"-{BLADE_LIMIT:g} and {BLADE_LIMIT:g} units"
            )
    if not frame.ground and (frame.x is None or frame.y is None):
        raise FigureError(f"{where}: a frame with ground: false needs x and y for the hip centre")


def lateral(angle: float, side: str, view: str) -> float:
    """The direction from a segment's axis towards the person's `side`, seen from the front or back.

    Facing us, their left is on our right (clockwise from the segment); from behind it is on our left.
    """
    towards_right = (side == "l") == (view == "front")
    return angle + 90.0 if towards_right else angle - 90.0


def project(sagittal: Point, leftward: float) -> Point:
    """A three-quarter view point from its side-view position and its distance towards the
    person's left (towards us): the side view turned by YAW about the vertical, so heights keep."""
    yaw = math.radians(YAW)
    return (sagittal[0] * math.cos(yaw) + leftward * math.sin(yaw), sagittal[1])


def skeleton(frame: model.Frame, view: str) -> Skeleton:
    """The pose of one frame with the hip centre at (0, 0)."""
    if view not in VIEWS:
        raise FigureError(f"view {view!r} is not one of {', '.join(VIEWS)}")
    a = resolve_angles(frame, view)
    hip: Point = (0.0, 0.0)
    joints: dict[str, Point] = {"hip": hip}
    # Three-quarter view only: each joint's distance towards the person's left, out of the side view.
    leftward: dict[str, float] = {}
    joints["waist"] = along(hip, a["pelvis"], LENGTHS["pelvis"])
    joints["mid"] = along(joints["waist"], a["lumbar"], LENGTHS["lumbar"])
    joints["neck"] = along(joints["mid"], a["thoracic"], LENGTHS["thoracic"])
    joints["head"] = along(joints["neck"], a["head"], NECK)
    joints["crown"] = along(joints["neck"], a["head"], LENGTHS["head"])
    shoulder_mid = along(joints["mid"], a["thoracic"], SHOULDER_ON_THORACIC)
    twist = math.radians(a["twist"])
    for side in SIDES:
        sign = 1.0 if side == "l" else -1.0
        if view in SAGITTAL_VIEWS:
            # Twisting to the right brings the near (left) shoulder forward and the far one back.
            shoulder = along(shoulder_mid, a["thoracic"] + 90.0, sign * SHOULDER_HALF_WIDTH * math.sin(twist))
            hip_joint, foot_length = hip, LENGTHS["foot"]
            leftward[f"shoulder_{side}"] = sign * SHOULDER_HALF_WIDTH * math.cos(twist)
            leftward[f"hip_{side}"] = sign * HIP_HALF_WIDTH
        else:
            width = SHOULDER_HALF_WIDTH * math.cos(twist)
            shoulder = along(shoulder_mid, lateral(a["thoracic"], side, view), width)
            hip_joint = along(hip, lateral(a["pelvis"], side, view), HIP_HALF_WIDTH)
            foot_length = FRONT_FOOT
        joints[f"shoulder_{side}"] = shoulder
        joints[f"hip_{side}"] = hip_joint
        for start, segment, end, length in (
            ("shoulder", "upper_arm", "elbow", None),
            ("elbow", "forearm", "wrist", None),
            ("wrist", "hand", "hand", LENGTHS["hand"]),
            ("hip", "thigh", "knee", None),
            ("knee", "shin", "ankle", None),
            ("ankle", "foot", "toe", foot_length),
        ):
            name = f"{segment}_{side}"
            shown = shown_length(a, name) if length is None else length
            joints[f"{end}_{side}"] = along(joints[f"{start}_{side}"], a[name], shown)
            # A limb pointing out of the picture (positive depth: towards the person's left) reaches
            # across the body in the three-quarter view.
            depth = math.radians(a.get(f"{name}_depth", 0.0))
            reach = LENGTHS[segment] * math.sin(depth) if length is None else 0.0
            leftward[f"{end}_{side}"] = leftward.get(f"{start}_{side}", 0.0) + reach
    if view == THREE_QUARTER:
        joints = {name: project(point, leftward.get(name, 0.0)) for name, point in joints.items()}
    return Skeleton(view, a, joints)


def spine_point(sk: Skeleton, fraction: float) -> Point:
    """The point `fraction` of the way along the spine, from the hip centre to the neck."""
    left = fraction * LENGTHS["trunk"]
    points = [sk.joints[n] for n in ("hip", "waist", "mid", "neck")]
    for part, a, b in zip(SPINE, points[:-1], points[1:], strict=True):
        length = LENGTHS[part]
        if left <= length or part == SPINE[-1]:
            f = left / length
            return (a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f)
        left -= length
    raise AssertionError("unreachable")  # pragma: no cover - the loop returns on its last part


def body_point(sk: Skeleton, name: str) -> tuple[Point, float]:
    """A named point of the body and the body's half thickness there (for props resting on it).

    Joints (hip, knee_l, hand_r…), points along the trunk (lower_back, mid_back, upper_back, belly,
    chest, pelvis) and segment middles (thigh_l, upper_arm_r…) are accepted.
    """
    j = sk.joints
    if name in TRUNK_POINTS:
        return spine_point(sk, TRUNK_POINTS[name]), HALF_WIDTH["trunk"]
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
    known = sorted([*j, *TRUNK_POINTS, *(f"{s}_{side}" for s in LIMB_SEGMENTS for side in SIDES)])
    raise FigureError(f"prop_at {name!r} is not a point of the body; use one of {', '.join(known)}")

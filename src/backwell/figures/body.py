"""The drawn body: every part of one pose as shapes, back to front, in scene coordinates.

The still draws these shapes for its key pose; the animation draws the same shapes with each
changing value sampled along the eased moves (as the props are), so both show the same figure.
"""

from __future__ import annotations

import math

from . import emphasis
from .geometry import (
    HEAD_RADIUS,
    HIP_HALF_WIDTH,
    LENGTHS,
    NOSE_RADIUS,
    SAGITTAL_VIEWS,
    SHOULDER_HALF_WIDTH,
    SHOULDER_ON_THORACIC,
    SIDE_VIEWS,
    THREE_QUARTER,
    WAIST_HALF_WIDTH,
    YAW,
    Point,
    Skeleton,
    nose,
)
from .svg import Shape, circle, line, poly

NEAR = "#2d3e50"
FAR = "#a3b5c6"
TORSO = "#4d6a85"
PELVIS = "#33485d"  # darker, like shorts, so a tilt of the pelvis shows against the back
FACE = "#c9d6e2"  # the nose seen from the front, light on the dark head
BLADE = "#8fa8bf"  # shoulder blades and the line of the spine, seen from behind
WIDTH = {
    "trunk": 20.0,
    "neck": 7.0,
    "upper_arm": 8.0,
    "forearm": 7.0,
    "hand": 6.0,
    "thigh": 11.0,
    "shin": 9.0,
    "foot": 6.0,
}
FRONT_TORSO_STROKE = 12.0
# Turned three-quarters the torso shows its side (the stroke) and part of its width (the polygon).
THREE_QUARTER_TORSO_STROKE = 15.0
# How far the shoulder blades slide per unit of blade_squeeze: kept short of the spine.
SQUEEZE_SHARE = 0.8
ARM_PARTS = (("upper_arm", "shoulder", "elbow"), ("forearm", "elbow", "wrist"), ("hand", "wrist", "hand"))
LEG_PARTS = (("thigh", "hip", "knee"), ("shin", "knee", "ankle"), ("foot", "ankle", "toe"))


def colour_of(segment: str, base: str, moving: frozenset[str]) -> str:
    """A segment's colour: the highlight when it is one of the parts that move."""
    if segment not in moving:
        return base
    return emphasis.HIGHLIGHT_FAR if base == FAR else emphasis.HIGHLIGHT


def _bone(a: Point, b: Point, colour: str, width: float, cls: str) -> Shape:
    return line(a, b, colour, width, **{"class": cls})


def _limbs(
    sk: Skeleton, side: str, colour: str, cls: str, moving: frozenset[str]
) -> tuple[list[Shape], list[Shape]]:
    """(leg, arm) segments of one side."""
    j = sk.joints

    def part(segment: str, start: str, end: str) -> Shape:
        name = f"{segment}_{side}"
        a, b = j[f"{start}_{side}"], j[f"{end}_{side}"]
        return _bone(
            a, b, colour_of(name, colour, moving), WIDTH[segment], f"{cls} {segment.replace('_', '-')}"
        )

    return [part(*p) for p in LEG_PARTS], [part(*p) for p in ARM_PARTS]


def _placed(points: list[Point], origin: Point, angle: float) -> list[Point]:
    """Points of a segment's own frame (start at the origin, pointing up -y) put into the scene."""
    rad = math.radians(angle)
    c, s = math.cos(rad), math.sin(rad)
    return [(origin[0] + x * c - y * s, origin[1] + x * s + y * c) for x, y in points]


def _torso_outline(twist: float) -> dict[str, list[Point]]:
    """Front or back view: each part of the torso as a polygon in its own frame, narrowing at the
    waist; the chest narrows as it twists."""
    w = WAIST_HALF_WIDTH
    shoulders = SHOULDER_HALF_WIDTH * math.cos(math.radians(twist))
    pelvis, lumbar = LENGTHS["pelvis"], LENGTHS["lumbar"]
    return {
        "pelvis": [(-HIP_HALF_WIDTH, 0.0), (HIP_HALF_WIDTH, 0.0), (w, -pelvis), (-w, -pelvis)],
        "lumbar": [(-w, 0.0), (w, 0.0), (w, -lumbar), (-w, -lumbar)],
        "thoracic": [
            (-w, 0.0),
            (w, 0.0),
            (shoulders, -SHOULDER_ON_THORACIC),
            (-shoulders, -SHOULDER_ON_THORACIC),
        ],
    }


def _head(sk: Skeleton, moving: frozenset[str]) -> list[Shape]:
    j = sk.joints
    colour = colour_of("head", NEAR, moving)
    face = circle(nose(sk), NOSE_RADIUS, FACE if sk.view == "front" else colour, **{"class": "nose"})
    head = circle(j["head"], HEAD_RADIUS, colour, **{"class": "head"})
    neck = _bone(j["neck"], j["head"], colour, WIDTH["neck"], "neck")
    # From behind the nose shows only past the edge of a turned head, so it is drawn under it.
    return [neck, face, head] if sk.view == "back" else [neck, head, face]


def _torso_part(corners: list[Point], fill: str, cls: str, stroke: float) -> Shape:
    return poly(
        "polygon",
        corners,
        fill,
        stroke=fill,
        stroke_width=str(stroke),
        stroke_linejoin="round",
        **{"class": cls},
    )


def _three_quarter_torso(sk: Skeleton, moving: frozenset[str]) -> list[Shape]:
    """The torso turned three-quarters: each part spans from its right edge to its left edge, so the
    hips and shoulders show apart (the pelvis level or not) as well as the line of the back."""
    j = sk.joints
    across = math.sin(math.radians(YAW))

    def edges(point: Point, half: float) -> tuple[Point, Point]:
        return (point[0] - half * across, point[1]), (point[0] + half * across, point[1])

    waist_r, waist_l = edges(j["waist"], WAIST_HALF_WIDTH)
    mid_r, mid_l = edges(j["mid"], WAIST_HALF_WIDTH)
    parts = {
        "lumbar": [waist_r, waist_l, mid_l, mid_r],
        "thoracic": [mid_r, mid_l, j["shoulder_l"], j["shoulder_r"]],
        "pelvis": [j["hip_r"], j["hip_l"], waist_l, waist_r],
    }
    return [
        _torso_part(
            corners,
            colour_of(part, PELVIS if part == "pelvis" else TORSO, moving),
            "pelvis" if part == "pelvis" else f"torso {part}",
            THREE_QUARTER_TORSO_STROKE,
        )
        for part, corners in parts.items()
    ]


def _blades(sk: Skeleton, moving: frozenset[str]) -> list[Shape]:
    """Seen from behind: the shoulder blades, slid towards the spine by blade_squeeze and towards
    the ears by blade_lift, so an exercise about them shows them move."""
    j, a = sk.joints, sk.angles
    colour = emphasis.HIGHLIGHT_FAR if "blades" in moving else BLADE
    squeeze, lift = a["blade_squeeze"] * SQUEEZE_SHARE, a["blade_lift"]
    top = -SHOULDER_ON_THORACIC + 3.0 - lift
    shapes = []
    for sign in (-1.0, 1.0):
        blade = [
            (sign * (3.0 - squeeze), top),
            (sign * (11.0 - squeeze), top),
            (sign * (4.0 - squeeze), top + 13.0),
        ]
        corners = _placed(blade, j["mid"], a["thoracic"])
        shapes.append(
            poly(
                "polygon",
                corners,
                colour,
                stroke=colour,
                stroke_width="2",
                stroke_linejoin="round",
                **{"class": "blade"},
            )
        )
    return shapes


def _torso(sk: Skeleton, moving: frozenset[str]) -> list[Shape]:
    j, a = sk.joints, sk.angles
    if sk.view in SIDE_VIEWS:
        return [
            _bone(j["hip"], j["waist"], colour_of("pelvis", PELVIS, moving), WIDTH["trunk"], "pelvis"),
            _bone(j["waist"], j["mid"], colour_of("lumbar", TORSO, moving), WIDTH["trunk"], "torso lumbar"),
            _bone(
                j["mid"], j["neck"], colour_of("thoracic", TORSO, moving), WIDTH["trunk"], "torso thoracic"
            ),
        ]
    if sk.view == THREE_QUARTER:
        return _three_quarter_torso(sk, moving)
    outline = _torso_outline(a["twist"])
    starts = {"pelvis": j["hip"], "lumbar": j["waist"], "thoracic": j["mid"]}
    shapes = []
    for part in ("lumbar", "thoracic", "pelvis"):  # the pelvis last, so its upper edge (the belt) shows
        fill = colour_of(part, PELVIS if part == "pelvis" else TORSO, moving)
        corners = _placed(outline[part], starts[part], a[part])
        shapes.append(
            _torso_part(corners, fill, "pelvis" if part == "pelvis" else f"torso {part}", FRONT_TORSO_STROKE)
        )
    if sk.view == "back":
        # The line of the spine shows it bend sideways; the shoulder blades show they are seen.
        spine = [j["hip"], j["waist"], j["mid"], j["neck"]]
        shapes.append(poly("polyline", spine, "none", stroke=BLADE, stroke_width="1.5", **{"class": "spine"}))
        shapes += _blades(sk, moving)
    return shapes


def body_shapes(sk: Skeleton, moving: frozenset[str] = frozenset()) -> list[Shape]:
    """Every shape of the body in one pose, back to front, moving parts in the highlight colour."""
    head = _head(sk, moving)
    torso = _torso(sk, moving)
    if sk.view in SAGITTAL_VIEWS:
        near, far = ("r", "l") if sk.view == "side_right" else ("l", "r")
        far_leg, far_arm = _limbs(sk, far, FAR, "limb far", moving)
        near_leg, near_arm = _limbs(sk, near, NEAR, "limb near", moving)
        return [*far_arm, *far_leg, *torso, *head, *near_leg, *near_arm]
    legs_r, arms_r = _limbs(sk, "r", NEAR, "limb right", moving)
    legs_l, arms_l = _limbs(sk, "l", NEAR, "limb left", moving)
    return [*legs_r, *legs_l, *torso, *head, *arms_r, *arms_l]

"""The animated picture: the figure moving between keyframes in a loop, with SMIL only (no script).

Each segment turns about its parent joint (nested <g> with <animateTransform type="rotate">) and
the hip centre follows its keyframe positions, so limbs keep their length while they move. Props
that go with the body are sampled along each move (see motion.py) so they stay in the hands.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from backwell.engine.knowledge import model

from .geometry import (
    FRONT_FOOT,
    HEAD_RADIUS,
    HIP_HALF_WIDTH,
    LENGTHS,
    NECK,
    NOSE_AT,
    NOSE_RADIUS,
    SHOULDER_AT,
    SHOULDER_HALF_WIDTH,
    Skeleton,
)
from .motion import SAMPLES, nearest_turn
from .props import Prop, inversion_pivot
from .render import (
    FAR,
    FRONT_TORSO_STROKE,
    NEAR,
    TORSO,
    WIDTH,
    Named,
    document,
    layers,
    prop_names,
    segment_line,
    starting_position,
    title_of,
)
from .staging import Scene, in_between, moving_props, stage
from .svg import element, num

HOLD_S = 1.2  # each key position is held, as in the exercise itself
MOVE_S = 1.6
EASE = "0.42 0 0.58 1"
STEADY = "0 0 1 1"


def _timing(count: int) -> dict[str, str]:
    """SMIL timing shared by every animated value: hold each frame, then ease to the next, looping."""
    total = count * (HOLD_S + MOVE_S)
    times = [0.0]
    for i in range(count):
        times.append((i * (HOLD_S + MOVE_S) + HOLD_S) / total)
        times.append((i + 1) * (HOLD_S + MOVE_S) / total)
    return {
        "dur": f"{num(total)}s",
        "repeatCount": "indefinite",
        "calcMode": "spline",
        "keyTimes": ";".join(f"{t:.4f}".rstrip("0").rstrip(".") if t else "0" for t in times),
        "keySplines": ";".join([STEADY, EASE] * count),
    }


def _sequence(values: Sequence[str], closing: str | None = None) -> str:
    """A hold and a move per frame, closing back on the first: 2n + 1 values."""
    out = []
    for value in values:
        out += [value, value]
    out.append(values[0] if closing is None else closing)
    return ";".join(out)


def _unwrapped(angles: Sequence[float]) -> list[float]:
    """The angles with the first repeated at the end, each turned the short way from the one before."""
    out = [angles[0]]
    for angle in [*angles[1:], angles[0]]:
        out.append(nearest_turn(out[-1], angle))
    return out


def _rotating(relative: Sequence[float], timing: dict[str, str], children: list[str], still: int) -> str:
    values = [num(v) for v in _unwrapped(relative)]
    animation = element(
        "animateTransform",
        {
            "attributeName": "transform",
            "type": "rotate",
            "values": _sequence(values[:-1], values[-1]),
            **timing,
        },
    )
    return element("g", {"transform": f"rotate({num(relative[still])})"}, [animation, *children])


def _at(x: float, y: float, children: list[str]) -> str:
    return element("g", {"transform": f"translate({num(x)} {num(y)})"}, children)


def _bone(length: float, colour: str, width: float, cls: str) -> str:
    return segment_line((0.0, 0.0), (0.0, -length), colour, width, cls)


def _body_animated(
    scene: Scene,
    timing: dict[str, str],
    timeline: list[tuple[Skeleton, tuple[Prop, ...]]],
    sampled: dict[str, str],
) -> str:
    skeletons = [p.skeleton for p in scene.frames]
    still = scene.figure.still
    side_view = scene.figure.view == "side"

    def angles(segment: str, parent: str | None) -> list[float]:
        return [sk.angles[segment] - (sk.angles[parent] if parent else 0.0) for sk in skeletons]

    def rotating(segment: str, parent: str | None, children: list[str]) -> str:
        return _rotating(angles(segment, parent), timing, children, still)

    def limb(side: str, colour: str, cls: str) -> tuple[str, str]:
        foot_length = LENGTHS["foot"] if side_view else FRONT_FOOT
        foot = rotating(
            f"foot_{side}", f"shin_{side}", [_bone(foot_length, colour, WIDTH["foot"], f"{cls} foot")]
        )
        shin = rotating(
            f"shin_{side}",
            f"thigh_{side}",
            [
                _bone(LENGTHS["shin"], colour, WIDTH["shin"], f"{cls} shin"),
                _at(0.0, -LENGTHS["shin"], [foot]),
            ],
        )
        thigh = rotating(
            f"thigh_{side}",
            "trunk",
            [
                _bone(LENGTHS["thigh"], colour, WIDTH["thigh"], f"{cls} thigh"),
                _at(0.0, -LENGTHS["thigh"], [shin]),
            ],
        )
        forearm = rotating(
            f"forearm_{side}",
            f"upper_arm_{side}",
            [_bone(LENGTHS["forearm"], colour, WIDTH["forearm"], f"{cls} forearm")],
        )
        upper = rotating(
            f"upper_arm_{side}",
            "trunk",
            [
                _bone(LENGTHS["upper_arm"], colour, WIDTH["upper_arm"], f"{cls} upper-arm"),
                _at(0.0, -LENGTHS["upper_arm"], [forearm]),
            ],
        )
        # In the trunk's own frame the person's left lies to the right (+x) seen from the front.
        offset = 0.0 if side_view else (1.0 if side == "l" else -1.0)
        leg = _at(offset * HIP_HALF_WIDTH, 0.0, [thigh])
        arm = _at(offset * SHOULDER_HALF_WIDTH, -SHOULDER_AT, [upper])
        return leg, arm

    head = _at(
        0.0,
        -LENGTHS["trunk"],
        [
            rotating(
                "head",
                "trunk",
                [
                    _bone(NECK, NEAR, WIDTH["neck"], "neck"),
                    element(
                        "circle", {"class": "head", "cx": 0.0, "cy": -NECK, "r": HEAD_RADIUS, "fill": NEAR}
                    ),
                    *(
                        [
                            element(
                                "circle",
                                {"class": "nose", "cx": NOSE_AT, "cy": -NECK, "r": NOSE_RADIUS, "fill": NEAR},
                            )
                        ]
                        if side_view
                        else []
                    ),
                ],
            )
        ],
    )
    if side_view:
        far_leg, far_arm = limb("r", FAR, "limb far")
        near_leg, near_arm = limb("l", NEAR, "limb near")
        torso = _bone(LENGTHS["trunk"], TORSO, WIDTH["trunk"], "torso")
        parts = [far_arm, far_leg, torso, head, near_leg, near_arm]
    else:
        leg_r, arm_r = limb("r", NEAR, "limb right")
        leg_l, arm_l = limb("l", NEAR, "limb left")
        corners = (
            (SHOULDER_HALF_WIDTH, -SHOULDER_AT),
            (-SHOULDER_HALF_WIDTH, -SHOULDER_AT),
            (-HIP_HALF_WIDTH, 0.0),
            (HIP_HALF_WIDTH, 0.0),
        )
        torso = element(
            "polygon",
            {
                "class": "torso",
                "points": " ".join(f"{num(x)},{num(y)}" for x, y in corners),
                "fill": TORSO,
                "stroke": TORSO,
                "stroke-width": num(FRONT_TORSO_STROKE),
                "stroke-linejoin": "round",
            },
        )
        parts = [leg_r, leg_l, torso, head, arm_r, arm_l]

    if "inversion_table" in scene.figure.props:
        return _on_inversion_table(scene, timing, parts, angles("trunk", None))
    trunk = rotating("trunk", None, parts)
    # The hip centre follows the sampled in-between poses, which keep the body on the floor.
    hips = [pose.joints["hip"] for pose, _ in timeline]
    moves = element(
        "animateTransform",
        {
            "attributeName": "transform",
            "type": "translate",
            "values": ";".join(f"{num(x)} {num(y)}" for x, y in hips),
            **sampled,
        },
    )
    x, y = skeletons[still].joints["hip"]
    return element("g", {"class": "body", "transform": f"translate({num(x)} {num(y)})"}, [moves, trunk])


def _local(point: tuple[float, float], origin: tuple[float, float], angle: float) -> tuple[float, float]:
    """A scene point in the frame of a group translated to `origin` and rotated by `angle`."""
    rad = math.radians(angle)
    x, y = point[0] - origin[0], point[1] - origin[1]
    return (x * math.cos(rad) + y * math.sin(rad), -x * math.sin(rad) + y * math.cos(rad))


def _on_inversion_table(scene: Scene, timing: dict[str, str], parts: list[str], trunk: list[float]) -> str:
    """Body and board turn together about the table's pivot, as on a real table."""
    still = scene.still.skeleton
    pivot = inversion_pivot(still)
    angle = still.angles["trunk"]
    board = next(p for p in scene.still.props if p.name == "inversion_table")
    shapes = []
    for shape in board.shapes:
        geometry = dict(shape.geometry)
        for x_key, y_key in (("x1", "y1"), ("x2", "y2"), ("cx", "cy")):
            if x_key in geometry:
                geometry[x_key], geometry[y_key] = _local((geometry[x_key], geometry[y_key]), pivot, angle)
        shapes.append(element(shape.tag, {**geometry, **dict(shape.style)}))
    hip_x, hip_y = _local(still.joints["hip"], pivot, angle)
    body = element("g", {"class": "body", "transform": f"translate({num(hip_x)} {num(hip_y)})"}, parts)
    turning = _rotating(
        trunk, timing, [element("g", {"class": "prop inversion_table"}, shapes), body], scene.figure.still
    )
    return element(
        "g", {"class": "on-table", "transform": f"translate({num(pivot[0])} {num(pivot[1])})"}, [turning]
    )


def _sampled_timing(count: int) -> dict[str, str]:
    """Timing of props sampled along each move: a hold, then the samples, per frame; linear between."""
    total = count * (HOLD_S + MOVE_S)
    times = []
    for i in range(count):
        start = i * (HOLD_S + MOVE_S)
        times += [start, start + HOLD_S, *(start + HOLD_S + u * MOVE_S for u in SAMPLES)]
    times.append(total)
    return {
        "dur": f"{num(total)}s",
        "repeatCount": "indefinite",
        "calcMode": "linear",
        "keyTimes": ";".join(f"{t / total:.4f}".rstrip("0").rstrip(".") if t else "0" for t in times),
    }


def _timeline(scene: Scene) -> list[tuple[Skeleton, tuple[Prop, ...]]]:
    """The body and its moving props at every sampled time: each keyframe twice (its hold), then
    the in-between poses of the move to the next frame; the first frame again at the end."""
    out: list[tuple[Skeleton, tuple[Prop, ...]]] = []
    for i, placed in enumerate(scene.frames):
        out += [(placed.skeleton, placed.props)] * 2
        for u in SAMPLES:
            pose = in_between(scene, i, u)
            out.append((pose, moving_props(scene.figure, pose, scene.band_anchor)))
    first = scene.frames[0]
    out.append((first.skeleton, first.props))
    return out


def _prop_animated(
    scene: Scene, index: int, timeline: list[tuple[Skeleton, tuple[Prop, ...]]], timing: dict[str, str]
) -> str:
    """A moving prop: shapes of the still frame, each changing value animated along the timeline."""
    still = scene.still.props[index]
    shapes = []
    for number, shape in enumerate(still.shapes):
        animations = []
        for key, _ in shape.geometry:
            values = [num(moment[index].shapes[number].value(key)) for _, moment in timeline]
            if len(set(values)) > 1:
                animations.append(
                    element("animate", {"attributeName": key, "values": ";".join(values), **timing})
                )
        shapes.append(element(shape.tag, shape.attrs(), animations))
    return element("g", {"class": f"prop {still.name}"}, shapes)


def render_animated(figure: model.Figure, exercise: Named | None = None) -> str:
    """The exercise as a looping SVG animation (SMIL: plays in browsers with no script)."""
    scene = stage(figure)
    timing = _timing(len(figure.frames))
    title = title_of(figure, exercise)
    description = f"{title}: a simple figure moving through the exercise{prop_names(figure)}.{starting_position(exercise)}"
    timeline = _timeline(scene)
    sampled = _sampled_timing(len(figure.frames))
    # The inversion board is drawn with the body, turning about the pivot (see _on_inversion_table).
    moving = [
        "" if prop.name == "inversion_table" else _prop_animated(scene, i, timeline, sampled)
        for i, prop in enumerate(scene.still.props)
    ]
    body = _body_animated(scene, timing, timeline, sampled)
    return document(scene, title, description, layers(scene, scene.still, body, moving), "-animated")

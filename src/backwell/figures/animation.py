"""The animated picture: the figure moving between keyframes in a loop, with SMIL only (no script).

Every shape of the body and of the props that go with it is sampled along each move from the
in-between poses (see motion.py and staging.in_between), which ease in and out, keep limbs their
length and keep the body on the floor; the animation changes each shape's values through those
samples. Each key position is held before the next move; the parts that move are highlighted.
"""

from __future__ import annotations

from collections.abc import Sequence

from backwell.engine.knowledge import model

from . import emphasis
from .body import body_shapes
from .geometry import Skeleton
from .motion import SAMPLES
from .props import Prop
from .render import Named, document, layers, prop_names, starting_position, title_of
from .staging import Scene, in_between, moving_props, stage
from .svg import POLY, Shape, element, num

HOLD_S = 1.2  # each key position is held, as in the exercise itself
MOVE_S = 1.6


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


def _animated_shape(moments: Sequence[Shape], static: Shape, timing: dict[str, str]) -> str:
    """A shape drawn with the still frame's values (what shows before, or without, animation),
    each value that changes animated through the sampled moments; a polygon's corners change
    together, as its points."""
    animations = []
    if static.tag in POLY:
        values = [m.points() for m in moments]
        if len(set(values)) > 1:
            animations.append(
                element("animate", {"attributeName": "points", "values": ";".join(values), **timing})
            )
    else:
        for key, _ in static.geometry:
            numbers = [num(m.value(key)) for m in moments]
            if len(set(numbers)) > 1:
                animations.append(
                    element("animate", {"attributeName": key, "values": ";".join(numbers), **timing})
                )
    return element(static.tag, static.attrs(), animations)


def _animated_group(
    cls: str, per_moment: Sequence[Sequence[Shape]], still: int, timing: dict[str, str]
) -> str:
    """Shapes that differ between moments only in their values, each animated along the timeline."""
    # Each keyframe is held, so it is two moments of the timeline: the still's first is 2 × its index.
    static = per_moment[2 * still]
    shapes = [
        _animated_shape([m[number] for m in per_moment], static[number], timing)
        for number in range(len(static))
    ]
    return element("g", {"class": cls}, shapes)


def render_animated(figure: model.Figure, exercise: Named | None = None) -> str:
    """The exercise as a looping SVG animation (SMIL: plays in browsers with no script)."""
    scene = stage(figure)
    title = title_of(figure, exercise)
    description = f"{title}: a simple figure moving through the exercise{prop_names(figure)}.{starting_position(exercise)}"
    timeline = _timeline(scene)
    timing = _sampled_timing(len(figure.frames))
    still = figure.still
    moving = emphasis.moving_segments(scene)
    body = _animated_group("body", [body_shapes(pose, moving) for pose, _ in timeline], still, timing)
    props = [
        _animated_group(f"prop {prop.name}", [moment[i].shapes for _, moment in timeline], still, timing)
        for i, prop in enumerate(scene.still.props)
    ]
    return document(scene, title, description, layers(scene, scene.still, body, props), "-animated")

"""What moves in an exercise, so the picture can point it out: the moving body parts (drawn in the
highlight colour), the pose the still starts from (drawn faintly behind it) and an arrow showing
which way the part that travels furthest goes."""

from __future__ import annotations

import math

from .geometry import BLADES, SPINE, Point, Skeleton
from .motion import PARENT, nearest_turn, relative
from .staging import Scene
from .svg import element, num

HIGHLIGHT = "#e2711d"
HIGHLIGHT_FAR = "#f2b58a"
GHOST_OPACITY = "0.22"
# A part turning this much against its parent is "the part that moves" (a chin nod is small); so is
# any part turning at least half as much as the part that turns most, so a squat shows its legs
# and not only its knees.
MIN_TURN = 8.0
MIN_SLIDE = 2.0  # shoulder blades sliding this far (figure units) are what moves
MIN_GHOST_TURN = 20.0  # below this the start pose would sit on the still and blur it
SHARE_OF_MOST = 0.5
MIN_ARROW = 14.0  # a point moving less than this (figure units) gets no arrow: the ghost says enough
ARROW_GAP = 7.0  # the arrow stops short of both poses, so it does not hide the hand or foot
ARROW_HEAD = 6.0
# Points whose travel an arrow can show: the ends of the limbs, the head and the middle of the back.
TRAVELLERS = ("hand_l", "hand_r", "toe_l", "toe_r", "knee_l", "knee_r", "crown", "mid", "hip")


def _spread(values: list[float]) -> float:
    """How far an angle swings over the frames, each taken the short way round from the last."""
    unwrapped = [values[0]]
    for value in values[1:]:
        unwrapped.append(nearest_turn(unwrapped[-1], value))
    return max(unwrapped) - min(unwrapped)


def turns(poses: list[Skeleton]) -> dict[str, float]:
    """How far each segment moves of its own accord over the exercise.

    That is the smaller of its turn at its own joint (against its parent) and its turn in the
    picture: a forearm carried by a lifting upper arm does not turn at the elbow, and a thigh or an
    arm left lying still while the pelvis or the chest rocks under it does not move in the picture,
    so neither is what the exercise moves. The pelvis has no parent: its turn in space counts.
    """
    rel = [relative(p) for p in poses]
    return {
        segment: min(
            _spread([r[segment] for r in rel]),
            _spread([p.angles[segment] for p in poses]),
        )
        for segment in PARENT
    }


def moving_segments(scene: Scene) -> frozenset[str]:
    """The segments drawn in the highlight colour: those that do the exercise's movement, and the
    shoulder blades when they slide."""
    poses = [p.skeleton for p in scene.frames]
    spread = turns(poses)
    most = max(spread.values(), default=0.0)
    moving = (
        {s for s, turn in spread.items() if turn >= max(MIN_TURN, most * SHARE_OF_MOST)}
        if most >= MIN_TURN
        else set()
    )
    if moving & set(SPINE):
        # The back moves as one: a part of it that turns visibly goes with the part that turns most.
        moving |= {s for s in SPINE if spread[s] >= MIN_TURN}
    if any(max(p.angles[b] for p in poses) - min(p.angles[b] for p in poses) >= MIN_SLIDE for b in BLADES):
        moving.add("blades")
    return frozenset(moving)


def ghost_frame(scene: Scene) -> int | None:
    """The frame drawn faintly behind the still: the one that differs most from it, if any does."""
    still = scene.figure.still
    if len(scene.frames) < 2:
        return None
    reference = relative(scene.frames[still].skeleton)

    def difference(index: int) -> float:
        other = relative(scene.frames[index].skeleton)
        return sum(abs(nearest_turn(reference[s], other[s]) - reference[s]) for s in PARENT)

    candidates = [i for i in range(len(scene.frames)) if i != still]
    best = max(candidates, key=difference)
    return best if difference(best) >= MIN_GHOST_TURN else None


def _distance(a: Point, b: Point) -> float:
    return math.hypot(a[0] - b[0], a[1] - b[1])


def arrow(start_pose: Skeleton, end_pose: Skeleton) -> str:
    """A curved arrow from where the furthest-travelling point starts to where the still has it."""
    name = max(TRAVELLERS, key=lambda n: _distance(start_pose.joints[n], end_pose.joints[n]))
    a, b = start_pose.joints[name], end_pose.joints[name]
    length = _distance(a, b)
    if length < MIN_ARROW:
        return ""
    ux, uy = (b[0] - a[0]) / length, (b[1] - a[1]) / length
    gap = min(ARROW_GAP, length / 4)
    start = (a[0] + ux * gap, a[1] + uy * gap)
    end = (b[0] - ux * gap, b[1] - uy * gap)
    # Bowed away from the hip centre, so the arrow runs outside the body rather than across it.
    hip = end_pose.joints["hip"]
    normal = (-uy, ux)
    middle = ((start[0] + end[0]) / 2, (start[1] + end[1]) / 2)
    outward = (middle[0] - hip[0]) * normal[0] + (middle[1] - hip[1]) * normal[1]
    bow = 0.2 * length * (1.0 if outward >= 0 else -1.0)
    control = (middle[0] + normal[0] * bow, middle[1] + normal[1] * bow)
    # The head points along the curve's last stretch (control point → end).
    hx, hy = end[0] - control[0], end[1] - control[1]
    norm = math.hypot(hx, hy) or 1.0
    hx, hy = hx / norm, hy / norm
    tip = (end[0] + hx * ARROW_HEAD * 0.6, end[1] + hy * ARROW_HEAD * 0.6)
    left = (
        end[0] - hx * ARROW_HEAD - hy * ARROW_HEAD * 0.7,
        end[1] - hy * ARROW_HEAD + hx * ARROW_HEAD * 0.7,
    )
    right = (
        end[0] - hx * ARROW_HEAD + hy * ARROW_HEAD * 0.7,
        end[1] - hy * ARROW_HEAD - hx * ARROW_HEAD * 0.7,
    )
    curve = element(
        "path",
        {
            "d": f"M{num(start[0])} {num(start[1])}Q{num(control[0])} {num(control[1])} {num(end[0])} {num(end[1])}",
            "fill": "none",
            "stroke": HIGHLIGHT,
            "stroke-width": "2.5",
            "stroke-linecap": "round",
        },
    )
    head = element(
        "polygon",
        {"points": " ".join(f"{num(x)},{num(y)}" for x, y in (tip, left, right)), "fill": HIGHLIGHT},
    )
    return element("g", {"class": "arrow"}, [curve, head])

"""In-between poses: the body part way from one keyframe to the next, as the animation shows it.

The animated SVG turns each segment about its parent joint and eases every move; props that follow
the body (a band in the hands, a ball under the back) are sampled from these in-between poses so
they stay with the body while it moves.
"""

from __future__ import annotations

import math

from backwell.engine.knowledge import model

from .geometry import EVEN_VALUES, SIDES, Skeleton, skeleton

EASE = (0.42, 0.0, 0.58, 1.0)  # the CSS ease-in-out curve, used by every move
SAMPLES = (0.2, 0.4, 0.6, 0.8)  # where props are sampled within a move, as fractions of its time

# Each segment hangs from a parent; the animation turns it relative to that parent. The pelvis
# carries the legs and the spine; the chest carries the arms and the head.
PARENT: dict[str, str | None] = {"pelvis": None, "lumbar": "pelvis", "thoracic": "lumbar", "head": "thoracic"}
for _side in SIDES:
    PARENT |= {
        f"upper_arm_{_side}": "thoracic",
        f"forearm_{_side}": f"upper_arm_{_side}",
        f"hand_{_side}": f"forearm_{_side}",
        f"thigh_{_side}": "pelvis",
        f"shin_{_side}": f"thigh_{_side}",
        f"foot_{_side}": f"shin_{_side}",
    }


def nearest_turn(previous: float, angle: float) -> float:
    """`angle` plus whole turns, so that going from `previous` to it is the short way round."""
    # floor(x + 0.5) rather than round(): Python rounds halves to even, which would flip direction.
    return angle + 360.0 * math.floor((previous - angle) / 360.0 + 0.5)


def eased(fraction: float) -> float:
    """Progress of an eased move after `fraction` of its time (cubic Bézier, solved by bisection)."""
    x1, y1, x2, y2 = EASE

    def bezier(t: float, a: float, b: float) -> float:
        return 3 * a * t * (1 - t) ** 2 + 3 * b * t**2 * (1 - t) + t**3

    low, high = 0.0, 1.0
    for _ in range(40):
        middle = (low + high) / 2
        if bezier(middle, x1, x2) < fraction:
            low = middle
        else:
            high = middle
    return bezier((low + high) / 2, y1, y2)


def relative(sk: Skeleton) -> dict[str, float]:
    return {s: sk.angles[s] - (sk.angles[p] if p else 0.0) for s, p in PARENT.items()}


def between(start: Skeleton, end: Skeleton, progress: float) -> Skeleton:
    """The pose `progress` (0..1) of the way from `start` to `end`, as the SVG animation draws it."""
    a, b = relative(start), relative(end)
    turned = {s: a[s] + (nearest_turn(a[s], b[s]) - a[s]) * progress for s in PARENT}
    absolute: dict[str, float] = {}
    for segment, parent in PARENT.items():  # parents come before their children
        absolute[segment] = turned[segment] + (absolute[parent] if parent else 0.0)
    # The overall trunk direction (which an inversion board follows), turns, depths and the
    # shoulder blades change evenly too; they are not segments of the chain.
    trunk = start.angles["trunk"]
    absolute["trunk"] = trunk + (nearest_turn(trunk, end.angles["trunk"]) - trunk) * progress
    for name in EVEN_VALUES:
        absolute[name] = start.angles[name] + (end.angles[name] - start.angles[name]) * progress
    frame = model.Frame(angles=tuple(absolute.items()))
    (x0, y0), (x1, y1) = start.joints["hip"], end.joints["hip"]
    return skeleton(frame, start.view).moved(x0 + (x1 - x0) * progress, y0 + (y1 - y0) * progress)

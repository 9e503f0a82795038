"""Putting a figure's frames on the floor, side by side in one steady scene, with its equipment."""

from __future__ import annotations

from dataclasses import dataclass

from backwell.engine.knowledge import model

from . import motion, props
from .geometry import FigureError, Point, Skeleton, check_frame, skeleton
from .svg import Extent, union

MAX_FRAMES = 6
MARGIN = 12.0
MIN_WIDTH = 200.0
ASPECT = 4 / 3
BELOW_FLOOR = 10.0

# Which joint keeps still between frames when several touch the floor: feet first, as in life.
ANCHOR_ORDER = (
    "toe_l",
    "ankle_l",
    "toe_r",
    "ankle_r",
    "knee_l",
    "knee_r",
    "hip",
    "hand_l",
    "hand_r",
    "elbow_l",
    "elbow_r",
    "head",
)


@dataclass(frozen=True, slots=True)
class Placed:
    """One frame as drawn: the body in scene coordinates (floor at y = 0) and its moving props."""

    skeleton: Skeleton
    props: tuple[props.Prop, ...]


@dataclass(frozen=True, slots=True)
class Scene:
    figure: model.Figure
    frames: tuple[Placed, ...]
    room: tuple[props.Prop, ...]
    view_box: Extent  # min x, min y, max x, max y of what is shown
    band_anchor: Point | None = None  # where a band tied in front of the person is fixed
    anchor_joint: str | None = None  # the touching joint kept still between frames on the floor
    grounded: tuple[bool, ...] = ()  # per frame: placed on the floor by the renderer
    floor_level: float = 0.0  # where the body rests: the floor, or the top of the mat

    @property
    def still(self) -> Placed:
        return self.frames[self.figure.still]


def check_figure(figure: model.Figure) -> None:
    """Raise FigureError naming the figure and the problem if it cannot be drawn."""
    where = f"figure {figure.slug}"
    if not 1 <= len(figure.frames) <= MAX_FRAMES:
        raise FigureError(f"{where}: needs 1 to {MAX_FRAMES} frames, has {len(figure.frames)}")
    if not 0 <= figure.still < len(figure.frames):
        raise FigureError(
            f"{where}: still is {figure.still}, but frames are numbered 0 to {len(figure.frames) - 1}"
        )
    try:
        props.check_props(figure)
        for index, frame in enumerate(figure.frames):
            check_frame(frame, f"frame {index}")
        skeleton(figure.frames[0], figure.view)
        if figure.prop_at is not None:
            props.supports(figure, skeleton(figure.frames[0], figure.view))
    except FigureError as exc:
        raise FigureError(f"{where}: {exc}") from None
    users = ("ball", "foam_roller", "band", "chair", "step", "wall", "table", "counter")
    if figure.prop_at is not None and not any(p in figure.props for p in users):
        raise FigureError(
            f"{where}: prop_at is given but no ball, foam roller, band, chair, step, wall, table or counter uses it"
        )


def _vertical(
    figure: model.Figure, frame: model.Frame, sk: Skeleton, supports: list[props.Prop]
) -> tuple[float, float | None]:
    """(dy, dx or None): how far to move a frame so it stands on the floor or where it was put."""
    if "inversion_table" in figure.props:
        px, py = props.inversion_pivot(sk)
        return -props.PIVOT_HEIGHT - py, -px
    if not frame.ground:
        return -float(frame.y or 0.0), float(frame.x or 0.0)
    floor = -props.MAT_THICKNESS if "mat" in figure.props else 0.0
    lowest = max([sk.lowest(), *(p.rests_at for p in supports if p.rests_at is not None)])
    return floor - lowest, None


def stage(figure: model.Figure) -> Scene:
    check_figure(figure)
    poses = [skeleton(frame, figure.view) for frame in figure.frames]
    supports = [props.supports(figure, sk) for sk in poses]
    moves = [_vertical(figure, f, sk, sup) for f, sk, sup in zip(figure.frames, poses, supports, strict=True)]

    # Frames resting on the floor keep one touching joint still, so feet do not slide between frames.
    free = [i for i, (_, dx) in enumerate(moves) if dx is None]
    floor = -props.MAT_THICKNESS if "mat" in figure.props else 0.0
    lifted = [poses[i].moved(0.0, moves[i][0]) for i in range(len(poses))]
    xs: dict[int, float] = {i: dx for i, (_, dx) in enumerate(moves) if dx is not None}
    anchor: str | None = None
    if free:
        common = set.intersection(*(lifted[i].touching(floor) for i in free))
        # Standing on a step, the foot on it keeps still even though it does not touch the floor.
        on_step = figure.prop_at if "step" in figure.props and figure.prop_at in poses[0].joints else "hip"
        anchor = next((joint for joint in ANCHOR_ORDER if joint in common), on_step)
        reference = figure.still if figure.still in free else free[0]
        ref_x = lifted[reference].joints[anchor][0] - lifted[reference].joints["hip"][0]
        for i in free:
            xs[i] = ref_x - lifted[i].joints[anchor][0]

    placed_bodies = [sk.moved(xs[i], moves[i][0]) for i, sk in enumerate(poses)]
    placed_supports = [[p.moved(xs[i], moves[i][0]) for p in sup] for i, sup in enumerate(supports)]
    reach = union(
        [*(sk.extent() for sk in placed_bodies), *(p.extent() for sup in placed_supports for p in sup)]
    )

    still = placed_bodies[figure.still]
    anchor_point = props.band_anchor(figure, placed_bodies, reach[2])
    frames = [
        Placed(sk, moving_props(figure, sk, anchor_point, sup))
        for sk, sup in zip(placed_bodies, placed_supports, strict=True)
    ]
    pivot: Point | None = None
    if "inversion_table" in figure.props:
        pivot = props.inversion_pivot(still)
    room = props.room(figure, still, reach, pivot, anchor_point)

    reached = union([reach, *(p.extent() for f in frames for p in f.props)])
    if reached[3] > 0.5:
        # Only a frame placed by hand (ground: false) can reach below the floor.
        raise FigureError(
            f"figure {figure.slug}: part of it is {reached[3]:.0f} units below the floor; raise its y"
        )
    # Room props end at the floor by construction; only their reach upwards and sideways counts.
    content = union([reached, *(p.extent() for p in room)])
    grounded = tuple(i in free for i in range(len(poses)))
    return Scene(
        figure, tuple(frames), tuple(room), _view_box(content), anchor_point, anchor, grounded, floor
    )


def moving_props(
    figure: model.Figure, sk: Skeleton, anchor: Point | None, supports: list[props.Prop] | None = None
) -> tuple[props.Prop, ...]:
    """The props that go where the body goes, for a placed pose (a keyframe or an in-between)."""
    moving = list(props.supports(figure, sk) if supports is None else supports)
    if "band" in figure.props:
        moving.append(props.band(figure, sk, anchor))
    return tuple(moving)


def _view_box(content: Extent) -> Extent:
    left, top, right, _ = content
    width = max(right - left + 2 * MARGIN, (-top + MARGIN + BELOW_FLOOR) * ASPECT, MIN_WIDTH)
    height = width / ASPECT
    centre = (left + right) / 2
    return (centre - width / 2, BELOW_FLOOR - height, centre + width / 2, BELOW_FLOOR)


def in_between(scene: Scene, index: int, fraction: float) -> Skeleton:
    """The pose `fraction` of the time through the move from frame `index` to the next.

    Between two frames resting on the floor the pose rests on it too, with the same joint kept
    still, so no hand or foot passes through the floor while the figure moves.
    """
    following = (index + 1) % len(scene.frames)
    start, end = scene.frames[index].skeleton, scene.frames[following].skeleton
    pose = motion.between(start, end, motion.eased(fraction))
    if "inversion_table" in scene.figure.props:
        # Body and board turn together about the table's fixed pivot, as on a real table.
        (px, py), (qx, qy) = props.inversion_pivot(start), props.inversion_pivot(pose)
        return pose.moved(px - qx, py - qy)
    if not (scene.grounded[index] and scene.grounded[following]):
        return pose
    supports = props.supports(scene.figure, pose)
    lowest = max([pose.lowest(), *(p.rests_at for p in supports if p.rests_at is not None)])
    dx = (
        start.joints[scene.anchor_joint][0] - pose.joints[scene.anchor_joint][0]
        if scene.anchor_joint
        else 0.0
    )
    return pose.moved(dx, scene.floor_level - lowest)


def drawing_problem(figure: model.Figure) -> str | None:
    """Why a figure cannot be drawn (for `kb check`), or None when it can."""
    try:
        stage(figure)
    except FigureError as exc:
        return str(exc)
    return None

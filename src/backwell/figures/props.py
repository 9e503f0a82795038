"""Equipment drawn around the body: where each prop goes and the shapes it is made of.

Three kinds, by what decides their place: supports (ball, foam roller, step, table, inversion board) are
fixed to the body before it is put on the floor, because they hold it up; attachments (band) follow
the placed body; room props (mat, chair, wall, band anchor, inversion frame) stand still on the floor.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from backwell.engine.knowledge import model

from .geometry import HALF_WIDTH, SAGITTAL_VIEWS, FigureError, Point, Skeleton, along, body_point
from .svg import Extent, Shape, circle, ellipse, line, rect, union

PROPS = ("mat", "ball", "foam_roller", "band", "chair", "wall", "step", "inversion_table", "table", "counter")
# Furniture found in any home: drawn where the text uses it, though no one is asked whether they
# have it (it is not equipment).
FURNITURE = ("counter",)

MAT_THICKNESS = 4.0
BALL_RADIUS = 6.0
ROLLER_RADIUS = 9.0
STEP_HEIGHT = 18.0
WALL_THICKNESS = 12.0
STEP_WIDTH = 42.0
TABLE_HEIGHT = 62.0  # a bed or treatment table: high enough for a bent leg to hang free
TABLE_TOP = 6.0
TABLE_OVERHANG = 10.0  # how far the top reaches past the last body part lying on it
TABLE_LEG_INSET = 8.0
PIVOT_HEIGHT = 100.0  # an inversion table's pivot above the floor
BOARD_GAP = HALF_WIDTH["trunk"] + 3.0  # from the body's axis to the board's

INK = "#5b4636"
COLOURS = {
    "mat": "#7fb7a4",
    "ball": "#e07a5f",
    "ball_edge": "#b8573f",
    "roller": "#f2c879",
    "roller_edge": "#b98d3c",
    "band": "#d1495b",
    "band_far": "#eba5ae",
    "chair": "#8d6e63",
    "chair_far": "#c4aaa1",
    "wall": "#e9e2d5",
    "wall_edge": "#c9bda8",
    "step": "#b7b79a",
    "step_edge": "#7f7f63",
    "table": "#9c8468",
    "table_far": "#c9b8a3",
    "metal": "#6c7a89",
    "counter": "#8d7b6a",
    "counter_side": "#e3dbd0",
    "board": "#aab6c2",
}
BAND_PLACES = ("hands", "knees", "ankles", "anchor", "foot_l", "foot_r")
CHAIR_SUPPORT_PLACES = ("hand_l", "hand_r")
COUNTER_PLACES = ("hands", "hand_l", "hand_r")
COUNTER_TOP = 5.0
COUNTER_DEPTH = 50.0  # how far a counter reaches away from the hand resting on its front edge


@dataclass(frozen=True, slots=True)
class Prop:
    """One piece of equipment: its shapes, drawn behind or in front of the body."""

    name: str
    shapes: tuple[Shape, ...]
    layer: str = "back"  # back: behind the body; front: over it
    rests_at: float | None = None  # the y of its bottom when it stands on the floor

    def moved(self, dx: float, dy: float) -> Prop:
        rests = None if self.rests_at is None else self.rests_at + dy
        return replace(self, shapes=tuple(s.moved(dx, dy) for s in self.shapes), rests_at=rests)

    def extent(self) -> Extent:
        return union(s.extent() for s in self.shapes)


def check_props(figure: model.Figure) -> None:
    unknown = [p for p in figure.props if p not in PROPS]
    if unknown:
        raise FigureError(f"unknown prop(s) {', '.join(unknown)}; the props are {', '.join(PROPS)}")
    if "counter" in figure.props and (figure.prop_at or "hands") not in COUNTER_PLACES:
        raise FigureError(
            f"a counter is under the hands: prop_at is one of {', '.join(COUNTER_PLACES)}, not {figure.prop_at!r}"
        )


def _foot_top(sk: Skeleton, side: str) -> Point:
    ankle, toe = sk.joints[f"ankle_{side}"], sk.joints[f"toe_{side}"]
    bottom = max(ankle[1] + HALF_WIDTH["shin"], toe[1] + HALF_WIDTH["foot"])
    return ((ankle[0] + toe[0]) / 2, bottom)


def _foot_middle(sk: Skeleton, side: str) -> Point:
    ankle, toe = sk.joints[f"ankle_{side}"], sk.joints[f"toe_{side}"]
    return ((ankle[0] + toe[0]) / 2, (ankle[1] + toe[1]) / 2)


def _ball_like(figure: model.Figure, sk: Skeleton, name: str, radius: float) -> Prop:
    (x, y), half = body_point(sk, figure.prop_at or "pelvis")
    if "wall" in figure.props:
        # Pressed between the back and a wall behind the person (who faces right).
        centre = (x - half - radius, y)
        rests = None
    else:
        centre = (x, y + half + radius)
        rests = centre[1] + radius
    if name == "ball":
        shapes: tuple[Shape, ...] = (
            circle(centre, radius, COLOURS["ball"], stroke=COLOURS["ball_edge"], stroke_width="1.5"),
            circle((centre[0] - radius * 0.35, centre[1] - radius * 0.35), radius * 0.3, "#f3b3a2"),
        )
    else:
        # Seen end-on a roller is a disc with a rim and a hollow core.
        shapes = (
            circle(centre, radius, COLOURS["roller"], stroke=COLOURS["roller_edge"], stroke_width="1.5"),
            circle(centre, radius * 0.62, "none", stroke=COLOURS["roller_edge"], stroke_width="1"),
            circle(centre, radius * 0.25, COLOURS["roller_edge"]),
        )
    # It rests on the floor by its outline, edge stroke included.
    return Prop(name, shapes, "back", None if rests is None else shapes[0].extent()[3])


def _step(figure: model.Figure, sk: Skeleton) -> Prop:
    place = figure.prop_at or ""
    side = place[-1] if place[-2:] in ("_l", "_r") and place.split("_")[0] in ("ankle", "toe", "foot") else ""
    if not side:
        side = "l" if _foot_top(sk, "l")[1] >= _foot_top(sk, "r")[1] else "r"
    x, top = _foot_top(sk, side)
    left = x - STEP_WIDTH / 2
    if sk.view not in SAGITTAL_VIEWS:
        # Seen from the front the step reaches outwards from the standing foot, so the other one hangs free.
        outward = x < sk.joints["hip"][0]
        left = x - STEP_WIDTH + 8.0 if outward else x - 8.0
    box = rect(
        left,
        top,
        STEP_WIDTH,
        STEP_HEIGHT,
        COLOURS["step"],
        rx=2.0,
        stroke=COLOURS["step_edge"],
        stroke_width="1.5",
    )
    return Prop("step", (box,), "back", box.extent()[3])


def _table(figure: model.Figure, sk: Skeleton) -> Prop:
    """A bed or table the person lies on: its end at `prop_at`, its top under the pelvis.

    From a point of the legs (a thigh, a knee) the table runs under the hip centre towards the head,
    so the legs hang over its end (the Thomas test); from the hip centre or a point of the trunk it
    runs under the legs, so the upper body is off its end (the back-extensor hold).
    """
    (edge_x, _), _ = body_point(sk, figure.prop_at or "hip")
    hip_x, hip_y = sk.joints["hip"]
    top = hip_y + HALF_WIDTH["trunk"]
    xs = [x for _, a, b, _ in sk.bones() for x in (a[0], b[0])] + [sk.joints["head"][0]]
    if abs(edge_x - hip_x) < 1.0:
        # From the pelvis the table runs towards the feet.
        feet = (sk.joints["ankle_l"][0] + sk.joints["ankle_r"][0]) / 2
        towards_right = feet > hip_x
    else:
        towards_right = hip_x > edge_x
    if towards_right:
        left, right = edge_x, max(xs) + TABLE_OVERHANG
    else:
        left, right = min(xs) - TABLE_OVERHANG, edge_x
    right = max(right, left + 60.0)
    bottom = top + TABLE_HEIGHT
    wood, far = COLOURS["table"], COLOURS["table_far"]
    legs = (
        line((left + TABLE_LEG_INSET, top), (left + TABLE_LEG_INSET, bottom), far, 5.0),
        line((right - TABLE_LEG_INSET, top), (right - TABLE_LEG_INSET, bottom), far, 5.0),
    )
    board = rect(left, top, right - left, TABLE_TOP, wood, rx=2.0)
    # It stands on the floor by its legs' outline, their round ends included.
    shapes = (*legs, board)
    return Prop("table", shapes, "back", union(s.extent() for s in shapes)[3])


def inversion_axis(sk: Skeleton) -> tuple[float, float]:
    """(direction along the board towards the head, direction from the body to the board)."""
    trunk = sk.angles["trunk"]
    return trunk, trunk - 90.0  # the board lies against the back; the person faces right


def inversion_pivot(sk: Skeleton) -> Point:
    _, back = inversion_axis(sk)
    return along(sk.joints["hip"], back, BOARD_GAP + 7.0)


def _inversion_board(sk: Skeleton) -> Prop:
    up, back = inversion_axis(sk)
    hip = sk.joints["hip"]
    base = along(hip, back, BOARD_GAP)
    head_end = along(base, up, 82.0)
    foot_end = along(base, up + 180.0, 96.0)
    ankle = sk.joints["ankle_l"]
    plate_end = along(foot_end, back + 180.0, 16.0)
    shapes = (
        line(head_end, foot_end, COLOURS["board"], 6.0),
        line(foot_end, plate_end, COLOURS["metal"], 4.0),
        line(base, inversion_pivot(sk), COLOURS["metal"], 4.0),
        # The ankle holder: padded rollers over the front of the ankles.
        circle(along(ankle, back + 180.0, 6.0), 4.0, COLOURS["metal"]),
    )
    return Prop("inversion_table", shapes, "back")


def supports(figure: model.Figure, sk: Skeleton) -> list[Prop]:
    """Props fixed to the body before it is placed (body coordinates)."""
    out = []
    if "ball" in figure.props:
        out.append(_ball_like(figure, sk, "ball", BALL_RADIUS))
    if "foam_roller" in figure.props:
        out.append(_ball_like(figure, sk, "foam_roller", ROLLER_RADIUS))
    if "step" in figure.props:
        out.append(_step(figure, sk))
    if "table" in figure.props:
        out.append(_table(figure, sk))
    if "inversion_table" in figure.props:
        out.append(_inversion_board(sk))
    return out


def band_anchor(figure: model.Figure, poses: list[Skeleton], body_right: float) -> Point | None:
    """Where a band tied to a door or post is fixed: in front of the person, at the hands' mean height."""
    if "band" not in figure.props or figure.prop_at != "anchor":
        return None
    heights = [sk.joints[f"hand_{side}"][1] for sk in poses for side in ("l", "r")]
    return (body_right + 30.0, sum(heights) / len(heights))


def band(figure: model.Figure, sk: Skeleton, anchor: Point | None) -> Prop:
    """The band, following the placed body."""
    j = sk.joints
    place = figure.prop_at if figure.prop_at in BAND_PLACES else None
    near, far = COLOURS["band"], COLOURS["band_far"]
    shapes: tuple[Shape, ...]
    if place == "hands":
        shapes = (line(j["hand_r"], j["hand_l"], near, 3.0),)
    elif place in ("knees", "ankles"):
        joint = "knee" if place == "knees" else "ankle"
        if sk.view not in SAGITTAL_VIEWS:
            shapes = (line(j[f"{joint}_r"], j[f"{joint}_l"], near, 4.0),)
        else:
            shapes = (ellipse(j[f"{joint}_l"], 4.5, 7.0, "none", stroke=near, stroke_width="3"),)
    elif place in ("foot_l", "foot_r"):
        # Looped round one foot, an end in each hand.
        sole = _foot_middle(sk, place[-1])
        shapes = (line(j["hand_r"], sole, far, 3.0), line(j["hand_l"], sole, near, 3.0))
    elif place == "anchor" and anchor is not None:
        shapes = (line(j["hand_r"], anchor, far, 3.0), line(j["hand_l"], anchor, near, 3.0))
    else:
        shapes = (
            line(j["hand_r"], _foot_middle(sk, "r"), far, 3.0),
            line(j["hand_l"], _foot_middle(sk, "l"), near, 3.0),
        )
    return Prop("band", shapes, "front")


def _chair(still: Skeleton, figure: model.Figure) -> Prop:
    j = still.joints
    wood, far = COLOURS["chair"], COLOURS["chair_far"]
    if figure.prop_at in CHAIR_SUPPORT_PLACES:
        # A chair held for balance: its backrest under the hand, its seat turned away.
        hx, hy = j[figure.prop_at or "hand_l"]
        back_x, top = hx, hy + 4.0
        seat_y = -46.0
        seat_from, seat_to = back_x, back_x + 40.0
    else:
        # A chair under the hips: seat below the pelvis, backrest behind it.
        hx, hy = j["hip"]
        seat_y = hy + HALF_WIDTH["trunk"] + 2.0
        if still.view not in SAGITTAL_VIEWS:
            seat = rect(hx - 28.0, seat_y, 56.0, 5.0, wood, rx=1.5)
            backrest = rect(hx - 24.0, seat_y - 48.0, 48.0, 44.0, far, rx=3.0)
            legs = (
                line((hx - 25.0, seat_y + 4.0), (hx - 25.0, 0.0), wood, 4.0),
                line((hx + 25.0, seat_y + 4.0), (hx + 25.0, 0.0), wood, 4.0),
            )
            return Prop("chair", (backrest, *legs, seat), "back")
        seat_from, seat_to = hx - 20.0, hx + 22.0
        back_x, top = seat_from, seat_y - 48.0
    shapes = (
        line((back_x, seat_y), (back_x, top), wood, 5.0),
        line((seat_from + 2.0, seat_y + 3.0), (seat_from + 2.0, 0.0), wood, 4.0),
        line((seat_to - 2.0, seat_y + 3.0), (seat_to - 2.0, 0.0), wood, 4.0),
        rect(seat_from - 1.0, seat_y, seat_to - seat_from + 2.0, 5.0, wood, rx=1.5),
    )
    return Prop("chair", shapes, "back")


def _counter(still: Skeleton, figure: model.Figure) -> Prop:
    """A kitchen counter under the resting hand(s): its top at the hands, standing on the floor.

    From the side it reaches forward from the hand; from behind (the person facing it) it spans
    the picture behind the body; from the front, a hand resting on it, it reaches out to that side.
    """
    place = figure.prop_at or "hands"
    hands = [still.joints[h] for h in (("hand_l", "hand_r") if place == "hands" else (place,))]
    top = max(y for _, y in hands) + HALF_WIDTH["hand"]
    xs = [x for x, _ in hands]
    if still.view in SAGITTAL_VIEWS:
        left, right = min(xs) - 6.0, max(xs) + COUNTER_DEPTH
    elif place == "hands":
        left, right = min(xs) - 45.0, max(xs) + 45.0
    elif xs[0] > still.joints["hip"][0]:
        left, right = xs[0] - 6.0, xs[0] + COUNTER_DEPTH
    else:
        left, right = xs[0] - COUNTER_DEPTH, xs[0] + 6.0
    cabinet = rect(
        left + 3.0, top, right - left - 6.0, -top, COLOURS["counter_side"], stroke="#c8bba9", stroke_width="1"
    )
    slab = rect(left, top, right - left, COUNTER_TOP, COLOURS["counter"], rx=1.5)
    return Prop("counter", (cabinet, slab), "back")


def wall_is_backdrop(figure: model.Figure) -> bool:
    """Whether the wall is the plane behind the whole picture rather than a band beside the body.

    From the front a wall behind the person is that plane; from the side, so is a wall on the
    person's far side (prop_at a far-side point, such as the far hand resting on it).
    """
    if "wall" not in figure.props or any(p in figure.props for p in ("ball", "foam_roller")):
        return False
    place = figure.prop_at or ""
    if figure.view in SAGITTAL_VIEWS:
        return place.endswith("_l" if figure.view == "side_right" else "_r")
    return not place


def _wall(figure: model.Figure, still: Skeleton, body: Extent) -> list[Prop]:
    """A wall seen edge-on: a band behind the back-most point, or touching the prop_at point."""
    if wall_is_backdrop(figure):
        return []  # drawn by the renderer across the whole picture
    left, top, right, _ = body
    height = max(-top + 20.0, 120.0)
    x = left - WALL_THICKNESS
    if figure.prop_at and not any(p in figure.props for p in ("ball", "foam_roller")):
        (px, _), half = body_point(still, figure.prop_at)
        x = px + half if px > still.joints["hip"][0] else px - half - WALL_THICKNESS
    band = rect(
        x, -height, WALL_THICKNESS, height, COLOURS["wall"], stroke=COLOURS["wall_edge"], stroke_width="1"
    )
    return [Prop("wall", (band,))]


def room(
    figure: model.Figure, still: Skeleton, body: Extent, pivot: Point | None, anchor: Point | None
) -> list[Prop]:
    """Props that stand still on the floor (y = 0), placed from the still frame and the body's reach."""
    out = []
    left, top, right, _ = body
    if "wall" in figure.props:
        out += _wall(figure, still, body)
    if "mat" in figure.props:
        width = max(right - left + 20.0, 120.0)
        centre = (left + right) / 2
        out.append(
            Prop(
                "mat",
                (rect(centre - width / 2, -MAT_THICKNESS, width, MAT_THICKNESS, COLOURS["mat"], rx=2.0),),
            )
        )
    if "chair" in figure.props:
        out.append(_chair(still, figure))
    if "counter" in figure.props:
        out.append(_counter(still, figure))
    if pivot is not None:
        px, py = pivot
        metal = COLOURS["metal"]
        out.append(
            Prop(
                "inversion_frame",
                (
                    line((px - 34.0, 0.0), pivot, metal, 5.0),
                    line((px + 34.0, 0.0), pivot, metal, 5.0),
                    line((px - 17.0, py / 2), (px + 17.0, py / 2), metal, 3.0),
                    line((px - 42.0, 0.0), (px + 42.0, 0.0), metal, 4.0),
                    circle(pivot, 5.0, metal),
                ),
            )
        )
    if anchor is not None:
        ax, ay = anchor
        out.append(
            Prop(
                "band_anchor",
                (
                    rect(ax, ay - 70.0, 8.0, 70.0 - ay, "#d9d4cc", stroke="#b5ada1", stroke_width="1"),
                    circle((ax, ay), 3.5, COLOURS["metal"]),
                ),
            )
        )
    return out

"""The renderer's pictures: valid, accessible, stable SVG of a grounded figure with its equipment."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pytest

from backwell.engine.knowledge import model
from backwell.figures import FigureError, drawing_problem, motion, render_animated, render_still
from backwell.figures.props import PROPS
from backwell.figures.staging import in_between, moving_props, stage

from .poses import BRIDGE, HOOK_LYING, STAND, SVG, Pose, classes, figure, frame, lowest_point, parse


def _named(name: str) -> model.Lesson:
    return model.Lesson(
        slug="test_pose",
        name=name,
        topic="t",
        minutes=1.0,
        summary="s",
        body=("b",),
        evidence=model.Evidence(grade="supported", sources=("nice_ng59",)),
    )


def _body(svg: str) -> ET.Element:
    return next(g for g in parse(svg).iter(f"{SVG}g") if "body" in classes(g))


def test_still_is_an_accessible_svg_titled_with_the_exercise_name() -> None:
    root = parse(render_still(figure(), _named("Glute bridge")))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    assert title is not None and title.text == "Glute bridge"
    assert title.get("id") in (root.get("aria-labelledby") or "").split()


def test_animated_svg_is_titled_too_and_ids_do_not_clash_with_the_still() -> None:
    still, moving = (
        parse(render_still(figure(), _named("Bridge"))),
        parse(render_animated(figure(), _named("Bridge"))),
    )
    assert moving.find(f"{SVG}title").text == "Bridge"  # type: ignore[union-attr]
    ids = {el.get("id") for el in still.iter() if el.get("id")}
    assert ids and ids.isdisjoint({el.get("id") for el in moving.iter() if el.get("id")})


def test_same_figure_gives_the_same_bytes() -> None:
    fig = figure(frames=(HOOK_LYING, BRIDGE), props=("mat", "ball"), prop_at="pelvis")
    assert render_still(fig) == render_still(fig)
    assert render_animated(fig) == render_animated(fig)


@pytest.mark.parametrize("pose", [STAND, HOOK_LYING, BRIDGE], ids=["standing", "lying", "bridge"])
def test_grounded_figure_rests_on_the_floor_without_sinking_into_it(pose: Pose) -> None:
    lowest = lowest_point(_body(render_still(figure(frames=(pose,)))))
    assert lowest == pytest.approx(0.0, abs=0.15)  # the floor is y = 0; coordinates have one decimal


def test_figure_on_a_mat_rests_on_the_mat() -> None:
    svg = render_still(figure(frames=(HOOK_LYING,), props=("mat",)))
    mat = next(g for g in parse(svg).iter(f"{SVG}g") if "mat" in classes(g))
    mat_top = float(next(mat.iter(f"{SVG}rect")).get("y", "nan"))
    assert mat_top < 0
    assert lowest_point(_body(svg)) == pytest.approx(mat_top, abs=0.15)


def test_a_frame_placed_by_hand_keeps_its_height_above_the_floor() -> None:
    fig = model.Figure(
        slug="float", view="side", props=(), still=0, frames=(frame(HOOK_LYING, ground=False, x=0.0, y=40.0),)
    )
    hip = stage(fig).still.skeleton.joints["hip"]
    assert hip == pytest.approx((0.0, -40.0))


def test_a_hand_placed_frame_below_the_floor_is_refused_with_a_reason() -> None:
    fig = model.Figure(
        slug="sunk", view="side", props=(), still=0, frames=(frame(STAND, ground=False, x=0.0, y=10.0),)
    )
    with pytest.raises(FigureError, match="below the floor"):
        render_still(fig)


def test_a_foot_stays_put_between_frames_of_a_bridge() -> None:
    first, second = (placed.skeleton.joints for placed in stage(figure(frames=(HOOK_LYING, BRIDGE))).frames)
    slide = min(abs(first[joint][0] - second[joint][0]) for joint in ("toe_l", "ankle_l", "toe_r", "ankle_r"))
    assert slide == pytest.approx(0.0, abs=1e-9)


def _prop_figure(prop: str) -> model.Figure:
    prop_at = {"ball": "pelvis", "foam_roller": "upper_back", "chair": None, "band": None}.get(prop)
    pose: Pose
    if prop == "chair":
        pose = {**STAND, "thigh_l": 90, "thigh_r": 90, "foot_l": 90, "foot_r": 90}
    elif prop == "inversion_table":
        pose = {**STAND, "trunk": 240, "head": 240, "thigh_l": 60, "shin_l": 60, "thigh_r": 60, "shin_r": 60}
    else:
        pose = HOOK_LYING if prop in ("ball", "foam_roller", "mat", "table") else STAND
    return figure(frames=(pose,), props=(prop,), prop_at=prop_at)


@pytest.mark.parametrize("prop", PROPS)
def test_each_requested_prop_is_drawn_in_still_and_animation(prop: str) -> None:
    fig = _prop_figure(prop)
    for svg in (render_still(fig), render_animated(fig)):
        named = [el for el in parse(svg).iter() if prop in classes(el)]
        assert named, f"no element of class {prop} in the picture"
        assert any(len(list(el)) for el in named), f"the {prop} group is empty"


def test_no_prop_is_drawn_unless_asked_for() -> None:
    svg = render_still(figure())
    assert not [el for el in parse(svg).iter() if "prop" in classes(el)]


def test_ball_under_the_pelvis_lies_between_body_and_floor() -> None:
    scene = stage(figure(frames=(HOOK_LYING,), props=("ball",), prop_at="pelvis"))
    ball = next(p for p in scene.still.props if p.name == "ball").shapes[0]
    hip = scene.still.skeleton.joints["hip"]
    assert ball.value("cx") == pytest.approx(hip[0])
    assert hip[1] < ball.value("cy") < 0
    assert ball.value("cy") + ball.value("r") == pytest.approx(0.0, abs=1.0)


def test_wall_stands_behind_the_back_most_point() -> None:
    scene = stage(figure(props=("wall",)))
    wall = next(p for p in scene.room if p.name == "wall").shapes[0]
    back_most = scene.still.skeleton.extent()[0]
    assert wall.value("x") + wall.value("width") == pytest.approx(back_most)


def test_chair_seat_is_under_the_hips() -> None:
    fig = _prop_figure("chair")
    scene = stage(fig)
    seat = next(s for s in next(p for p in scene.room if p.name == "chair").shapes if s.tag == "rect")
    hip_x, hip_y = scene.still.skeleton.joints["hip"]
    assert seat.value("x") < hip_x < seat.value("x") + seat.value("width")
    assert 0 < seat.value("y") - hip_y < 15


def test_inversion_board_tilts_with_the_body() -> None:
    scene = stage(_prop_figure("inversion_table"))
    board = next(p for p in scene.still.props if p.name == "inversion_table").shapes[0]
    dx = board.value("x1") - board.value("x2")
    dy = board.value("y1") - board.value("y2")
    tilt = math.degrees(math.atan2(dx, -dy)) % 360
    assert tilt == pytest.approx(240.0, abs=0.5)


def test_far_side_limbs_are_lighter_than_near_side_limbs() -> None:
    body = _body(render_still(figure()))

    def brightness(cls: str) -> int:
        colour = next(el for el in body.iter() if cls in classes(el)).get("stroke", "#000000")
        return sum(int(colour[i : i + 2], 16) for i in (1, 3, 5))

    assert brightness("far") > brightness("near") + 150


def _values(shape: ET.Element, attribute: str) -> list[float]:
    animate = next(el for el in shape.iter(f"{SVG}animate") if el.get("attributeName") == attribute)
    assert animate.get("repeatCount") == "indefinite"
    values = [float(v) for v in (animate.get("values") or "").split(";")]
    assert len(values) == len((animate.get("keyTimes") or "").split(";"))
    return values


def test_animation_holds_every_keyframe_and_loops_back() -> None:
    frames = (HOOK_LYING, BRIDGE, {**BRIDGE, "thigh_l": 20, "shin_l": 110})
    fig = figure(frames=frames, props=("mat",))
    body = _body(render_animated(fig))
    thigh = next(el for el in body.iter(f"{SVG}line") if {"near", "thigh"} <= classes(el))
    xs, ys = _values(thigh, "x2"), _values(thigh, "y2")
    per_frame = (len(xs) - 1) // len(frames)  # a hold (two moments) and the samples of a move
    knees = [p.skeleton.joints["knee_l"] for p in stage(fig).frames]
    for i, knee in enumerate(knees):
        held = [(xs[per_frame * i + k], ys[per_frame * i + k]) for k in (0, 1)]
        assert held == [pytest.approx(knee, abs=0.06)] * 2, f"frame {i} is not held"
    assert (xs[-1], ys[-1]) == (xs[0], ys[0]), "the loop ends where it starts"


@pytest.mark.parametrize("fraction", [0.2, 0.4, 0.5, 0.6, 0.8])
def test_in_between_poses_stay_on_the_floor_without_passing_through_it(fraction: float) -> None:
    quadruped = {
        **STAND,
        "trunk": 76,
        "head": 85,
        "thigh_l": 180,
        "shin_l": 270,
        "foot_l": 270,
        "thigh_r": 182,
        "shin_r": 272,
        "foot_r": 272,
        "upper_arm_l": 180,
        "forearm_l": 180,
        "upper_arm_r": 182,
        "forearm_r": 182,
    }
    childs_pose = {
        **quadruped,
        "trunk": 115,
        "head": 95,
        "thigh_l": 130,
        "thigh_r": 132,
        "upper_arm_l": 108,
        "forearm_l": 92,
        "upper_arm_r": 110,
        "forearm_r": 93,
    }
    scene = stage(figure(frames=(quadruped, childs_pose)))
    pose = in_between(scene, 0, fraction)
    assert pose.lowest() == pytest.approx(0.0)
    assert pose.joints["toe_l"][0] == pytest.approx(scene.frames[0].skeleton.joints["toe_l"][0])


def test_a_prop_that_follows_the_body_passes_through_every_keyframe() -> None:
    fig = figure(frames=(HOOK_LYING, BRIDGE), props=("ball",), prop_at="lower_back")
    ball = next(g for g in parse(render_animated(fig)).iter(f"{SVG}g") if "ball" in classes(g))
    animate = next(el for el in ball.iter(f"{SVG}animate") if el.get("attributeName") == "cy")
    values = [float(v) for v in (animate.get("values") or "").split(";")]
    assert len(values) == len((animate.get("keyTimes") or "").split(";"))
    per_frame = len(values) // len(fig.frames)  # a hold (two values) and the samples of the move
    expected = [
        next(p for p in placed.props if p.name == "ball").shapes[0].value("cy")
        for placed in stage(fig).frames
    ]
    assert [values[i * per_frame] for i in range(len(fig.frames))] == pytest.approx(expected, abs=0.06)
    assert values[-1] == values[0]


def test_a_band_stays_in_the_hands_while_they_move() -> None:
    row = {**STAND, "upper_arm_l": 90, "forearm_l": 90, "upper_arm_r": 92, "forearm_r": 92}
    pulled = {**row, "upper_arm_l": 200, "forearm_l": 95, "upper_arm_r": 202, "forearm_r": 97}
    scene = stage(figure(frames=(row, pulled), props=("band",), prop_at="anchor"))
    halfway = motion.between(scene.frames[0].skeleton, scene.frames[1].skeleton, motion.eased(0.5))
    band = next(p for p in moving_props(scene.figure, halfway, scene.band_anchor) if p.name == "band")
    near = band.shapes[1]
    assert (near.value("x1"), near.value("y1")) == pytest.approx(halfway.joints["hand_l"])
    assert (near.value("x2"), near.value("y2")) == pytest.approx(scene.band_anchor)


def test_in_between_pose_starts_and_ends_on_the_keyframes_without_stretching_limbs() -> None:
    a, b = (p.skeleton for p in stage(figure(frames=(HOOK_LYING, BRIDGE))).frames)
    start = motion.between(a, b, 0.0).joints
    assert all(start[joint] == pytest.approx(a.joints[joint]) for joint in a.joints)
    assert motion.between(a, b, 1.0).joints["toe_l"] == pytest.approx(b.joints["toe_l"])
    middle = motion.between(a, b, 0.5).joints
    shin = math.dist(middle["knee_l"], middle["ankle_l"])
    assert shin == pytest.approx(math.dist(a.joints["knee_l"], a.joints["ankle_l"]))


def test_animation_turns_the_short_way_round() -> None:
    # From just left of straight up to just right of it: the arm passes overhead, not down past the hip.
    fig = figure(frames=({**STAND, "upper_arm_l": 350}, {**STAND, "upper_arm_l": 10}))
    body = _body(render_animated(fig))
    arm = next(el for el in body.iter(f"{SVG}line") if {"near", "upper-arm"} <= classes(el))
    shoulder_y = float(arm.get("y1", "nan"))
    assert all(y < shoulder_y - 20 for y in _values(arm, "y2"))


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        (figure(frames=({"thigh_left": 90},)), "thigh_left"),
        (figure(props=("trampoline",)), "trampoline"),
        (figure(still=3), "still is 3"),
        (figure(props=("ball",), prop_at="elbow_x"), "elbow_x"),
        (figure(view="top"), "top"),
    ],
)
def test_a_figure_that_cannot_be_drawn_says_what_is_wrong(broken: model.Figure, message: str) -> None:
    with pytest.raises(FigureError, match=message):
        render_still(broken)


def test_drawing_problem_names_what_kb_check_should_report() -> None:
    assert drawing_problem(figure()) is None
    sunk = model.Figure(
        slug="sunk", view="side", props=(), still=0, frames=(frame(STAND, ground=False, x=0.0, y=5.0),)
    )
    problem = drawing_problem(sunk)
    assert problem is not None and "sunk" in problem and "below the floor" in problem

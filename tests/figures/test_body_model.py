"""The figure model shows what back exercises are about: a back that rounds and arches, a pelvis
that tilts, a head that turns, limbs that point into the picture, hands placed where the words say."""

from __future__ import annotations

import math

import pytest

from backwell.engine.knowledge import load, model
from backwell.figures import render_still
from backwell.figures.geometry import LENGTHS, Point, Skeleton, along, skeleton
from backwell.figures.staging import stage

from .poses import STAND, SVG, classes, figure, frame, parse

KB = load()


def _above_line(point: Point, a: Point, b: Point) -> float:
    """How far `point` is above the line from a to b (positive: above, as SVG y points down)."""
    (x, y), (ax, ay), (bx, by) = point, a, b
    t = ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)
    return (ay + t * (by - ay)) - y


def _still(slug: str) -> Skeleton:
    return stage(KB.figures[slug]).still.skeleton


def test_a_frame_giving_only_the_trunk_draws_a_straight_back_as_before() -> None:
    sk = skeleton(frame({**STAND, "trunk": 30}), "side")
    assert {sk.angles[p] for p in ("pelvis", "lumbar", "thoracic")} == {30.0}
    assert sk.joints["neck"] == pytest.approx(along((0.0, 0.0), 30.0, LENGTHS["trunk"]))
    assert _above_line(sk.joints["mid"], sk.joints["hip"], sk.joints["neck"]) == pytest.approx(0.0, abs=1e-6)


def test_cat_camel_rounds_the_back_up_then_lets_it_sag() -> None:
    scene = stage(KB.figures["cat_camel"])
    cat, camel = (f.skeleton for f in scene.frames)
    assert _above_line(cat.joints["mid"], cat.joints["hip"], cat.joints["neck"]) > 6.0, "the cat rounds up"
    assert _above_line(camel.joints["mid"], camel.joints["hip"], camel.joints["neck"]) < -4.0, (
        "the camel sags"
    )
    for pose in (cat, camel):
        touching = pose.touching(scene.floor_level)
        assert {"hand_l", "knee_l"} <= touching, "hands and knees stay on the floor"


def test_cat_camel_picture_draws_the_back_in_parts_in_the_highlight_colour() -> None:
    root = parse(render_still(KB.figures["cat_camel"], KB.exercises["cat_camel"]))
    body = next(g for g in root.iter(f"{SVG}g") if "body" in classes(g))
    lumbar = next(el for el in body.iter() if "lumbar" in classes(el))
    thoracic = next(el for el in body.iter() if "thoracic" in classes(el))
    assert lumbar.get("stroke") == thoracic.get("stroke") == "#e2711d"
    assert lumbar.get("x2") == thoracic.get("x1"), "the two parts of the back join"


def test_a_tilted_pelvis_raises_one_hip_from_the_front_and_the_stance_keeps_them_level() -> None:
    tilted = skeleton(frame({**STAND, "pelvis": 10}), "front")
    assert tilted.joints["hip_l"][1] > tilted.joints["hip_r"][1] + 2.0
    stance = stage(KB.figures["single_leg_stance"])
    still = stance.still.skeleton
    assert KB.figures["single_leg_stance"].view == "back"
    assert still.joints["hip_l"][1] == pytest.approx(still.joints["hip_r"][1], abs=0.5), "hip bones level"
    assert still.joints["toe_r"][1] < -8.0, "the right foot is off the floor"
    assert still.joints["toe_l"][1] == pytest.approx(-3.0, abs=0.5), "the left foot stands"


def test_single_leg_stance_rests_the_fingertips_on_a_counter() -> None:
    scene = stage(KB.figures["single_leg_stance"])
    (counter,) = [p for p in scene.room if p.name == "counter"]
    left, top, right, bottom = counter.extent()
    hands = [scene.still.skeleton.joints[h] for h in ("hand_l", "hand_r")]
    assert bottom == pytest.approx(0.0, abs=0.6), "it stands on the floor"
    for x, y in hands:
        assert left < x < right and abs(top - y) < 6.0, "the hands rest on its top"


def test_levator_stretch_seen_from_behind_turns_the_head_right_with_a_hand_behind_the_back() -> None:
    still = _still("levator_scapulae_stretch")
    head_x = still.joints["head"][0]
    root = parse(render_still(KB.figures["levator_scapulae_stretch"]))
    body = next(g for g in root.iter(f"{SVG}g") if "body" in classes(g))
    nose = next(el for el in body.iter(f"{SVG}circle") if "nose" in classes(el))
    # From behind the person's right is on our right: the turned face shows past the right edge.
    assert float(nose.get("cx", "nan")) > head_x + 5.0
    assert still.angles["head"] > 15.0, "the head bows towards the right armpit"
    hand, hip, waist = still.joints["hand_l"], still.joints["hip"], still.joints["waist"]
    assert abs(hand[0] - hip[0]) < 12.0 and hip[1] - 25.0 < hand[1] < waist[1] + 5.0, (
        "left hand on the low back"
    )


def test_front_view_head_turn_moves_the_face_to_the_turned_side() -> None:
    ahead = skeleton(frame(STAND), "front")
    turned = skeleton(frame({**STAND, "head_turn": 60}), "front")
    assert ahead.head_circles()[1][0][0] == pytest.approx(ahead.joints["head"][0])
    # Facing us, the person's right is on our left.
    assert turned.head_circles()[1][0][0] < turned.joints["head"][0] - 5.0


def test_kneeling_shin_seen_from_the_front_points_back_so_it_shows_short() -> None:
    still = _still("kneeling_side_stretch")
    knee, ankle = still.joints["knee_r"], still.joints["ankle_r"]
    assert math.dist(knee, ankle) < 6.0, "the kneeling shin points away from us"
    assert knee[1] > -12.0, "the right knee is on the floor"
    assert still.joints["neck"][0] > still.joints["hip"][0] + 10.0, "the body bends over the left leg"


def test_standing_hamstring_stretch_has_the_hands_on_the_hips_and_the_right_heel_on_the_step() -> None:
    fig = KB.figures["standing_hamstring_stretch"]
    still = _still("standing_hamstring_stretch")
    for side in ("l", "r"):
        assert math.dist(still.joints[f"hand_{side}"], still.joints["hip"]) < 18.0
    assert fig.prop_at == "ankle_r" and fig.view == "side_right"


def test_a_right_side_view_is_the_mirror_image_with_the_right_limbs_nearest() -> None:
    fig = figure(frames=(STAND,), view="side_right")
    root = parse(render_still(fig))
    left, _, width, _ = (float(v) for v in (root.get("viewBox") or "").split())
    normal = parse(render_still(figure(frames=(STAND,))))
    n_left, _, n_width, _ = (float(v) for v in (normal.get("viewBox") or "").split())
    assert (left, width) == pytest.approx((-(n_left + n_width), n_width), abs=0.15)
    mirrored = next(g for g in root.iter(f"{SVG}g") if g.get("transform") == "scale(-1 1)")
    assert any("body" in classes(g) for g in mirrored.iter(f"{SVG}g"))


def test_turns_and_depths_out_of_range_are_refused_with_a_reason() -> None:
    from backwell.figures import drawing_problem

    assert "head_turn is 120" in (drawing_problem(figure(frames=({**STAND, "head_turn": 120},))) or "")


def test_still_shows_a_faint_start_pose_and_an_arrow_only_when_something_moves() -> None:
    bend = {**STAND, "upper_arm_l": 90, "forearm_l": 90}
    moving = parse(render_still(figure(frames=(STAND, bend), still=1)))
    ghost = next(g for g in moving.iter(f"{SVG}g") if "start-pose" in classes(g))
    assert float(ghost.get("opacity", "1")) < 0.5
    arrow = next(g for g in moving.iter(f"{SVG}g") if "arrow" in classes(g))
    assert arrow.find(f"{SVG}path") is not None and arrow.find(f"{SVG}polygon") is not None
    still = parse(render_still(figure(frames=(STAND,))))
    assert not [g for g in still.iter(f"{SVG}g") if {"start-pose", "arrow"} & classes(g)]


def test_every_lesson_has_a_picture_of_its_own() -> None:
    assert set(KB.lessons) <= set(KB.figures)


def test_model_keeps_frames_frozen() -> None:
    # The new angles are ordinary frame angles: nothing in the knowledge model had to change.
    assert model.Frame(angles=(("lumbar", 10.0),)).angle("lumbar") == 10.0

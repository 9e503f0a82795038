"""The three-quarter view, the shoulder blades, the spirit level across the hips and what the
highlight colour picks out: what a person looking at the picture would notice."""

from __future__ import annotations

import pytest

from backwell.engine.knowledge import load
from backwell.figures import drawing_problem, render_animated, render_still
from backwell.figures.emphasis import moving_segments
from backwell.figures.geometry import skeleton
from backwell.figures.staging import stage

from .poses import HOOK_LYING, STAND, SVG, classes, figure, frame, parse

KB = load()
QUADRUPED = {
    "trunk": 80,
    "head": 85,
    "thigh_l": 180,
    "shin_l": 270,
    "thigh_r": 182,
    "shin_r": 272,
    "upper_arm_l": 180,
    "forearm_l": 180,
    "upper_arm_r": 182,
    "forearm_r": 182,
}


def test_three_quarter_view_parts_the_hips_and_shoulders_at_the_same_height() -> None:
    side = skeleton(frame(STAND), "side")
    turned = skeleton(frame(STAND), "three_quarter")
    assert side.joints["hip_l"] == side.joints["hip_r"], "from the side the hips are one point"
    left, right = turned.joints["hip_l"], turned.joints["hip_r"]
    assert left[0] - right[0] > 8.0, "turned, the near (left) hip shows beside the far one"
    assert left[1] == pytest.approx(right[1]), "a level pelvis stays level"
    assert turned.joints["neck"][1] == pytest.approx(side.joints["neck"][1]), "heights do not change"


def test_three_quarter_view_foreshortens_a_limb_reaching_forward_but_not_one_reaching_across() -> None:
    forward = skeleton(frame(QUADRUPED | {"upper_arm_l": 90, "forearm_l": 90}), "three_quarter")
    across = skeleton(
        frame(
            QUADRUPED | {"upper_arm_l": 90, "forearm_l": 90, "upper_arm_l_depth": 60, "forearm_l_depth": 60}
        ),
        "three_quarter",
    )
    reach = forward.joints["wrist_l"][0] - forward.joints["shoulder_l"][0]
    assert 0.7 * 48 < reach < 0.85 * 48, "an arm straight ahead is turned away a little"
    assert across.joints["wrist_l"][0] - across.joints["shoulder_l"][0] > reach, (
        "reaching towards us shows longer"
    )


def test_bird_dog_is_drawn_three_quarter_with_the_near_arm_and_far_leg_out_and_both_highlighted() -> None:
    fig = KB.figures["bird_dog"]
    assert fig.view == "three_quarter"
    still = stage(fig).still.skeleton
    assert still.joints["hand_l"][1] < still.joints["shoulder_l"][1] + 6.0, "the near arm reaches out level"
    assert still.joints["hip_l"][1] == pytest.approx(still.joints["hip_r"][1], abs=0.2), "pelvis level"
    root = parse(render_still(fig, KB.exercises["bird_dog"]))
    body = next(g for g in root.iter(f"{SVG}g") if "body" in classes(g))
    lit = {tuple(sorted(classes(el))) for el in body.iter() if el.get("stroke") in ("#e2711d", "#f2b58a")}
    assert ("limb", "near", "upper-arm") in lit and ("far", "limb", "thigh") in lit
    assert render_animated(fig) == render_animated(fig)


def _blades(svg: str) -> list[float]:
    body = next(g for g in parse(svg).iter(f"{SVG}g") if "body" in classes(g))
    out = []
    for el in body.iter(f"{SVG}polygon"):
        if "blade" in classes(el):
            xs = [float(p.split(",")[0]) for p in (el.get("points") or "").split()]
            out.append(sum(xs) / len(xs))
    return out


def test_shoulder_blades_slide_together_when_squeezed_and_light_up_when_they_move() -> None:
    apart = _blades(render_still(figure(frames=({**STAND, "blade_squeeze": -4},), view="back")))
    together = _blades(render_still(figure(frames=({**STAND, "blade_squeeze": 7},), view="back")))
    assert abs(together[0] - together[1]) < abs(apart[0] - apart[1]) - 8.0
    scene = stage(KB.figures["shoulder_blade_squeeze"])
    assert KB.figures["shoulder_blade_squeeze"].view == "back"
    assert "blades" in moving_segments(scene)


def test_shoulder_blades_out_of_range_are_refused_with_a_reason() -> None:
    problem = drawing_problem(figure(frames=({**STAND, "blade_lift": 20},), view="back")) or ""
    assert "blade_lift is 20" in problem


def test_single_leg_stance_shows_a_spirit_level_across_the_hips() -> None:
    root = parse(render_still(KB.figures["single_leg_stance"], KB.exercises["single_leg_stance"]))
    (level,) = [g for g in root.iter(f"{SVG}g") if "level" in classes(g)]
    rule = level.find(f"{SVG}line")
    assert rule is not None and rule.get("y1") == rule.get("y2")
    still = stage(KB.figures["single_leg_stance"]).still.skeleton
    assert float(rule.get("y1", "nan")) == pytest.approx(still.joints["hip_l"][1], abs=0.1)
    two_feet = parse(render_still(figure(frames=(STAND,), view="back")))
    assert not [g for g in two_feet.iter(f"{SVG}g") if "level" in classes(g)]


def test_highlight_leaves_out_parts_that_only_ride_along_when_the_pelvis_tilts() -> None:
    tilt = {**HOOK_LYING, "pelvis": 259, "lumbar": 283, "thoracic": 266, "thigh_l": 44, "thigh_r": 48}
    lit = moving_segments(stage(figure(frames=(HOOK_LYING, tilt), still=1)))
    assert {"pelvis", "lumbar"} <= lit
    assert not lit & {"thigh_l", "thigh_r", "upper_arm_l", "upper_arm_r", "thoracic"}

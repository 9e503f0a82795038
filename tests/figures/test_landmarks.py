"""A figure's pose as BlazePose landmarks: the order, the sides and the angles a camera would see."""

from __future__ import annotations

import math

from backwell.engine.knowledge import load
from backwell.figures.geometry import skeleton
from backwell.figures.landmarks import BLAZEPOSE, FAR_VISIBILITY, NEAR_VISIBILITY, Landmark, landmarks


def _knee_angle(points: list[Landmark], side: str) -> float:
    hip, knee, ankle = (points[BLAZEPOSE.index(f"{side}_{name}")] for name in ("hip", "knee", "ankle"))
    u = (hip.x - knee.x, hip.y - knee.y)
    v = (ankle.x - knee.x, ankle.y - knee.y)
    cos = (u[0] * v[0] + u[1] * v[1]) / (math.hypot(*u) * math.hypot(*v))
    return math.degrees(math.acos(max(-1.0, min(1.0, cos))))


def test_thirty_three_points_in_blazepose_order() -> None:
    assert len(BLAZEPOSE) == 33
    assert BLAZEPOSE[0] == "nose" and BLAZEPOSE[23] == "left_hip" and BLAZEPOSE[32] == "right_foot_index"


def test_a_seated_side_view_has_a_bent_knee_and_a_less_visible_far_side() -> None:
    figure = load().figures["sit_to_stand"]
    seated = landmarks(skeleton(figure.frames[0], figure.view))
    standing = landmarks(skeleton(figure.frames[2], figure.view))
    assert 75 < _knee_angle(seated, "left") < 95
    assert _knee_angle(standing, "left") > 170
    assert seated[BLAZEPOSE.index("left_knee")].visibility == NEAR_VISIBILITY
    assert seated[BLAZEPOSE.index("right_knee")].visibility == FAR_VISIBILITY


def test_seen_from_the_front_the_persons_left_is_on_the_pictures_right_and_mirroring_flips_it() -> None:
    figure = load().figures["single_leg_stance_test"]
    front = landmarks(skeleton(figure.frames[0], "front"))
    left, right = front[BLAZEPOSE.index("left_hip")], front[BLAZEPOSE.index("right_hip")]
    assert left.x > right.x
    mirrored = landmarks(skeleton(figure.frames[0], "front"), mirrored=True)
    assert mirrored[BLAZEPOSE.index("left_hip")].x < mirrored[BLAZEPOSE.index("right_hip")].x
    assert all(p.visibility == NEAR_VISIBILITY for p in front)

"""The web-facing services that need no model: measuring corrected points and redrawing the overlay."""

from __future__ import annotations

import io
import json
import math

import pytest
from PIL import Image

from backwell.posture.analysis import analyze_landmarks, redraw_overlay
from backwell.posture.points import LANDMARK_NAMES, LandmarksInvalid, landmarks_to_json
from tests.posture.synthetic import standing_front


def clean_photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (720, 1280), (200, 200, 200)).save(out, "JPEG")
    return out.getvalue()


def test_dragging_a_shoulder_point_changes_the_measure_and_the_drawing() -> None:
    before = landmarks_to_json(standing_front())
    after = json.loads(json.dumps(before))
    after["right_shoulder"]["y"] -= 200 * math.tan(math.radians(4))  # the person drags it up by 14 px

    level, level_overlay = redraw_overlay(clean_photo(), {"landmarks": before}, "front")
    moved, moved_overlay = redraw_overlay(clean_photo(), {"landmarks": after}, "front")

    assert level.to_json()["measures"]["shoulder_obliquity_deg"] == pytest.approx(0, abs=0.01)
    assert moved.to_json()["measures"]["shoulder_obliquity_deg"] == pytest.approx(4, abs=0.01)
    assert moved.to_json()["engine_posture"]["shoulder_obliquity_deg"] == pytest.approx(4, abs=0.01)
    assert moved.to_json()["image"] == {"width": 720, "height": 1280}
    with Image.open(io.BytesIO(moved_overlay)) as drawn:
        assert drawn.size == (720, 1280)
    assert level_overlay != moved_overlay


def test_corrected_points_with_a_typo_are_refused_with_the_name() -> None:
    document = {"landmarks": {**landmarks_to_json(standing_front()), "rigth_hip": {"x": 1, "y": 2}}}
    with pytest.raises(LandmarksInvalid, match="rigth_hip"):
        analyze_landmarks(document, "front")


def test_the_json_form_lists_the_lines_between_points_for_the_page() -> None:
    result = analyze_landmarks({"landmarks": landmarks_to_json(standing_front())}, "front").to_json()
    assert ["left_shoulder", "right_shoulder"] in result["skeleton"]
    assert {name for pair in result["skeleton"] for name in pair} <= set(LANDMARK_NAMES)

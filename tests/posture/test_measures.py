"""Posture geometry on synthetic landmark sets with known answers (no model needed)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import jsonschema
import pytest

from backwell.posture.measures import engine_posture, measure
from backwell.posture.points import LandmarksInvalid, Point, landmarks_from_json, landmarks_to_json
from tests.posture.synthetic import standing_front, standing_side

CONTRACT = Path(__file__).resolve().parents[2].parent / "shared" / "contract" / "engine-input.schema.json"


def deg(rise: float, run: float) -> float:
    return math.degrees(math.atan2(rise, run))


def mirrored(landmarks: dict[str, Point], width: float = 720) -> dict[str, Point]:
    """The same body seen from behind: image x flipped, names kept (the person's own left and right)."""
    return {name: Point(width - p.x, p.y, p.visibility) for name, p in landmarks.items()}


def test_level_shoulders_and_hips_measure_zero() -> None:
    values = measure([standing_front()], "front").values()
    assert values["shoulder_obliquity_deg"] == pytest.approx(0, abs=1e-9)
    assert values["pelvic_obliquity_deg"] == pytest.approx(0, abs=1e-9)
    assert values["head_tilt_deg"] == pytest.approx(0, abs=1e-9)
    assert values["trunk_shift_pct"] == pytest.approx(0, abs=1e-9)


def test_right_shoulder_higher_is_positive_in_a_front_photo() -> None:
    # In a front photo the person's right shoulder is on the image's left; 200 px apart, 17.5 px higher.
    rise = 200 * math.tan(math.radians(5))
    values = measure([standing_front(right_shoulder_rise=rise)], "front").values()
    assert values["shoulder_obliquity_deg"] == pytest.approx(5.0, abs=0.01)
    values = measure([standing_front(right_shoulder_rise=-rise)], "front").values()
    assert values["shoulder_obliquity_deg"] == pytest.approx(-5.0, abs=0.01)


def test_right_hip_higher_is_positive_and_uses_true_pixel_angles() -> None:
    # Hips 100 px apart on a 720×1280 image: the angle is atan(12/100) in pixels, whatever the image shape.
    values = measure([standing_front(right_hip_rise=12)], "front").values()
    assert values["pelvic_obliquity_deg"] == pytest.approx(deg(12, 100), abs=0.01)


def test_obliquity_keeps_its_sign_when_the_photo_is_taken_from_behind() -> None:
    rise = 200 * math.tan(math.radians(4))
    back = mirrored(standing_front(right_shoulder_rise=rise, right_hip_rise=7))
    values = measure([back], "front").values()
    assert values["shoulder_obliquity_deg"] == pytest.approx(4.0, abs=0.01)
    assert values["pelvic_obliquity_deg"] == pytest.approx(deg(7, 100), abs=0.01)


def test_head_tilt_towards_the_right_shoulder_is_positive() -> None:
    values = measure([standing_front(right_ear_drop=10)], "front").values()
    assert values["head_tilt_deg"] == pytest.approx(deg(10, 70), abs=0.01)


def test_shoulders_shifted_to_the_persons_right_give_a_positive_trunk_shift() -> None:
    # Person's right is towards image −x in a front photo: a −20 px shift of a 200 px wide pair is +10 %.
    front = standing_front(shoulder_shift=-20)
    assert measure([front], "front").values()["trunk_shift_pct"] == pytest.approx(10.0, abs=0.01)
    assert measure([mirrored(front)], "front").values()["trunk_shift_pct"] == pytest.approx(10.0, abs=0.01)


@pytest.mark.parametrize("facing", [1, -1])
def test_head_forward_is_the_ear_shoulder_angle_from_vertical_whichever_way_the_person_faces(
    facing: int,
) -> None:
    ahead = 175 * math.tan(math.radians(20))
    values = measure([standing_side(facing=facing, ear_ahead=ahead)], "side").values()
    assert values["head_forward_deg"] == pytest.approx(20.0, abs=0.01)


@pytest.mark.parametrize("facing", [1, -1])
def test_trunk_lean_is_positive_leaning_forward_and_negative_leaning_back(facing: int) -> None:
    forward = measure([standing_side(facing=facing, shoulder_ahead=30)], "side").values()
    back = measure([standing_side(facing=facing, shoulder_ahead=-30)], "side").values()
    assert forward["trunk_lean_deg"] == pytest.approx(deg(30, 300), abs=0.01)
    assert back["trunk_lean_deg"] == pytest.approx(-deg(30, 300), abs=0.01)


@pytest.mark.parametrize("near", ["left", "right"])
def test_pelvis_forward_only_beyond_the_threshold_in_front_of_the_ankle_shoulder_line(near: str) -> None:
    # The ankle–shoulder line is 750 px long: 37.5 px is 5 %, 7.5 px is 1 %.
    sway = measure([standing_side(hip_ahead=37.5, near=near, facing=-1)], "side").values()
    fine = measure([standing_side(hip_ahead=7.5, near=near, facing=-1)], "side").values()
    assert sway["pelvis_forward_pct"] == pytest.approx(5.0, abs=0.01)
    assert sway["pelvis_forward"] is True
    assert fine["pelvis_forward_pct"] == pytest.approx(1.0, abs=0.01)
    assert fine["pelvis_forward"] is False


def test_knee_behind_the_hip_ankle_line_is_hyperextension_and_a_bent_knee_is_negative() -> None:
    back = measure([standing_side(knee_ahead=-20)], "side").values()
    bent = measure([standing_side(knee_ahead=40)], "side").values()
    assert back["knee_hyperextension_deg"] == pytest.approx(deg(20, 230) + deg(20, 220), abs=0.01)
    assert bent["knee_hyperextension_deg"] == pytest.approx(-(deg(40, 230) + deg(40, 220)), abs=0.01)
    readings = measure([standing_side(knee_ahead=-20)], "side").readings()
    assert "backwards" in readings["knee_hyperextension_deg"]


def test_faint_landmarks_give_a_larger_uncertainty() -> None:
    clear = measure([standing_front(visibility=0.99)], "front").uncertainties()
    faint = measure([standing_front(visibility=0.4)], "front").uncertainties()
    for key in ("shoulder_obliquity_deg", "pelvic_obliquity_deg"):
        assert 0 < clear[key] < faint[key]


def test_several_frames_give_the_median_and_spread_and_a_smaller_uncertainty() -> None:
    rises = [200 * math.tan(math.radians(a)) for a in (1, 2, 3, 4, 9)]
    frames = [standing_front(right_shoulder_rise=r) for r in rises]
    single = measure([frames[2]], "front").measures["shoulder_obliquity_deg"]
    many = measure(frames, "front").measures["shoulder_obliquity_deg"]
    assert many.value == pytest.approx(3.0, abs=0.01)  # the median ignores the 9° outlier
    assert many.frames == 5
    assert many.spread == pytest.approx(1.4826, abs=0.01)  # 1.4826 × median absolute deviation of 1°
    assert single.spread == 0 and single.frames == 1
    steady = measure([frames[2]] * 5, "front").measures["shoulder_obliquity_deg"]
    assert steady.uncertainty < single.uncertainty


def test_readings_use_screening_language_and_name_the_higher_side() -> None:
    result = measure([standing_front(right_shoulder_rise=200 * math.tan(math.radians(6)))], "front")
    assert "right shoulder sits about 6° higher than your left" in result.readings()["shoulder_obliquity_deg"]
    side = measure([standing_side(hip_ahead=40, ear_ahead=90, shoulder_ahead=20)], "side")
    texts = list(result.readings().values()) + list(side.readings().values())
    assert all("diagnos" not in text.lower() for text in texts)
    assert all("not a diagnosis" in notes[0] for notes in (result.notes, side.notes))


def test_side_view_says_pelvic_tilt_cannot_be_measured_and_asks_for_the_wall_test() -> None:
    notes = " ".join(measure([standing_side()], "side").notes)
    assert "pelvic tilt cannot be measured" in notes
    assert "ASIS" in notes and "wall test" in notes and "mirror check" in notes


def test_engine_posture_holds_only_contract_keys_and_validates_against_the_schema() -> None:
    schema = json.loads(CONTRACT.read_text())
    posture_schema = schema["properties"]["posture"]
    side = engine_posture(measure([standing_side(hip_ahead=40, ear_ahead=60)], "side"))
    front = engine_posture(measure([standing_front(right_hip_rise=10)], "front"))
    assert set(side) == {"head_forward_deg", "trunk_lean_deg", "pelvis_forward"}
    assert set(front) == {"shoulder_obliquity_deg", "pelvic_obliquity_deg"}
    jsonschema.validate({**side, **front}, posture_schema)


def test_landmarks_json_round_trip_keeps_points() -> None:
    landmarks = standing_front(right_shoulder_rise=12.34)
    again = landmarks_from_json(json.loads(json.dumps({"landmarks": landmarks_to_json(landmarks)})))
    assert again["right_shoulder"] == Point(260, 387.66, 0.99)
    assert set(again) == set(landmarks)


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ([1, 2], "must be a JSON object"),
        ({"left_shoulderr": {"x": 1, "y": 2}}, "Unknown landmark name(s): left_shoulderr"),
        ({"left_shoulder": {"x": 1}}, 'needs "x" and "y"'),
        ({"left_shoulder": {"x": "1", "y": 2}}, "left_shoulder.x must be a finite number"),
        ({"left_shoulder": {"x": float("nan"), "y": 2}}, "left_shoulder.x must be a finite number"),
        ({"left_shoulder": {"x": 1, "y": 2, "visibility": 3}}, "visibility must be between 0 and 1"),
    ],
)
def test_bad_landmark_documents_are_refused_with_a_reason(document: object, message: str) -> None:
    with pytest.raises(LandmarksInvalid, match=message.replace("(", r"\(").replace(")", r"\)")):
        landmarks_from_json(document)


def test_missing_shoulders_or_hips_are_refused_with_a_reason() -> None:
    landmarks = standing_front()
    del landmarks["right_hip"]
    with pytest.raises(LandmarksInvalid, match="right_hip"):
        measure([landmarks], "front")

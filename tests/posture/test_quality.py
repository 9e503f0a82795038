"""Quality checks on landmark sets: each problem is named with what to do (no model needed)."""

from __future__ import annotations

from PIL import Image, ImageDraw

from backwell.posture.points import Point
from backwell.posture.quality import image_issues, landmark_issues, person_box, stance_issues, standing_frames
from tests.posture.synthetic import standing_front, standing_side


def codes(issues: list) -> list[str]:
    return [i.code for i in issues]


def test_a_good_front_photo_has_no_issue() -> None:
    assert landmark_issues(standing_front(), "front", 720, 1280) == []


def test_no_person_blocks_and_says_how_to_stand() -> None:
    (issue,) = landmark_issues(None, "front", 720, 1280)
    assert issue.code == "no_person" and issue.blocking
    assert "whole body in the frame" in issue.message


def test_a_side_photo_sent_as_front_is_the_wrong_view() -> None:
    issues = landmark_issues(standing_side(), "front", 720, 1280)
    assert "not_front_view" in codes(issues)
    assert any(i.blocking for i in issues)


def test_a_front_photo_sent_as_side_says_the_shoulders_do_not_overlap() -> None:
    (issue,) = [i for i in landmark_issues(standing_front(), "side", 720, 1280) if i.code == "not_side_view"]
    assert "Turn 90°" in issue.message and issue.blocking


def test_feet_below_the_frame_are_reported_as_cut_off() -> None:
    # The same body in a photo cropped 200 px above the ankles.
    issues = landmark_issues(standing_front(), "front", 720, 1000)
    assert "feet_cut_off" in codes(issues)
    assert "head_cut_off" not in codes(issues)


def test_head_above_the_frame_is_reported_as_cut_off() -> None:
    raised = {n: Point(p.x, p.y - 300, p.visibility) for n, p in standing_front().items()}
    issues = landmark_issues(raised, "front", 720, 1280)
    assert "head_cut_off" in codes(issues)


def test_faint_key_points_are_named() -> None:
    landmarks = standing_front()
    landmarks["left_hip"] = Point(410, 700, 0.2)
    (issue,) = [i for i in landmark_issues(landmarks, "front", 720, 1280) if i.code == "low_visibility"]
    assert "left hip" in issue.message and "drag" in issue.message


def test_a_photo_from_behind_warns_that_left_and_right_may_be_swapped() -> None:
    back = {n: Point(720 - p.x, p.y, p.visibility) for n, p in standing_front().items()}
    assert "facing_away" in codes(landmark_issues(back, "front", 720, 1280))


def test_frames_where_the_person_squats_are_left_out() -> None:
    upright = standing_front()
    squat = {n: Point(p.x, p.y + (250 if "shoulder" in n else 0), p.visibility) for n, p in upright.items()}
    kept = standing_frames([upright, squat, upright])
    assert kept == [upright, upright]


def test_a_dark_photo_is_reported_and_a_plain_normal_one_is_not() -> None:
    assert codes(image_issues(Image.new("RGB", (720, 1280), (20, 20, 25)), None)) == ["too_dark"]
    # Without a person a plain photo is not called blurred: there is nothing to judge sharpness on.
    assert image_issues(Image.new("RGB", (720, 1280), (120, 110, 100)), None) == []


def test_a_person_in_shadow_before_a_bright_background_is_too_dark() -> None:
    landmarks = standing_front()
    photo = Image.new("RGB", (720, 1280), (250, 250, 250))
    ImageDraw.Draw(photo).rectangle(person_box(landmarks, 720, 1280), fill=(15, 15, 15))
    assert "too_dark" in codes(image_issues(photo, landmarks))
    assert "too_dark" not in codes(image_issues(photo, None))  # on average the photo is bright


# --- standing still: a photo taken mid-step is refused ------------------------------------------


def test_standing_straight_passes_the_stance_check_from_front_and_side() -> None:
    assert stance_issues(standing_front(), "front") == []
    assert stance_issues(standing_side(), "side") == []


def test_a_bent_knee_blocks_the_photo_and_says_which_knee_and_what_to_do() -> None:
    walking = standing_side()
    # The near knee pushed 250 px forward of the hip-ankle line: a bend of about 60°.
    walking["left_knee"] = Point(360 + 250, 930, 0.98)
    (issue,) = [i for i in landmark_issues(walking, "side", 720, 1280) if i.code == "knee_bent"]
    assert issue.blocking
    assert "left knee is bent" in issue.message and "Stand still" in issue.message


def test_the_far_leg_the_model_only_guesses_is_not_judged() -> None:
    side = standing_side()
    side["right_knee"] = Point(360 + 250, 932, 0.3)  # the hidden leg, guessed badly
    assert stance_issues(side, "side") == []


def test_one_foot_off_the_floor_blocks_the_photo() -> None:
    lifted = standing_front()
    lifted["right_ankle"] = Point(320, 1000, 0.99)  # lifted 150 px of a 450 px leg
    lifted["right_knee"] = Point(315, 860, 0.99)
    codes_found = codes(stance_issues(lifted, "front"))
    assert "foot_raised" in codes_found


def test_a_stride_seen_from_the_side_blocks_the_photo() -> None:
    stepping = standing_side()
    stepping["right_ankle"] = Point(360 - 200, 1150, 0.9)  # the back foot 200 px behind the front one
    stepping["right_hip"] = Point(365, 702, 0.9)
    stepping["right_knee"] = Point(365 - 95, 930, 0.9)
    issue = next(i for i in stance_issues(stepping, "side") if i.code == "stride")
    assert issue.blocking and "side by side" in issue.message

"""Synthetic landmark sets with known geometry, in pixels of a 720×1280 (non-square) photo."""

from __future__ import annotations

from backwell.posture.points import Landmarks, Point


def standing_front(
    *,
    right_shoulder_rise: float = 0.0,
    right_hip_rise: float = 0.0,
    right_ear_drop: float = 0.0,
    shoulder_shift: float = 0.0,
    visibility: float = 0.99,
) -> Landmarks:
    """A person facing the camera in a 720×1280 photo: their right side on the image's left.

    Rises are in pixels (up = smaller y); shoulder_shift moves the shoulders towards image +x.
    """
    v = visibility
    return {
        "nose": Point(360, 230, v),
        "left_ear": Point(395, 225, v),
        "right_ear": Point(325, 225 + right_ear_drop, v),
        "left_eye": Point(375, 215, v),
        "right_eye": Point(345, 215, v),
        "left_shoulder": Point(460 + shoulder_shift, 400, v),
        "right_shoulder": Point(260 + shoulder_shift, 400 - right_shoulder_rise, v),
        "left_hip": Point(410, 700, v),
        "right_hip": Point(310, 700 - right_hip_rise, v),
        "left_knee": Point(405, 930, v),
        "right_knee": Point(315, 930, v),
        "left_ankle": Point(400, 1150, v),
        "right_ankle": Point(320, 1150, v),
        "left_heel": Point(395, 1170, v),
        "right_heel": Point(325, 1170, v),
        "left_foot_index": Point(410, 1190, v),
        "right_foot_index": Point(310, 1190, v),
    }


def standing_side(
    *,
    facing: int = 1,
    ear_ahead: float = 0.0,
    shoulder_ahead: float = 0.0,
    hip_ahead: float = 0.0,
    knee_ahead: float = 0.0,
    near: str = "left",
) -> Landmarks:
    """A person in profile in a 720×1280 photo, facing +x (facing=1) or −x (facing=−1).

    The plumb line is x=360; the *_ahead offsets move a joint forward of it (pixels). The far side
    is drawn at low visibility, as the model reports an occluded side.
    """
    far = "right" if near == "left" else "left"

    def at(ahead: float, y: float, v: float = 0.98) -> Point:
        return Point(360 + facing * ahead, y, v)

    points = {
        "nose": at(ear_ahead + 60, 230),
        f"{near}_ear": at(ear_ahead, 225),
        f"{near}_shoulder": at(shoulder_ahead, 400),
        f"{near}_hip": at(hip_ahead, 700),
        f"{near}_knee": at(knee_ahead, 930),
        f"{near}_ankle": at(0, 1150),
        f"{near}_heel": at(-30, 1170),
        f"{near}_foot_index": at(90, 1190),
        f"{far}_ear": at(ear_ahead, 225, 0.3),
        f"{far}_shoulder": at(shoulder_ahead + 5, 402, 0.3),
        f"{far}_hip": at(hip_ahead + 5, 702, 0.3),
        f"{far}_knee": at(knee_ahead + 5, 932, 0.3),
        f"{far}_ankle": at(5, 1152, 0.3),
    }
    return points

"""Quality checks on a photo and its landmarks, each with a message that tells the person what to fix."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw

from backwell.posture.measures import View
from backwell.posture.points import Landmarks, Point, distance, midpoint

# Thresholds found on the test photos (MANIFEST) and on blurred / darkened copies of them.
MIN_MEAN_LUMINANCE = 45.0
MAX_MEAN_LUMINANCE = 235.0
MIN_SHARPNESS = 50.0
MIN_VISIBILITY = 0.5
# Shoulder width across the image, as a share of the torso length: about 0.7–0.9 from the front,
# under 0.3 from a true side.
FRONT_MIN_SHOULDER_RATIO = 0.4
SIDE_MAX_SHOULDER_RATIO = 0.35
SECOND_PERSON_MIN_VISIBILITY = 0.6
CROWD_CHECK_SIDE = 640

HEAD = ("nose", "left_ear", "right_ear", "left_eye", "right_eye")
FEET = ("left_ankle", "right_ankle", "left_heel", "right_heel")
KEY_POINTS: dict[str, tuple[str, ...]] = {
    "front": ("left_ear", "right_ear", "left_shoulder", "right_shoulder", "left_hip", "right_hip"),
    "side": ("ear", "shoulder", "hip", "knee", "ankle"),
}


@dataclass(frozen=True)
class QualityIssue:
    """A problem with the photo; `blocking` ones make the measures meaningless until fixed."""

    code: str
    message: str
    blocking: bool = False


def person_box(
    landmarks: Landmarks, width: int, height: int, margin: float = 0.08
) -> tuple[int, int, int, int]:
    """The person's bounding box from their landmarks, widened by a margin, clipped to the image."""
    xs = [p.x for p in landmarks.values()]
    ys = [p.y for p in landmarks.values()]
    pad_x = (max(xs) - min(xs)) * margin + 4
    pad_y = (max(ys) - min(ys)) * margin + 4
    left = int(max(0, min(xs) - pad_x))
    top = int(max(0, min(ys) - pad_y * 1.5))  # the top of the head is well above the eyes
    right = int(min(width, max(xs) + pad_x))
    bottom = int(min(height, max(ys) + pad_y))
    return left, top, max(right, left + 1), max(bottom, top + 1)


def _grey_sample(image: Image.Image, box: tuple[int, int, int, int]) -> np.ndarray:
    """The area in grey, every k-th pixel so that it is about 400 rows tall.

    Sampling instead of resampling: resampling a large area costs milliseconds, and sampling keeps
    edges exactly as sharp as they are, which is what the blur check measures.
    """
    left, top, right, bottom = box
    step = max(1, round((bottom - top) / 400))
    return np.asarray(image.crop(box).convert("L"), dtype=np.float32)[::step, ::step]


def sharpness(grey: np.ndarray) -> float:
    """Variance of the Laplacian: low means blurred."""
    if grey.shape[0] < 3 or grey.shape[1] < 3:
        return 0.0
    lap = -4 * grey[1:-1, 1:-1] + grey[:-2, 1:-1] + grey[2:, 1:-1] + grey[1:-1, :-2] + grey[1:-1, 2:]
    return float(lap.var())


def image_issues(image: Image.Image, landmarks: Landmarks | None) -> list[QualityIssue]:
    """Too dark, washed out or blurred, judged on the person (the whole photo when nobody was found).

    A person in shadow in front of a bright window is too dark even if the photo on average is not;
    a plain wall behind them is smooth, not blurred.
    """
    box = person_box(landmarks, *image.size) if landmarks else (0, 0, *image.size)
    grey = _grey_sample(image, box)
    issues = []
    mean = float(grey.mean())
    if mean < MIN_MEAN_LUMINANCE:
        issues.append(
            QualityIssue(
                "too_dark",
                "The photo is too dark to place the points well. Turn on more light or face a window.",
            )
        )
    elif mean > MAX_MEAN_LUMINANCE:
        issues.append(
            QualityIssue(
                "too_bright", "The photo is washed out. Move away from direct light behind you or the camera."
            )
        )
    # Without a person there is no area whose sharpness means anything.
    if landmarks and sharpness(grey) < MIN_SHARPNESS:
        issues.append(
            QualityIssue(
                "blurred",
                "The photo is blurred. Hold the phone still (or lean it against something), stand still and "
                "tap to focus.",
            )
        )
    return issues


def _inside(p: Point, width: int, height: int) -> bool:
    return 0 <= p.x <= width and 0 <= p.y <= height


def landmark_issues(landmarks: Landmarks | None, view: View, width: int, height: int) -> list[QualityIssue]:
    """No person, body cut off, wrong view, key landmarks hard to see."""
    if landmarks is None:
        return [
            QualityIssue(
                "no_person",
                "No person was found in the photo. Stand 2–3 m from the camera with your whole body in the frame, "
                "against a plain background, and try again.",
                blocking=True,
            )
        ]
    issues = []
    if not any(
        _inside(landmarks[n], width, height) and landmarks[n].visibility >= MIN_VISIBILITY for n in HEAD
    ):
        issues.append(
            QualityIssue(
                "head_cut_off",
                "Your head is not fully in the photo. Step back or hold the camera lower so your head and feet both show.",
                blocking=True,
            )
        )
    if not any(
        _inside(landmarks[n], width, height) and landmarks[n].visibility >= MIN_VISIBILITY for n in FEET
    ):
        issues.append(
            QualityIssue(
                "feet_cut_off",
                "Your feet are not in the photo. Step back or hold the camera at hip height so your feet show.",
                blocking=view == "side",  # the side measures need the ankle; the front ones do not
            )
        )
    ls, rs, lh, rh = (landmarks[n] for n in ("left_shoulder", "right_shoulder", "left_hip", "right_hip"))
    torso = max(distance(midpoint(ls, rs), midpoint(lh, rh)), 1.0)
    ratio = abs(ls.x - rs.x) / torso
    if view == "side" and ratio > SIDE_MAX_SHOULDER_RATIO:
        issues.append(
            QualityIssue(
                "not_side_view",
                "This does not look like a side view: both shoulders are visible side by side. Turn 90° so one "
                "shoulder hides the other, arms hanging at your sides.",
                blocking=True,
            )
        )
    if view == "front" and ratio < FRONT_MIN_SHOULDER_RATIO:
        issues.append(
            QualityIssue(
                "not_front_view",
                "This does not look like a front view: your shoulders overlap as in a side view. Face the camera "
                "squarely.",
                blocking=True,
            )
        )
    if view == "front" and rs.x > ls.x:
        issues.append(
            QualityIssue(
                "facing_away",
                "Your right shoulder is on the right of the photo, as if the photo were taken from behind (or "
                "mirrored by a selfie camera). Left and right may be swapped: check the points before confirming.",
            )
        )
    wanted = KEY_POINTS[view]
    if view == "side":
        near = (
            "left"
            if sum(landmarks[f"left_{j}"].visibility for j in wanted)
            >= sum(landmarks[f"right_{j}"].visibility for j in wanted)
            else "right"
        )
        wanted = tuple(f"{near}_{j}" for j in wanted)
    issues += stance_issues(landmarks, view)
    faint = [n.replace("_", " ") for n in wanted if landmarks[n].visibility < MIN_VISIBILITY]
    if faint:
        issues.append(
            QualityIssue(
                "low_visibility",
                f"Some points are hard to see ({', '.join(faint)}): check them on the photo and drag them into "
                "place, or take the photo again in tighter clothes with hair off the ears.",
            )
        )
    return issues


# Standing still, a knee is straight to within a few degrees (10° on the test photos of people standing;
# 40–75° on the frames of people walking), both feet are on the floor and, seen from the side, side by
# side. Shares are of the hip-to-ankle length, so they hold at any distance from the camera.
STANCE_KNEE_BENT_DEG = 25.0
STANCE_FOOT_RAISED_SHARE = 0.2
STANCE_STRIDE_SHARE = 0.35


def _knee_bend(hip: Point, knee: Point, ankle: Point) -> float:
    """Degrees the leg bends at the knee: 0 for a straight hip–knee–ankle line."""
    thigh = (hip.x - knee.x, hip.y - knee.y)
    shin = (ankle.x - knee.x, ankle.y - knee.y)
    lengths = math.hypot(*thigh) * math.hypot(*shin)
    if lengths == 0:
        return 0.0
    cosine = (thigh[0] * shin[0] + thigh[1] * shin[1]) / lengths
    return 180.0 - math.degrees(math.acos(max(-1.0, min(1.0, cosine))))


def _seen(landmarks: Landmarks, *names: str) -> bool:
    return all(n in landmarks and landmarks[n].visibility >= MIN_VISIBILITY for n in names)


def stance_issues(landmarks: Landmarks, view: View) -> list[QualityIssue]:
    """A photo taken mid-step: a bent knee, one foot off the floor, or (from the side) a stride.

    Posture measures assume a person standing still on both feet; a walking photo reads as sway back or
    a tilted pelvis that is not there, so these block the measures. Only clearly seen legs are judged:
    the model guesses the far leg of a side view.
    """
    issues = []
    bent = []
    for side in ("left", "right"):
        names = (f"{side}_hip", f"{side}_knee", f"{side}_ankle")
        if _seen(landmarks, *names):
            bend = _knee_bend(*(landmarks[n] for n in names))
            if bend > STANCE_KNEE_BENT_DEG:
                bent.append((side, bend))
    if bent:
        side, bend = max(bent, key=lambda b: b[1])
        issues.append(
            QualityIssue(
                "knee_bent",
                f"Your {side} knee is bent (about {bend:.0f}°), as when walking or stepping, so your posture "
                "cannot be measured. Stand still with both legs straight and your weight on both feet, then "
                "take the photo again.",
                blocking=True,
            )
        )
    if not _seen(landmarks, "left_hip", "right_hip", "left_ankle", "right_ankle"):
        return issues
    left, right = landmarks["left_ankle"], landmarks["right_ankle"]
    leg = (distance(landmarks["left_hip"], left) + distance(landmarks["right_hip"], right)) / 2
    if leg <= 0:
        return issues
    if abs(left.y - right.y) > STANCE_FOOT_RAISED_SHARE * leg:
        issues.append(
            QualityIssue(
                "foot_raised",
                "One foot is higher than the other, as if lifted or mid-step. Stand still with both feet flat "
                "on the floor, side by side, then take the photo again.",
                blocking=True,
            )
        )
    if view == "side" and abs(left.x - right.x) > STANCE_STRIDE_SHARE * leg:
        issues.append(
            QualityIssue(
                "stride",
                "Your feet are apart front to back, as in a step. Stand with your feet side by side, hip-width "
                "apart, then take the photo again.",
                blocking=True,
            )
        )
    return issues


def crowd_image(image: Image.Image, landmarks: Landmarks) -> Image.Image:
    """A small copy of the photo with the found person painted over, to look for anyone else."""
    small = image.copy()
    scale = min(1.0, CROWD_CHECK_SIDE / max(small.size))
    if scale < 1.0:
        small = small.resize(
            (round(small.size[0] * scale), round(small.size[1] * scale)), Image.Resampling.BILINEAR
        )
    box = person_box(
        {k: Point(p.x * scale, p.y * scale, p.visibility) for k, p in landmarks.items()}, *small.size
    )
    ImageDraw.Draw(small).rectangle(box, fill=(128, 128, 128))
    return small


def second_person_issue(
    second: Landmarks | None, first_box: tuple[int, int, int, int], scale: float
) -> list[QualityIssue]:
    """A confident second detection outside the first person's box means someone else is in the photo."""
    if second is None:
        return []
    seen = [p for p in second.values() if p.visibility >= SECOND_PERSON_MIN_VISIBILITY]
    if len(seen) < 12:
        return []
    left, top, right, bottom = first_box
    outside = [p for p in seen if not (left <= p.x / scale <= right and top <= p.y / scale <= bottom)]
    if len(outside) < len(seen) / 2:
        return []  # the model re-found the painted-over shape, not a new person
    return [
        QualityIssue(
            "more_than_one_person",
            "Someone else seems to be in the photo. The model measures one person only and may pick the wrong "
            "one: take the photo with only you in the frame.",
            blocking=True,
        )
    ]


CROWD_CHECK_LIMITS = (
    "The model finds one person per photo; to look for a second person backwell paints over the first and "
    "runs the model again. It can miss people who are small, far away or partly hidden."
)


def frame_spread_issue(spreads: Sequence[float], limit: float = 4.0) -> list[QualityIssue]:
    """Frames of a video that disagree a lot mean the person moved (or the model struggled)."""
    if spreads and max(spreads) > limit:
        return [
            QualityIssue(
                "moving",
                "The measures change a lot between frames: stand still for the whole video, arms at your sides.",
            )
        ]
    return []


STANDING_TOLERANCE = 0.07


def standing_height(landmarks: Landmarks) -> float:
    """Vertical distance from the shoulders down to the ankles, in pixels (shrinks when someone bends)."""
    shoulders = midpoint(landmarks["left_shoulder"], landmarks["right_shoulder"])
    ankles = midpoint(landmarks["left_ankle"], landmarks["right_ankle"])
    return ankles.y - shoulders.y


def standing_frames(frames: Sequence[Landmarks]) -> list[Landmarks]:
    """The frames in which the person stands at full height (within 7 % of their tallest frame).

    A video of "standing still" often holds a moment of bending, stepping or squatting; those frames
    would drag the median, so they are left out rather than averaged in.
    """
    heights = [standing_height(f) for f in frames]
    tallest = max(heights)
    if tallest <= 0:
        return list(frames)
    return [f for f, h in zip(frames, heights, strict=True) if h >= (1 - STANDING_TOLERANCE) * tallest]

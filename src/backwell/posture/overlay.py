"""The photo with landmarks, body lines, a plumb line and angle labels drawn on it (Pillow only)."""

from __future__ import annotations

import functools
import io
from collections.abc import Mapping

from PIL import Image, ImageDraw, ImageFont

from backwell.posture.measures import Measure, View
from backwell.posture.points import SKELETON, Landmarks, Point, midpoint

SEEN = (46, 204, 113)
FAINT = (243, 156, 18)
LINE = (255, 255, 255)
SHADOW = (20, 20, 20)
PLUMB = (52, 152, 219)
MEASURE = (231, 76, 60)


@functools.lru_cache(maxsize=8)
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    # Pillow's built-in default font (bundled with Pillow, nothing downloaded), scaled when FreeType exists.
    try:
        return ImageFont.load_default(size=size)
    except (ImportError, OSError):  # Pillow built without FreeType: the small bitmap font
        return ImageFont.load_default()


def _label(draw: ImageDraw.ImageDraw, at: tuple[float, float], text: str, size: int, width: int) -> None:
    font = _font(size)
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
    x = min(max(2.0, at[0]), width - (right - left) - 6)
    y = max(2.0, at[1])
    pad = max(2, size // 5)
    draw.rectangle((x - pad, y - pad, x + right - left + pad, y + bottom - top + pad), fill=(0, 0, 0))
    draw.text((x - left, y - top), text, fill=(255, 255, 255), font=font)


def _line(draw: ImageDraw.ImageDraw, a: Point, b: Point, colour: tuple[int, int, int], width: int) -> None:
    draw.line((a.x, a.y, b.x, b.y), fill=SHADOW, width=width + 2)
    draw.line((a.x, a.y, b.x, b.y), fill=colour, width=width)


def _extended(a: Point, b: Point, factor: float) -> tuple[Point, Point]:
    """The segment a–b lengthened by `factor` of its length on each side, to make a tilt easy to see."""
    dx, dy = (b.x - a.x) * factor, (b.y - a.y) * factor
    return Point(a.x - dx, a.y - dy), Point(b.x + dx, b.y + dy)


def _dashed_vertical(draw: ImageDraw.ImageDraw, x: float, height: int, width: int) -> None:
    dash = max(8, height // 60)
    for y in range(0, height, dash * 2):
        draw.line((x, y, x, min(height, y + dash)), fill=PLUMB, width=width)


def _fmt(m: Measure) -> str:
    if isinstance(m.value, bool):
        return "yes" if m.value else "no"
    return (
        f"{m.value:+.1f}° ±{m.uncertainty:.1f}"
        if m.unit == "degrees"
        else f"{m.value:+.0f}% ±{m.uncertainty:.0f}"
    )


def draw_overlay(
    image: Image.Image, landmarks: Landmarks, view: View, measures: Mapping[str, Measure]
) -> Image.Image:
    """A copy of the photo (or the given canvas, drawn on in place) with the analysis drawn on it."""
    canvas = image.convert("RGB") if image.mode != "RGB" else image.copy()
    return draw_on(canvas, landmarks, view, measures)


def draw_on(
    canvas: Image.Image, landmarks: Landmarks, view: View, measures: Mapping[str, Measure]
) -> Image.Image:
    """Draw the analysis onto an RGB canvas in place (for callers that copied the photo ahead of time)."""
    draw = ImageDraw.Draw(canvas)
    width, height = canvas.size
    stroke = max(2, round(max(width, height) / 400))
    radius = stroke * 2 + 1
    text = max(12, round(max(width, height) / 55))

    # Plumb line: a true vertical through the feet (front: between the ankles; side: the near ankle).
    if view == "front" and "left_ankle" in landmarks and "right_ankle" in landmarks:
        base = midpoint(landmarks["left_ankle"], landmarks["right_ankle"])
        _dashed_vertical(draw, base.x, height, stroke)
    elif view == "side":
        ankles = [landmarks[n] for n in ("left_ankle", "right_ankle") if n in landmarks]
        if ankles:
            _dashed_vertical(draw, max(ankles, key=lambda p: p.visibility).x, height, stroke)

    for a, b in SKELETON:
        if a in landmarks and b in landmarks:
            _line(draw, landmarks[a], landmarks[b], LINE, stroke)

    if view == "front":
        for key, (left, right) in (
            ("shoulder_obliquity_deg", ("left_shoulder", "right_shoulder")),
            ("pelvic_obliquity_deg", ("left_hip", "right_hip")),
        ):
            if key in measures and left in landmarks and right in landmarks:
                start, end = _extended(landmarks[right], landmarks[left], 0.35)
                _line(draw, start, end, MEASURE, stroke)
                name = "shoulders" if key.startswith("shoulder") else "hips"
                _label(
                    draw,
                    (max(start.x, end.x) + radius * 2, (start.y + end.y) / 2 - text),
                    f"{name} {_fmt(measures[key])}",
                    text,
                    width,
                )
    else:
        side = (
            "left"
            if landmarks.get("left_shoulder", Point(0, 0, 0)).visibility
            >= landmarks.get("right_shoulder", Point(0, 0, 0)).visibility
            else "right"
        )
        for key, (lower, upper), name in (
            ("head_forward_deg", (f"{side}_shoulder", f"{side}_ear"), "head"),
            ("trunk_lean_deg", (f"{side}_hip", f"{side}_shoulder"), "trunk"),
        ):
            if key in measures and lower in landmarks and upper in landmarks:
                _line(draw, landmarks[lower], landmarks[upper], MEASURE, stroke)
                mid = midpoint(landmarks[lower], landmarks[upper])
                _label(
                    draw, (mid.x + radius * 3, mid.y - text / 2), f"{name} {_fmt(measures[key])}", text, width
                )
        hip = landmarks.get(f"{side}_hip")
        if hip and "pelvis_forward_pct" in measures:
            _label(
                draw,
                (hip.x + radius * 3, hip.y + text),
                f"pelvis forward {_fmt(measures['pelvis_forward_pct'])}",
                text,
                width,
            )

    for p in landmarks.values():
        colour = SEEN if p.visibility >= 0.5 else FAINT
        draw.ellipse((p.x - radius, p.y - radius, p.x + radius, p.y + radius), fill=colour, outline=SHADOW)
    return canvas


def overlay_jpeg(overlay: Image.Image, quality: int = 85) -> bytes:
    """JPEG bytes of an overlay (JPEG, not PNG: a tenth of the encoding time for a photo)."""
    out = io.BytesIO()
    overlay.save(out, "JPEG", quality=quality)
    return out.getvalue()


def save_overlay(overlay: Image.Image, path: str) -> None:
    """Write an overlay; the format follows the file's extension (.png, .jpg, .webp)."""
    overlay.save(path)

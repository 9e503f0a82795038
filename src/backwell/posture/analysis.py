"""The posture service the web step and the command line call: bytes in, a JSON-ready result out."""

from __future__ import annotations

import io
import statistics
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from PIL import Image

from backwell.posture import landmarks as model
from backwell.posture import quality
from backwell.posture.decode import DecodedPhoto, InputRefused, check_photo, decode_photo
from backwell.posture.measures import VIEWS, Measurement, View, engine_posture, frame_values, measure
from backwell.posture.overlay import draw_on, draw_overlay, overlay_jpeg
from backwell.posture.points import (
    SKELETON,
    Landmarks,
    LandmarksInvalid,
    Point,
    check_within_image,
    distance,
    landmarks_from_json,
    landmarks_to_json,
)
from backwell.posture.quality import QualityIssue
from backwell.posture.video import read_video, sniff_video

_encoder: ThreadPoolExecutor | None = None
_encoder_lock = threading.Lock()


def _background() -> ThreadPoolExecutor:
    """One helper thread per process: Pillow encodes JPEGs there while the model runs (both release the GIL)."""
    global _encoder
    with _encoder_lock:
        if _encoder is None:
            _encoder = ThreadPoolExecutor(max_workers=1, thread_name_prefix="posture-encode")
        return _encoder


@dataclass
class PostureAnalysis:
    """The outcome of analysing one view: landmarks, measures, quality issues, and the clean images."""

    view: View
    source: Literal["photo", "photos", "video", "landmarks"]
    size: tuple[int, int] | None
    landmarks: Landmarks | None
    measurement: Measurement | None
    issues: list[QualityIssue] = field(default_factory=list)
    frames: int = 1
    photo_jpeg: bytes | None = None
    overlay_image: Image.Image | None = None
    limits: list[str] = field(default_factory=list)
    _overlay_jpeg: bytes | None = field(default=None, init=False, repr=False)

    @property
    def overlay_jpeg(self) -> bytes | None:
        """The overlay as JPEG, encoded on first use: a page that draws its own draggable points never
        needs it, and once points are corrected the overlay is redrawn anyway."""
        if self._overlay_jpeg is None and self.overlay_image is not None:
            self._overlay_jpeg = overlay_jpeg(self.overlay_image)
        return self._overlay_jpeg

    @property
    def usable(self) -> bool:
        """True when measures exist and no blocking issue says they are meaningless."""
        return self.measurement is not None and not any(i.blocking for i in self.issues)

    def to_json(self) -> dict[str, Any]:
        m = self.measurement
        return {
            "view": self.view,
            "source": self.source,
            "image": {"width": self.size[0], "height": self.size[1]} if self.size else None,
            "frames": self.frames,
            "landmarks": landmarks_to_json(self.landmarks) if self.landmarks else {},
            # Pairs of landmark names the page joins with lines around its draggable points.
            "skeleton": [list(pair) for pair in SKELETON],
            "measures": m.values() if m else {},
            "uncertainty": m.uncertainties() if m else {},
            "spread": {k: v.spread for k, v in m.measures.items()} if m else {},
            "units": {k: v.unit for k, v in m.measures.items()} if m else {},
            "readings": m.readings() if m else {},
            "not_measured": dict(m.missing) if m else {},
            "warnings": [i.message for i in self.issues],
            "issues": [{"code": i.code, "message": i.message, "blocking": i.blocking} for i in self.issues],
            "notes": (list(m.notes) if m else []) + self.limits,
            "usable": self.usable,
            "engine_posture": engine_posture(m) if m and self.usable else {},
        }


def _check_view(view: str) -> View:
    for known in VIEWS:
        if view == known:
            return known
    raise InputRefused(f"The view must be 'front' or 'side', not {view!r}.")


def _measure_or_issue(
    frames: Sequence[Landmarks], view: View
) -> tuple[Measurement | None, list[QualityIssue]]:
    try:
        return measure(frames, view), []
    except LandmarksInvalid as exc:
        return None, [
            QualityIssue("unmeasurable", f"{exc} Take the photo again, standing straight.", blocking=True)
        ]


def _crowd_issues(image: Image.Image, landmarks: Landmarks) -> list[QualityIssue]:
    small = quality.crowd_image(image, landmarks)
    second = model.detect(small)
    box = quality.person_box(landmarks, *image.size)
    return quality.second_person_issue(second, box, small.size[0] / image.size[0])


def _draw_on_copy(
    canvas: Future[Image.Image], landmarks: Landmarks, view: View, measurement: Measurement
) -> Image.Image:
    return draw_on(canvas.result(), landmarks, view, measurement.measures)


def analyze_decoded(
    photo: DecodedPhoto, view: View, *, overlay: bool = True, crowd_check: bool = True
) -> PostureAnalysis:
    """Landmarks, measures, checks and overlay for a decoded photo."""
    encoder = _background()
    image = photo.image
    # Work that needs no landmarks runs on the helper thread while the model runs.
    clean: Future[bytes] = encoder.submit(photo.jpeg_bytes)
    canvas = encoder.submit(image.copy) if overlay else None
    landmarks = model.detect(image)
    issues = quality.landmark_issues(landmarks, view, *image.size)
    measurement = None
    drawn: Future[Image.Image] | None = None
    if landmarks is not None:
        measurement, problems = _measure_or_issue([landmarks], view)
        issues += problems
        if canvas is not None and measurement is not None:
            drawn = encoder.submit(_draw_on_copy, canvas, landmarks, view, measurement)
        if crowd_check:
            issues += _crowd_issues(image, landmarks)
    issues += quality.image_issues(image, landmarks)
    return PostureAnalysis(
        view=view,
        source="photo",
        size=image.size,
        landmarks=landmarks,
        measurement=measurement,
        issues=issues,
        photo_jpeg=clean.result(),
        overlay_image=drawn.result() if drawn else None,
        limits=[quality.CROWD_CHECK_LIMITS] if crowd_check and landmarks is not None else [],
    )


def analyze_photo(
    data: bytes,
    view: str,
    *,
    filename: str | None = None,
    content_type: str | None = None,
    overlay: bool = True,
    crowd_check: bool = True,
) -> PostureAnalysis:
    """Validate, decode, strip, measure and draw one uploaded photo (raises InputRefused on bad input)."""
    checked = _check_view(view)
    photo = decode_photo(data, filename=filename, content_type=content_type)
    return analyze_decoded(photo, checked, overlay=overlay, crowd_check=crowd_check)


@dataclass(frozen=True)
class Upload:
    """One uploaded file as the web layer receives it."""

    data: bytes
    filename: str | None = None
    content_type: str | None = None


def analyze_photos(uploads: Sequence[Upload], view: str, *, overlay: bool = True) -> PostureAnalysis:
    """Several photos of the same stance: measures are the median over the photos, points from the first."""
    checked = _check_view(view)
    if not uploads:
        raise InputRefused("No photo was sent. Choose one or more photos and try again.")
    _check_all(uploads)
    results = [
        analyze_photo(u.data, checked, filename=u.filename, content_type=u.content_type, overlay=False)
        for u in uploads
    ]
    first = results[0]
    found = [r.landmarks for r in results if r.landmarks is not None and r.usable]
    measurement, problems = _measure_or_issue(found, checked) if found else (None, [])
    issues = list(first.issues) + problems
    for index, r in enumerate(results[1:], start=2):
        issues += [QualityIssue(i.code, f"Photo {index}: {i.message}", False) for i in r.issues]
    if measurement is not None:
        issues += quality.frame_spread_issue(
            [m.spread for m in measurement.measures.values() if m.unit == "degrees"]
        )
    drawn = None
    if overlay and first.landmarks is not None and measurement is not None and first.photo_jpeg is not None:
        with Image.open(io.BytesIO(first.photo_jpeg)) as image:
            drawn = draw_overlay(image, first.landmarks, checked, measurement.measures)
    return PostureAnalysis(
        view=checked,
        source="photos",
        size=first.size,
        landmarks=first.landmarks,
        measurement=measurement,
        issues=issues,
        frames=len(found),
        photo_jpeg=first.photo_jpeg,
        overlay_image=drawn,
    )


def _check_all(uploads: Sequence[Upload]) -> None:
    """Refuse the whole request from the files' headers before any photo is decoded or measured."""
    for index, upload in enumerate(uploads, start=1):
        try:
            check_photo(upload.data, filename=upload.filename, content_type=upload.content_type)
        except InputRefused as exc:
            if len(uploads) == 1:
                raise
            raise InputRefused(f"Photo {index} of {len(uploads)}: {exc}") from None


def median_landmarks(frames: Sequence[Landmarks]) -> Landmarks:
    """Each landmark at its median position (and median visibility) over frames."""
    names = [n for n in frames[0] if all(n in f for f in frames)]
    return {
        n: Point(
            statistics.median(f[n].x for f in frames),
            statistics.median(f[n].y for f in frames),
            statistics.median(f[n].visibility for f in frames),
        )
        for n in names
    }


def analyze_video(
    data: bytes,
    view: str,
    *,
    filename: str | None = None,
    content_type: str | None = None,
    max_frames: int = 15,
    start_s: float = 0.0,
    end_s: float | None = None,
    overlay: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> PostureAnalysis:
    """A short video of standing still: each sampled frame measured alone, then median and spread.

    progress(done, total) is called after each frame, for a page showing how far the analysis is.
    """
    checked = _check_view(view)
    video = read_video(
        data,
        filename=filename,
        content_type=content_type,
        max_frames=max_frames,
        start_s=start_s,
        end_s=end_s,
    )
    detected: list[tuple[int, Landmarks]] = []
    for index, pixels in enumerate(video.frames):
        landmarks = model.detect(pixels)
        if landmarks is not None:
            detected.append((index, landmarks))
        if progress is not None:
            progress(index + 1, len(video.frames))
    if not detected:
        middle = Image.fromarray(video.frames[len(video.frames) // 2])
        issues = quality.landmark_issues(None, checked, *middle.size)
        return PostureAnalysis(
            checked, "video", middle.size, None, None, issues, frames=0, photo_jpeg=_jpeg(middle)
        )
    seen = len(detected)
    found = quality.standing_frames([lm for _, lm in detected])
    typical = median_landmarks(found)
    kept_ids = {id(lm) for lm in found}

    def off_median(item: tuple[int, Landmarks]) -> float:
        return sum(distance(p, typical[n]) for n, p in item[1].items() if n in typical)

    # The photo shown is the kept frame whose points lie closest to the median points.
    shown, _ = min((item for item in detected if id(item[1]) in kept_ids), key=off_median)
    middle = Image.fromarray(video.frames[shown])
    size = middle.size
    issues = quality.landmark_issues(typical, checked, *size)
    if seen < len(video.frames):
        issues.append(
            QualityIssue(
                "person_lost",
                f"The person was found in {seen} of {len(video.frames)} frames; keep your whole body in the "
                "frame for the whole video.",
            )
        )
    if len(found) < seen:
        issues.append(
            QualityIssue(
                "not_standing",
                f"{seen - len(found)} of {seen} frames were left out because you were not standing at full "
                "height in them (bending, squatting or stepping).",
            )
        )
    measurement, problems = _measure_or_issue(found, checked)
    issues += problems + quality.image_issues(middle, typical)
    if measurement is not None:
        issues += quality.frame_spread_issue(
            [m.spread for m in measurement.measures.values() if m.unit == "degrees"]
        )
    drawn = None
    if overlay and measurement is not None:
        drawn = draw_overlay(middle, typical, checked, measurement.measures)
    return PostureAnalysis(
        checked,
        "video",
        size,
        typical,
        measurement,
        issues,
        frames=len(found),
        photo_jpeg=_jpeg(middle),
        overlay_image=drawn,
    )


def _jpeg(image: Image.Image) -> bytes:
    return DecodedPhoto(image, image.size, "video frame").jpeg_bytes()


def analyze_upload(
    data: bytes,
    view: str,
    *,
    filename: str | None = None,
    content_type: str | None = None,
    overlay: bool = True,
) -> PostureAnalysis:
    """A photo or a video, told apart by content (a claimed type that disagrees is refused on the way)."""
    if sniff_video(data) is not None:
        return analyze_video(data, view, filename=filename, content_type=content_type, overlay=overlay)
    return analyze_photo(data, view, filename=filename, content_type=content_type, overlay=overlay)


def analyze_landmarks(document: Any, view: str, *, size: tuple[int, int] | None = None) -> PostureAnalysis:
    """Measures from a (corrected) landmark set in the JSON form {name: {x, y, visibility}}."""
    checked = _check_view(view)
    landmarks = landmarks_from_json(document)
    if size is None and isinstance(document, dict) and isinstance(document.get("image"), dict):
        image = document["image"]
        if isinstance(image.get("width"), int) and isinstance(image.get("height"), int):
            size = (image["width"], image["height"])
    check_within_image(landmarks, size)
    # A person correcting points has looked at them: missing ones are the only visibility problem left.
    frame_values(landmarks, checked)  # raises LandmarksInvalid with a clear message when unmeasurable
    measurement = measure([landmarks], checked)
    # Moved points can still show a person mid-step (a bent knee, a raised foot): that stays blocking.
    issues = quality.stance_issues(landmarks, checked)
    return PostureAnalysis(checked, "landmarks", size, landmarks, measurement, issues, frames=1)


def video_frame_spread(frames: Sequence[np.ndarray], view: View) -> dict[str, list[float]]:
    """Per-frame values of every measure (for tests and the benchmark: how much single frames wobble)."""
    series: dict[str, list[float]] = {}
    for pixels in frames:
        landmarks = model.detect(pixels)
        if landmarks is None:
            continue
        values, _ = frame_values(landmarks, view)
        for key, value in values.items():
            series.setdefault(key, []).append(value.value)
    return series


def redraw_overlay(photo_jpeg: bytes, document: Any, view: str) -> tuple[PostureAnalysis, bytes]:
    """After the person drags points: measures from the corrected points, drawn over the stored clean photo."""
    analysis = analyze_landmarks(document, view)
    assert (
        analysis.landmarks is not None and analysis.measurement is not None
    )  # analyze_landmarks guarantees both
    with Image.open(io.BytesIO(photo_jpeg)) as photo:
        photo.load()
        analysis.size = photo.size
        analysis.overlay_image = draw_overlay(
            photo, analysis.landmarks, analysis.view, analysis.measurement.measures
        )
    overlay = analysis.overlay_jpeg
    assert overlay is not None
    return analysis, overlay

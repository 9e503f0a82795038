"""Short standing-still videos: refuse long or unreadable ones and sample frames as RGB arrays (OpenCV)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

from backwell.posture.decode import MAX_SIDE, InputRefused

MAX_VIDEO_SECONDS = 15.0
MAX_VIDEO_BYTES = 60 * 1024 * 1024
# OpenCV decodes every frame at full size (grab() included) to reach the sampled ones: frames up to
# 4K (4096×2160 either way up, 27 MB each in BGR) and up to 60 a second (plus rounding) bound a video's
# memory and decoding time. Slow-motion and 8K videos are refused.
MAX_VIDEO_FRAME_PIXELS = 4096 * 2160
MAX_VIDEO_FPS = 60
DEFAULT_FRAMES = 15
AGAIN_VIDEO = "Record 3 to 10 seconds of standing still (MP4, MOV or WebM) and try again."

VIDEO_EXTENSIONS = {".mp4": "MP4", ".m4v": "MP4", ".mov": "MP4", ".webm": "WEBM", ".mkv": "WEBM"}
VIDEO_MIMES = {"video/mp4": "MP4", "video/quicktime": "MP4", "video/webm": "WEBM", "video/x-matroska": "WEBM"}


@dataclass(frozen=True)
class VideoFrames:
    """Frames sampled from a video, as upright RGB arrays at most MAX_SIDE px on the long side."""

    frames: list[np.ndarray]
    times_s: list[float]
    duration_s: float
    fps: float


def sniff_video(data: bytes) -> str | None:
    """'MP4' (also MOV), 'WEBM' (Matroska) or None, from the file's first bytes."""
    if len(data) >= 12 and data[4:8] == b"ftyp":
        return "MP4"
    if data[:4] == b"\x1a\x45\xdf\xa3":
        return "WEBM"
    return None


def _check_claim(actual: str, filename: str | None, content_type: str | None) -> None:
    claims = []
    if content_type and content_type.split(";")[0].strip().lower() not in ("", "application/octet-stream"):
        base = content_type.split(";")[0].strip().lower()
        claims.append((VIDEO_MIMES.get(base, base), f"declared as {base}"))
    if filename and os.path.splitext(filename)[1]:
        ext = os.path.splitext(filename)[1].lower()
        claims.append((VIDEO_EXTENSIONS.get(ext, ext), f"named {os.path.basename(filename)}"))
    for claimed, how in claims:
        if claimed != actual:
            raise InputRefused(
                f"The file is {how} but it contains a {actual} video. Files whose content does not match "
                f"their type are refused. {AGAIN_VIDEO}"
            )


@contextmanager
def _temporary_copy(data: bytes) -> Iterator[str]:
    """OpenCV reads files, not bytes: a private temporary file, removed whatever happens."""
    handle, path = tempfile.mkstemp(prefix="backwell-video-", suffix=".bin")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        yield path
    finally:
        os.unlink(path)


def read_video(
    data: bytes,
    *,
    filename: str | None = None,
    content_type: str | None = None,
    max_frames: int = DEFAULT_FRAMES,
    start_s: float = 0.0,
    end_s: float | None = None,
) -> VideoFrames:
    """Check a video upload and sample up to max_frames frames evenly between start_s and end_s."""
    if not data:
        raise InputRefused(f"The file is empty (0 bytes): the upload did not arrive. {AGAIN_VIDEO}")
    if len(data) > MAX_VIDEO_BYTES:
        raise InputRefused(
            f"The video is {len(data) / 1024 / 1024:.0f} MB; up to {MAX_VIDEO_BYTES // 1024 // 1024} MB is "
            f"accepted. {AGAIN_VIDEO}"
        )
    kind = sniff_video(data)
    if kind is None:
        raise InputRefused(f"This file is not a video backwell can read. {AGAIN_VIDEO}")
    _check_claim(kind, filename, content_type)
    with _temporary_copy(data) as path:
        return _sample(path, max_frames, start_s, end_s)


def read_video_file(path: str, **options: float | int) -> VideoFrames:
    """read_video for a file on disk (the command line)."""
    with open(path, "rb") as handle:
        data = handle.read()
    return read_video(data, filename=path, **options)  # type: ignore[arg-type]


def _sample(path: str, max_frames: int, start_s: float, end_s: float | None) -> VideoFrames:
    import cv2

    capture = cv2.VideoCapture(path)
    try:
        if not capture.isOpened():
            raise InputRefused(
                f"The video could not be opened: it is damaged or uses an unusual codec. {AGAIN_VIDEO}"
            )
        fps = float(capture.get(cv2.CAP_PROP_FPS) or 0.0)
        count = int(capture.get(cv2.CAP_PROP_FRAME_COUNT) or 0)
        if fps <= 0 or count <= 0:
            raise InputRefused(f"The video has no readable frames. {AGAIN_VIDEO}")
        _refuse_oversized(
            int(capture.get(cv2.CAP_PROP_FRAME_WIDTH) or 0),
            int(capture.get(cv2.CAP_PROP_FRAME_HEIGHT) or 0),
            fps,
        )
        duration = count / fps
        if duration > MAX_VIDEO_SECONDS:
            raise InputRefused(
                f"The video is {duration:.0f} seconds long; up to {MAX_VIDEO_SECONDS:.0f} seconds are "
                f"accepted. {AGAIN_VIDEO}"
            )
        first = max(0, int(round(start_s * fps)))
        last = count - 1 if end_s is None else min(count - 1, int(round(end_s * fps)))
        if last < first:
            raise InputRefused(f"The chosen part of the video is empty. {AGAIN_VIDEO}")
        wanted = sorted(
            {round(first + i * (last - first) / max(max_frames - 1, 1)) for i in range(max_frames)}
        )
        frames: list[np.ndarray] = []
        times: list[float] = []
        index = 0
        for target in wanted:
            # grab() skips without decoding to RGB; seeking is unreliable across containers.
            while index < target:
                if not capture.grab():
                    break
                index += 1
            ok, frame = capture.read()
            index += 1
            if not ok:
                break
            frames.append(_to_rgb(frame))
            times.append(target / fps)
        if not frames:
            raise InputRefused(f"No frame of the video could be decoded: it is damaged. {AGAIN_VIDEO}")
        return VideoFrames(frames, times, duration, fps)
    finally:
        capture.release()


def _refuse_oversized(width: int, height: int, fps: float) -> None:
    """Refuse, from the container's header, frames too large or too many a second to decode affordably."""
    if width * height > MAX_VIDEO_FRAME_PIXELS:
        raise InputRefused(
            f"The video's frames are {width}×{height} pixels; videos up to 4K (4096×2160) are accepted, "
            f"far more than posture analysis needs. Record at 1080p or 4K. {AGAIN_VIDEO}"
        )
    if fps > MAX_VIDEO_FPS + 1:  # phones write 60.02 or 59.94 for 60
        raise InputRefused(
            f"The video was recorded at {fps:.0f} frames a second (slow motion); up to "
            f"{MAX_VIDEO_FPS} are accepted. Record at normal speed. {AGAIN_VIDEO}"
        )


def _to_rgb(frame: np.ndarray) -> np.ndarray:
    import cv2

    height, width = frame.shape[:2]
    if max(height, width) > MAX_SIDE:
        scale = MAX_SIDE / max(height, width)
        frame = cv2.resize(frame, (round(width * scale), round(height * scale)), interpolation=cv2.INTER_AREA)
    return np.ascontiguousarray(cv2.cvtColor(frame, cv2.COLOR_BGR2RGB))

"""The pose model adapter: the only module that knows MediaPipe; returns pixel landmarks by name."""

from __future__ import annotations

import os
import sys
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np
from PIL import Image

from backwell.posture.points import LANDMARK_NAMES, Landmarks, Point

_lock = threading.Lock()
_model: Any = None


class PoseModelUnavailable(RuntimeError):
    """MediaPipe is not installed (the `vision` extra) or its bundled model cannot load."""


@contextmanager
def _quiet_native_logs() -> Iterator[None]:
    """Silence the C++ start-up chatter (TFLite, glog) on file descriptor 2 while the model loads.

    Only used once per process, around loading; Python errors raised meanwhile are unaffected.
    """
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 2)
            with warnings.catch_warnings():
                # protobuf's deprecation notice about MediaPipe's own use of it: not ours to fix.
                warnings.filterwarnings(
                    "ignore", message=r"SymbolDatabase\.GetPrototype", category=UserWarning
                )
                yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def _pose() -> Any:
    """The process's single Pose instance, created (and run once) on first use."""
    global _model
    with _lock:
        if _model is None:
            os.environ.setdefault("GLOG_minloglevel", "2")
            try:
                import mediapipe as mp
            except ImportError as exc:
                raise PoseModelUnavailable(
                    "Posture analysis needs MediaPipe 0.10.14 (pip install 'backwell[vision]')."
                ) from exc
            with _quiet_native_logs():
                # model_complexity=1 is the model shipped inside the wheel; 0 and 2 would try to download
                # one. static_image_mode: every image (and every video frame) is detected on its own, so
                # frames are independent measurements and their spread is honest.
                pose = mp.solutions.pose.Pose(
                    static_image_mode=True,
                    model_complexity=1,
                    enable_segmentation=False,
                    min_detection_confidence=0.5,
                )
                # The first call builds the inference graph (~100 ms): do it here, where its logs are hushed.
                pose.process(np.zeros((64, 64, 3), dtype=np.uint8))
            _model = pose
    return _model


def _pixels(image: Image.Image | np.ndarray) -> np.ndarray:
    array = np.asarray(
        image.convert("RGB") if isinstance(image, Image.Image) and image.mode != "RGB" else image
    )
    if array.ndim != 3 or array.shape[2] != 3 or array.dtype != np.uint8:
        raise ValueError("the pose model needs an RGB image of 8-bit pixels")
    return np.ascontiguousarray(array)


def run_model(pixels: np.ndarray) -> Any:
    """Raw model call on an RGB uint8 array (for the benchmark); returns MediaPipe's result object."""
    model = _pose()
    # MediaPipe's graph is not safe to feed from two threads at once; one call at a time per process.
    with _lock, warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"SymbolDatabase\.GetPrototype", category=UserWarning)
        return model.process(pixels)


def detect(image: Image.Image | np.ndarray) -> Landmarks | None:
    """The most prominent person's 33 landmarks in pixels of this image, or None when nobody is found."""
    pixels = _pixels(image)
    height, width = pixels.shape[:2]
    result = run_model(pixels)
    if result.pose_landmarks is None:
        return None
    # MediaPipe gives x and y as fractions of width and height; angles need real pixels.
    return {
        name: Point(float(lm.x) * width, float(lm.y) * height, float(lm.visibility))
        for name, lm in zip(LANDMARK_NAMES, result.pose_landmarks.landmark, strict=True)
    }


def warm_up() -> None:
    """Load the model and run it once, so the first real request does not pay ~100 ms of set-up."""
    detect(np.zeros((256, 256, 3), dtype=np.uint8))

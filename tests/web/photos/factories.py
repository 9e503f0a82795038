"""Factories for the photos app: analyses with landmarks and stored photos, no model run needed."""

from __future__ import annotations

import io
from typing import Any

import factory
from PIL import Image

from backwell.web.photos.models import PostureAnalysisRecord, PosturePhoto
from backwell.web.photos.private_files import private_file_write
from tests.web.factories import UserFactory

# A level, upright front view in a 600×1000 image: both obliquities 0.
FRONT_LANDMARKS: dict[str, dict[str, float]] = {
    "nose": {"x": 300.0, "y": 120.0, "visibility": 0.99},
    "left_ear": {"x": 330.0, "y": 115.0, "visibility": 0.95},
    "right_ear": {"x": 270.0, "y": 115.0, "visibility": 0.95},
    "left_shoulder": {"x": 370.0, "y": 230.0, "visibility": 0.99},
    "right_shoulder": {"x": 230.0, "y": 230.0, "visibility": 0.99},
    "left_hip": {"x": 345.0, "y": 520.0, "visibility": 0.99},
    "right_hip": {"x": 255.0, "y": 520.0, "visibility": 0.99},
    "left_knee": {"x": 342.0, "y": 730.0, "visibility": 0.98},
    "right_knee": {"x": 258.0, "y": 730.0, "visibility": 0.98},
    "left_ankle": {"x": 340.0, "y": 930.0, "visibility": 0.97},
    "right_ankle": {"x": 260.0, "y": 930.0, "visibility": 0.97},
}


def jpeg(width: int = 600, height: int = 1000) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 205, 210)).save(out, "JPEG")
    return out.getvalue()


class PosturePhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PosturePhoto

    user = factory.SubFactory(UserFactory)
    view = "front"
    width = 600
    height = 1000
    stored_name = factory.LazyAttribute(
        lambda o: private_file_write(user_pk=o.user.pk, folder="posture", data=jpeg(), suffix=".jpg")
    )


class PostureAnalysisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PostureAnalysisRecord

    user = factory.SubFactory(UserFactory)
    view = "front"
    photo = factory.SubFactory(PosturePhotoFactory, user=factory.SelfAttribute("..user"))
    image_width = 600
    image_height = 1000
    detected_landmarks = factory.LazyFunction(lambda: dict(FRONT_LANDMARKS))
    landmarks = factory.LazyFunction(lambda: dict(FRONT_LANDMARKS))
    measures: Any = factory.LazyFunction(lambda: {"shoulder_obliquity_deg": 0.0, "pelvic_obliquity_deg": 0.0})
    uncertainty: Any = factory.LazyFunction(
        lambda: {"shoulder_obliquity_deg": 1.5, "pelvic_obliquity_deg": 2.0}
    )
    readings: Any = factory.LazyFunction(dict)


# A side view facing right (+x) in a 600×1000 image: upright, head slightly forward.
SIDE_LANDMARKS: dict[str, dict[str, float]] = {
    "nose": {"x": 330.0, "y": 118.0, "visibility": 0.99},
    "left_ear": {"x": 290.0, "y": 112.0, "visibility": 0.97},
    "left_shoulder": {"x": 280.0, "y": 230.0, "visibility": 0.99},
    "left_hip": {"x": 285.0, "y": 520.0, "visibility": 0.99},
    "left_knee": {"x": 292.0, "y": 730.0, "visibility": 0.98},
    "left_ankle": {"x": 285.0, "y": 930.0, "visibility": 0.97},
    "left_heel": {"x": 270.0, "y": 950.0, "visibility": 0.95},
    "left_foot_index": {"x": 340.0, "y": 960.0, "visibility": 0.95},
    "right_ear": {"x": 292.0, "y": 114.0, "visibility": 0.3},
    "right_shoulder": {"x": 284.0, "y": 232.0, "visibility": 0.3},
    "right_hip": {"x": 288.0, "y": 522.0, "visibility": 0.3},
    "right_knee": {"x": 294.0, "y": 732.0, "visibility": 0.3},
    "right_ankle": {"x": 287.0, "y": 932.0, "visibility": 0.3},
}

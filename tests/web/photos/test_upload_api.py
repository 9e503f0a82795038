"""Uploading posture photos through the API: the capture page's service, limits and refusals."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from backwell.web.photos.models import PostureAnalysisRecord, PostureVideoJob
from backwell.web.photos.services import MAX_REQUEST_BYTES, photo_preference_set
from tests.web.api.world import app_token
from tests.web.factories import UserFactory

from .conftest import SQUATS_VIDEO, files_under

pytestmark = [pytest.mark.django_db, pytest.mark.vision]
URL = "/api/v1/photos/uploads"


def _post(token: str, files: list[SimpleUploadedFile], view: str = "front", **extra: str):
    return Client().post(URL, {"view": view, "files": files}, HTTP_AUTHORIZATION=f"Bearer {token}", **extra)


def _jpeg(data: bytes, name: str = "stance.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def test_a_photo_is_measured_and_its_analysis_answered(front_photo: bytes, private_root: Path) -> None:
    me = UserFactory()
    response = _post(app_token(me), [_jpeg(front_photo)])
    assert response.status_code == 201, response.content
    analysis = response.json()["analysis"]
    assert analysis["view"] == "front"
    assert analysis["measures"]
    assert analysis["photo_url"].startswith("/photos/")
    assert PostureAnalysisRecord.objects.get(pk=analysis["id"]).user == me
    assert files_under(private_root)


def test_measures_only_keeps_no_photo(front_photo: bytes, private_root: Path) -> None:
    me = UserFactory()
    photo_preference_set(user=me, measures_only=True)
    response = _post(app_token(me), [_jpeg(front_photo)])
    assert response.status_code == 201
    assert response.json()["analysis"]["photo_url"] == ""
    assert not files_under(private_root)


def test_a_video_is_queued_for_analysis() -> None:
    me = UserFactory()
    video = SimpleUploadedFile("squat.mp4", SQUATS_VIDEO.read_bytes(), content_type="video/mp4")
    response = _post(app_token(me), [video], view="side")
    assert response.status_code == 201, response.content
    job = PostureVideoJob.objects.get(pk=response.json()["video"]["id"])
    assert job.user == me


def test_refusals_are_the_pages_own_sentences(front_photo: bytes, private_root: Path) -> None:
    token = app_token(UserFactory())
    not_a_photo = _post(token, [_jpeg(b"hello, I am text")])
    assert not_a_photo.status_code == 422
    assert not_a_photo["Content-Type"] == "application/problem+json"
    assert not_a_photo.json()["errors"][0]["field"] == "files"

    six = _post(token, [_jpeg(front_photo, f"{n}.jpg") for n in range(6)])
    assert six.status_code == 422
    assert "at most 5 photos" in six.json()["detail"]

    huge = _post(token, [_jpeg(b"x")], CONTENT_LENGTH=str(MAX_REQUEST_BYTES + 1))
    assert huge.status_code == 413
    assert "can be sent at once" in huge.json()["detail"]
    assert not PostureAnalysisRecord.objects.exists()
    assert not files_under(private_root)

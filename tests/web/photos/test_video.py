"""A short video of standing still: analysed by a background task while the page shows its progress."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from backwell.web.photos.models import PostureAnalysisRecord, PostureVideoJob
from backwell.web.photos.services import posture_video_job_create, posture_video_job_run
from tests.web.factories import UserFactory

from . import bad_uploads
from .conftest import SQUATS_VIDEO, files_under

pytestmark = [pytest.mark.django_db, pytest.mark.vision]


@pytest.fixture(scope="module")
def standing_video() -> bytes:
    """The squats clip: ~9 s of standing, then squats, which the core leaves out as not standing."""
    return SQUATS_VIDEO.read_bytes()


def test_a_video_upload_is_analysed_by_a_task_and_the_person_lands_on_the_overlay(
    client: Client, standing_video: bytes, private_root: Path, django_capture_on_commit_callbacks
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    me = UserFactory()
    client.force_login(me)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/photos/?next=/assessment/",
            {
                "view": "front",
                "next": "/assessment/",
                "chosen": SimpleUploadedFile("me.mp4", standing_video, "video/mp4"),
            },
        )

    job = PostureVideoJob.objects.get(user=me)
    assert response.status_code == 302 and response["Location"] == f"/photos/video/{job.pk}/"
    assert job.stage == "done", job.message
    record = PostureAnalysisRecord.objects.get(user=me)
    assert record.source == "video" and record.frames >= 5
    assert "pelvic_obliquity_deg" in record.measures
    status = client.get(f"/photos/video/{job.pk}/status/").json()
    assert status["done"] and status["step"] == status["steps"]
    assert status["url"] == f"/photos/analysis/{record.pk}/?next=%2Fassessment%2F"
    assert client.get(f"/photos/video/{job.pk}/")["Location"] == status["url"]
    # The uploaded video is gone; only the still frame shown on the overlay is kept.
    assert job.upload_name == "" and [p.suffix for p in files_under(private_root)] == [".jpg"]


def test_progress_reports_each_stage_while_the_worker_runs(client: Client) -> None:
    me = UserFactory()
    client.force_login(me)
    job = PostureVideoJob.objects.create(
        user=me, view="front", stage="measuring", message="15 frames from 9.0 seconds"
    )

    status = client.get(f"/photos/video/{job.pk}/status/").json()
    page = client.get(f"/photos/video/{job.pk}/").content.decode()

    assert status["label"] == "Finding your points in each frame"
    assert (status["step"], status["steps"]) == (2, 4)
    assert status["message"] == "15 frames from 9.0 seconds" and not status["done"]
    assert 'value="2"' in page and "Finding your points in each frame" in page


def test_a_video_with_nobody_in_it_fails_with_a_reason_and_its_upload_is_removed(
    private_root: Path, django_capture_on_commit_callbacks
) -> None:
    me = UserFactory()
    blank = bad_uploads.long_video(seconds=4.0, fps=4.0)
    with django_capture_on_commit_callbacks(execute=False):
        job = posture_video_job_create(
            user=me, view="front", data=blank, filename="blank.mp4", content_type="video/mp4"
        )
    assert len(files_under(private_root)) == 1

    stage = posture_video_job_run(job_id=job.pk)

    job.refresh_from_db()
    assert stage == "failed"
    assert "person" in job.message.lower()
    assert files_under(private_root) == []
    assert PostureAnalysisRecord.objects.count() == 0
    # Running the task a second time does nothing more.
    assert posture_video_job_run(job_id=job.pk) == "failed"


def test_the_worker_reports_each_measured_frame_while_it_runs(
    standing_video: bytes, private_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from backwell.web.photos import services

    seen: list[str] = []
    record_stage = services._job_stage

    def spy(job: PostureVideoJob, stage: str, message: str = "") -> None:
        seen.append(message)
        record_stage(job, stage, message)

    monkeypatch.setattr(services, "_job_stage", spy)
    me = UserFactory()
    job = posture_video_job_create(
        user=me, view="front", data=standing_video, filename="me.mp4", content_type="video/mp4"
    )
    assert posture_video_job_run(job_id=job.pk) == "done"
    frames = [m for m in seen if m.startswith("Frame ")]
    assert len(frames) >= 5, "each measured frame moves the progress bar on"
    total = frames[-1].removesuffix(" measured").split(" of ")[1]
    assert frames[-1] == f"Frame {total} of {total} measured"

"""A video job whose worker was killed is taken up again by that run's retry, and by no other run."""

from __future__ import annotations

from pathlib import Path

import pytest

from backwell.web.photos.models import PostureAnalysisRecord, PostureVideoJob
from backwell.web.photos.services import posture_video_job_create, posture_video_job_run
from tests.web.factories import UserFactory

from .conftest import SQUATS_VIDEO, files_under

pytestmark = [pytest.mark.django_db, pytest.mark.vision]


def _job_left_by_a_killed_worker(attempt: str) -> PostureVideoJob:
    """What a worker killed while measuring leaves behind: the job taken, half-way, the upload kept."""
    me = UserFactory()
    job = posture_video_job_create(
        user=me, view="front", data=SQUATS_VIDEO.read_bytes(), filename="me.mp4", content_type="video/mp4"
    )
    PostureVideoJob.objects.filter(pk=job.pk).update(
        stage=PostureVideoJob.Stage.MEASURING, message="Frame 3 of 15 measured", attempt=attempt
    )
    return job


def test_the_retry_of_a_killed_run_finishes_the_job_with_one_analysis(private_root: Path) -> None:
    job = _job_left_by_a_killed_worker("run-1")
    assert posture_video_job_run(job_id=job.pk, attempt="run-1") == "done"
    job.refresh_from_db()
    assert PostureAnalysisRecord.objects.filter(user=job.user).count() == 1
    assert job.analysis is not None and job.upload_name == ""
    assert [p.suffix for p in files_under(private_root)] == [".jpg"]  # the video is gone
    # Run once more by mistake: nothing is analysed twice.
    assert posture_video_job_run(job_id=job.pk, attempt="run-1") == "done"
    assert PostureAnalysisRecord.objects.filter(user=job.user).count() == 1


def test_another_run_leaves_a_job_that_a_live_run_is_measuring() -> None:
    job = _job_left_by_a_killed_worker("run-1")
    assert posture_video_job_run(job_id=job.pk, attempt="run-2") == "measuring"
    assert posture_video_job_run(job_id=job.pk) == "measuring"
    job.refresh_from_db()
    assert job.stage == PostureVideoJob.Stage.MEASURING and job.upload_name
    assert not PostureAnalysisRecord.objects.filter(user=job.user).exists()

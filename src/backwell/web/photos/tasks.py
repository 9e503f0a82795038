"""Background tasks of the photos app: analysing an uploaded video off the request."""

from __future__ import annotations

from django_tasks import task


@task()
def analyze_posture_video(*, job_id: int) -> str:
    """Run a queued video analysis by job id (no video bytes sit in the queue); idempotent."""
    from .services import posture_video_job_run

    return posture_video_job_run(job_id=job_id)

"""Background tasks of the photos app: analysing an uploaded video off the request."""

from __future__ import annotations

from django_tasks import TaskContext, task


@task(takes_context=True)
def analyze_posture_video(context: TaskContext, *, job_id: int) -> str:
    """Run a queued video analysis by job id (no video bytes sit in the queue); idempotent.

    The run's result id marks the job as this run's, so the queue's retry after a killed worker
    takes it up again (services.posture_video_job_run).
    """
    from .services import posture_video_job_run

    return posture_video_job_run(job_id=job_id, attempt=context.task_result.id)

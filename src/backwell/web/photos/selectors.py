"""Reads of the photos app: a person's photo choice, analyses, confirmed posture and data export."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from backwell.web.accounts.data_registry import ExportFile
from backwell.web.accounts.models import User
from backwell.web.assessment.models import Assessment

from .models import PhotoPreference, PostureAnalysisRecord, PosturePhoto, PostureVideoJob


def photo_preference_measures_only(*, user: User) -> bool:
    """True when the person chose to keep only points and measures, never the photo."""
    return PhotoPreference.objects.filter(user=user, measures_only=True).exists()


def posture_analyses_of(*, user: User) -> QuerySet[PostureAnalysisRecord]:
    return PostureAnalysisRecord.objects.filter(user=user).select_related("photo").order_by("-created_at")


def posture_analysis_of(*, user: User, pk: int) -> PostureAnalysisRecord | None:
    """The person's own analysis, or None (someone else's is indistinguishable from a missing one)."""
    return PostureAnalysisRecord.objects.filter(user=user, pk=pk).select_related("photo").first()


def posture_photo_of(*, user: User, pk: int) -> PosturePhoto | None:
    return PosturePhoto.objects.filter(user=user, pk=pk).first()


def posture_video_job_of(*, user: User, pk: int) -> PostureVideoJob | None:
    return PostureVideoJob.objects.filter(user=user, pk=pk).first()


def assessment_in_progress_id(*, user: User) -> int | None:
    """The id of the person's newest unfinished assessment, if any."""
    return (
        Assessment.objects.filter(user=user, completed_at__isnull=True)
        .order_by("-started_at")
        .values_list("pk", flat=True)
        .first()
    )


def posture_confirmed_latest(*, user: User) -> dict[str, float | bool]:
    """The engine `posture` keys from the latest confirmed front and side analyses, merged."""
    merged: dict[str, float | bool] = {}
    for view in ("front", "side"):
        record = (
            PostureAnalysisRecord.objects.filter(user=user, view=view, confirmed=True)
            .order_by("-confirmed_at")
            .only("confirmed_measures")
            .first()
        )
        if record is not None:
            merged.update(record.confirmed_measures)
    return merged


def photo_archive_name(photo: PosturePhoto) -> str:
    """The photo's name inside the data download's ZIP, as data.json refers to it."""
    return f"photos/{photo.created_at:%Y-%m-%d}-{photo.view}-{photo.pk}{photo.path.suffix}"


def photo_files_export(user: User) -> list[ExportFile]:
    """The person's photo files for their data download, byte for byte as stored."""
    return [
        ExportFile(photo_archive_name(p), p.path)
        for p in PosturePhoto.objects.filter(user=user).order_by("created_at")
    ]


def posture_export(user: User) -> dict[str, Any]:
    """Everything the photos app holds about the person for their data download; the files go beside it."""
    preference = PhotoPreference.objects.filter(user=user).first()
    return {
        "measures_only": photo_preference_measures_only(user=user),
        "preference_updated_at": preference.updated_at.isoformat() if preference else None,
        "photos": [
            {
                "id": p.pk,
                "view": p.view,
                "width": p.width,
                "height": p.height,
                "created_at": p.created_at.isoformat(),
                "file": photo_archive_name(p),
            }
            for p in PosturePhoto.objects.filter(user=user).order_by("created_at")
        ],
        "analyses": [
            {
                "id": a.pk,
                "view": a.view,
                "source": a.source,
                "photo_id": a.photo_id,
                "image": {"width": a.image_width, "height": a.image_height},
                "frames": a.frames,
                "detected_landmarks": a.detected_landmarks,
                "landmarks": a.landmarks,
                "measures": a.measures,
                "uncertainty": a.uncertainty,
                "readings": a.readings,
                "warnings": a.warnings,
                "confirmed": a.confirmed,
                "confirmed_measures": a.confirmed_measures,
                "confirmed_at": a.confirmed_at.isoformat() if a.confirmed_at else None,
                "created_at": a.created_at.isoformat(),
            }
            for a in PostureAnalysisRecord.objects.filter(user=user).order_by("created_at")
        ],
        # The uploaded video itself is read once and removed, so only the job's outcome is kept.
        "video_jobs": [
            {
                "id": job.pk,
                "view": job.view,
                "filename": job.filename,
                "content_type": job.content_type,
                "stage": job.stage,
                "message": job.message,
                "analysis_id": job.analysis_id,
                "created_at": job.created_at.isoformat(),
                "updated_at": job.updated_at.isoformat(),
            }
            for job in PostureVideoJob.objects.filter(user=user).order_by("created_at")
        ],
    }

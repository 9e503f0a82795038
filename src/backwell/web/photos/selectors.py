"""Reads of the photos app: a person's photo choice, analyses, confirmed posture and data export."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

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


def posture_export(user: User) -> dict[str, Any]:
    """Everything the photos app holds about the person for their data download, without image bytes."""
    return {
        "measures_only": photo_preference_measures_only(user=user),
        "photos": [
            {
                "id": p.pk,
                "view": p.view,
                "width": p.width,
                "height": p.height,
                "created_at": p.created_at.isoformat(),
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
    }

"""Reads of the assessment app: a person's assessments, current and past."""

from __future__ import annotations

from typing import Any

from backwell.web.accounts.models import User

from .models import Assessment


def assessment_in_progress(*, user: User, kind: str = Assessment.Kind.INITIAL) -> Assessment | None:
    return (
        Assessment.objects.filter(user=user, kind=kind, completed_at__isnull=True)
        .order_by("-started_at")
        .first()
    )


def assessment_latest_completed(*, user: User) -> Assessment | None:
    return Assessment.objects.filter(user=user, completed_at__isnull=False).order_by("-completed_at").first()


def assessments_export(user: User) -> list[dict[str, Any]]:
    """Every assessment of the person for their data download, oldest first."""
    return [
        {
            "id": a.pk,
            "kind": a.kind,
            "step": a.step,
            "started_at": a.started_at.isoformat(),
            "updated_at": a.updated_at.isoformat(),
            "completed_at": a.completed_at.isoformat() if a.completed_at else None,
            "answers": a.answers,
            "result": a.result,
        }
        for a in Assessment.objects.filter(user=user).order_by("started_at")
    ]

"""The programs part of "download my data": every program, its changes, and every logged session."""

from __future__ import annotations

from typing import Any

from backwell.web.accounts.models import User
from backwell.web.accounts.selectors import iso

from .models import Program


def programs_export(user: User) -> list[dict[str, Any]]:
    """The person's programs, oldest first, each with its changes and sessions (items included)."""
    programs = (
        Program.objects.filter(user=user)
        .prefetch_related("changes", "sessions__items")
        .order_by("created_at")
    )
    return [
        {
            "id": program.pk,
            "assessment_id": program.assessment_id,
            "start_date": iso(program.start_date),
            "status": program.status,
            "paused_reason": program.paused_reason,
            "created_at": iso(program.created_at),
            "inputs": program.inputs,
            "plan": program.plan,
            "changes": [
                {
                    "kind": change.kind,
                    "week": change.week,
                    "changes": change.changes,
                    "created_at": iso(change.created_at),
                }
                for change in sorted(program.changes.all(), key=lambda c: c.created_at)
            ],
            "sessions": [
                {
                    "week": log.week,
                    "day": log.day,
                    "date": iso(log.date),
                    "pain_before": log.pain_before,
                    "pain_after": log.pain_after,
                    "position": log.position,
                    "completed_at": iso(log.completed_at),
                    "updated_at": iso(log.updated_at),
                    "items": [
                        {
                            "index": item.index,
                            "exercise": item.exercise,
                            "outcome": item.outcome,
                            "effort": item.effort,
                            "skip_reason": item.skip_reason,
                            "created_at": iso(item.created_at),
                        }
                        for item in log.items.all()
                    ],
                }
                for log in program.sessions.all()
            ],
        }
        for program in programs
    ]

"""Progress series: endurance re-tests and the weekly adaptations of the program.

Daily pain, session pain and the weekly scores are the check-in and session lists
(/checkins/daily, /sessions, /checkins/weekly).
"""

import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from backwell.web.programs import selectors as program_selectors
from backwell.web.tracking import selectors
from backwell.web.tracking.adaptation import stamp_after_due

from ..pagination import paged
from ..problems import refusals
from ..security import PERSON_READ, person
from .program import program_or_404

router = Router(tags=["progress"])


class EnduranceOut(Schema):
    date: datetime.date
    source: str
    seconds: dict[str, float]


class AdaptationOut(Schema):
    week: int
    created_at: datetime.datetime
    changes: list[dict[str, Any]]


@router.get("/endurance", response={200: list[EnduranceOut], **refusals(401, 403)}, auth=PERSON_READ)
@paged
def endurance_list(request: HttpRequest) -> list[dict[str, Any]]:
    """Endurance holds over time, in seconds: the baseline, re-test assessments and re-tests."""
    user = person(request)
    program = program_selectors.active_program(user=user)
    records = selectors.endurance_history(user=user, program=program)
    return [{"date": r.date, "source": r.source, "seconds": r.values} for r in records]


@router.get("/adaptations", response={200: list[AdaptationOut], **refusals(401, 403, 404)}, auth=PERSON_READ)
@paged
def adaptation_list(request: HttpRequest) -> list[dict[str, Any]]:
    """How the program was adapted after each week, and why; newest first."""
    user = person(request)
    stamp_after_due(user=user, today=timezone.localdate())  # a finished week is adapted first
    program = program_or_404(user, with_plan=False)
    return [
        {"week": c.week, "created_at": c.created_at, "changes": list(c.changes)}
        for c in selectors.adaptation_changes(program=program)
    ]

"""Progress series: endurance re-tests and the weekly adaptations of the program.

Daily pain, session pain and the weekly scores are the check-in and session lists
(/checkins/daily, /sessions, /checkins/weekly).
"""

import datetime
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from pydantic import Field

from backwell.web.programs import selectors as program_selectors
from backwell.web.tracking import selectors, services
from backwell.web.tracking.adaptation import stamp_after_due

from ..pagination import paged
from ..problems import ApiProblem, refusals
from ..security import PERSON_READ, PERSON_WRITE, person
from .program import program_or_404

router = Router(tags=["progress"])
Seconds = Annotated[int, Field(strict=True, ge=0, le=600)]


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


class RetestIn(Schema):
    plank_s: Seconds | None = None
    side_bridge_left_s: Seconds | None = None
    side_bridge_right_s: Seconds | None = None
    extensor_s: Seconds | None = None
    flexor_s: Seconds | None = None


assert set(RetestIn.model_fields) == set(selectors.ENDURANCE_KEYS)  # the schema names every hold


@router.post("/endurance", response={200: EnduranceOut, **refusals(401, 403)}, auth=PERSON_WRITE)
def endurance_record(request: HttpRequest, payload: RetestIn) -> dict[str, Any]:
    """Today's re-test of the endurance holds, in whole seconds (any you did; one a day, the latest wins)."""
    try:
        test = services.endurance_test_record(
            user=person(request), date=timezone.localdate(), seconds=payload.model_dump()
        )
    except services.CheckInError as exc:
        raise ApiProblem(422, str(exc)) from exc
    values = {
        key: float(getattr(test, key)) for key in selectors.ENDURANCE_KEYS if getattr(test, key) is not None
    }
    return {"date": test.date, "source": "retest", "seconds": values}


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

"""Assessments: start one, save a step (answers as the engine contract writes them), see results.

The answers of a step are the sections of the engine's input document (`../shared/contract/`):
for example `{"red_flags": [...]}` for the safety step or `{"profile": {...}}` for "about". The
engine checks them; a refusal names the field.
"""

import datetime
from typing import Any, Literal, get_args

from django.http import Http404, HttpRequest
from ninja import Path, Router, Schema, Status
from pydantic import Field

from backwell.web.assessment import selectors, services, wizard
from backwell.web.assessment.models import Assessment

from ..pagination import paged
from ..problems import ApiProblem, refusals
from ..security import PERSON_READ, PERSON_WRITE, person
from ..types import RecordId

router = Router(tags=["assessments"])

StepSlug = Literal["safety", "about", "pain", "questionnaires", "tests"]
assert set(get_args(StepSlug)) == set(wizard.BY_SLUG)  # the schema names the wizard's steps


class AssessmentSummary(Schema):
    id: int
    kind: str
    step: str
    started_at: datetime.datetime
    completed_at: datetime.datetime | None


class AssessmentOut(AssessmentSummary):
    answers: dict[str, Any]
    result: dict[str, Any] | None


class StepIn(Schema):
    answers: dict[str, Any] = Field(description="Sections of the engine's input document for this step")


def _out(assessment: Assessment) -> dict[str, Any]:
    return {name: getattr(assessment, name) for name in AssessmentOut.model_fields}


def _owned(request: HttpRequest, pk: int) -> Assessment:
    assessment = Assessment.objects.filter(user=person(request), pk=pk).first()
    if assessment is None:
        raise Http404("You have no assessment with this number.")
    return assessment


@router.get("", response={200: list[AssessmentSummary], **refusals(401, 403)}, auth=PERSON_READ)
@paged
def assessment_list(request: HttpRequest) -> Any:
    """Your assessments, newest first."""
    return Assessment.objects.filter(user=person(request)).order_by("-started_at")


@router.post("", response={200: AssessmentOut, **refusals(401, 403)}, auth=PERSON_WRITE)
def assessment_start(request: HttpRequest) -> dict[str, Any]:
    """Your assessment in progress, or a new one."""
    return _out(services.assessment_start(user=person(request)))


@router.get("/latest", response={200: AssessmentOut, **refusals(401, 403, 404)}, auth=PERSON_READ)
def assessment_latest(request: HttpRequest) -> dict[str, Any]:
    """Your newest completed assessment and its results."""
    assessment = selectors.assessment_latest_completed(user=person(request))
    if assessment is None:
        raise Http404("You have not completed an assessment yet.")
    return _out(assessment)


@router.get("/{pk}", response={200: AssessmentOut, **refusals(401, 403, 404)}, auth=PERSON_READ)
def assessment_get(request: HttpRequest, pk: Path[RecordId]) -> dict[str, Any]:
    """One assessment: its answers so far and, once complete, the engine's results."""
    return _out(_owned(request, pk))


@router.put(
    "/{pk}/steps/{step}",
    response={200: AssessmentOut, **refusals(401, 403, 404, 409)},
    auth=PERSON_WRITE,
)
def step_save(
    request: HttpRequest, pk: Path[RecordId], step: Path[StepSlug], payload: StepIn
) -> dict[str, Any]:
    """Save one step's answers; the last step completes the assessment and runs the engine."""
    assessment = _owned(request, pk)
    if assessment.completed_at is not None:
        raise ApiProblem(409, "This assessment is complete: start a new one to change your answers.")
    if step != "safety" and assessment.step == wizard.STOPPED:
        raise ApiProblem(409, "Your safety answers need a doctor first: follow the advice on your results.")
    if not wizard.may_open(assessment, step):
        raise ApiProblem(
            409, f"Answer the earlier steps first: you are at “{assessment.step}”.", field="step"
        )
    try:
        saved = services.assessment_step_save(assessment=assessment, step=step, sections=payload.answers)
    except services.AnswersRejected as exc:
        raise ApiProblem(422, exc.message, field=f"answers.{exc.field}" if exc.field else "answers") from exc
    return _out(saved)


@router.post(
    "/{pk}/clearance", response={200: AssessmentOut, **refusals(401, 403, 404, 409)}, auth=PERSON_WRITE
)
def clearance_confirm(request: HttpRequest, pk: Path[RecordId]) -> dict[str, Any]:
    """Confirm a clinician has cleared you to go on after urgent (never emergency) safety answers."""
    assessment = _owned(request, pk)
    if assessment.step != wizard.STOPPED:
        raise ApiProblem(409, "Your safety answers need no clearance: go on with the next step.")
    try:
        return _out(services.assessment_clearance_confirm(assessment=assessment))
    except ValueError as exc:
        raise ApiProblem(
            409, "These answers need emergency care first: they cannot be cleared here."
        ) from exc


@router.delete("/{pk}", response={204: None, **refusals(401, 403, 404, 409)}, auth=PERSON_WRITE)
def assessment_discard(request: HttpRequest, pk: Path[RecordId]) -> Status[None]:
    """Delete an unfinished assessment; a finished one is part of your history and stays."""
    if not services.assessment_discard(assessment=_owned(request, pk)):
        raise ApiProblem(409, "A finished assessment is part of your history and cannot be deleted.")
    return Status(204, None)

"""A clinician steering a linked person's program (with their "program changes" consent): what is
planned, overrides, locks, how weekly adaptations apply, and deciding a held adaptation.

Every write goes through `clinic.services`, the services the person's page uses: the engine's safety
check, the written reason for a contraindicated exercise, and a change record the person reads.
"""

import datetime
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Path, Router, Schema, Status
from pydantic import Field, StringConstraints

from backwell.web.clinic import person_page, services
from backwell.web.clinic.models import DataKind
from backwell.web.programs.models import ProgramChange

from ..pagination import paged
from ..problems import ApiProblem, refusals
from ..types import NoNullCharacters, RecordId
from .clinic import THROUGH_API
from .clinic_access import CLINIC_READ, CLINIC_WRITE, needs, shared_or_404

router = Router(tags=["clinic"])

PersonId = Path[RecordId]
PROGRAM = needs(DataKind.PROGRAM)
Slug = Annotated[str, StringConstraints(max_length=80), NoNullCharacters]
Reason = Annotated[str, StringConstraints(max_length=services.MAX_REASON_CHARS), NoNullCharacters]


class PlannedOut(Schema):
    slug: str
    name: str
    dose: str
    locked: bool


class DiffOut(Schema):
    name: str
    before: str = Field(description="Empty when the proposal adds it")
    after: str = Field(description="Empty when the proposal removes it")


class PendingOut(Schema):
    id: int
    week: int
    changes: list[dict[str, Any]]
    diff: list[DiffOut]
    exercises: list[str] = Field(description="The exercises it changes: untick any of them by `declined`")


class SteeringOut(Schema):
    week: int
    planned: list[PlannedOut]
    adaptation_mode: str
    pending: PendingOut | None


class ChangeOut(Schema):
    week: int
    kind: str
    changes: list[dict[str, Any]]
    created_at: datetime.datetime


class OverrideIn(Schema):
    action: Literal["swap", "remove", "add", "dose"]
    exercise: Slug = Field(description="The exercise in the program (or the one to add)")
    to: Slug = Field("", description="For a swap: the exercise that takes its place")
    sets: int | None = Field(None, ge=1, le=10)
    reps: int | None = Field(None, ge=1, le=100)
    hold_s: int | None = Field(None, ge=1, le=600)
    reason: Reason = Field(description="Why: the person reads it beside the change")
    acknowledge: bool = Field(
        False, description="Override the engine's safety advice against this exercise (with your reason)"
    )


class LockIn(Schema):
    exercise: Slug
    locked: bool


class ModeIn(Schema):
    mode: Literal["automatic", "approve"]


class DecisionIn(Schema):
    decision: Literal["approved", "edited", "rejected"]
    declined: list[Slug] = Field([], max_length=50, description="For `edited`: the changes not to apply")
    reason: Reason = Field("", description="A note to the person; needed to reject")


def _change(change: ProgramChange) -> dict[str, Any]:
    return {
        "week": change.week,
        "kind": change.kind,
        "changes": change.changes,
        "created_at": change.created_at,
    }


def _refused(exc: services.ClinicError) -> ApiProblem:
    if isinstance(exc, services.SafetyRefused):
        errors = [{"field": "acknowledge", "message": problem} for problem in exc.problems]
        return ApiProblem(422, str(exc), errors=errors)
    return ApiProblem(422, str(exc))


@router.get(
    "/people/{person_id}/program",
    response={200: SteeringOut, **refusals(401, 403, 404)},
    auth=CLINIC_READ,
    openapi_extra=PROGRAM,
)
def program_get(request: HttpRequest, person_id: PersonId) -> dict[str, Any]:
    """The exercises planned from this week on, which are locked, how adaptations apply, a held
    adaptation with what it would change, and every change so far."""
    link = shared_or_404(request, person_id, DataKind.PROGRAM)
    program = person_page.latest_program(link.person)
    if program is None:
        raise ApiProblem(404, "This person has no program yet.")
    today = timezone.localdate()
    page = person_page.PersonPage(link=link, person=link.person, program=program, kinds=[DataKind.PROGRAM])
    person_page.fill_steering(page, program, today)
    services.access_record(
        clinician=link.clinician, person_id=person_id, kinds=[DataKind.PROGRAM], what=THROUGH_API
    )
    pending = page.pending
    return {
        "week": services.current_week(program, today),
        "planned": page.planned,
        "adaptation_mode": page.adaptation_mode,
        "pending": {
            "id": pending.pk,
            "week": pending.week,
            "changes": pending.changes,
            "diff": [vars(line) for line in page.pending_diff],
            "exercises": [slug for slug, _what in page.pending_exercises],
        }
        if pending
        else None,
    }


@router.get(
    "/people/{person_id}/program/changes",
    response={200: list[ChangeOut], **refusals(401, 403, 404)},
    auth=CLINIC_READ,
    openapi_extra=PROGRAM,
)
@paged
def changes_get(request: HttpRequest, person_id: PersonId) -> list[dict[str, Any]]:
    """Every change to the person's program, newest first: their swaps, weekly adaptations, pauses and
    clinicians' overrides, each with what changed and why."""
    link = shared_or_404(request, person_id, DataKind.PROGRAM)
    program = person_page.latest_program(link.person)
    services.access_record(
        clinician=link.clinician, person_id=person_id, kinds=[DataKind.PROGRAM], what=THROUGH_API
    )
    if program is None:
        return []
    return [_change(c) for c in ProgramChange.objects.filter(program=program).order_by("-created_at")]


@router.post(
    "/people/{person_id}/program/overrides",
    response={201: ChangeOut, **refusals(401, 403, 404)},
    auth=CLINIC_WRITE,
    openapi_extra=PROGRAM,
)
def override_post(request: HttpRequest, person_id: PersonId, payload: OverrideIn) -> Status[dict[str, Any]]:
    """Swap, remove, add or re-dose an exercise from this week on. An exercise the engine advises
    against for this person is refused (422, its reasons under `errors`) unless `acknowledge` is true."""
    link = shared_or_404(request, person_id, DataKind.PROGRAM)
    try:
        dose = None
        if payload.action == "dose":
            dose = services.override_dose(
                exercise=payload.exercise, sets=payload.sets, reps=payload.reps, hold_s=payload.hold_s
            )
        change = services.program_override(
            link=link,
            action=payload.action,
            exercise=payload.exercise,
            to=payload.to,
            dose=dose,
            reason=payload.reason,
            acknowledge=payload.acknowledge,
            today=timezone.localdate(),
        )
    except services.ClinicError as exc:
        raise _refused(exc) from exc
    return Status(201, _change(change))


@router.post(
    "/people/{person_id}/program/locks",
    response={201: ChangeOut, **refusals(401, 403, 404)},
    auth=CLINIC_WRITE,
    openapi_extra=PROGRAM,
)
def lock_post(request: HttpRequest, person_id: PersonId, payload: LockIn) -> Status[dict[str, Any]]:
    """Keep an exercise as it is through weekly adaptation (`locked: true`), or let it change again."""
    link = shared_or_404(request, person_id, DataKind.PROGRAM)
    try:
        change = services.item_lock(
            link=link, exercise=payload.exercise, locked=payload.locked, today=timezone.localdate()
        )
    except services.ClinicError as exc:
        raise _refused(exc) from exc
    return Status(201, _change(change))


@router.put(
    "/people/{person_id}/program/adaptation-mode",
    response={200: ChangeOut, **refusals(401, 403, 404)},
    auth=CLINIC_WRITE,
    openapi_extra=PROGRAM,
)
def mode_put(request: HttpRequest, person_id: PersonId, payload: ModeIn) -> dict[str, Any]:
    """Weekly adaptations apply at once (`automatic`) or wait for your decision (`approve`)."""
    link = shared_or_404(request, person_id, DataKind.PROGRAM)
    try:
        change = services.adaptation_mode_set(link=link, mode=payload.mode, today=timezone.localdate())
    except services.ClinicError as exc:
        raise _refused(exc) from exc
    return _change(change)


@router.post(
    "/people/{person_id}/program/adaptations/{pending_id}/decision",
    response={201: ChangeOut, **refusals(401, 403, 404)},
    auth=CLINIC_WRITE,
    openapi_extra=PROGRAM,
)
def decision_post(
    request: HttpRequest, person_id: PersonId, pending_id: Path[RecordId], payload: DecisionIn
) -> Status[dict[str, Any]]:
    """Approve a held weekly adaptation, approve it without the `declined` changes, or reject it."""
    link = shared_or_404(request, person_id, DataKind.PROGRAM)
    try:
        change = services.adaptation_decide(
            link=link,
            pending_id=pending_id,
            decision=payload.decision,
            declined=payload.declined,
            reason=payload.reason,
            today=timezone.localdate(),
        )
    except services.ClinicError as exc:
        raise _refused(exc) from exc
    return Status(201, _change(change))


@router.post(
    "/people/{person_id}/program/adaptations/reviewed",
    response={204: None, **refusals(401, 403, 404)},
    auth=CLINIC_WRITE,
    openapi_extra=PROGRAM,
)
def reviewed_post(request: HttpRequest, person_id: PersonId) -> Status[None]:
    """You have looked over the weekly adaptations so far: the worklist stops flagging them."""
    services.adaptations_mark_reviewed(link=shared_or_404(request, person_id, DataKind.PROGRAM))
    return Status(204, None)

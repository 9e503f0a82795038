"""The clinician's side: the worklist with alerts, a linked person's data within their consent per
kind, notes, the PDF report and the FHIR export.

Every read of a person's health data is logged in their access log by the same service the pages use
(`clinic.services.access_record`), with the kinds it shows; overrides are in `clinic_program`.
"""

import datetime
from typing import Annotated, Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from ninja import Path, Query, Router, Schema, Status
from pydantic import Field, StringConstraints

from backwell.web.clinic import alerts, documents, person_page, selectors, services, worklist
from backwell.web.clinic.models import ClinicianLink, DataKind, Note
from backwell.web.programs.models import ItemLog
from backwell.web.tracking import selectors as tracking

from ..pagination import paged
from ..problems import ApiProblem, refusals
from ..responses import kept_private
from ..types import NoNullCharacters, RecordId
from .checkins import DailyOut, WeeklyOut
from .clinic_access import (
    CLINIC_READ,
    CLINIC_WRITE,
    FHIR_EXPORT,
    clinician,
    link_or_404,
    needs,
    shared_or_404,
)

router = Router(tags=["clinic"])

# What the person's access log says was opened, beside the kinds of data shown.
THROUGH_API = "your data, through your clinician's app"
NoteBody = Annotated[str, StringConstraints(max_length=services.MAX_NOTE_CHARS), NoNullCharacters]


class AlertOut(Schema):
    code: str
    title: str
    reason: str


class ScoreOut(Schema):
    label: str
    latest: float
    baseline: float | None
    change: str
    band: str = Field(description="better, worse, none or unknown")


class WorklistRow(Schema):
    person_id: int
    name: str
    shares: list[str]
    week: int | None
    alerts: list[AlertOut]
    scores: list[ScoreOut]


class WorklistFilters(Schema):
    alert: str = Field(
        "", description="Only people with this alert (its code); empty for everyone", max_length=40
    )
    q: str = Field("", description="Only people whose name contains this", max_length=80)


class TriageOut(Schema):
    when: datetime.date
    what: str
    level: str
    title: str
    flags: list[str]


class PersonOut(Schema):
    id: int
    name: str
    shares: list[str] = Field(description="The kinds of data the person shares with you now")
    program_status: str | None
    days_with_data: int = Field(
        description="Days of the last 30 with a check-in or a logged session you may see"
    )
    triage_history: list[TriageOut]
    fhir_exportable: bool


class SessionOut(Schema):
    week: int
    day: int
    date: datetime.date
    completed: bool
    done: int
    skipped: int
    hurt: int
    pain_before: int | None = Field(description="Only when the person also shares scores")
    pain_after: int | None = Field(description="Only when the person also shares scores")


class ExerciseOutcomeOut(Schema):
    exercise: str
    name: str
    done: int
    skipped: int
    skip_reasons: dict[str, int] = Field(
        description=(
            "How many of the skips had each reason the person gave, every reason listed: "
            + "; ".join(f"`{value}` ({label})" for value, label in ItemLog.SkipReason.choices)
            + ". Skips without a reason are `skipped` minus their sum."
        )
    )
    hurt: int


class PhotoOut(Schema):
    id: int
    view: str
    source: str
    created_at: datetime.datetime
    confirmed: bool
    image_width: int
    image_height: int
    landmarks: dict[str, Any]
    measures: dict[str, Any]
    confirmed_measures: dict[str, Any]
    uncertainty: dict[str, Any]
    warnings: list[Any]
    photo_url: str = Field(
        description="The photo through the private clinic view, when the person keeps photos"
    )


class NoteOut(Schema):
    id: int
    author: str
    by_person: bool = Field(description="True for the person's reply, false for your note")
    visibility: str
    reply_to: int | None
    body: str
    created_at: datetime.datetime


class NoteIn(Schema):
    body: NoteBody
    shared: bool = Field(
        False, description="Share with the person (they read it and may reply); else private"
    )


def _opened(request: HttpRequest, person_id: int, kinds: list[str]) -> None:
    services.access_record(clinician=clinician(request), person_id=person_id, kinds=kinds, what=THROUGH_API)


def _read(request: HttpRequest, person_id: int, kind: str) -> ClinicianLink:
    """The link when the person shares `kind` now, with this reading of it in their access log."""
    link = shared_or_404(request, person_id, kind)
    _opened(request, person_id, [kind])
    return link


def _row(row: worklist.Row) -> dict[str, Any]:
    return {
        "person_id": row.person_id,
        "name": row.name,
        "shares": sorted(row.kinds),
        "week": row.week,
        "alerts": [{"code": a.code, "title": str(a.rule.title), "reason": a.reason} for a in row.alerts],
        "scores": [vars(score) for score in row.scores],
    }


@router.get("/people", response={200: list[WorklistRow], **refusals(401, 403)}, auth=CLINIC_READ)
@paged
def worklist_get(request: HttpRequest, filters: Query[WorklistFilters]) -> list[dict[str, Any]]:
    """Your linked people, most in need first, with their alerts and latest scores (as the worklist)."""
    if filters.alert and filters.alert not in alerts.BY_CODE:
        raise ApiProblem(422, f"Choose one of: {', '.join(alerts.BY_CODE)}.", field="alert")
    user = clinician(request)
    stamp = worklist.stamp(clinician=user, now=timezone.now())
    services.worklist_view_record(clinician=user, links=stamp[0])
    rows = worklist.cached(clinician=user, today=timezone.localdate(), stamp=stamp)
    return [_row(r) for r in worklist.filtered(rows, alert=filters.alert, query=filters.q)]


PersonId = Path[RecordId]


@router.get("/people/{person_id}", response={200: PersonOut, **refusals(401, 403, 404)}, auth=CLINIC_READ)
def person_get(request: HttpRequest, person_id: PersonId) -> dict[str, Any]:
    """What the person shares with you, their program's state and their safety screens (with scores)."""
    page = person_page.build(link=link_or_404(request, person_id), today=timezone.localdate())
    _opened(request, person_id, page.kinds)
    return {
        "id": page.person.pk,
        "name": str(page.person),
        "shares": page.kinds,
        "program_status": page.program.status if page.program else None,
        "days_with_data": page.days_with_data,
        "triage_history": [{**entry, "title": str(entry["title"])} for entry in page.triage_history],
        "fhir_exportable": page.fhir_exportable,
    }


@router.get(
    "/people/{person_id}/checkins/daily",
    response={200: list[DailyOut], **refusals(401, 403, 404)},
    auth=CLINIC_READ,
    openapi_extra=needs(DataKind.SCORES),
)
@paged
def daily_get(request: HttpRequest, person_id: PersonId) -> list[dict[str, Any]]:
    """The person's daily pain, oldest first (with their scores consent)."""
    link = _read(request, person_id, DataKind.SCORES)
    return [{"date": d, "pain": p} for d, p in tracking.daily_pains(user=link.person)]


@router.get(
    "/people/{person_id}/checkins/weekly",
    response={200: list[WeeklyOut], **refusals(401, 403, 404)},
    auth=CLINIC_READ,
    openapi_extra=needs(DataKind.SCORES),
)
@paged
def weekly_get(request: HttpRequest, person_id: PersonId) -> list[Any]:
    """The weekly check-ins of the person's program, first week first (with their scores consent)."""
    link = _read(request, person_id, DataKind.SCORES)
    program = person_page.latest_program(link.person)
    return tracking.weekly_rows(program=program) if program else []


@router.get(
    "/people/{person_id}/sessions",
    response={200: list[SessionOut], **refusals(401, 403, 404)},
    auth=CLINIC_READ,
    openapi_extra=needs(DataKind.ADHERENCE),
)
@paged
def sessions_get(request: HttpRequest, person_id: PersonId) -> list[dict[str, Any]]:
    """Each logged session day and its outcomes (with their adherence consent); pain only with scores."""
    link = shared_or_404(request, person_id, DataKind.ADHERENCE)
    with_pain = link.shares(DataKind.SCORES)
    _opened(request, person_id, link.shared_kinds if with_pain else [DataKind.ADHERENCE])
    program = person_page.latest_program(link.person)
    rows = tracking.session_rows(program=program) if program else []
    return [
        {
            **vars(row),
            "pain_before": row.pain_before if with_pain else None,
            "pain_after": row.pain_after if with_pain else None,
        }
        for row in rows
    ]


@router.get(
    "/people/{person_id}/exercises",
    response={200: list[ExerciseOutcomeOut], **refusals(401, 403, 404)},
    auth=CLINIC_READ,
    openapi_extra=needs(DataKind.ADHERENCE),
)
@paged
def exercises_get(request: HttpRequest, person_id: PersonId) -> list[dict[str, Any]]:
    """Per exercise, how often it was done, skipped or hurt (with their adherence consent)."""
    link = _read(request, person_id, DataKind.ADHERENCE)
    program = person_page.latest_program(link.person)
    return person_page.item_outcomes(program) if program else []


@router.get(
    "/people/{person_id}/photos",
    response={200: list[PhotoOut], **refusals(401, 403, 404)},
    auth=CLINIC_READ,
    openapi_extra=needs(DataKind.PHOTOS),
)
@paged
def photos_get(request: HttpRequest, person_id: PersonId) -> list[dict[str, Any]]:
    """The person's posture analyses, newest first: points and measures; the photo file itself only
    through `photo_url` (with their photos consent)."""
    link = _read(request, person_id, DataKind.PHOTOS)
    return [
        {
            **{name: getattr(shown["record"], name) for name in PhotoOut.model_fields if name != "photo_url"},
            "id": shown["record"].pk,
            "photo_url": shown["photo_url"],
        }
        for shown in person_page.photos(link.person)
    ]


def _note(note: Note, person_id: int) -> dict[str, Any]:
    return {
        "id": note.pk,
        "author": str(note.author),
        "by_person": note.author_id == person_id,
        "visibility": note.visibility,
        "reply_to": note.reply_to_id,
        "body": note.body,
        "created_at": note.created_at,
    }


@router.get(
    "/people/{person_id}/notes", response={200: list[NoteOut], **refusals(401, 403, 404)}, auth=CLINIC_READ
)
@paged
def notes_get(request: HttpRequest, person_id: PersonId) -> list[dict[str, Any]]:
    """Your notes about the person (private and shared) and their replies, oldest first."""
    link = link_or_404(request, person_id)
    thread = selectors.thread_for_clinician(clinician=link.clinician, person_id=person_id)
    return [_note(note, person_id) for note in thread]


@router.post(
    "/people/{person_id}/notes", response={201: NoteOut, **refusals(401, 403, 404)}, auth=CLINIC_WRITE
)
def note_post(request: HttpRequest, person_id: PersonId, payload: NoteIn) -> Status[dict[str, Any]]:
    """A note about the person: private to you, or shared (they read it and may reply)."""
    link = link_or_404(request, person_id)
    try:
        note = services.note_add(link=link, body=payload.body, shared=payload.shared)
    except services.ClinicError as exc:
        raise ApiProblem(422, str(exc), field="body") from exc
    return Status(201, _note(note, person_id))


PDF = {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}
FHIR_JSON = {"application/fhir+json": {"schema": {"type": "object", "description": "A FHIR R4 Bundle"}}}


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return kept_private(response)


@router.get(
    "/people/{person_id}/report",
    response=refusals(401, 403, 404),
    auth=CLINIC_READ,
    openapi_extra={"responses": {200: {"description": "The report as a PDF", "content": PDF}}},
)
def report_get(request: HttpRequest, person_id: PersonId) -> HttpResponse:
    """A printable PDF report of what the person shares with you, with your shared notes."""
    body = documents.clinician_report_pdf(link=link_or_404(request, person_id), today=timezone.localdate())
    return _attachment(HttpResponse(body, content_type="application/pdf"), f"backwell-report-{person_id}.pdf")


@router.get(
    "/people/{person_id}/fhir",
    response=refusals(401, 403, 404),
    auth=FHIR_EXPORT,
    openapi_extra={"responses": {200: {"description": "A FHIR R4 Bundle", "content": FHIR_JSON}}},
)
def fhir_get(request: HttpRequest, person_id: PersonId) -> HttpResponse:
    """The person's shared data as a FHIR R4 Bundle: only while they share a kind FHIR carries."""
    document = documents.fhir_export(link=link_or_404(request, person_id))
    if document is None:
        raise Http404(
            "This person shares nothing that a FHIR export carries (scores, adherence or program changes)."
        )
    response = JsonResponse(document, content_type="application/fhir+json")
    return _attachment(response, f"backwell-{person_id}.fhir.json")

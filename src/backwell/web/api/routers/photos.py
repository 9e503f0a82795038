"""Posture photos: the analyses, a video's analysis status, and confirming (corrected) points."""

import datetime
from typing import Any, Literal

from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from ninja import File, Form, Path, Router, Schema, Status, UploadedFile
from pydantic import Field

from backwell.posture.analysis import Upload, analyze_landmarks
from backwell.posture.decode import InputRefused
from backwell.posture.landmarks import PoseModelUnavailable
from backwell.posture.points import LandmarksInvalid
from backwell.web.photos import selectors, services
from backwell.web.photos.forms import PostureUploadForm
from backwell.web.photos.models import PostureAnalysisRecord, PostureVideoJob

from ..pagination import paged
from ..problems import ApiProblem, refusals
from ..security import PERSON_READ, PERSON_WRITE, person
from ..types import RecordId

router = Router(tags=["photos"])


class AnalysisOut(Schema):
    id: int
    view: str
    source: str
    image_width: int
    image_height: int
    landmarks: dict[str, Any]
    measures: dict[str, Any]
    uncertainty: dict[str, Any]
    warnings: list[Any]
    confirmed: bool
    confirmed_measures: dict[str, Any]
    confirmed_at: datetime.datetime | None
    created_at: datetime.datetime
    photo_url: str


class VideoJobOut(Schema):
    id: int
    view: str
    stage: str
    message: str


class ConfirmIn(Schema):
    landmarks: dict[str, Any] = Field(
        description="The points as the analysis gives them, moved where they belong: name → {x, y} in pixels"
    )


def _analysis(record: PostureAnalysisRecord) -> dict[str, Any]:
    return {
        **{name: getattr(record, name) for name in AnalysisOut.model_fields if hasattr(record, name)},
        "photo_url": reverse("photos:image", args=[record.photo_id]) if record.photo_id else "",
    }


def _job(job: PostureVideoJob) -> dict[str, Any]:
    return {"id": job.pk, "view": job.view, "stage": job.stage, "message": job.message}


def _owned(request: HttpRequest, pk: int) -> PostureAnalysisRecord:
    record = selectors.posture_analysis_of(user=person(request), pk=pk)
    if record is None:
        raise Http404("You have no posture analysis with this number.")
    return record


class UploadOut(Schema):
    analysis: AnalysisOut | None = Field(
        description="Photos: measured now (the photo is kept unless you chose measures only)"
    )
    video: VideoJobOut | None = Field(description="A video: queued; follow its status at /photos/videos/{id}")


def _size_guard(request: HttpRequest) -> None:
    """First in the upload's sign-in chain, so a request larger than any upload may be is refused
    (413) before its body is read: the session's CSRF check would read it all otherwise."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    too_big = services.upload_too_big(length)
    if too_big:
        raise ApiProblem(413, too_big, field="files")


def _upload_checked(view: str, files: list[Any]) -> list[Upload]:
    """The capture page's own form checks the upload: how many, and that something arrived."""
    form = PostureUploadForm(data={"view": view}, files=MultiValueDict({"chosen": files}))
    if not form.is_valid():
        errors = [
            {"field": "files" if name in ("chosen", "camera", "__all__") else name, "message": str(message)}
            for name, messages in form.errors.items()
            for message in messages
        ]
        raise ApiProblem(422, " ".join(e["message"] for e in errors), errors=errors)
    return [Upload(f.read(), f.name or None, f.content_type or None) for f in form.cleaned_data["uploads"]]


@router.post(
    "/uploads",
    response={201: UploadOut, **refusals(401, 403, 413, 503)},
    auth=[_size_guard, *PERSON_WRITE],
)
def upload_post(
    request: HttpRequest,
    view: Form[Literal["front", "side"]],
    files: File[list[UploadedFile]],
) -> Status[dict[str, Any]]:
    """Posture photos (up to five of the same stance, measured now) or one short video (3 to 10 s,
    analysed in the background), as multipart/form-data; the same limits and checks as the page."""
    uploads = _upload_checked(view, files)
    try:
        outcome = services.posture_uploads_analyse(user=person(request), uploads=uploads, view=view)
    except InputRefused as exc:
        raise ApiProblem(422, str(exc), field="files") from exc
    except services.UploadRefused as exc:
        errors = [{"field": "files", "message": reason} for reason in exc.reasons]
        raise ApiProblem(422, str(exc), errors=errors) from exc
    except PoseModelUnavailable as exc:
        raise ApiProblem(503, "Photo analysis is not available on this server right now.") from exc
    if outcome.job is not None:
        return Status(201, {"analysis": None, "video": _job(outcome.job)})
    assert outcome.record is not None
    return Status(201, {"analysis": _analysis(outcome.record), "video": None})


@router.get("/analyses", response={200: list[AnalysisOut], **refusals(401, 403)}, auth=PERSON_READ)
@paged
def analysis_list(request: HttpRequest) -> list[dict[str, Any]]:
    """Your posture analyses, newest first."""
    return [_analysis(r) for r in selectors.posture_analyses_of(user=person(request))]


@router.get("/analyses/{pk}", response={200: AnalysisOut, **refusals(401, 403, 404)}, auth=PERSON_READ)
def analysis_get(request: HttpRequest, pk: Path[RecordId]) -> dict[str, Any]:
    """One analysis: the points found, the measures and whether you confirmed them."""
    return _analysis(_owned(request, pk))


@router.post(
    "/analyses/{pk}/confirm",
    response={200: AnalysisOut, **refusals(401, 403, 404, 409)},
    auth=PERSON_WRITE,
)
def analysis_confirm(request: HttpRequest, pk: Path[RecordId], payload: ConfirmIn) -> dict[str, Any]:
    """Confirm the points (moved where they belong): the server measures again and your assessment
    takes the measures."""
    record = _owned(request, pk)
    try:
        record, _assessment = services.posture_analysis_confirm(
            user=person(request), analysis=record, landmarks=payload.landmarks
        )
    except (LandmarksInvalid, InputRefused) as exc:
        raise ApiProblem(422, str(exc), field="landmarks") from exc
    except services.PostureNotApplied as exc:
        raise ApiProblem(409, str(exc)) from exc
    return _analysis(record)


class MeasuresOut(Schema):
    measures: dict[str, Any]
    uncertainty: dict[str, Any]
    engine_posture: dict[str, Any]


@router.post(
    "/analyses/{pk}/measure",
    response={200: MeasuresOut, **refusals(401, 403, 404)},
    auth=PERSON_READ,
)
def analysis_measure(request: HttpRequest, pk: Path[RecordId], payload: ConfirmIn) -> dict[str, Any]:
    """What the measures would be with the points moved: nothing is saved (confirm saves)."""
    record = _owned(request, pk)
    try:
        result = analyze_landmarks(
            payload.landmarks, record.view, size=(record.image_width, record.image_height)
        )
    except (LandmarksInvalid, InputRefused) as exc:
        raise ApiProblem(422, str(exc), field="landmarks") from exc
    document = result.to_json()
    return {
        "measures": document["measures"],
        "uncertainty": document["uncertainty"],
        "engine_posture": services.contract_posture(record.view, document["engine_posture"]),
    }


@router.get("/videos/{pk}", response={200: VideoJobOut, **refusals(401, 403, 404)}, auth=PERSON_READ)
def video_status(request: HttpRequest, pk: Path[RecordId]) -> dict[str, Any]:
    """Where a video's analysis is: waiting, running, done or failed, with its message."""
    job = selectors.posture_video_job_of(user=person(request), pk=pk)
    if job is None:
        raise Http404("You have no video with this number.")
    return _job(job)

"""Pages of the photos app: capture and upload, review and correct the points, confirm, private serving."""

from __future__ import annotations

import base64
import json
import logging
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backwell.posture.analysis import (
    PostureAnalysis,
    Upload,
    analyze_landmarks,
)
from backwell.posture.decode import InputRefused
from backwell.posture.landmarks import PoseModelUnavailable
from backwell.posture.measures import FRONT_NOTES, SIDE_NOTES
from backwell.posture.points import LandmarksInvalid
from backwell.web.core.json_body import JsonBodyError, read_json, request_json
from backwell.web.core.redirects import redirect_to_next, safe_next

from . import selectors, services
from .forms import PhotoPreferenceForm, PostureUploadForm
from .models import PostureAnalysisRecord, PostureVideoJob
from .presentation import POINT_LABELS, correctable_points, measure_rows, plumb_x, skeleton_lines

logger = logging.getLogger(__name__)

MAX_REQUEST_BYTES = services.MAX_REQUEST_BYTES
VIDEO_STAGES = [s.value for s in PostureVideoJob.Stage if s != PostureVideoJob.Stage.FAILED]
PRIVATE_NO_STORE = "private, no-store"


def _self_tests_url(request: HttpRequest) -> str:
    """The self-tests step of the assessment in progress (the wall test is there), else the assessment's start."""
    in_progress = selectors.assessment_in_progress_id(user=request.user)  # type: ignore[arg-type]
    if in_progress is not None:
        return reverse("assessment:step", kwargs={"pk": in_progress, "step": "tests"})
    return reverse("assessment:start")


def _content_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _capture_page(
    request: HttpRequest, form: PostureUploadForm, *, errors: tuple[str, ...] = (), status: int = 200
) -> HttpResponse:
    user = request.user
    measures_only = selectors.photo_preference_measures_only(user=user)  # type: ignore[arg-type]
    context = {
        "form": form,
        "errors": [*errors, *form.non_field_errors()],
        "preference_form": PhotoPreferenceForm(initial={"measures_only": measures_only}),
        "measures_only": measures_only,
        "recent": selectors.posture_analyses_of(user=user)[:6],  # type: ignore[arg-type]
        "max_request_bytes": MAX_REQUEST_BYTES,
        "max_request_mb": MAX_REQUEST_BYTES // (1024 * 1024),
        "self_tests_url": _self_tests_url(request),
        "next": form["next"].value() or "",
    }
    response = render(request, "photos/capture.html", context, status=status)
    response["Cache-Control"] = PRIVATE_NO_STORE
    return response


@csrf_exempt  # checked below by csrf_protect, once the request size is known to be acceptable
@login_required
@require_http_methods(["GET", "POST"])
def capture(request: HttpRequest) -> HttpResponse:
    """The posture step: framing guidance, then photos from the camera or an upload, or a video."""
    too_big = services.upload_too_big(_content_length(request)) if request.method == "POST" else None
    if too_big:
        # Refused before Django reads the body, so a huge upload is neither buffered nor written to disk.
        form = PostureUploadForm(initial={"next": safe_next(request, request.GET.get("next"))})
        return _capture_page(request, form, errors=(too_big,), status=413)
    return _capture_checked(request)


@csrf_protect
def _capture_checked(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _capture_page(
            request, PostureUploadForm(initial={"next": safe_next(request, request.GET.get("next"))})
        )
    form = PostureUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _capture_page(request, form, status=400)
    next_url = safe_next(request, form.cleaned_data.get("next"))
    try:
        return _analyse_uploads(request, form.cleaned_data["uploads"], form.cleaned_data["view"], next_url)
    except InputRefused as exc:
        form.add_error(None, str(exc))
    except services.UploadRefused as exc:
        for reason in exc.reasons:
            form.add_error(None, reason)
    except PoseModelUnavailable:
        logger.exception("the pose model is unavailable")
        form.add_error(
            None,
            _(
                "Photo analysis is not available on this server right now. You can still do the "
                "self-tests in the assessment."
            ),
        )
    return _capture_page(request, form, status=400)


def _analyse_uploads(request: HttpRequest, files: list[Any], view: str, next_url: str) -> HttpResponse:
    uploads = [Upload(f.read(), f.name or None, f.content_type or None) for f in files]
    outcome = services.posture_uploads_analyse(
        user=request.user,  # type: ignore[arg-type]
        uploads=uploads,
        view=view,
        next_url=next_url,
    )
    if outcome.job is not None:
        return redirect("photos:video", pk=outcome.job.pk)
    record = outcome.record
    assert record is not None and outcome.analysis is not None
    if record.photo_id is None:
        # "Measures only": the photo exists only in this response, shown once and never stored.
        return _review_page(request, record, next_url, inline_photo=_data_uri(outcome.analysis))
    target = reverse("photos:analysis", args=[record.pk])
    return redirect(f"{target}?{urlencode({'next': next_url})}" if next_url else target)


def _data_uri(analysis: PostureAnalysis) -> str:
    if not analysis.photo_jpeg:
        return ""
    return "data:image/jpeg;base64," + base64.b64encode(analysis.photo_jpeg).decode("ascii")


def _review_page(
    request: HttpRequest, record: PostureAnalysisRecord, next_url: str, *, inline_photo: str = ""
) -> HttpResponse:
    size = (record.image_width, record.image_height)
    landmarks = record.landmarks
    movable = correctable_points(landmarks, record.view, size)
    radius = max(6.0, max(size) / 90)
    points = [
        {
            "name": name,
            "label": str(POINT_LABELS[name]),
            "x": p["x"],
            "y": p["y"],
        }
        for name, p in landmarks.items()
        if name in movable
    ]
    lines = [
        {
            "a": a,
            "b": b,
            "x1": landmarks[a]["x"],
            "y1": landmarks[a]["y"],
            "x2": landmarks[b]["x"],
            "y2": landmarks[b]["y"],
            # A segment between two measured points is one the numbers are read from: drawn in colour.
            "measured": a in movable and b in movable,
        }
        for a, b in skeleton_lines(landmarks)
    ]
    photo_src = inline_photo
    if not photo_src and record.photo_id is not None:
        photo_src = reverse("photos:image", args=[record.photo_id])
    context = {
        "record": record,
        "rows": measure_rows(record.view, record.measures, record.uncertainty, record.readings),
        "notes": FRONT_NOTES if record.view == "front" else SIDE_NOTES,
        "points": points,
        "lines": lines,
        "plumb_x": plumb_x(landmarks),
        "radius": radius,
        "hit_radius": radius * 2.2,
        "stroke": max(2.0, max(size) / 400),
        "dash": f"{max(8.0, max(size) / 100):.0f} {max(8.0, max(size) / 100):.0f}",
        "photo_src": photo_src,
        "inline_photo": bool(inline_photo),
        "landmarks_json": landmarks,
        "landmarks_text": json.dumps(landmarks),
        "step": max(1, round(max(size) / 300)),
        "next": next_url,
        "self_tests_url": _self_tests_url(request),
    }
    response = render(request, "photos/review.html", context)
    response["Cache-Control"] = PRIVATE_NO_STORE
    return response


def _own_analysis(request: HttpRequest, pk: int) -> PostureAnalysisRecord:
    record = selectors.posture_analysis_of(user=request.user, pk=pk)  # type: ignore[arg-type]
    if record is None:
        raise Http404("no such analysis")
    return record


@login_required
@require_GET
def analysis_review(request: HttpRequest, pk: int) -> HttpResponse:
    """The overlay with draggable points, the measures, and the confirm button."""
    record = _own_analysis(request, pk)
    return _review_page(request, record, safe_next(request, request.GET.get("next")))


def _landmarks_from_body(request: HttpRequest) -> Any:
    try:
        body = request_json(request)
    except JsonBodyError as exc:
        raise LandmarksInvalid(_("%(reason)s Reload the page and try again.") % {"reason": exc}) from None
    return body.get("landmarks") if isinstance(body, dict) else body


@login_required
@require_POST
def analysis_measure(request: HttpRequest, pk: int) -> JsonResponse:
    """Measures for corrected points, computed by the core's geometry (one source of truth)."""
    record = _own_analysis(request, pk)
    try:
        result = analyze_landmarks(
            _landmarks_from_body(request), record.view, size=(record.image_width, record.image_height)
        )
    except (LandmarksInvalid, InputRefused) as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    document = result.to_json()
    rows = measure_rows(record.view, document["measures"], document["uncertainty"], document["readings"])
    response = JsonResponse(
        {
            "rows": [r.as_dict() for r in rows],
            "measures": document["measures"],
            "engine_posture": services.contract_posture(record.view, document["engine_posture"]),
        }
    )
    response["Cache-Control"] = PRIVATE_NO_STORE
    return response


@login_required
@require_POST
def analysis_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """The person accepts the points: measures are recomputed, saved and passed to their assessment."""
    record = _own_analysis(request, pk)
    sent = request.POST.get("landmarks", "")
    try:
        # No points sent (a page without script): the ones shown are the ones confirmed.
        landmarks = read_json(sent) if sent.strip() else record.landmarks
    except JsonBodyError as exc:
        messages.error(
            request, _("The points could not be read, so nothing was saved: %(reason)s") % {"reason": exc}
        )
        return redirect("photos:analysis", pk=record.pk)
    try:
        record, assessment = services.posture_analysis_confirm(
            user=request.user,  # type: ignore[arg-type]
            analysis=record,
            landmarks=landmarks,
        )
    except (LandmarksInvalid, InputRefused, services.PostureNotApplied) as exc:
        messages.error(request, str(exc))
        return redirect("photos:analysis", pk=record.pk)
    if assessment is None:
        messages.success(
            request,
            _("Your measures are saved. They will be used when you start your assessment."),
        )
    elif assessment.completed_at is not None:
        messages.success(
            request, _("Your measures are saved and your assessment results were updated with them.")
        )
    else:
        messages.success(request, _("Your measures are saved and added to your assessment."))
    return redirect_to_next(request, request.POST.get("next"), reverse("photos:analysis", args=[record.pk]))


@login_required
@require_POST
def analysis_delete(request: HttpRequest, pk: int) -> HttpResponse:
    record = _own_analysis(request, pk)
    services.posture_analysis_delete(user=request.user, analysis=record)  # type: ignore[arg-type]
    messages.success(request, _("The analysis and its photo were deleted."))
    return redirect("photos:history")


@login_required
@require_GET
def photo_image(request: HttpRequest, pk: int) -> FileResponse:
    """A stored photo, only for its owner; never cached by a browser or a proxy."""
    photo = selectors.posture_photo_of(user=request.user, pk=pk)  # type: ignore[arg-type]
    if photo is None:
        raise Http404("no such photo")
    try:
        handle = photo.path.open("rb")
    except FileNotFoundError:
        logger.warning("posture photo %s has no file", photo.pk)
        raise Http404("no such photo") from None
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = PRIVATE_NO_STORE
    return response


@login_required
@require_POST
def photo_delete(request: HttpRequest, pk: int) -> HttpResponse:
    photo = selectors.posture_photo_of(user=request.user, pk=pk)  # type: ignore[arg-type]
    if photo is None:
        raise Http404("no such photo")
    services.posture_photo_delete(user=request.user, photo=photo)  # type: ignore[arg-type]
    messages.success(request, _("The photo was deleted. Its points and measures are kept."))
    return redirect("photos:history")


@login_required
@require_POST
def preference(request: HttpRequest) -> HttpResponse:
    form = PhotoPreferenceForm(request.POST)
    form.is_valid()
    measures_only = bool(form.cleaned_data.get("measures_only"))
    services.photo_preference_set(user=request.user, measures_only=measures_only)  # type: ignore[arg-type]
    if measures_only:
        messages.success(request, _("From now on only your points and measures are kept, never your photos."))
    else:
        messages.success(request, _("Your photos will be kept privately so you can look at them again."))
    return redirect_to_next(request, request.POST.get("next"), reverse("photos:capture"))


def _own_job(request: HttpRequest, pk: int) -> PostureVideoJob:
    job = selectors.posture_video_job_of(user=request.user, pk=pk)  # type: ignore[arg-type]
    if job is None:
        raise Http404("no such video")
    return job


def _job_state(job: PostureVideoJob) -> dict[str, Any]:
    done = job.stage == PostureVideoJob.Stage.DONE and job.analysis_id is not None
    target = ""
    if done:
        target = reverse("photos:analysis", args=[job.analysis_id])
        if job.next_url:
            target += "?" + urlencode({"next": job.next_url})
    return {
        "stage": job.stage,
        "label": str(job.get_stage_display()),
        "message": job.message,
        "step": VIDEO_STAGES.index(job.stage) if job.stage in VIDEO_STAGES else None,
        "steps": len(VIDEO_STAGES) - 1,
        "failed": job.stage == PostureVideoJob.Stage.FAILED,
        "done": done,
        "url": target,
    }


@login_required
@require_GET
def video_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The page shown while a worker analyses a video; it polls video_status."""
    job = _own_job(request, pk)
    state = _job_state(job)
    if state["done"]:
        return redirect(state["url"])
    response = render(request, "photos/video.html", {"job": job, "state": state})
    response["Cache-Control"] = PRIVATE_NO_STORE
    return response


@login_required
@require_GET
def video_status(request: HttpRequest, pk: int) -> JsonResponse:
    response = JsonResponse(_job_state(_own_job(request, pk)))
    response["Cache-Control"] = PRIVATE_NO_STORE
    return response


@login_required
@require_GET
def history(request: HttpRequest) -> HttpResponse:
    """Earlier posture checks side by side, for re-tests."""
    analyses = list(selectors.posture_analyses_of(user=request.user))  # type: ignore[arg-type]
    rows = [(a, measure_rows(a.view, a.measures, a.uncertainty, a.readings)) for a in analyses]
    response = render(request, "photos/history.html", {"rows": rows})
    response["Cache-Control"] = PRIVATE_NO_STORE
    return response

"""Writes of the photos app: store an analysis (and its photo), correct and confirm it, delete, video jobs."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from backwell.engine import InvalidInput, plan
from backwell.posture.analysis import (
    PostureAnalysis,
    Upload,
    analyze_landmarks,
    analyze_photos,
    analyze_upload,
    analyze_video,
)
from backwell.posture.decode import InputRefused
from backwell.posture.measures import engine_posture
from backwell.posture.points import LandmarksInvalid, landmarks_to_json
from backwell.posture.video import MAX_VIDEO_BYTES, read_video, sniff_video
from backwell.web.accounts.models import User
from backwell.web.assessment.models import Assessment

from . import selectors
from .models import PhotoPreference, PostureAnalysisRecord, PosturePhoto, PostureVideoJob
from .private_files import private_file_remove, private_file_write, private_path

logger = logging.getLogger(__name__)

PHOTO_FOLDER = "posture"
VIDEO_UPLOAD_FOLDER = "posture-video-uploads"

# The engine's posture keys each view may set (ids.md). pelvic_tilt and rounded_shoulders are never
# set from photos: hip landmarks are joint centres, not ASIS/PSIS, and there is no shoulder-blade point.
POSTURE_KEYS_BY_VIEW: dict[str, tuple[str, ...]] = {
    "front": ("pelvic_obliquity_deg", "shoulder_obliquity_deg"),
    "side": ("head_forward_deg", "trunk_lean_deg", "pelvis_forward"),
}


def _schema_ranges() -> dict[str, tuple[float, float]]:
    """(minimum, maximum) of each numeric posture key, read from the engine's copy of the contract."""
    import backwell.engine

    schema_path = Path(backwell.engine.__file__).parent / "contract" / "engine-input.schema.json"
    posture = json.loads(schema_path.read_text(encoding="utf-8"))["properties"]["posture"]["properties"]
    return {
        key: (float(spec["minimum"]), float(spec["maximum"]))
        for key, spec in posture.items()
        if spec.get("type") == "number"
    }


POSTURE_RANGES = _schema_ranges()


class PostureNotApplied(Exception):
    """The confirmed measures could not be put into the assessment; str(exc) says why and what to do."""


def contract_posture(view: str, measures: dict[str, Any]) -> dict[str, float | bool]:
    """Only the contract keys this view may set, numbers clamped to the schema's ranges."""
    out: dict[str, float | bool] = {}
    for key in POSTURE_KEYS_BY_VIEW[view]:
        value = measures.get(key)
        if key == "pelvis_forward":
            if isinstance(value, bool):
                out[key] = value
            continue
        if isinstance(value, bool) or not isinstance(value, int | float):
            continue
        low, high = POSTURE_RANGES[key]
        out[key] = round(min(high, max(low, float(value))), 2)
    return out


@transaction.atomic
def photo_preference_set(*, user: User, measures_only: bool) -> PhotoPreference:
    """Save the choice; turning "measures only" on also deletes the photos already kept (not their measures)."""
    preference, _ = PhotoPreference.objects.update_or_create(
        user=user, defaults={"measures_only": measures_only}
    )
    if measures_only:
        for photo in PosturePhoto.objects.filter(user=user):
            posture_photo_delete(user=user, photo=photo)
    return preference


def posture_analysis_create(*, user: User, analysis: PostureAnalysis) -> PostureAnalysisRecord:
    """Save a usable analysis; the clean photo is written only when the person keeps photos.

    The file is written first and removed again if the rows cannot be saved, so neither outlives the
    other. (Call it outside any outer transaction: a rollback there would leave the file behind.)
    """
    if not analysis.usable or analysis.landmarks is None or analysis.size is None:
        raise ValueError("only a usable analysis with landmarks is saved")
    document = analysis.to_json()
    keep_photo = analysis.photo_jpeg is not None and not selectors.photo_preference_measures_only(user=user)
    stored_name = ""
    if keep_photo and analysis.photo_jpeg is not None:
        # decode.py re-encoded these bytes from pixels alone: no EXIF, GPS, XMP or ICC data is in them.
        stored_name = private_file_write(
            user_pk=user.pk, folder=PHOTO_FOLDER, data=analysis.photo_jpeg, suffix=".jpg"
        )
    try:
        with transaction.atomic():
            photo = None
            if stored_name:
                photo = PosturePhoto.objects.create(
                    user=user,
                    view=analysis.view,
                    stored_name=stored_name,
                    width=analysis.size[0],
                    height=analysis.size[1],
                )
            return PostureAnalysisRecord.objects.create(
                user=user,
                view=analysis.view,
                source=analysis.source if analysis.source != "landmarks" else "photo",
                photo=photo,
                image_width=analysis.size[0],
                image_height=analysis.size[1],
                frames=analysis.frames,
                detected_landmarks=document["landmarks"],
                landmarks=document["landmarks"],
                measures=document["measures"],
                uncertainty=document["uncertainty"],
                readings=document["readings"],
                warnings=document["warnings"],
            )
    except BaseException:
        private_file_remove(stored_name)
        raise


def posture_analysis_confirm(
    *, user: User, analysis: PostureAnalysisRecord, landmarks: Any
) -> tuple[PostureAnalysisRecord, Assessment | None]:
    """Re-measure from the person's (corrected) points, mark them confirmed and pass them to the assessment.

    Raises LandmarksInvalid (a ValueError with a clear message) for a point set that cannot be measured,
    and PostureNotApplied when the confirmation is saved but the assessment could not take it.
    """
    if analysis.user_id != user.pk:
        raise PermissionError("an analysis can only be confirmed by its owner")
    # The server measures again: measures sent by a browser are never trusted.
    result = analyze_landmarks(landmarks, analysis.view, size=(analysis.image_width, analysis.image_height))
    assert result.measurement is not None and result.landmarks is not None
    blocking = [issue.message for issue in result.issues if issue.blocking]
    if blocking:
        # Points showing a person mid-step would give posture findings that are not there.
        raise LandmarksInvalid(" ".join(blocking))
    document = result.to_json()
    analysis.landmarks = landmarks_to_json(result.landmarks)
    analysis.measures = document["measures"]
    analysis.uncertainty = document["uncertainty"]
    analysis.readings = document["readings"]
    analysis.confirmed = True
    analysis.confirmed_measures = contract_posture(analysis.view, engine_posture(result.measurement))
    analysis.confirmed_at = timezone.now()
    # Saved on its own first: the person's confirmation stands even if the assessment cannot take it.
    analysis.save()
    return analysis, posture_confirm(user=user, analysis=analysis)


def _assessment_for_posture(user: User) -> Assessment | None:
    """The assessment in progress (newest first), else the latest completed one."""
    in_progress = (
        Assessment.objects.select_for_update()
        .filter(user=user, completed_at__isnull=True)
        .order_by("-started_at")
        .first()
    )
    if in_progress is not None:
        return in_progress
    return (
        Assessment.objects.select_for_update()
        .filter(user=user, completed_at__isnull=False)
        .order_by("-completed_at")
        .first()
    )


@transaction.atomic
def posture_confirm(*, user: User, analysis: PostureAnalysisRecord) -> Assessment | None:
    """Write a confirmed analysis's measures into the person's assessment answers["posture"].

    Only the contract keys of the analysis's view are replaced (a front photo never touches the side
    keys, and nothing touches pelvic_tilt or rounded_shoulders, which come from the self-tests). A
    completed assessment is planned again so its results show the new measures. Returns the assessment,
    or None when the person has none yet (selectors.posture_confirmed_latest serves the wizard then).
    """
    if analysis.user_id != user.pk:
        raise PermissionError("an analysis can only be confirmed by its owner")
    if not analysis.confirmed:
        raise ValueError("only a confirmed analysis goes to the assessment")
    assessment = _assessment_for_posture(user)
    if assessment is None:
        return None
    answers = dict(assessment.answers or {})
    posture = {
        key: value
        for key, value in dict(answers.get("posture") or {}).items()
        if key not in POSTURE_KEYS_BY_VIEW[analysis.view]
    }
    posture.update(contract_posture(analysis.view, analysis.confirmed_measures))
    answers["posture"] = posture
    assessment.answers = answers
    fields = ["answers", "updated_at"]
    if assessment.completed_at is not None:
        try:
            assessment.result = plan(answers)
        except InvalidInput as exc:
            logger.warning("re-planning assessment %s after a posture update failed: %s", assessment.pk, exc)
            raise PostureNotApplied(
                "Your measures were saved, but your finished assessment could not be updated with them "
                f"({exc.message}). Start a re-test to use them."
            ) from exc
        fields.append("result")
    assessment.save(update_fields=fields)
    return assessment


@transaction.atomic
def posture_photo_delete(*, user: User, photo: PosturePhoto) -> None:
    """Delete a photo and, once that is committed, its file; its analyses keep their points and measures."""
    if photo.user_id != user.pk:
        raise PermissionError("a photo can only be deleted by its owner")
    stored_name = photo.stored_name
    photo.delete()
    transaction.on_commit(partial(private_file_remove, stored_name))


@transaction.atomic
def posture_analysis_delete(*, user: User, analysis: PostureAnalysisRecord) -> None:
    """Delete an analysis together with its photo (an assessment keeps the measures it already received)."""
    if analysis.user_id != user.pk:
        raise PermissionError("an analysis can only be deleted by its owner")
    photo = analysis.photo
    analysis.delete()
    if photo is not None and not photo.analyses.exists():
        posture_photo_delete(user=user, photo=photo)


def posture_video_job_create(
    *, user: User, view: str, data: bytes, filename: str, content_type: str, next_url: str = ""
) -> PostureVideoJob:
    """Keep the video privately until a worker has analysed it, and queue that work."""
    from .tasks import analyze_posture_video

    upload_name = private_file_write(user_pk=user.pk, folder=VIDEO_UPLOAD_FOLDER, data=data, suffix=".video")
    try:
        with transaction.atomic():
            job = PostureVideoJob.objects.create(
                user=user,
                view=view,
                upload_name=upload_name,
                filename=filename[:200],
                content_type=content_type[:100],
                next_url=next_url[:500],
            )
            transaction.on_commit(partial(analyze_posture_video.enqueue, job_id=job.pk))
    except BaseException:
        private_file_remove(upload_name)
        raise
    return job


def _job_stage(job: PostureVideoJob, stage: str, message: str = "") -> None:
    # Saved at once, outside any transaction, so the page polling the job sees each stage.
    job.stage = stage
    job.message = message
    job.save(update_fields=["stage", "message", "updated_at"])


# Stages of a job some run has taken and not finished.
VIDEO_JOB_RUNNING = (
    PostureVideoJob.Stage.READING,
    PostureVideoJob.Stage.MEASURING,
    PostureVideoJob.Stage.SAVING,
)


def _video_job_take(job_id: int, attempt: str) -> bool:
    """Take a queued job for this run, or take back one this same run started before its worker died.

    The conditional update is the claim: of two runs racing for a job only one changes the row. A
    queue retries a run (same `attempt`) only once its worker is gone, so a job left half-done by
    that run is safe to start again; a second, different run of the task never touches it.
    """
    takeable = Q(stage=PostureVideoJob.Stage.QUEUED)
    if attempt:
        takeable |= Q(stage__in=VIDEO_JOB_RUNNING, attempt=attempt)
    taken = (
        PostureVideoJob.objects.filter(takeable, pk=job_id)
        .exclude(upload_name="")
        .update(stage=PostureVideoJob.Stage.READING, message="", attempt=attempt, updated_at=timezone.now())
    )
    return bool(taken)


def posture_video_job_run(*, job_id: int, attempt: str = "") -> str:
    """Analyse a queued video; the uploaded file is removed whatever happens. Returns the final stage.

    `attempt` names the task run (its result id), so a run retried after its worker was killed picks
    the job up again instead of leaving it half-done (see `_video_job_take`).
    """
    job = PostureVideoJob.objects.select_related("user").filter(pk=job_id).first()
    if job is None:
        return "missing"
    if job.stage == PostureVideoJob.Stage.QUEUED and not job.upload_name:
        _job_stage(job, PostureVideoJob.Stage.FAILED, "The video is no longer here. Please upload it again.")
        return str(job.stage)
    if not _video_job_take(job_id, attempt):
        # Done, failed, or another run has it: running a task twice must not analyse twice.
        return str(job.stage)
    job.refresh_from_db(fields=["stage", "message", "attempt"])
    try:
        data = private_path(job.upload_name).read_bytes()
        options: dict[str, Any] = {"filename": job.filename or None, "content_type": job.content_type or None}
        # Reading lasts until the first frame is measured; the video is decoded once, by the analysis.
        _job_stage(job, PostureVideoJob.Stage.READING)

        def frame_done(done: int, total: int) -> None:
            # The page polls the job, so each measured frame moves its progress bar on.
            _job_stage(job, PostureVideoJob.Stage.MEASURING, f"Frame {done} of {total} measured")

        analysis = analyze_video(data, job.view, progress=frame_done, **options)
        if not analysis.usable:
            problems = " ".join(i.message for i in analysis.issues if i.blocking) or " ".join(
                i.message for i in analysis.issues
            )
            _job_stage(
                job, PostureVideoJob.Stage.FAILED, problems or "No person could be measured in the video."
            )
            return str(job.stage)
        _job_stage(job, PostureVideoJob.Stage.SAVING)
        # One transaction: a worker killed while saving leaves no analysis behind for its retry to
        # repeat, so a retried job still ends with exactly one.
        with transaction.atomic():
            job.analysis = posture_analysis_create(user=job.user, analysis=analysis)
            job.save(update_fields=["analysis", "updated_at"])
            _job_stage(job, PostureVideoJob.Stage.DONE)
    except InputRefused as exc:
        _job_stage(job, PostureVideoJob.Stage.FAILED, str(exc))
    except Exception:
        logger.exception("posture video job %s failed", job_id)
        _job_stage(
            job,
            PostureVideoJob.Stage.FAILED,
            "Something went wrong while analysing the video. Please try again, or send photos instead.",
        )
    finally:
        private_file_remove(job.upload_name)
        if job.upload_name:
            job.upload_name = ""
            job.save(update_fields=["upload_name", "updated_at"])
    return str(job.stage)


# --- Uploads: photos analysed at once, a video queued, from the capture page and the API alike ------

# The largest request an upload may be: one video at the core's limit plus the form around it. Bigger
# requests are answered before their body is read, so nothing large is buffered or stored.
MAX_REQUEST_BYTES = MAX_VIDEO_BYTES + 4 * 1024 * 1024


class UploadRefused(Exception):
    """Reasons an upload could not be used, each a sentence for the person."""

    def __init__(self, reasons: list[str]):
        super().__init__(" ".join(reasons))
        self.reasons = reasons


def upload_too_big(content_length: int) -> str | None:
    """The sentence refusing a request of this size before its body is read, or None when it may come."""
    if content_length <= MAX_REQUEST_BYTES:
        return None
    return _(
        "The upload is %(size)s MB; up to %(limit)s MB can be sent at once. Send fewer photos, "
        "photos at your camera's normal size, or a shorter video (3 to 10 seconds)."
    ) % {"size": content_length // (1024 * 1024), "limit": MAX_REQUEST_BYTES // (1024 * 1024)}


@dataclass(frozen=True)
class UploadOutcome:
    """An analysed photo upload (`record`, and `analysis` for showing a photo that is not kept), or a
    queued video (`job`)."""

    record: PostureAnalysisRecord | None = None
    analysis: PostureAnalysis | None = None
    job: PostureVideoJob | None = None


def posture_uploads_analyse(
    *, user: User, uploads: list[Upload], view: str, next_url: str = ""
) -> UploadOutcome:
    """Photos (one, or several of the same stance) are measured now and stored; one video is checked
    (length, type, first frame) and queued. Raises UploadRefused or InputRefused with the reasons, and
    PoseModelUnavailable when the server cannot analyse photos."""
    videos = [u for u in uploads if sniff_video(u.data) is not None]
    if videos:
        if len(uploads) > 1:
            raise UploadRefused([_("Send one video on its own, or photos without a video.")])
        video = videos[0]
        # A quick look now so a bad video is refused at once, leaving nothing behind.
        read_video(video.data, filename=video.filename, content_type=video.content_type, max_frames=1)
        job = posture_video_job_create(
            user=user,
            view=view,
            data=video.data,
            filename=video.filename or "",
            content_type=video.content_type or "",
            next_url=next_url,
        )
        return UploadOutcome(job=job)
    if len(uploads) == 1:
        only = uploads[0]
        analysis = analyze_upload(only.data, view, filename=only.filename, content_type=only.content_type)
    else:
        analysis = analyze_photos(uploads, view)
    if not analysis.usable:
        blocking = [i.message for i in analysis.issues if i.blocking]
        raise UploadRefused(
            blocking or [i.message for i in analysis.issues] or [_("No person could be measured.")]
        )
    return UploadOutcome(record=posture_analysis_create(user=user, analysis=analysis), analysis=analysis)

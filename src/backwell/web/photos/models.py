"""Posture photos, the analyses made from them, a person's photo-keeping choice and video jobs."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class View(models.TextChoices):
    FRONT = "front", _("Front")
    SIDE = "side", _("Side")


class PhotoPreference(models.Model):
    """A person's choice about their photos; no row means the default (photos are kept)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="photo_preference"
    )
    # When on, a photo is analysed and shown once but never written to disk: only points and measures stay.
    measures_only = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"photo preference of user {self.user_id}"


class PosturePhoto(models.Model):
    """A metadata-free re-encoded photo on private storage (PRIVATE_ROOT), never under MEDIA_ROOT."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="posture_photos"
    )
    view = models.CharField(max_length=8, choices=View.choices)
    # Relative to settings.PRIVATE_ROOT: "<user pk>/posture/<random>.jpg".
    stored_name = models.CharField(max_length=200, unique=True)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"{self.get_view_display()} photo {self.created_at:%Y-%m-%d}"

    @property
    def path(self) -> Path:
        return Path(settings.PRIVATE_ROOT) / self.stored_name


class PostureAnalysisRecord(models.Model):
    """One analysed view: the points in image pixels, the measures and, once confirmed, what the person accepted."""

    class Source(models.TextChoices):
        PHOTO = "photo", _("One photo")
        PHOTOS = "photos", _("Several photos")
        VIDEO = "video", _("Video")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="posture_analyses"
    )
    view = models.CharField(max_length=8, choices=View.choices)
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.PHOTO)
    photo = models.ForeignKey(
        PosturePhoto, null=True, blank=True, on_delete=models.SET_NULL, related_name="analyses"
    )
    image_width = models.PositiveIntegerField()
    image_height = models.PositiveIntegerField()
    frames = models.PositiveSmallIntegerField(default=1)
    # What the model found, kept apart from the person's corrections: {name: {x, y, visibility}} in pixels.
    detected_landmarks = models.JSONField(default=dict)
    landmarks = models.JSONField(default=dict)
    measures = models.JSONField(default=dict)
    uncertainty = models.JSONField(default=dict)
    readings = models.JSONField(default=dict)
    warnings = models.JSONField(default=list)
    confirmed = models.BooleanField(default=False)
    # Only the engine contract's posture keys (ids.md), as confirmed by the person.
    confirmed_measures = models.JSONField(default=dict)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-created_at",)
        indexes = (models.Index(fields=("user", "-created_at")),)

    def __str__(self) -> str:
        return f"{self.get_view_display()} posture analysis {self.created_at:%Y-%m-%d}"


class PostureVideoJob(models.Model):
    """A video waiting for or under analysis by a worker; the page polls its stage."""

    class Stage(models.TextChoices):
        QUEUED = "queued", _("Waiting for a free worker")
        READING = "reading", _("Reading the video")
        MEASURING = "measuring", _("Finding your points in each frame")
        SAVING = "saving", _("Saving the measures")
        DONE = "done", _("Done")
        FAILED = "failed", _("Could not be analysed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="posture_videos"
    )
    view = models.CharField(max_length=8, choices=View.choices)
    # The uploaded video until the worker has read it, relative to PRIVATE_ROOT; "" once removed.
    upload_name = models.CharField(max_length=200, blank=True)
    filename = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    next_url = models.CharField(max_length=500, blank=True)
    stage = models.CharField(max_length=12, choices=Stage.choices, default=Stage.QUEUED)
    message = models.TextField(blank=True)
    # The task run that took the job: a retry of that same run (its worker died) may take it again,
    # any other run of the task leaves it alone.
    attempt = models.CharField(max_length=64, blank=True)
    analysis = models.ForeignKey(
        PostureAnalysisRecord, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"posture video {self.pk} ({self.stage})"

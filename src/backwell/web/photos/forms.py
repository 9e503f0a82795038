"""Forms of the photos app: the upload (camera, several photos or a video) and the photo-keeping choice."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from .models import View

# Each photo costs a model run in the request; more than this adds little over a median of five.
MAX_PHOTOS = 5


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PostureUploadForm(forms.Form):
    view = forms.ChoiceField(
        label=_("Which view is this?"),
        choices=View.choices,
        initial=View.FRONT,
        widget=forms.RadioSelect,
    )
    camera = forms.FileField(
        label=_("Take a photo now"),
        required=False,
        allow_empty_file=True,  # decode.py explains an empty file better than Django's generic message
        widget=forms.FileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )
    # Not named "files": that is the form's own attribute holding request.FILES.
    chosen = forms.Field(
        label=_("Or choose photos or a short video"),
        required=False,
        help_text=_(
            "Up to five photos of the same stance, or one video of 3 to 10 seconds of standing still."
        ),
        widget=MultipleFileInput(attrs={"accept": "image/*,video/*", "multiple": True}),
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_chosen(self) -> list[UploadedFile]:
        return [f for f in self.files.getlist(self.add_prefix("chosen")) if isinstance(f, UploadedFile)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        uploads: list[UploadedFile] = []
        if data.get("camera"):
            uploads.append(data["camera"])
        uploads += data.get("chosen") or []
        if not uploads and not self.errors:
            raise forms.ValidationError(
                _("No photo arrived. Take a photo, or choose one or more photos or a video, then send again.")
            )
        if len(uploads) > MAX_PHOTOS:
            raise forms.ValidationError(
                _("Please send at most %(n)s photos at a time; you chose %(count)s.")
                % {"n": MAX_PHOTOS, "count": len(uploads)}
            )
        data["uploads"] = uploads
        return data


class PhotoPreferenceForm(forms.Form):
    measures_only = forms.BooleanField(
        label=_("Keep only my points and measures, never my photos"),
        required=False,
        help_text=_(
            "Photos are then analysed and shown to you once, but never stored. Turning this on also deletes "
            "the photos already kept; their measures stay."
        ),
    )

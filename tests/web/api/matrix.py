"""The operations of the live schema, and how the access-matrix tests call each one: the path filled
with the owner's records, and a body of the right shape, so a refusal is about who asks."""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pypdf import PdfReader

from backwell.web.api.core import api
from backwell.web.api.routers.clinic_access import CONSENT_KEY
from tests.web.api.clinic_world import Clinic

PARAM = re.compile(r"\{(\w+)\}")
BODIES: dict[tuple[str, str], dict[str, Any]] = {
    ("patch", "/api/v1/me"): {"display_name": "Renamed"},
    ("put", "/api/v1/me/reminders"): {"session_time": "18:00", "reminder_minutes": 30},
    ("put", "/api/v1/assessments/{pk}/steps/{step}"): {"answers": {"red_flags": []}},
    ("post", "/api/v1/program/days/{week}/{day}/items/{index}/swap"): {"replacement": "walking_easy"},
    ("post", "/api/v1/sessions/{week}/{day}/items"): {
        "index": 0,
        "outcome": "done",
        "client_id": "5b1f0f8e-0d7c-4e1e-9d0b-7a3c2f1e4d5a",
    },
    ("put", "/api/v1/sessions/{week}/{day}/pain"): {"before": 3},
    ("post", "/api/v1/checkins/daily"): {"pain": 2, "note": ""},
    ("post", "/api/v1/photos/analyses/{pk}/confirm"): {"landmarks": {}},
    ("post", "/api/v1/photos/analyses/{pk}/measure"): {"landmarks": {}},
    ("post", "/api/v1/progress/endurance"): {"plank_s": 40},
    ("put", "/api/v1/account/consents/photos"): {"measures_only": True},
    ("post", "/api/v1/account/delete"): {"current_password": "not it", "understood": True},
    ("post", "/api/v1/sharing/notes/{pk}/replies"): {"body": "Thank you"},
    ("post", "/api/v1/clinic/people/{person_id}/notes"): {"body": "Seen today", "shared": False},
    ("post", "/api/v1/clinic/people/{person_id}/program/overrides"): {
        "action": "add",
        "exercise": "walking_easy",
        "reason": "Walking helps.",
    },
    ("post", "/api/v1/clinic/people/{person_id}/program/locks"): {"exercise": "walking_easy", "locked": True},
    ("put", "/api/v1/clinic/people/{person_id}/program/adaptation-mode"): {"mode": "approve"},
    ("post", "/api/v1/clinic/people/{person_id}/program/adaptations/{pending_id}/decision"): {
        "decision": "rejected",
        "reason": "Not this week.",
    },
}
MULTIPART = {("post", "/api/v1/photos/uploads")}


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    secured: bool
    consent: str  # the kind of data it needs shared ("" when none)

    @property
    def clinic(self) -> bool:
        return self.path.startswith("/api/v1/clinic/")

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"


def operations() -> list[Operation]:
    schema = api.get_openapi_schema()
    return [
        Operation(method, path, bool(op.get("security")), str(op.get(CONSENT_KEY, "")))
        for path, methods in schema["paths"].items()
        for method, op in methods.items()
    ]


def fill(path: str, world: Clinic) -> str:
    owner = world.owner
    values = {
        "pk": owner.video_id
        if "/videos/" in path
        else owner.analysis_id
        if "/photos/" in path
        else world.shared_note_id
        if "/sharing/" in path
        else owner.assessment.pk,
        "person_id": owner.user.pk,
        "pending_id": world.pending_id,
        "week": 1,
        "day": 1,
        "index": 0,
        "step": "safety",
        "slug": "walking_easy",
    }
    return PARAM.sub(lambda m: str(values[m[1]]), path)


def call(op: Operation, world: Clinic, token: str | None) -> Any:
    client = Client()
    extra = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    path = fill(op.path, world)
    if op.method == "get":
        return client.get(path, **extra)
    if (op.method, op.path) in MULTIPART:
        upload = SimpleUploadedFile("stance.jpg", b"not a photo", content_type="image/jpeg")
        return client.post(path, {"view": "front", "files": [upload]}, **extra)
    body = BODIES.get((op.method, op.path)) or {}
    return getattr(client, op.method)(path, data=json.dumps(body), content_type="application/json", **extra)


def text(response: Any) -> str:
    """What an answer says: its body, or a PDF's text (a leak in a report is a leak too)."""
    if response.get("Content-Type") == "application/pdf":
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    return str(response.content.decode())

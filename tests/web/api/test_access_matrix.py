"""The access matrix of the pages, for the API: every operation of the schema × {anonymous, owner,
other person}. Nobody signed in gets 401 and nothing else; another person, with their own valid
token, never sees or touches the owner's records: by number they get 404, and no answer of theirs
holds anything of the owner's. A new operation joins this test by being in the schema.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from backwell.web.api.core import api
from backwell.web.tracking.services import daily_checkin_record
from tests.web.api.world import Person, person_with_history

pytestmark = pytest.mark.django_db

PARAM = re.compile(r"\{(\w+)\}")
# Bodies with the right shape, so a refusal is about who asks, not about what was sent.
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
}


def _operations() -> list[tuple[str, str, bool]]:
    schema = api.get_openapi_schema()
    found = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            found.append((method, path, bool(operation.get("security"))))
    return found


OPERATIONS = _operations()


def _path(path: str, owner: Person) -> str:
    values = {
        "pk": owner.video_id
        if "/videos/" in path
        else owner.analysis_id
        if "/photos/" in path
        else owner.assessment.pk,
        "week": 1,
        "day": 1,
        "index": 0,
        "step": "safety",
        "slug": "walking_easy",
    }
    return PARAM.sub(lambda m: str(values[m[1]]), path)


def _call(client: Client, method: str, path: str, template: str, token: str | None) -> Any:
    extra = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    body = BODIES.get((method, template))
    if method == "get":
        return client.get(path, **extra)
    return getattr(client, method)(
        path, data=json.dumps(body or {}), content_type="application/json", **extra
    )


@pytest.fixture
def owner_and_other() -> tuple[Person, Person]:
    owner = person_with_history()
    owner.user.display_name = "Owner Marker-7f3a"
    owner.user.save()
    daily_checkin_record(user=owner.user, date=timezone.localdate(), pain=7, note="private note 7f3a")
    return owner, person_with_history()


def _markers(owner: Person) -> list[str]:
    return [owner.user.email, "Marker-7f3a", "private note 7f3a"]


def test_the_matrix_covers_every_operation() -> None:
    assert len(OPERATIONS) >= 38
    public = {path for _m, path, secured in OPERATIONS if not secured}
    assert public == {
        "/api/v1/library/exercises",
        "/api/v1/library/exercises/{slug}",
        "/api/v1/articles",
        "/api/v1/articles/categories",
        "/api/v1/articles/{slug}",
    }


@pytest.mark.parametrize(
    ("method", "template", "secured"), OPERATIONS, ids=[f"{m} {p}" for m, p, _ in OPERATIONS]
)
def test_anonymous_gets_401_and_nothing_else(
    method: str, template: str, secured: bool, owner_and_other
) -> None:
    owner, _other = owner_and_other
    response = _call(Client(), method, _path(template, owner), template, None)
    body = response.content.decode()
    if secured:
        assert response.status_code == 401, body
        assert response["Content-Type"] == "application/problem+json"
    assert not any(marker in body for marker in _markers(owner))


@pytest.mark.parametrize(
    ("method", "template", "secured"), OPERATIONS, ids=[f"{m} {p}" for m, p, _ in OPERATIONS]
)
def test_another_person_never_reaches_the_owners_records(
    method: str, template: str, secured: bool, owner_and_other
) -> None:
    owner, other = owner_and_other
    response = _call(Client(), method, _path(template, owner), template, other.token)
    body = response.content.decode()
    assert response.status_code < 500, body
    assert not any(marker in body for marker in _markers(owner)), body
    if "{pk}" in template:
        assert response.status_code == 404, body


@pytest.mark.parametrize(
    ("method", "template", "secured"), OPERATIONS, ids=[f"{m} {p}" for m, p, _ in OPERATIONS]
)
def test_the_owner_is_answered(method: str, template: str, secured: bool, owner_and_other) -> None:
    owner, _other = owner_and_other
    response = _call(Client(), method, _path(template, owner), template, owner.token)
    assert response.status_code < 500
    if method == "get" and "{pk}" in template:
        assert response.status_code == 200, response.content

"""The access matrix of the pages, for the API: every operation of the schema × {anonymous, owner,
other person}. Nobody signed in gets 401 and nothing else; another person, with their own valid
token, never sees or touches the owner's records: by number they get 404, and no answer of theirs
holds anything of the owner's. A person's token reaches no clinician operation (403). A new operation
joins this test by being in the schema; the clinicians' rows are in test_clinic_access_matrix.
"""

from __future__ import annotations

import pytest
from django.utils import timezone

from backwell.web.tracking.services import daily_checkin_record
from tests.web.api.clinic_world import Clinic, clinic_world
from tests.web.api.matrix import Operation, call, operations, text
from tests.web.api.world import person_with_history

pytestmark = pytest.mark.django_db

OPERATIONS = operations()
IDS = [op.label for op in OPERATIONS]


@pytest.fixture
def world() -> Clinic:
    owner = person_with_history()
    owner.user.display_name = "Owner Marker-7f3a"
    owner.user.save()
    daily_checkin_record(user=owner.user, date=timezone.localdate(), pain=7, note="private note 7f3a")
    return clinic_world(owner)


def _markers(world: Clinic) -> list[str]:
    return [world.owner.user.email, "Marker-7f3a", "private note 7f3a"]


def test_the_matrix_covers_every_operation() -> None:
    assert len(OPERATIONS) >= 60
    public = {op.path for op in OPERATIONS if not op.secured}
    assert public == {
        "/api/v1/library/exercises",
        "/api/v1/library/exercises/{slug}",
        "/api/v1/articles",
        "/api/v1/articles/categories",
        "/api/v1/articles/{slug}",
    }
    assert sum(op.clinic for op in OPERATIONS) >= 17


@pytest.mark.parametrize("op", OPERATIONS, ids=IDS)
def test_anonymous_gets_401_and_nothing_else(op: Operation, world: Clinic) -> None:
    response = call(op, world, None)
    body = text(response)
    if op.secured:
        assert response.status_code == 401, body
        assert response["Content-Type"] == "application/problem+json"
    assert not any(marker in body for marker in _markers(world))


@pytest.mark.parametrize("op", OPERATIONS, ids=IDS)
def test_another_person_never_reaches_the_owners_records(op: Operation, world: Clinic) -> None:
    other = person_with_history()
    response = call(op, world, other.token)
    body = text(response)
    assert response.status_code < 500, body
    assert not any(marker in body for marker in _markers(world)), body
    if op.clinic:
        assert response.status_code == 403, body
    elif "{pk}" in op.path:
        assert response.status_code == 404, body


@pytest.mark.parametrize("op", OPERATIONS, ids=IDS)
def test_the_owner_is_answered(op: Operation, world: Clinic) -> None:
    response = call(op, world, world.owner.token)
    assert response.status_code < 500
    if op.clinic:
        assert response.status_code == 403, response.content  # a person's token has no clinic scope
    elif op.method == "get" and "{pk}" in op.path:
        assert response.status_code == 200, response.content

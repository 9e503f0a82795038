"""The clinicians' rows of the access matrix, over every operation of the schema: a clinician with
every consent is answered; one lacking a kind never sees that kind (and gets 404 where the operation
needs it); a clinician never linked, or whose link the person revoked, sees nothing of the person;
nobody but its author sees a private note. Which kind an operation needs is read from its schema, so a
new operation is covered by being in it.
"""

from __future__ import annotations

import pytest

from tests.web.api.clinic_world import MARKERS, PRIVATE_NOTE, Caller, Clinic, clinic_world
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
    return clinic_world(owner)


def _everything(world: Clinic) -> list[str]:
    return [*MARKERS.values(), PRIVATE_NOTE, "Owner Marker-7f3a", world.owner.user.email]


def _answer(op: Operation, world: Clinic, caller: Caller) -> tuple[int, str]:
    response = call(op, world, caller.token)
    body = text(response)
    assert response.status_code < 500, f"{op.label}: {body}"
    return response.status_code, body


def test_every_consent_gated_operation_says_which_kind() -> None:
    gated = {op.path for op in OPERATIONS if op.consent}
    assert "/api/v1/clinic/people/{person_id}/checkins/daily" in gated
    assert "/api/v1/clinic/people/{person_id}/photos" in gated
    assert "/api/v1/clinic/people/{person_id}/program/overrides" in gated
    assert {op.consent for op in OPERATIONS if op.consent} == set(MARKERS)


@pytest.mark.parametrize("op", OPERATIONS, ids=IDS)
def test_a_clinician_lacking_a_kind_never_sees_it(op: Operation, world: Clinic) -> None:
    for kind, caller in world.lacking.items():
        status, body = _answer(op, world, caller)
        assert MARKERS[kind] not in body, f"{op.label} showed {kind} to a clinician without that consent"
        assert PRIVATE_NOTE not in body
        if op.consent == kind:
            assert status == 404, f"{op.label} answered {status} without the {kind} consent"


@pytest.mark.parametrize("op", OPERATIONS, ids=IDS)
def test_unlinked_and_revoked_clinicians_see_nothing(op: Operation, world: Clinic) -> None:
    for caller in (world.unlinked, world.revoked):
        status, body = _answer(op, world, caller)
        leaked = [marker for marker in _everything(world) if marker in body]
        assert leaked == [], f"{op.label} leaked {leaked}"
        if op.clinic and "{person_id}" in op.path:
            assert status == 404, f"{op.label} answered {status} to a clinician not linked (now)"


@pytest.mark.parametrize("op", OPERATIONS, ids=IDS)
def test_a_clinician_with_consent_is_answered(op: Operation, world: Clinic) -> None:
    status, body = _answer(op, world, world.with_consent)
    if op.clinic and op.method == "get":
        assert status == 200, f"{op.label}: {body}"
    if op.consent and op.method == "get":
        assert '"count": 0' not in body, f"{op.label} showed none of the shared {op.consent} data"
    if not op.clinic:  # the clinician's own person-side answers hold nothing of the owner's
        assert not any(marker in body for marker in MARKERS.values()), op.label

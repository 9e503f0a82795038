"""The clinician API's per-exercise outcomes carry the skip reasons, with adherence consent only."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client

from backwell.web.clinic.models import DataKind
from backwell.web.programs.models import ItemLog, SessionLog
from tests.web.api.clinic_world import Caller, Clinic, clinic_world
from tests.web.api.world import person_with_history

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> Clinic:
    return clinic_world(person_with_history())


def _get(caller: Caller, path: str) -> Client:
    return Client().get(f"/api/v1{path}", HTTP_AUTHORIZATION=f"Bearer {caller.token}")


def test_exercise_outcomes_count_skips_by_reason_within_consent(world: Clinic) -> None:
    session = SessionLog.objects.create(
        program=world.owner.program, week=1, day=2, date=world.owner.program.start_date
    )
    for index, reason in enumerate(["too_hard", "too_hard", ""]):
        ItemLog.objects.create(
            session=session,
            index=index,
            exercise="side_plank",
            outcome="skipped",
            skip_reason=reason,
            client_id=uuid.uuid4(),
        )
    path = f"/clinic/people/{world.owner.user.pk}/exercises"
    rows = {row["exercise"]: row for row in _get(world.with_consent, path).json()["items"]}
    assert rows["side_plank"]["skipped"] == 3
    assert rows["side_plank"]["skip_reasons"] == {
        "no_time": 0,
        "too_hard": 2,
        "no_equipment": 0,
        "unsure": 0,
        "other": 0,
    }
    assert _get(world.lacking[DataKind.ADHERENCE], path).status_code == 404

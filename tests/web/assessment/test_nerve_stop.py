"""The 90/90 hamstring test stops on nerve symptoms, and the engine hears them as pins and needles."""

from __future__ import annotations

import pytest
from django.test import Client

from .test_wizard import _started, _walk
from .wizard_answers import TESTS

pytestmark = pytest.mark.django_db


def test_the_90_90_test_tells_the_person_to_stop_on_tingling_down_the_leg(client: Client) -> None:
    assessment = _started(client)
    _walk(client, assessment, upto="tests")
    page = client.get(f"/assessment/{assessment.pk}/tests/").content.decode()
    assert "Stop at once if straightening the knee brings on tingling, numbness or pain down the leg" in page
    assert "Left: I stopped because of tingling, numbness or pain down the leg" in page
    assert "Right: I stopped because of tingling, numbness or pain down the leg" in page


def test_a_side_stopped_by_tingling_is_sent_as_pins_and_needles_without_a_measurement(client: Client) -> None:
    assessment = _started(client)
    _walk(client, assessment, upto="tests")
    data = {
        **TESTS,
        "knee_extension_deficit_left_deg_nerve_stop": "on",
        "knee_extension_deficit_right_deg": "35",
    }
    response = client.post(f"/assessment/{assessment.pk}/tests/", data)
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.answers["pain"]["pins_and_needles"] is True
    assert "knee_extension_deficit_left_deg" not in assessment.answers["tests"]
    assert assessment.answers["tests"]["knee_extension_deficit_right_deg"] == 35
    # The engine treats the hamstring finding as a possible nerve sign (ENGINE.md rule 11).
    assert any("nerve" in advice for advice in assessment.result["program"]["advice"])


def test_without_a_stop_the_pain_answers_are_left_as_given(client: Client) -> None:
    assessment = _started(client)
    _walk(client, assessment, upto="tests")
    client.post(f"/assessment/{assessment.pk}/tests/", {**TESTS, "knee_extension_deficit_left_deg": "30"})
    assessment.refresh_from_db()
    assert assessment.answers["pain"]["pins_and_needles"] is False
    assert assessment.answers["tests"]["knee_extension_deficit_left_deg"] == 30


def test_a_stopped_side_with_a_number_gets_a_clear_message_and_nothing_is_saved(client: Client) -> None:
    assessment = _started(client)
    _walk(client, assessment, upto="tests")
    data = {
        **TESTS,
        "knee_extension_deficit_left_deg": "40",
        "knee_extension_deficit_left_deg_nerve_stop": "on",
    }
    response = client.post(f"/assessment/{assessment.pk}/tests/", data)
    assert response.status_code == 400
    assert "You stopped this side because of nerve symptoms: leave the degrees empty, or untick it." in (
        response.content.decode()
    )
    assessment.refresh_from_db()
    assert "tests" not in assessment.answers

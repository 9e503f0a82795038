"""What engine 1.1 changed, as a person sees it: the weeks of pregnancy asked in "About you", the nerve
and belly-pain notes on the results page, and where each program item is done."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from backwell.web.assessment.models import Assessment
from tests.web.factories import UserFactory

from .wizard_answers import ABOUT, PAIN, TESTS, questionnaires_data, safety_data

pytestmark = pytest.mark.django_db


def _finished(
    client: Client, *, about: dict[str, Any] | None = None, pain: dict[str, Any] | None = None
) -> Assessment:
    user = UserFactory()
    client.force_login(user)
    client.post("/assessment/", {"kind": "initial"})
    assessment = Assessment.objects.get(user=user)
    steps = {
        "safety": safety_data(),
        "about": {**ABOUT, **(about or {})},
        "pain": {**PAIN, **(pain or {})},
        "questionnaires": questionnaires_data(),
        "tests": TESTS,
    }
    for step, data in steps.items():
        response = client.post(f"/assessment/{assessment.pk}/{step}/", data)
        assert response.status_code == 302, (step, response.content.decode()[:1500])
    assessment.refresh_from_db()
    return assessment


def test_the_weeks_of_pregnancy_are_kept_only_for_a_pregnant_person(client: Client) -> None:
    pregnant = _finished(client, about={"pregnant": "yes", "pregnancy_weeks": "24"})
    assert pregnant.answers["profile"]["pregnancy_weeks"] == 24
    positions = {i["position"] for d in pregnant.result["program"]["days"] for i in d["items"]}
    assert not positions & {"lying_back", "lying_front"}

    not_pregnant = _finished(Client(), about={"pregnant": "no", "pregnancy_weeks": "24"})
    assert "pregnancy_weeks" not in not_pregnant.answers["profile"]


def test_impossible_weeks_of_pregnancy_get_a_clear_message_and_nothing_is_saved(client: Client) -> None:
    user = UserFactory()
    client.force_login(user)
    client.post("/assessment/", {"kind": "initial"})
    assessment = Assessment.objects.get(user=user)
    client.post(f"/assessment/{assessment.pk}/safety/", safety_data())
    response = client.post(
        f"/assessment/{assessment.pk}/about/", {**ABOUT, "pregnant": "yes", "pregnancy_weeks": "60"}
    )
    assert response.status_code == 400
    assert "whole number from 1 to 42 weeks" in response.content.decode()
    assessment.refresh_from_db()
    assert "minutes_per_day" not in assessment.answers.get("profile", {})


def test_about_you_asks_the_weeks_next_to_the_pregnancy_question(client: Client) -> None:
    user = UserFactory()
    client.force_login(user)
    client.post("/assessment/", {"kind": "initial"})
    assessment = Assessment.objects.get(user=user)
    client.post(f"/assessment/{assessment.pk}/safety/", safety_data())
    page = client.get(f"/assessment/{assessment.pk}/about/").content.decode()
    assert "How many weeks pregnant are you?" in page
    assert "data-pregnancy-weeks" in page


def test_results_show_the_nerve_note_and_the_belly_pain_note_when_they_apply(client: Client) -> None:
    assessment = _finished(
        client,
        pain={
            "leg_symptoms": "below_knee",
            "pins_and_needles": "yes",
            "regions": ["lumbar_left", "abdomen_lower"],
        },
    )
    page = client.get(f"/assessment/{assessment.pk}/results/").content.decode()
    assert "a nerve may be irritated" in page
    assert "Please have your lower-belly pain checked" in page

    plain = _finished(Client())
    page = Client()
    page.force_login(plain.user)
    html = page.get(f"/assessment/{plain.pk}/results/").content.decode()
    assert "a nerve may be irritated" not in html
    assert "lower-belly pain" not in html


def test_each_program_item_says_where_it_is_done(client: Client) -> None:
    assessment = _finished(client)
    assert client.post("/program/start/").status_code == 302
    first_day = assessment.result["program"]["days"][0]
    html = client.get("/program/week/1/day/1/").content.decode()
    exercises = [i for i in first_day["items"] if i["kind"] != "education"]
    assert html.count('class="badge position"') == len(exercises)
    words = {"lying_back": "lying on your back", "standing": "standing", "hands_knees": "on hands and knees"}
    for item in exercises:
        if item["position"] in words:
            assert words[item["position"]] in html
    player = client.get("/program/session/1/1/").content.decode()
    assert player.count('class="badge position"') == len(exercises)

"""Lessons have pictures too: the lesson page and the session player show them."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from backwell.engine.knowledge import load
from backwell.web.programs import exercises

pytestmark = pytest.mark.django_db

KB = load()


def test_every_lesson_has_a_picture() -> None:
    missing = sorted(set(KB.lessons) - set(KB.figures))
    assert not missing, f"lessons without a picture: {', '.join(missing)}"


def test_lesson_page_shows_its_picture_titled_with_the_lesson(client: Client) -> None:
    page = client.get(reverse("programs:exercise", args=["lesson_back_pain_basics"]))
    assert page.status_code == 200
    url = reverse("programs:exercise_picture", args=["lesson_back_pain_basics"])
    assert url.encode() in page.content
    svg = client.get(url)
    assert svg.status_code == 200 and svg["Content-Type"].startswith("image/svg+xml")
    assert b'<title id="figure-lesson_back_pain_basics-title">How back pain works</title>' in svg.content


def test_session_player_step_of_a_lesson_plays_its_animation() -> None:
    step = exercises.player_step(
        0,
        {
            "exercise": "lesson_staying_active",
            "name": "Why staying active helps",
            "kind": "education",
            "minutes": 3,
            "evidence": {"grade": "supported"},
        },
    )
    assert (
        step["picture"]
        == reverse("programs:exercise_picture", args=["lesson_staying_active"]) + "?animated=1"
    )

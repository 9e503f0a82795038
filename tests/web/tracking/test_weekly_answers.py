"""The weekly check-in records only what the person answered, and asks its questions as the assessment did."""

from __future__ import annotations

import re
from typing import cast

import pytest
from django.test import Client
from django.urls import reverse

from backwell.web.assessment.models import Assessment
from backwell.web.tracking.models import WeeklyCheckIn
from tests.web.factories import AssessmentFactory, UserFactory

from .factories import started_program

pytestmark = pytest.mark.django_db


def _flags() -> list[str]:
    from backwell.engine.knowledge import load

    return list(load().red_flags)


def _answer_order(page: str, name: str) -> list[str]:
    return re.findall(rf'name="{name}" value="(\w+)"', page)


def test_the_activity_ratings_start_empty_and_must_be_chosen(client: Client) -> None:
    program = started_program()
    client.force_login(program.user)
    page = client.get(reverse("tracking:weekly")).content.decode()
    select = re.search(r'<select name="psfs_1".*?</select>', page, re.S)
    assert select is not None
    assert re.search(r'<option value="" selected>Choose 0–10</option>', select.group(0))
    data = {"pain": "4", "psfs_2": "7", **{f"flag_{flag}": "no" for flag in _flags()}}
    response = client.post(reverse("tracking:weekly"), data)
    assert response.status_code == 400
    assert "Rate “sitting through a work meeting” from 0 to 10." in response.content.decode()
    assert not WeeklyCheckIn.objects.exists()


def test_warning_sign_questions_offer_yes_then_no_at_the_assessment_and_every_week(client: Client) -> None:
    program = started_program()
    client.force_login(program.user)
    weekly = client.get(reverse("tracking:weekly")).content.decode()
    assessment = cast(Assessment, AssessmentFactory(user=UserFactory()))
    client.force_login(assessment.user)
    safety = client.get(reverse("assessment:step", args=[assessment.pk, "safety"])).content.decode()
    for flag in _flags():
        assert _answer_order(weekly, f"flag_{flag}") == ["yes", "no"]
        assert _answer_order(safety, f"flag_{flag}") == ["yes", "no"]
    assert 'value="no" checked' not in weekly + safety and 'value="yes" checked' not in weekly + safety

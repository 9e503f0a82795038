"""The safety check before signing up: usable by anyone, stores nothing, carried into the assessment after."""

from __future__ import annotations

import re
from typing import cast

import pytest
from django.test import Client
from django.urls import reverse

from backwell.engine import ids
from backwell.web.assessment.models import Assessment
from backwell.web.tracking.models import WeeklyCheckIn
from tests.web.factories import AssessmentFactory, UserFactory
from tests.web.tracking.factories import started_program

pytestmark = pytest.mark.django_db

SIGNUP = {
    "email": "sam@example.org",
    "display_name": "Sam",
    "password": "a long walk every morning",
    "consent": "on",
}
NEWSLETTER_BOX = 'class="newsletter-form"'


def _answers(**flags: str) -> dict[str, str]:
    data = {f"flag_{flag}": "no" for flag in ids.RED_FLAGS}
    data.update({f"flag_{flag}": answer for flag, answer in flags.items()})
    data["age"] = "58"
    return data


def test_the_home_page_starts_the_safety_check_without_an_account(client: Client) -> None:
    home = client.get("/").content.decode()
    assert f'href="{reverse("assessment:safety_check")}"' in home
    page = client.get(reverse("assessment:safety_check"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Nothing is saved unless you sign up" in body
    assert all(f'name="flag_{flag}"' in body for flag in ids.RED_FLAGS)


def test_no_warning_signs_store_nothing_and_the_answers_start_the_assessment_after_sign_up(
    client: Client,
) -> None:
    response = client.post(reverse("assessment:safety_check"), _answers())
    assert "No signs that need a doctor first" in response.content.decode()
    assert not Assessment.objects.exists()
    assert client.session.get_expire_at_browser_close(), "kept no longer than the browser is open"

    # Signing up ends in a log-in (after the email is confirmed) and a visit to the assessment's start.
    client.force_login(UserFactory())
    response = client.get(reverse("assessment:start"), follow=True)
    assessment = Assessment.objects.get()
    assert assessment.answers["red_flags"] == [] and assessment.answers["profile"]["age"] == 58
    assert assessment.step == "about"
    assert "assessment_safety_check" not in client.session
    assert response.redirect_chain[-1][0] == reverse("assessment:step", args=[assessment.pk, "about"])
    # Carried once: going back to the start later does not apply the answers again.
    assert client.get(reverse("assessment:start")).status_code == 200


def test_emergency_signs_say_where_to_go_with_the_numbers_and_nothing_else(client: Client) -> None:
    response = client.post(reverse("assessment:safety_check"), _answers(saddle_numbness="yes"))
    body = response.content.decode()
    assert "Seek emergency care now" in body
    assert "999" in body and "112" in body and "911" in body
    assert NEWSLETTER_BOX not in body
    assert not Assessment.objects.exists()


def test_urgent_signs_carry_into_the_assessment_stop_page_after_sign_up(client: Client) -> None:
    response = client.post(reverse("assessment:safety_check"), _answers(cancer_history="yes"))
    assert "See a doctor first" in response.content.decode()
    client.force_login(UserFactory())
    response = client.get(reverse("assessment:start"), follow=True)
    assessment = Assessment.objects.get()
    assert assessment.step == "stopped" and assessment.answers["red_flags"] == ["cancer_history"]
    assert "Already checked?" in response.content.decode()


def test_missing_answers_are_named_and_nothing_is_kept(client: Client) -> None:
    data = _answers()
    del data["flag_fever"]
    response = client.post(reverse("assessment:safety_check"), data)
    assert response.status_code == 400
    assert "Please answer yes or no." in response.content.decode()
    assert "assessment_safety_check" not in client.session


def test_the_weekly_checkins_emergency_page_shows_the_numbers_and_no_newsletter(client: Client) -> None:
    program = started_program()
    client.force_login(program.user)
    from backwell.engine.knowledge import load

    data = {"pain": "4", "psfs_1": "6", "psfs_2": "7"}
    data.update({f"flag_{flag}": "no" for flag in load().red_flags})
    data["flag_bladder_dysfunction"] = "yes"
    body = client.post(reverse("tracking:weekly"), data).content.decode()
    assert WeeklyCheckIn.objects.exists()
    assert "Seek emergency care now" in body
    assert "999" in body and "112" in body and "911" in body
    assert NEWSLETTER_BOX not in body


def test_how_long_the_pain_has_lasted_has_no_unit_until_one_is_chosen(client: Client) -> None:
    assessment = cast(
        Assessment, AssessmentFactory(step="pain", answers={"red_flags": [], "profile": {"age": 40}})
    )
    client.force_login(assessment.user)
    page = client.get(reverse("assessment:step", args=[assessment.pk, "pain"])).content.decode()
    select = re.search(r'<select name="duration_unit".*?</select>', page, re.S)
    assert select is not None and 'value="" selected' in select.group(0)
    assert "selected" not in select.group(0).replace('value="" selected', "")

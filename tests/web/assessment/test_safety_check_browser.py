"""The safety check in a real browser, before any account: answered, then carried into the assessment."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from backwell.engine import ids
from backwell.web.assessment.models import Assessment
from tests.web.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _answer(page: Page, *, yes: tuple[str, ...] = ()) -> None:
    page.get_by_label("How old are you?").fill("41")
    for flag in ids.RED_FLAGS:
        page.check(f'input[name="flag_{flag}"][value="{"yes" if flag in yes else "no"}"]')
    page.get_by_role("button", name="Check my answers").click()


def test_a_visitor_takes_the_safety_check_then_signs_up_and_carries_on(
    live_server, page: Page, shoot, axe_check
) -> None:
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Start with a safety check").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Safety check")
    axe_check(page)
    shoot(page, "safety-check-anonymous")
    _answer(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("No signs that need a doctor first")
    axe_check(page)
    shoot(page, "safety-check-passed")
    assert not Assessment.objects.exists()

    # Logging in (as signing up ends) picks the answers up: the assessment goes on at "About you".
    person = UserFactory()
    page.get_by_role("link", name="Log in and continue").click()
    page.locator("main").get_by_label(re.compile("email", re.I)).fill(person.email)
    page.get_by_label(re.compile("password", re.I)).first.fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name=re.compile("log in", re.I)).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("About you")
    assessment = Assessment.objects.get()
    assert assessment.answers["red_flags"] == [] and assessment.answers["profile"]["age"] == 41


def test_a_visitor_with_an_emergency_sign_is_told_where_to_go(
    live_server, page: Page, shoot, axe_check
) -> None:
    page.goto(live_server.url + "/assessment/safety-check/")
    _answer(page, yes=("saddle_numbness",))
    alert = page.get_by_role("alert")
    expect(alert.get_by_role("heading", name="Seek emergency care now")).to_be_visible()
    expect(alert).to_contain_text("112 in Europe")
    expect(page.locator(".newsletter-form")).to_have_count(0)
    axe_check(page)
    shoot(page, "safety-check-emergency")
    assert not Assessment.objects.exists()

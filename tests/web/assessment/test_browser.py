"""The assessment in a real browser: sign up → whole assessment → results; emergency stop; resume."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from backwell.engine import ids
from backwell.web.accounts.signup_confirmation import sign_up_token

from .wizard_answers import ABOUT, PAIN, TESTS, questionnaires_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_up(page: Page, base: str, email: str = "sam@example.org") -> None:
    page.goto(base + "/accounts/signup/")
    page.locator("main").get_by_label("Email address").fill(email)
    page.get_by_label("Your name (optional)").fill("Sam")
    page.get_by_label("Password").fill("a long walk every morning")
    page.get_by_label("I have read the privacy terms").check()
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    # No mail worker runs beside the live server: the link the email would carry is made here.
    token = sign_up_token(
        email=email, display_name="Sam", password="a long walk every morning", consent_at=timezone.now()
    )
    page.goto(base + reverse("accounts:signup_confirm", kwargs={"token": token}))
    page.get_by_label("Your password").fill("a long walk every morning")
    page.get_by_role("button", name="Finish and start").click()


def start_assessment(page: Page, base: str) -> None:
    page.goto(base + "/assessment/")
    page.get_by_role("button", name="Start", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Safety check")


def answer_safety(page: Page, *, yes: tuple[str, ...] = ()) -> None:
    page.get_by_label("How old are you?").fill("41")
    for flag in ids.RED_FLAGS:
        page.check(f'input[name="flag_{flag}"][value="{"yes" if flag in yes else "no"}"]')
    page.get_by_role("button", name="Save and continue").click()


def fill(page: Page, data: dict[str, object]) -> None:
    for name, value in data.items():
        values = value if isinstance(value, list) else [value]
        for item in values:
            field = page.locator(f'[name="{name}"]').first
            kind = field.get_attribute("type")
            tag = field.evaluate("el => el.tagName")
            if kind in ("radio", "checkbox") and item != "on":
                page.check(f'input[name="{name}"][value="{item}"]')
            elif kind == "checkbox":
                page.check(f'input[name="{name}"]')
            elif tag == "SELECT":
                field.select_option(str(item))
            else:
                field.fill(str(item))


def test_person_signs_up_does_the_whole_assessment_and_sees_results(
    live_server, page: Page, shoot, axe_check
) -> None:
    base = live_server.url
    sign_up(page, base)
    axe_check(page)
    shoot(page, "assessment-start")
    start_assessment(page, base)
    axe_check(page)
    shoot(page, "assessment-safety")
    answer_safety(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("About you")
    # The pregnancy question goes away for a man and comes back otherwise.
    page.check('input[name="sex"][value="male"]')
    expect(page.get_by_text("Are you pregnant?")).to_be_hidden()
    page.check('input[name="sex"][value="female"]')
    expect(page.get_by_text("Are you pregnant?")).to_be_visible()
    # The weeks of pregnancy are asked only once "Yes" is chosen (engine 1.1, rule 10).
    weeks = page.get_by_text("How many weeks pregnant are you?")
    expect(weeks).to_be_hidden()
    page.check('input[name="pregnant"][value="yes"]')
    expect(weeks).to_be_visible()
    axe_check(page)
    shoot(page, "assessment-about-pregnant")
    page.check('input[name="pregnant"][value="no"]')
    expect(weeks).to_be_hidden()
    axe_check(page)
    shoot(page, "assessment-about")
    about = {k: v for k, v in ABOUT.items() if v != []}
    fill(page, about)
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your pain")
    fill(page, {k: v for k, v in PAIN.items() if k != "regions"})
    # The body map: a tap on the figure ticks the region's box, and a ticked box marks the figure.
    page.locator('[data-region="lumbar_left"]').click()
    expect(page.locator('input[name="regions"][value="lumbar_left"]')).to_be_checked()
    expect(page.locator('[data-region="lumbar_left"]')).to_have_class("region selected")
    page.get_by_label("Left buttock").check()
    expect(page.locator('[data-region="buttock_left"]')).to_have_class("region selected")
    # …and by keyboard alone: focus a box and press space.
    page.get_by_label("Right side of the low back").focus()
    page.keyboard.press("Space")
    expect(page.locator('[data-region="lumbar_right"]')).to_have_class("region selected")
    axe_check(page)
    shoot(page, "assessment-pain")
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Questionnaires")
    expect(page.get_by_text("© Keele University")).to_be_visible()
    fill(page, questionnaires_data())
    axe_check(page)
    shoot(page, "assessment-questionnaires")
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Self-tests")
    fill(page, {k: v for k, v in TESTS.items() if not k.endswith("_s")})
    page.get_by_label("Seconds held").first.fill("35")
    axe_check(page)
    shoot(page, "assessment-tests")
    page.get_by_role("button", name="See my results").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your results")
    expect(
        page.get_by_role("heading", name="Forward-tilted pelvis (increased low-back arch)")
    ).to_be_visible()
    expect(page.get_by_text("Tight: stretch these")).to_be_visible()
    expect(page.locator("polygon.muscle.tight").first).to_be_attached()
    body = page.locator("main").inner_text().lower()
    assert "diagnos" not in body.replace("not a diagnosis", "")
    axe_check(page)
    shoot(page, "assessment-results")
    page.get_by_role("link", name="All my assessments").click()
    expect(page.get_by_role("heading", name="Your results so far")).to_be_visible()


def test_stopwatch_fills_in_the_seconds_held(live_server, page: Page) -> None:
    base = live_server.url
    sign_up(page, base, "timer@example.org")
    start_assessment(page, base)
    answer_safety(page)
    fill(page, {k: v for k, v in ABOUT.items() if v != []})
    page.get_by_role("button", name="Save and continue").click()
    fill(page, PAIN)
    page.get_by_role("button", name="Save and continue").click()
    fill(page, questionnaires_data())
    page.get_by_role("button", name="Save and continue").click()
    watch = page.locator("[data-stopwatch]").first
    page.clock.install()
    watch.get_by_role("button", name="Start timer").click()
    page.clock.run_for(3_000)  # the 3-second countdown
    page.clock.run_for(42_000)
    watch.get_by_role("button", name="Stop and use this time").click()
    expect(page.locator("#id_plank_s")).to_have_value("42")


def test_emergency_signs_stop_the_assessment_with_plain_advice(
    live_server, page: Page, shoot, axe_check
) -> None:
    base = live_server.url
    sign_up(page, base, "urgent@example.org")
    start_assessment(page, base)
    answer_safety(page, yes=("saddle_numbness",))
    expect(page.get_by_role("heading", level=1)).to_have_text("Seek emergency care now")
    expect(
        page.get_by_text("Go to an emergency department now, or call your local emergency number")
    ).to_be_visible()
    # No way round it: the next step sends the person back to the advice.
    page.goto(page.url.replace("/stop/", "/about/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Seek emergency care now")
    expect(page.get_by_label("A doctor or other clinician has checked me")).to_have_count(0)
    axe_check(page)
    shoot(page, "assessment-stop-emergency")


def test_urgent_signs_withhold_the_program_until_a_clinician_cleared_the_person(
    live_server, page: Page, shoot, axe_check
) -> None:
    base = live_server.url
    sign_up(page, base, "weak@example.org")
    start_assessment(page, base)
    answer_safety(page, yes=("progressive_weakness",))
    expect(page.get_by_role("heading", level=1)).to_have_text("See a doctor first")
    axe_check(page)
    shoot(page, "assessment-stop-urgent")
    page.get_by_role("button", name="Continue with the assessment").click()
    expect(page.get_by_text("Please tick the box only once a clinician has checked you.")).to_be_visible()
    page.get_by_label("A doctor or other clinician has checked me").check()
    page.get_by_role("button", name="Continue with the assessment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("About you")


def test_person_can_leave_and_resume_where_they_left_off(live_server, page: Page, browser) -> None:
    base = live_server.url
    sign_up(page, base, "resume@example.org")
    start_assessment(page, base)
    answer_safety(page)
    fill(page, {k: v for k, v in ABOUT.items() if v != []})
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your pain")
    page.context.close()

    # Later, on another device: log in and carry on from "Your pain", with earlier answers kept.
    later = browser.new_page()
    later.goto(base + "/accounts/login/")
    later.locator("main").get_by_label("Email address").fill("resume@example.org")
    later.get_by_label("Password").fill("a long walk every morning")
    later.get_by_role("button", name="Log in").click()
    later.goto(base + "/assessment/")
    later.get_by_role("link", name="Continue where I left off").click()
    expect(later.get_by_role("heading", level=1)).to_have_text("Your pain")
    later.get_by_role("link", name="About you").click()
    expect(later.get_by_label("Minutes a day you can give")).to_have_value("20")
    later.close()


def test_a_retest_shows_the_self_tests_then_and_now(live_server, page: Page, shoot, axe_check) -> None:
    from tests.web.factories import DEFAULT_PASSWORD, AssessmentFactory, UserFactory

    user = UserFactory(email="again@example.org")
    AssessmentFactory(user=user, completed=True)
    page.goto(live_server.url + "/accounts/login/")
    page.locator("main").get_by_label("Email address").fill("again@example.org")
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(live_server.url + "/assessment/")
    axe_check(page)
    shoot(page, "assessment-history")
    page.get_by_role("button", name="Re-test").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Self-tests")
    expect(page.get_by_text("Step 1 of 1")).to_be_visible()
    page.locator("#id_plank_s").fill("80")
    page.get_by_role("button", name="See my results").click()
    expect(page.get_by_role("heading", name="Your self-tests then and now")).to_be_visible()
    expect(page.get_by_role("row", name="Front plank hold 35 s 80 s")).to_be_visible()
    axe_check(page)
    shoot(page, "assessment-retest-results")

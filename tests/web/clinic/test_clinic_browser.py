"""The clinician's side in a real browser: invite → the person consents → the worklist shows them → a red
flag at their weekly check-in puts them on top → the clinician swaps an exercise with a reason → the
person sees the change, who made it and why → the person stops sharing → the clinician loses access."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from playwright.sync_api import Page, expect

from backwell.engine.knowledge import load as load_knowledge
from backwell.engine.knowledge.model import Exercise
from backwell.web.accounts.models import User
from backwell.web.clinic import plan_edits, services
from backwell.web.programs.models import Program
from tests.web.clinic.world import clinician, link
from tests.web.factories import UserFactory, complete_answers
from tests.web.programs.conftest import start_program

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in_as(page: Page, live_server: Any, user: User) -> None:
    """Swap the browser's session for `user`'s: the login form is the accounts app's, tested there."""
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


SWAP_REASON = "Easier on your back while the night pain is checked; we swap back after."


def _safe_swap(person: User) -> tuple[str, Exercise]:
    """An exercise of this week and a library exercise of the same kind the safety rules allow for the person."""
    program = Program.objects.filter(user=person).latest("created_at")
    week = services.current_week(program, datetime.date.today())
    planned = plan_edits.planned_slugs(program.plan["program"], week)
    exercises = load_knowledge().exercises
    for slug in planned:
        kind = exercises[slug].kind
        for candidate in sorted(exercises.values(), key=lambda ex: ex.slug):
            if (
                candidate.kind == kind
                and candidate.slug not in planned
                and not services.safety_problems(program, candidate, week=week)
            ):
                return slug, candidate
    raise AssertionError("no safe swap in the library for this program")


def test_invite_consent_worklist_red_flag_and_revocation(
    live_server: Any, page: Page, shoot: Any, axe_check: Any
) -> None:
    doctor = clinician(display_name="Dr Ana Kovač")
    person = start_program(start=datetime.date.today() - datetime.timedelta(days=10)).user
    User.objects.filter(pk=person.pk).update(display_name="Pat Example")
    # Someone already on the list with a high STarT Back risk, so "on top" means something.
    answers = complete_answers()
    answers["questionnaires"]["start_back"] = {"answers": [True] * 8, "bothersomeness": "extremely"}
    other = start_program(UserFactory(display_name="Rory Risk"), answers=answers).user
    link(other, doctor, ("scores", "adherence"))

    _sign_in_as(page, live_server, doctor)
    page.goto(live_server.url + "/clinic/invite/")
    page.get_by_role("button", name="Create an invitation").click()
    code = page.locator(".invitation .code").get_attribute("data-code")
    assert code and len(code) == 8
    expect(page.get_by_role("img", name="QR code of the join link")).to_be_visible()
    axe_check(page)
    shoot(page, "clinic-invite")

    _sign_in_as(page, live_server, User.objects.get(pk=person.pk))
    page.goto(live_server.url + "/clinic/join/")
    page.get_by_label("Invitation code").fill(f"{code[:4].lower()}-{code[4:]}")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Share with Dr Ana Kovač?")).to_be_visible()
    page.get_by_label("Program changes").check()
    axe_check(page)
    shoot(page, "clinic-consent")
    page.get_by_role("button", name="Agree and share what I ticked").click()
    expect(page.get_by_role("heading", name="Dr Ana Kovač")).to_be_visible()
    expect(page.get_by_label("Posture photos")).not_to_be_checked()
    expect(page.get_by_label("Scores and check-ins")).to_be_checked()

    _sign_in_as(page, live_server, doctor)
    page.goto(live_server.url + "/clinic/")
    rows = page.locator(".worklist-row h2")
    expect(rows).to_have_count(2)
    expect(rows.first).to_have_text("Rory Risk")
    expect(rows.nth(1)).to_have_text("Pat Example")

    _sign_in_as(page, live_server, User.objects.get(pk=person.pk))
    page.goto(live_server.url + "/progress/weekly/")
    page.locator(".pain-fieldset").get_by_role("radio", name="5", exact=True).click()
    page.get_by_label("sitting through a work meeting").select_option("4")
    page.get_by_label("picking up my toddler").select_option("5")
    for fieldset in page.locator("fieldset.flag-question").all():
        fieldset.get_by_text("No", exact=True).click()
    night = page.locator("fieldset.flag-question").filter(has_text="constant at night")
    night.get_by_text("Yes", exact=True).click()
    page.get_by_role("button", name="Send my weekly check-in").click()

    _sign_in_as(page, live_server, doctor)
    page.goto(live_server.url + "/clinic/")
    expect(rows.first).to_have_text("Pat Example")
    expect(page.locator(".worklist-row").first).to_contain_text("Warning sign at a check-in")
    expect(page.get_by_text(person.email)).to_have_count(0)
    axe_check(page)
    shoot(page, "clinic-worklist")
    page.get_by_role("link", name="Pat Example").click()
    expect(page.get_by_role("heading", name="Safety screens")).to_be_visible()
    expect(page.get_by_role("heading", name="Posture photos and measures")).to_have_count(0)
    page.get_by_role("textbox", name="Note").fill("Please book a check with your GP about the night pain.")
    page.get_by_label("Share this note with the person").check()
    page.get_by_role("button", name="Save note").click()
    expect(page.get_by_text("Note saved.")).to_be_visible()
    expect(page.get_by_role("link", name="Report (PDF)")).to_be_visible()
    expect(page.get_by_role("link", name="FHIR R4 export (JSON)")).to_be_visible()
    axe_check(page)
    shoot(page, "clinic-person")
    person_url = page.url.split("#")[0]

    # The clinician swaps an exercise, with a reason, through the form on the person's page.
    slug, target = _safe_swap(person)
    override = page.locator("form#override")
    override.get_by_label("Change:", exact=True).select_option("swap")
    override.get_by_label("Exercise in the program (or to add)").select_option(slug)
    override.get_by_label("Swap for").select_option(target.slug)
    override.get_by_label("Why (the person reads this)").fill(SWAP_REASON)
    axe_check(page)
    shoot(page, "clinic-override-form")
    override.get_by_role("button", name="Change the program").click()
    expect(page.get_by_text("Program changed. The person sees the change and your reason.")).to_be_visible()
    expect(page.locator("table.planned")).to_contain_text(target.name)
    shoot(page, "clinic-override-done")

    # The person sees what changed, who changed it and why, on their program overview.
    _sign_in_as(page, live_server, User.objects.get(pk=person.pk))
    page.goto(live_server.url + "/program/")
    changes = page.locator("ul.changes")
    expect(changes).to_contain_text(f"→ {target.name}")
    expect(changes).to_contain_text(SWAP_REASON)
    expect(changes).to_contain_text("changed by Dr Ana Kovač, your clinician")
    expect(page.get_by_role("link", name="Download my plan as PDF")).to_be_visible()
    axe_check(page)
    shoot(page, "clinic-person-sees-change")

    _sign_in_as(page, live_server, User.objects.get(pk=person.pk))
    page.goto(live_server.url + "/clinic/sharing/")
    expect(page.get_by_text("Please book a check with your GP")).to_be_visible()
    expect(page.locator(".access-log")).to_contain_text("Dr Ana Kovač")
    axe_check(page)
    shoot(page, "clinic-sharing")
    page.get_by_role("button", name="Stop sharing anything with Dr Ana Kovač").click()
    expect(page.get_by_text("took effect at once")).to_be_visible()

    _sign_in_as(page, live_server, doctor)
    response = page.goto(person_url)
    assert response is not None and response.status == 404
    page.goto(live_server.url + "/clinic/")
    expect(page.locator(".worklist-row h2")).to_have_count(1)
    expect(page.get_by_text("Pat Example")).to_have_count(0)

"""Tracking in a real browser: a daily check-in lands on the plot, a red flag pauses, adaptation explains itself."""

from __future__ import annotations

import datetime
import re
import uuid
from typing import Any

import pytest
from django.test import Client
from playwright.sync_api import Page, expect

from backwell.web.accounts.models import User
from backwell.web.programs import services as program_services
from backwell.web.programs.models import Program
from backwell.web.programs.selectors import program_days
from backwell.web.tracking.demo import add_history
from tests.web.factories import AssessmentFactory, UserFactory

from .factories import started_program

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page: Page, live_server: Any, email: str) -> None:
    """Sign in through a session cookie: the login form is another app's page and is tested there."""
    client = Client()
    client.force_login(User.objects.get(email=email))
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


# Labels on one line of a chart (the same y) whose drawn boxes run into each other, as Chromium lays them out.
OVERLAPPING_LABELS = """() => {
  const clashes = [];
  for (const svg of document.querySelectorAll('svg.chart')) {
    const lines = {};
    for (const text of svg.querySelectorAll('text')) (lines[text.getAttribute('y')] ||= []).push(text);
    for (const texts of Object.values(lines)) {
      const boxes = texts.map((t) => [t.getBBox(), t.textContent]).sort((a, b) => a[0].x - b[0].x);
      for (let i = 1; i < boxes.length; i++) {
        if (boxes[i][0].x < boxes[i - 1][0].x + boxes[i - 1][0].width) clashes.push(boxes[i - 1][1] + ' / ' + boxes[i][1]);
      }
    }
  }
  return clashes;
}"""


def test_a_daily_checkin_shows_up_as_a_new_point_on_the_pain_plot(
    live_server: Any, page: Page, shoot: Any, axe_check: Any
) -> None:
    user = UserFactory()
    AssessmentFactory(user=user, completed=True)
    add_history(user=user)
    _log_in(page, live_server, user.email)
    page.goto(live_server.url + "/progress/check-in/")
    today = datetime.date.today().isoformat()
    expect(page.locator(f'svg.chart .point[data-x="{today}"]')).to_have_count(0)
    page.get_by_role("radio", name="1", exact=True).click()
    expect(page.get_by_role("radio", name="1", exact=True)).to_be_checked()
    axe_check(page)
    shoot(page, "tracking-daily-checkin")
    page.get_by_role("button", name="Save today's pain").click()
    expect(page.get_by_text("pain is saved")).to_be_visible()
    point = page.locator(f'#pain svg.chart .point[data-x="{today}"][data-y="1"]')
    expect(point).to_have_count(1)
    # The charts scale with their box, so this holds at every width: no date label runs into the next.
    assert page.evaluate(OVERLAPPING_LABELS) == []
    expect(page.get_by_role("heading", name="What changed this week and why")).to_be_visible()
    axe_check(page)
    shoot(page, "tracking-progress-demo")


def test_a_red_flag_at_the_weekly_checkin_pauses_the_program_with_its_advice(
    live_server: Any, page: Page, shoot: Any, axe_check: Any
) -> None:
    program = started_program()
    _log_in(page, live_server, program.user.email)
    page.goto(live_server.url + "/progress/weekly/")
    page.locator(".pain-fieldset").get_by_role("radio", name="4", exact=True).click()
    page.get_by_label("I stay at home most of the time because of my back.").check()
    page.get_by_label("sitting through a work meeting").select_option("5")
    page.get_by_label("picking up my toddler").select_option("6")
    for fieldset in page.locator("fieldset.flag-question").all():
        fieldset.get_by_text("No", exact=True).click()
    bladder = page.locator("fieldset.flag-question").filter(has_text="passing urine")
    bladder.get_by_text("Yes", exact=True).click()
    axe_check(page)
    shoot(page, "tracking-weekly-checkin")
    page.get_by_role("button", name="Send my weekly check-in").click()
    expect(page.get_by_role("heading", name="Seek emergency care now")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("emergency")
    expect(page.get_by_role("alert")).to_contain_text("999 in the UK, 112 in Europe, 911 in North America")
    expect(page.locator(".newsletter-form")).to_have_count(0)
    axe_check(page)
    shoot(page, "tracking-weekly-red-flag")
    program.refresh_from_db()
    assert program.status == Program.Status.PAUSED
    # Every page that shows the pause shows the emergency numbers too.
    for url, name in (
        ("/progress/", "tracking-progress-paused-emergency"),
        ("/program/", "program-paused-emergency"),
    ):
        page.goto(live_server.url + url)
        banner = page.locator(".alert.emergency")
        expect(banner).to_contain_text("Your program is paused")
        expect(banner).to_contain_text("999 in the UK, 112 in Europe, 911 in North America")
        axe_check(page)
        shoot(page, name)


def test_a_week_later_the_adaptation_shows_what_changed_and_why(
    live_server: Any, page: Page, shoot: Any, axe_check: Any
) -> None:
    program = started_program(start_date=datetime.date.today() - datetime.timedelta(days=7))
    week_two = {i["exercise"] for d in program_days(program) if d["week"] == 2 for i in d["items"]}
    day = next(d for d in program_days(program) if d["week"] == 1)
    index = next(
        i
        for i, item in enumerate(day["items"])
        if item["kind"] == "strength" and item["exercise"] in week_two
    )
    for i in range(len(day["items"])):
        program_services.item_log_record(
            program=program,
            week=1,
            day=day["day"],
            index=i,
            outcome="hurt" if i == index else "done",
            client_id=uuid.uuid4(),
        )
    _log_in(page, live_server, program.user.email)
    page.goto(live_server.url + "/progress/")
    card = page.locator("#changes")
    expect(card).to_contain_text("After week 1")
    expect(card).to_contain_text(re.compile("steps back to|is swapped for|is left out"))
    expect(card).to_contain_text("hurting this week")
    axe_check(page)
    shoot(page, "tracking-progress-adapted")
    page.goto(live_server.url + "/progress/reminders/")
    page.get_by_role("button", name="Make my calendar address").click()
    expect(page.get_by_label("Calendar address")).to_have_value(
        re.compile(r"/progress/calendar/\d+/.+\.ics$")
    )
    # The reminder before each session: 30 minutes unless the person chooses otherwise.
    expect(page.get_by_label("Reminder")).to_have_value("30")
    page.get_by_label("Session time").fill("07:30")
    page.get_by_label("Reminder").select_option(label="1 hour before")
    page.get_by_role("button", name="Save time and reminder").click()
    expect(page.get_by_text("Your calendar app shows the new time and reminder")).to_be_visible()
    expect(page.get_by_label("Reminder")).to_have_value("60")
    axe_check(page)
    shoot(page, "tracking-reminders")

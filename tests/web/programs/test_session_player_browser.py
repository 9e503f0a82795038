"""The session player in a real browser: timers, reps, "this hurt", pain before and after, offline."""

from __future__ import annotations

import re
import time

import pytest
from django.db import OperationalError
from playwright.sync_api import Page, expect

from backwell.web.programs.models import ItemLog, SessionLog
from tests.web.factories import DEFAULT_PASSWORD
from tests.web.programs.conftest import start_program

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page: Page, live_server, email: str) -> None:
    page.goto(live_server.url + "/accounts/login/")
    page.locator("main").get_by_label(re.compile("email", re.I)).fill(email)
    page.get_by_label(re.compile("password", re.I)).first.fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name=re.compile("log in", re.I)).click()


def test_a_person_completes_a_session_with_timer_reps_and_this_hurt(
    live_server, page: Page, shoot, axe_check
) -> None:
    program = start_program()
    _log_in(page, live_server, program.user.email)
    page.goto(live_server.url + "/program/")
    axe_check(page)
    shoot(page, "program-overview")
    page.get_by_role("link", name="Start today's session").click()

    expect(page.get_by_role("heading", name=re.compile("how is your pain right now"))).to_be_visible()
    axe_check(page)
    shoot(page, "session-pain-before")
    page.locator("#pain-before").get_by_role("button", name="5", exact=True).click()

    steps = page.locator("li.step")
    total = steps.count()
    assert total >= 2
    first = page.locator("li.step.active")
    expect(first).to_be_visible()
    shoot(page, "session-first-item")
    axe_check(page)

    # The hold timer: Start, Pause (the count stands still), Resume, and Stop puts it back to the full hold.
    start = first.locator(".js-start-timer")
    value = first.locator(".timer-value")
    full = value.inner_text()
    start.click()
    page.wait_for_timeout(1300)
    assert value.inner_text() != full, "the hold countdown should tick"
    expect(start).to_have_text("Pause")
    start.click()
    paused = value.inner_text()
    expect(start).to_have_text("Resume")
    expect(first.locator(".timer-label")).to_contain_text("Paused")
    page.wait_for_timeout(1300)
    assert value.inner_text() == paused, "a paused hold must not count down"
    start.click()
    page.wait_for_timeout(1300)
    assert value.inner_text() != paused, "Resume carries on counting"
    first.get_by_role("button", name="Stop and reset").click()
    expect(value).to_have_text(full)
    expect(start).to_have_text("Start timer")

    # "This hurt" is acknowledged with what to do, before the next item.
    first.get_by_role("button", name="This hurt").click()
    advice = page.locator("#hurt-advice")
    expect(advice.get_by_role("heading", name=re.compile("Stop this one for today"))).to_be_visible()
    expect(advice).to_contain_text("easier version")
    expect(advice).to_contain_text("112")
    axe_check(page)
    shoot(page, "session-this-hurt")
    advice.get_by_role("button", name="Go on to the next item").click()

    page.locator("li.step.active").get_by_role("button", name="Done, it felt easy").click()
    for _ in range(total - 3):
        page.locator("li.step.active").get_by_role("button", name="Done", exact=True).click()

    # The last item of day 1 is a lesson: something to read, not an exercise that can hurt.
    lesson = page.locator("li.step.active")
    expect(lesson.get_by_role("button", name="Done reading")).to_be_visible()
    expect(lesson.get_by_role("button", name="This hurt")).to_have_count(0)
    expect(lesson.locator(".js-start-timer")).to_have_count(0)
    shoot(page, "session-lesson")
    lesson.get_by_role("button", name="Done reading").click()

    expect(page.get_by_role("heading", name=re.compile("How is your pain now"))).to_be_visible()
    expect(page.locator("#pain-after")).to_contain_text("0 means no pain, 10 the worst pain you can imagine.")
    page.locator("#pain-after").get_by_role("button", name="3", exact=True).click()
    finished = page.locator("#finished")
    expect(finished.get_by_role("heading", name=re.compile("This session is done"))).to_be_visible()
    expect(finished.locator("[data-count=done]")).to_have_text(str(total - 1))
    expect(finished.locator("[data-count=hurt]")).to_have_text("1")
    expect(finished.locator("[data-pain=before]")).to_have_text("5")
    expect(finished.locator("[data-pain=after]")).to_have_text("3")
    expect(finished).to_contain_text("Next session:")
    axe_check(page)
    shoot(page, "session-finished")

    expect(page.locator("#sync-status")).to_have_text("")
    session = SessionLog.objects.get(program=program, week=1, day=1)
    assert (session.pain_before, session.pain_after) == (5, 3)
    assert session.completed_at is not None
    outcomes = list(
        ItemLog.objects.filter(session=session).order_by("index").values_list("outcome", flat=True)
    )
    assert outcomes[0] == "hurt" and outcomes[1:] == ["done"] * (total - 1)
    assert ItemLog.objects.get(session=session, index=1).effort == 2, "'felt easy' is recorded as low effort"

    # My program now says today is done, with what was done, instead of offering to start again.
    finished.get_by_role("link", name="Back to my program").click()
    expect(page.get_by_role("heading", name=re.compile("Today's session is done"))).to_be_visible()
    expect(page.get_by_role("link", name="Start today's session")).to_have_count(0)
    expect(page.locator(".today")).to_contain_text("Next session:")
    axe_check(page)
    shoot(page, "program-overview-done")

    # Reopening the session shows the same summary, not a bare "saved".
    page.goto(live_server.url + "/program/session/1/1/")
    expect(page.locator("#finished").locator("[data-count=hurt]")).to_have_text("1")


def test_held_reps_count_one_rep_per_hold_on_each_side_and_the_set_ends_with_its_last_rep(
    live_server, page: Page, shoot, axe_check
) -> None:
    """Reps held one by one ("2 × 6 reps each side, hold each 3 s": the curl-up, the bird dog, a third of
    the exercises): a hold's end is one rep, not the whole set; the big figure stays a time; a one-sided
    exercise goes through both sides in each set; the rest before the next set can be cut short by
    counting its first rep; after the last set only Done is left."""
    program = start_program()
    _log_in(page, live_server, program.user.email)
    page.goto(live_server.url + "/program/session/1/1/")
    page.locator("#pain-before").get_by_role("button", name="4", exact=True).click()
    step = page.locator("li.step.active")
    controls = step.locator(".controls")
    # Go on to the first item whose reps are each held, on both sides (day 1 starts with one).
    while not (
        controls.count()
        and controls.get_attribute("data-reps")
        and controls.get_attribute("data-hold")
        and controls.get_attribute("data-side") == "both"
    ):
        assert step.get_by_role("button", name="Done", exact=True).count(), "no held, two-sided item on day 1"
        step.get_by_role("button", name="Done", exact=True).click()
    sets = int(controls.get_attribute("data-sets") or "1")
    reps = int(controls.get_attribute("data-reps") or "0")
    hold = int(controls.get_attribute("data-hold") or "0")
    assert sets >= 2 and reps >= 2 and 0 < hold < 60
    expect(step.locator(".dose")).to_contain_text(f"{sets} × {reps} reps each side, hold each {hold} s")
    counter, value = step.locator(".set-counter"), step.locator(".timer-value")
    label, start = step.locator(".timer-label"), step.locator(".js-start-timer")
    rep = step.get_by_role("button", name="+1 rep")
    held = f"0:{hold:02d}"

    def at(set_no: int, side: int, done: int) -> str:
        return f"Set {set_no} of {sets} · side {side} of 2 · {done} of {reps} reps"

    expect(counter).to_have_text(at(1, 1, 0))
    expect(value).to_have_text(held)  # a time, not a bare number that reads as a count
    expect(label).to_contain_text(f"Hold each rep for {held}")

    start.click()
    expect(counter).to_have_text(at(1, 1, 1), timeout=(hold + 3) * 1000)
    expect(value).to_have_text(held)
    expect(label).to_contain_text(f"Rep 1 of {reps} done")
    expect(start).to_have_text("Start timer")
    axe_check(page)
    shoot(page, "session-held-reps")

    for _ in range(reps - 1):
        rep.click()
    expect(counter).to_have_text(at(1, 2, 0))
    expect(label).to_contain_text("Now the other side")
    for _ in range(reps):
        rep.click()
    expect(counter).to_have_text(at(2, 1, 0))
    if controls.get_attribute("data-rest"):
        expect(step.locator(".timer")).to_have_class(re.compile("resting"))
        expect(label).to_have_text("Rest")
    rep.click()  # the first rep of the next set ends the rest
    expect(counter).to_have_text(at(2, 1, 1))
    expect(step.locator(".timer")).not_to_have_class(re.compile("resting"))

    for _ in range(2 * reps * (sets - 1) - 1):
        rep.click()
    expect(label).to_have_text("All sets done — tap Done.")
    expect(value).to_have_text("✓")
    expect(rep).to_be_hidden()
    expect(start).to_be_hidden()
    expect(step.get_by_role("button", name="Done", exact=True)).to_be_visible()


def test_a_session_done_offline_is_sent_when_the_connection_returns(live_server, page: Page) -> None:
    program = start_program()
    _log_in(page, live_server, program.user.email)
    page.goto(live_server.url + "/program/session/1/1/")
    page.context.set_offline(True)
    page.locator("#pain-before").get_by_role("button", name="4", exact=True).click()
    page.locator("li.step.active").get_by_role("button", name="Done", exact=True).click()
    expect(page.locator("#sync-status")).to_contain_text("waiting for a connection")
    assert not ItemLog.objects.exists()

    # Reloading while offline is not possible; coming back online flushes the queue in order.
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#sync-status")).to_have_text("")
    assert ItemLog.objects.filter(session__program=program, index=0, outcome="done").count() == 1
    assert SessionLog.objects.get(program=program, week=1, day=1).pain_before == 4

    # Resuming later starts at the next item, not at the beginning.
    page.reload()
    expect(page.locator("li.step.active")).to_have_attribute("data-index", "1")


def test_program_pages_read_well_and_pass_accessibility_checks(
    live_server, page: Page, shoot, axe_check
) -> None:
    program = start_program()
    _log_in(page, live_server, program.user.email)
    for name, path in [
        ("program-day", "/program/week/1/day/1/"),
        ("program-swap", "/program/week/1/day/1/item/0/swap/"),
        ("program-print", "/program/print/"),
        ("exercise-glute-bridge", "/program/exercise/glute_bridge/"),
        ("exercise-lesson", "/program/exercise/lesson_back_pain_basics/"),
    ]:
        page.goto(live_server.url + path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        axe_check(page)
        shoot(page, name)
    page.goto(live_server.url + "/program/exercise/glute_bridge/")
    picture = page.get_by_role("img", name=re.compile("Animated picture of"))
    expect(picture).to_be_visible()
    assert picture.evaluate("img => img.naturalWidth") > 0, "the exercise picture should load"


def test_program_day_fits_a_phone_screen_without_sideways_scrolling(live_server, page: Page) -> None:
    program = start_program()
    _log_in(page, live_server, program.user.email)
    page.set_viewport_size({"width": 390, "height": 844})
    for path in ("/program/", "/program/week/1/day/1/", "/program/session/1/1/", "/program/print/"):
        page.goto(live_server.url + path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} is {overflow}px wider than a 390px phone"


def _saved(program, index: int, expected: tuple[str, str]) -> tuple[str, str]:
    """The item's saved outcome and skip reason, once they are `expected` or after five seconds.

    The sync line is empty both when the queue is done and in the moment after a tap queues a log and
    before its request is answered, so it cannot tell these apart; the database can. SQLite in tests
    also locks a table while the live server answers the page's other requests: a locked read is
    tried again."""
    found: tuple[str, str] | None = None
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            log = ItemLog.objects.filter(session__program=program, index=index).first()
        except OperationalError:
            log = None
        if log is not None:
            found = (log.outcome, log.skip_reason)
            if found == expected:
                break
        time.sleep(0.1)
    assert found is not None, f"item {index} was never saved"
    return found


def test_a_skip_asks_why_in_one_optional_tap_online_and_offline(
    live_server, page: Page, shoot, axe_check
) -> None:
    program = start_program()
    _log_in(page, live_server, program.user.email)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/program/session/1/1/")
    page.locator("#pain-before").get_by_role("button", name="2", exact=True).click()

    # Online: Skip is saved at once; the reason card follows and one tap saves the reason too.
    page.locator("li.step.active").get_by_role("button", name="Skip", exact=True).click()
    card = page.locator("#skip-reason")
    expect(card.get_by_role("heading", name="Skipped. What got in the way?")).to_be_visible()
    reasons = card.get_by_role("group", name="Why you skipped this item")
    expect(reasons.get_by_role("button")).to_have_count(len(ItemLog.SkipReason.values))
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the reason card is {overflow}px wider than a 390px phone"
    axe_check(page)
    shoot(page, "session-skip-reason")
    reasons.get_by_role("button", name="Not sure how to do it").click()
    expect(page.locator("li.step.active")).to_have_attribute("data-index", "1")
    expect(page.locator("#sync-status")).to_have_text("")
    assert _saved(program, 0, ("skipped", "unsure")) == ("skipped", "unsure")

    # Offline: the skip and its reason wait in the queue and arrive, in order, when the connection returns.
    page.context.set_offline(True)
    page.locator("li.step.active").get_by_role("button", name="Skip", exact=True).click()
    card.get_by_role("button", name="No time").click()
    expect(page.locator("#sync-status")).to_contain_text("2 entries waiting")
    assert not ItemLog.objects.filter(session__program=program, index=1).exists()
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#sync-status")).to_have_text("")
    assert _saved(program, 1, ("skipped", "no_time")) == ("skipped", "no_time")

    # Saying nothing is fine: the skip stands without a reason and the session goes on.
    page.locator("li.step.active").get_by_role("button", name="Skip", exact=True).click()
    card.get_by_role("button", name="Go on without saying").click()
    expect(page.locator("li.step.active")).to_have_attribute("data-index", "3")
    expect(page.locator("#sync-status")).to_have_text("")
    assert _saved(program, 2, ("skipped", "")) == ("skipped", "")

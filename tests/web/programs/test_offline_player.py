"""The offline session app in Chromium: a whole session and the day's check-in with the network off,
a reload while still offline, and every entry on the server exactly once when the connection returns."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from backwell.web.api.models import IdempotentRequest
from backwell.web.programs.models import ItemLog, SessionLog
from backwell.web.tracking.models import DailyCheckIn
from tests.web.programs.conftest import start_program
from tests.web.programs.test_session_player_browser import _log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    # The one place the service worker runs in tests (tests/conftest.py blocks it elsewhere).
    return {**browser_context_args, "service_workers": "allow"}


def test_a_whole_session_done_offline_survives_a_reload_and_reaches_the_server_once(
    live_server, page: Page, shoot
) -> None:
    program = start_program()
    _log_in(page, live_server, program.user.email)
    page.goto(live_server.url + "/program/session/1/1/")
    # The service worker has kept today's and the next days' sessions: the page says so.
    expect(page.locator("#offline-ready")).to_contain_text("saved on this device")
    expect(page.locator("html")).to_have_attribute("data-offline-ready", re.compile(r"^[2-9]"))
    total = page.locator("li.step").count()

    page.context.set_offline(True)
    page.locator("#pain-before").get_by_role("button", name="6", exact=True).click()
    notice = page.locator("#sync-status")
    expect(notice).to_contain_text("Offline — saved on this device")
    page.locator("li.step.active").get_by_role("button", name="Done", exact=True).click()
    page.locator("li.step.active").get_by_role("button", name="Skip", exact=True).click()

    # Reloading with the network off still opens the player, where the person left off.
    page.reload()
    expect(page.locator("li.step.active")).to_have_attribute("data-index", "2")
    expect(notice).to_contain_text("3 entries waiting for a connection")
    picture = page.locator("li.step.active img")
    if picture.count():
        expect(picture).to_be_visible()
        assert picture.evaluate("img => img.complete && img.naturalWidth > 0"), "the picture is kept offline"
    shoot(page, "session-offline")

    while page.locator("li.step.active").count():
        page.locator("li.step.active").locator(".js-outcome[data-outcome=done]").first.click()
    page.locator("#pain-after").get_by_role("button", name="2", exact=True).click()
    expect(page.locator("#finished")).to_be_visible()
    expect(notice).to_contain_text(f"{total + 2} entries waiting for a connection")
    # The day's check-in, offline too: queued with the session's entries.
    page.locator("#daily-checkin").get_by_role("button", name="4", exact=True).click()
    expect(page.locator("#daily-checkin-saved")).to_contain_text("pain 4")
    expect(notice).to_contain_text(f"{total + 3} entries waiting for a connection")
    shoot(page, "session-offline-finished")
    assert not SessionLog.objects.filter(program=program).exists(), "nothing can reach the server offline"
    assert not DailyCheckIn.objects.filter(user=program.user).exists()
    page.reload()  # still offline: the check-in stays saved on the device
    expect(page.locator("#daily-checkin-saved")).to_contain_text("pain 4")

    # The next days were kept too: another session opens offline.
    following = page.context.new_page()
    following.goto(live_server.url + "/program/session/1/2/")
    expect(following.locator("#pain-before")).to_be_visible()
    following.close()

    storage_key = page.locator("#player").get_attribute("data-storage-key")
    sent = page.evaluate("key => JSON.parse(localStorage.getItem(key)).queue", storage_key)
    assert [e["method"] for e in sent[:2]] == ["PUT", "POST"] and all(e["key"] for e in sent)

    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(notice).to_have_text("", timeout=15000)

    session = SessionLog.objects.get(program=program, week=1, day=1)
    assert (session.pain_before, session.pain_after) == (6, 2)
    assert session.completed_at is not None
    logs = list(ItemLog.objects.filter(session=session).order_by("index").values_list("index", "outcome"))
    assert logs == [(0, "done"), (1, "skipped"), *((i, "done") for i in range(2, total))], "each item once"
    checkins = list(DailyCheckIn.objects.filter(user=program.user).values_list("date", "pain"))
    assert checkins == [(timezone.localdate(), 4)], "the offline check-in arrives, once"
    # Every entry went through the API with its own key, none twice.
    keys = list(IdempotentRequest.objects.filter(user=program.user).values_list("key", flat=True))
    assert len(keys) == len(set(keys)) == total + 3

    # An answer lost on the way: the device sends an entry the server already has, with its key again.
    page.evaluate(
        """([key, entry]) => {
            const local = JSON.parse(localStorage.getItem(key));
            local.queue.push(entry);
            localStorage.setItem(key, JSON.stringify(local));
        }""",
        [storage_key, sent[1]],
    )
    page.reload()
    expect(page.locator("#finished")).to_be_visible()
    expect(notice).to_have_text("")
    assert ItemLog.objects.filter(session=session).count() == total, "a retry is answered, not repeated"
    assert IdempotentRequest.objects.filter(user=program.user).count() == total + 3


def test_the_program_is_an_installable_app_scoped_to_the_program(client, program) -> None:
    client.force_login(program.user)
    manifest = client.get("/program/manifest.webmanifest").json()
    assert manifest["start_url"] == manifest["scope"] == "/program/"
    assert {icon["sizes"] for icon in manifest["icons"]} >= {"192x192", "512x512"}
    for icon in manifest["icons"]:
        assert client.get(icon["src"]).status_code == 200

    worker = client.get("/program/sw.js")
    assert worker["Content-Type"].startswith("text/javascript")
    assert "no-cache" in worker["Cache-Control"]
    assert b"/static/programs/player.js" in worker.content

    kept = client.get("/program/offline/").json()
    assert kept["pages"][:2] == ["/program/", "/program/session/1/1/"]
    assert 2 < len(kept["pages"]) <= 5
    # A keyed hash, not the account number: the device learns only "same person or not".
    assert re.fullmatch(r"[0-9a-f]{16}", kept["owner"]) and kept["owner"] != str(program.user.pk)


def test_nobody_signed_in_is_given_no_pages_to_keep(client) -> None:
    response = client.get("/program/offline/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]

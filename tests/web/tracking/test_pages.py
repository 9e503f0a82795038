"""Tracking pages: who may see them, what bad input does, and what a person sees after a check-in."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from backwell.web.programs.models import Program
from backwell.web.tracking import services
from backwell.web.tracking.models import CalendarFeed, DailyCheckIn, EnduranceTest, WeeklyCheckIn
from tests.web.factories import UserFactory

from .factories import log_whole_day, started_program

pytestmark = pytest.mark.django_db

PAGES = ["tracking:progress", "tracking:daily", "tracking:weekly", "tracking:retest", "tracking:reminders"]
POSTS = [
    "tracking:daily",
    "tracking:weekly",
    "tracking:retest",
    "tracking:reminders_create",
    "tracking:reminders_revoke",
]


def _weekly_post(**overrides: str) -> dict[str, str]:
    data = {"pain": "4", "psfs_1": "6", "psfs_2": "7"}
    data.update({f"flag_{flag}": "no" for flag in _flag_ids()})
    data.update(overrides)
    return data


def _flag_ids() -> list[str]:
    from backwell.engine.knowledge import load

    return list(load().red_flags)


@pytest.mark.parametrize("name", PAGES + POSTS)
def test_anonymous_visitors_are_sent_to_log_in(client: Client, name: str) -> None:
    response = (
        client.post(reverse(name)) if name in POSTS and name not in PAGES else client.get(reverse(name))
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", PAGES)
def test_the_owner_sees_each_page(client: Client, name: str) -> None:
    program = started_program()
    client.force_login(program.user)
    assert client.get(reverse(name)).status_code == 200


def test_another_person_never_sees_someone_elses_checkins(client: Client) -> None:
    owner = started_program().user
    services.daily_checkin_record(user=owner, date=timezone.localdate(), pain=7, note="my private note")
    stranger = UserFactory()
    client.force_login(stranger)
    for name in ("tracking:progress", "tracking:daily"):
        body = client.get(reverse(name)).content.decode()
        assert "my private note" not in body
        assert 'data-y="7"' not in body


def test_someone_elses_or_a_revoked_calendar_address_is_not_found(client: Client) -> None:
    mine = services.calendar_feed_create(user=started_program().user)
    theirs = services.calendar_feed_create(user=started_program().user)
    url = reverse("tracking:calendar", kwargs={"feed_id": mine.pk, "token": mine.token})
    assert client.get(url).status_code == 200
    # Another person's secret does not open my feed, nor a made-up one.
    assert (
        client.get(
            reverse("tracking:calendar", kwargs={"feed_id": mine.pk, "token": theirs.token})
        ).status_code
        == 404
    )
    assert (
        client.get(reverse("tracking:calendar", kwargs={"feed_id": mine.pk, "token": "guess"})).status_code
        == 404
    )
    services.calendar_feed_revoke(user=mine.user)
    assert client.get(url).status_code == 404


def test_the_calendar_lists_every_session_day_with_its_items_and_stable_ids(client: Client) -> None:
    program = started_program(start_date=datetime.date(2026, 12, 7))
    feed = services.calendar_feed_create(user=program.user)
    url = reverse("tracking:calendar", kwargs={"feed_id": feed.pk, "token": feed.token})
    first = client.get(url)
    assert first["Content-Type"].startswith("text/calendar")
    text = first.content.decode()
    days = program.plan["program"]["days"]
    assert text.count("BEGIN:VEVENT") == len(days) == 60
    # At the default session time (18:00, floating), for as long as the session lasts.
    assert "DTSTART:20261207T180000" in text
    assert f"UID:program-{program.pk}-week-1-day-1@127.0.0.1" in text
    unfolded = text.replace("\r\n ", "")
    assert days[0]["items"][0]["name"].replace(",", "\\,") in unfolded
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert client.get(url).content.decode() == text
    # Fetched under another host name, the events keep their ids, so calendars never duplicate them.
    assert client.get(url, HTTP_HOST="localhost").content.decode() == text


def _events(text: str) -> list[str]:
    unfolded = text.replace("\r\n ", "")
    return [chunk.split("END:VEVENT")[0] for chunk in unfolded.split("BEGIN:VEVENT")[1:]]


def test_every_session_has_a_30_minute_reminder_by_default(client: Client) -> None:
    program = started_program()
    feed = services.calendar_feed_create(user=program.user)
    text = client.get(
        reverse("tracking:calendar", kwargs={"feed_id": feed.pk, "token": feed.token})
    ).content.decode()
    events = _events(text)
    assert events and all(
        "BEGIN:VALARM\r\nACTION:DISPLAY\r\n" in e and "TRIGGER:-PT30M\r\nEND:VALARM" in e for e in events
    )


@pytest.mark.parametrize(
    ("choice", "trigger"), [("15", "TRIGGER:-PT15M"), ("60", "TRIGGER:-PT60M"), ("0", None)]
)
def test_the_person_chooses_the_session_time_and_reminder(
    client: Client, choice: str, trigger: str | None
) -> None:
    program = started_program()
    client.force_login(program.user)
    client.post(reverse("tracking:reminders_create"))
    response = client.post(
        reverse("tracking:reminders_settings"), {"session_time": "07:30", "reminder_minutes": choice}
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Your calendar app shows the new time and reminder" in page
    assert 'value="07:30"' in page
    feed = CalendarFeed.objects.get(user=program.user)
    text = client.get(
        reverse("tracking:calendar", kwargs={"feed_id": feed.pk, "token": feed.token})
    ).content.decode()
    events = _events(text)
    assert all("DTSTART:" in e and "T073000" in e for e in events)
    if trigger is None:
        assert "VALARM" not in text
    else:
        assert all(trigger in e for e in events)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"session_time": "25:99", "reminder_minutes": "30"}, "Write the time as hours and minutes"),
        ({"session_time": "", "reminder_minutes": "30"}, "Choose the time of day for your sessions"),
        ({"session_time": "07:30", "reminder_minutes": "45"}, "Choose one of the reminder times shown."),
    ],
)
def test_a_bad_reminder_setting_is_explained_and_nothing_changes(
    client: Client, data: dict, message: str
) -> None:
    program = started_program()
    client.force_login(program.user)
    client.post(reverse("tracking:reminders_create"))
    response = client.post(reverse("tracking:reminders_settings"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    feed = CalendarFeed.objects.get(user=program.user)
    assert (feed.session_time.hour, feed.reminder_minutes) == (18, 30)


def test_a_paused_program_sends_no_session_reminders(client: Client) -> None:
    program = started_program()
    feed = services.calendar_feed_create(user=program.user)
    Program.objects.filter(pk=program.pk).update(status=Program.Status.PAUSED)
    text = client.get(
        reverse("tracking:calendar", kwargs={"feed_id": feed.pk, "token": feed.token})
    ).content.decode()
    assert "BEGIN:VEVENT" not in text and "END:VCALENDAR" in text


def test_revoke_button_replaces_the_address_shown(client: Client) -> None:
    user = UserFactory()
    client.force_login(user)
    client.post(reverse("tracking:reminders_create"))
    old = CalendarFeed.objects.get(user=user).token
    assert old in client.get(reverse("tracking:reminders")).content.decode()
    client.post(reverse("tracking:reminders_revoke"))
    page = client.get(reverse("tracking:reminders")).content.decode()
    assert old not in page and CalendarFeed.objects.get(user=user).token in page


def test_daily_checkin_saves_and_shows_the_point_on_the_progress_plot(client: Client) -> None:
    user = started_program().user
    client.force_login(user)
    response = client.post(reverse("tracking:daily"), {"pain": "3", "note": "slept well"}, follow=True)
    body = response.content.decode()
    assert "pain is saved" in body
    assert f'data-x="{timezone.localdate().isoformat()}" data-y="3"' in body


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Choose a number from 0"),
        ({"pain": "11"}, "Choose a number from 0"),
        ({"pain": "-1"}, "Choose a number from 0"),
        ({"pain": "<script>alert(1)</script>"}, "Choose a number from 0"),
        ({"pain": "4", "note": "x" * 1001}, "under 1000 characters"),
    ],
)
def test_bad_daily_checkins_explain_the_problem_and_save_nothing(
    client: Client, data: dict, message: str
) -> None:
    client.force_login(UserFactory())
    response = client.post(reverse("tracking:daily"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "<script>alert" not in response.content.decode()
    assert not DailyCheckIn.objects.exists()


def test_a_hostile_note_is_shown_as_text(client: Client) -> None:
    user = UserFactory()
    client.force_login(user)
    client.post(reverse("tracking:daily"), {"pain": "2", "note": "<img src=x onerror=alert(1)>"})
    body = client.get(reverse("tracking:daily")).content.decode()
    assert "<img src=x" not in body and "&lt;img src=x" in body


def test_weekly_checkin_needs_every_safety_question_answered(client: Client) -> None:
    program = started_program()
    client.force_login(program.user)
    data = _weekly_post()
    del data["flag_saddle_numbness"]
    response = client.post(reverse("tracking:weekly"), data)
    assert response.status_code == 400
    assert "Answer this safety question with yes or no." in response.content.decode()
    assert not WeeklyCheckIn.objects.exists()


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"pain": "ten"}, "Choose a number from 0"),
        ({"psfs_1": "12"}, "Rate “sitting through a work meeting” from 0 to 10."),
        ({"psfs_2": ""}, "Rate “picking up my toddler” from 0 to 10."),
        ({"flag_fever": "maybe"}, "Answer this safety question with yes or no."),
    ],
)
def test_bad_weekly_answers_are_explained_and_nothing_is_saved(
    client: Client, override: dict, message: str
) -> None:
    program = started_program()
    client.force_login(program.user)
    response = client.post(reverse("tracking:weekly"), _weekly_post(**override))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not WeeklyCheckIn.objects.exists()
    program.refresh_from_db()
    assert program.status == Program.Status.ACTIVE


def test_a_red_flag_at_the_weekly_checkin_pauses_the_program_and_says_what_to_do(client: Client) -> None:
    program = started_program()
    client.force_login(program.user)
    response = client.post(reverse("tracking:weekly"), _weekly_post(flag_bladder_dysfunction="yes"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Seek emergency care now" in body
    assert "emergency" in body.lower()
    program.refresh_from_db()
    assert program.status == Program.Status.PAUSED
    assert "Your program is paused" in client.get(reverse("tracking:progress")).content.decode()


EMERGENCY_NUMBERS = "call your local emergency number (for example 999 in the UK, 112 in Europe, 911"


@pytest.mark.parametrize(("flag", "numbers_shown"), [("bladder_dysfunction", True), ("fever", False)])
def test_the_paused_banners_show_the_emergency_numbers_only_for_an_emergency(
    client: Client, flag: str, numbers_shown: bool
) -> None:
    program = started_program()
    client.force_login(program.user)
    client.post(reverse("tracking:weekly"), _weekly_post(**{f"flag_{flag}": "yes"}))
    for page in ("tracking:progress", "programs:overview"):
        body = client.get(reverse(page)).content.decode()
        assert "Your program is paused" in body, page
        assert (EMERGENCY_NUMBERS in body) is numbers_shown, page


def test_a_clean_weekly_checkin_is_saved_and_scored(client: Client) -> None:
    program = started_program()
    client.force_login(program.user)
    data = _weekly_post(rmdq_1="on", rmdq_5="on", rmdq_24="on")
    response = client.post(reverse("tracking:weekly"), data)
    assert "check-in saved" in response.content.decode()
    checkin = WeeklyCheckIn.objects.get(program=program)
    assert (checkin.week, checkin.rmdq_score, checkin.psfs_mean) == (1, 3, 6.5)


def test_the_weekly_checkin_says_every_activity_must_be_rated(client: Client) -> None:
    program = started_program()
    client.force_login(program.user)
    page = client.get(reverse("tracking:weekly")).content.decode()
    assert "Rate all 2 activities: each one is needed to follow your progress." in page


def test_weekly_checkin_without_a_program_points_to_starting_one(client: Client) -> None:
    client.force_login(UserFactory())
    assert "Start your program first" in client.get(reverse("tracking:weekly")).content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Time at least one of the holds"),
        ({"plank_s": "abc"}, "whole seconds"),
        ({"plank_s": "-5"}, "cannot be negative"),
        ({"plank_s": "100000"}, "Stop at 600 seconds"),
    ],
)
def test_bad_retests_are_explained_and_nothing_is_saved(client: Client, data: dict, message: str) -> None:
    client.force_login(UserFactory())
    response = client.post(reverse("tracking:retest"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not EnduranceTest.objects.exists()


def test_a_retest_appears_on_the_endurance_plot(client: Client) -> None:
    program = started_program()
    client.force_login(program.user)
    response = client.post(
        reverse("tracking:retest"), {"plank_s": "62", "side_bridge_left_s": "40"}, follow=True
    )
    body = response.content.decode()
    assert f'data-x="{timezone.localdate().isoformat()}" data-y="62"' in body


def test_the_progress_page_redraws_after_every_kind_of_new_entry(client: Client) -> None:
    today = timezone.localdate()
    program = started_program(start_date=today)
    client.force_login(program.user)
    url = reverse("tracking:progress")
    assert "session done" not in client.get(url).content.decode()
    log_whole_day(program, week=1, day=1)
    assert (
        f"{today:%A}, {today.day} {today:%B} {today.year}: session done" in client.get(url).content.decode()
    )
    services.daily_checkin_record(user=program.user, date=today, pain=2)
    assert f'data-x="{today.isoformat()}" data-y="2"' in client.get(url).content.decode()
    services.daily_checkin_record(user=program.user, date=today, pain=6)
    body = client.get(url).content.decode()
    assert f'data-x="{today.isoformat()}" data-y="6"' in body and 'data-y="2"' not in body
    services.endurance_test_record(user=program.user, date=today, seconds={"plank_s": 77})
    assert 'data-y="77"' in client.get(url).content.decode()


def test_the_progress_fingerprint_reads_the_models_real_tables() -> None:
    from backwell.web.assessment.models import Assessment
    from backwell.web.programs.models import ProgramChange, SessionLog
    from backwell.web.tracking.models import WeeklyCheckIn
    from backwell.web.tracking.selectors import FINGERPRINT_TABLES

    models = (DailyCheckIn, EnduranceTest, Assessment, SessionLog, WeeklyCheckIn, ProgramChange)
    assert tuple(m._meta.db_table for m in models) == FINGERPRINT_TABLES


def test_the_progress_page_shows_the_engines_advice_to_see_a_clinician(client: Client) -> None:
    from backwell.web.tracking import adaptation

    today = timezone.localdate()
    program = started_program(start_date=today - datetime.timedelta(days=7 * 6 + 1))
    for offset in range(7 * 6):
        services.daily_checkin_record(
            user=program.user, date=program.start_date + datetime.timedelta(days=offset), pain=5
        )
    adaptation.apply_due(program=program, today=today)
    client.force_login(program.user)
    body = client.get(reverse("tracking:progress")).content.decode()
    assert "Worth talking to a clinician" in body
    assert "After 6 weeks your pain is 5/10" in body

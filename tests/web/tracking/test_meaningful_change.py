"""Meaningful change on the progress page: weekly means of pain, nothing said on too little data."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from backwell.web.tracking import meaningful_change, services

from .factories import started_program

START = datetime.date(2026, 3, 2)


def _days(first: datetime.date, pains: list[int]) -> list[tuple[datetime.date, int]]:
    return [(first + datetime.timedelta(days=n), pain) for n, pain in enumerate(pains)]


def test_one_checkin_on_the_first_day_says_nothing_about_change() -> None:
    weeks = meaningful_change.pain_weeks([(START, 3)], start=START, today=START)
    change = meaningful_change.pain_change_from_weeks(weeks)
    assert not change.meaningful and change.direction == "unknown"
    assert "After two weeks of check-ins" in change.message


def test_a_first_week_alone_gives_its_mean_and_says_what_is_still_needed() -> None:
    daily = _days(START, [6, 6, 5, 6, 6])
    weeks = meaningful_change.pain_weeks(daily, start=START, today=START + datetime.timedelta(days=9))
    assert (weeks.baseline, weeks.latest) == (5.8, None)
    change = meaningful_change.pain_change_from_weeks(weeks)
    assert not change.meaningful and "5.8" in change.message and "one more full week" in change.message


def test_two_full_weeks_are_compared_by_their_means() -> None:
    daily = _days(START, [6, 6, 6, 6, 6, 6, 6]) + _days(START + datetime.timedelta(days=7), [4, 4, 4, 3])
    weeks = meaningful_change.pain_weeks(daily, start=START, today=START + datetime.timedelta(days=14))
    assert (weeks.baseline_week, weeks.baseline, weeks.latest_week, weeks.latest) == (0, 6.0, 1, 3.8)
    change = meaningful_change.pain_change_from_weeks(weeks)
    assert change.meaningful and change.direction == "better"
    assert "from 6 in your first week of check-ins to 3.8" in change.message


def test_the_current_unfinished_week_and_thin_weeks_do_not_count() -> None:
    daily = (
        _days(START, [6, 6, 6, 6])
        + _days(START + datetime.timedelta(days=7), [1, 1, 1])  # three check-ins only
        + _days(START + datetime.timedelta(days=14), [1, 1, 1, 1, 1])  # this week, still going
    )
    weeks = meaningful_change.pain_weeks(daily, start=START, today=START + datetime.timedelta(days=19))
    assert weeks.latest is None


def test_a_small_drop_in_weekly_means_is_not_called_meaningful() -> None:
    change = meaningful_change.pain_change(baseline=7.0, latest=5.5)
    assert not change.meaningful and "A drop of 2 points or 30%" in change.message


def test_roland_morris_uses_the_shared_threshold_with_its_thirty_percent() -> None:
    assert meaningful_change.rmdq_change(baseline=10, latest=7).meaningful  # 30% of the start
    assert not meaningful_change.rmdq_change(baseline=20, latest=17).meaningful
    assert "5 points or 30%" in meaningful_change.rmdq_change(baseline=20, latest=17).message


@pytest.mark.django_db
def test_the_progress_page_makes_no_claim_after_one_checkin_on_the_first_day(client: Client) -> None:
    program = started_program()
    services.daily_checkin_record(user=program.user, date=program.start_date, pain=1)
    client.force_login(program.user)
    page = client.get(reverse("tracking:progress")).content.decode()
    assert "Meaningful improvement" not in page and "not just a good day" not in page
    assert "After two weeks of check-ins we can tell you" in page

"""Dates read the same on every page: "7 December 2026" (a weekday or a time may go with it), never
"Dec. 7, 2026", "7 Dec", "Mon 7 Dec" or "2026-12-07"."""

from __future__ import annotations

import datetime
import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from backwell.web.assessment.models import Assessment
from backwell.web.core import dates
from backwell.web.programs.selectors import program_days
from backwell.web.tracking.demo import add_history
from backwell.web.tracking.plots import _fmt_x
from tests.web.factories import AssessmentFactory, UserFactory

pytestmark = pytest.mark.django_db

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
ONE_FORMAT = re.compile(rf"\b\d{{1,2}} (?:{MONTHS}) \d{{4}}\b")
# Anything else that looks like a date: a month name or abbreviation next to a day number, or ISO.
DATE_LIKE = re.compile(
    rf"\b\d{{1,2}}\.? (?:{MONTHS}|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b\.?(?: \d{{4}})?"
    rf"|\b(?:{MONTHS}|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.? \d{{1,2}}\b"
    r"|\b\d{4}-\d{2}-\d{2}\b"
)


AXIS_TICK = re.compile(rf"^\d{{1,2}} (?:{MONTHS})(?: \d{{4}})?$")


def visible_text(page: str) -> str:
    """What a person reads: no scripts, styles, tags or attribute values (machine dates live there).

    A chart's axis ticks are left out here and checked by `axis_ticks_off_format`: the axis has no
    room for a year on every tick, so they are the one format with the year only where one begins.
    """
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<text\b[^>]*>[^<]*</text>", " ", page)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def axis_ticks_off_format(page: str) -> list[str]:
    ticks = [html.unescape(t).strip() for t in re.findall(r"<text\b[^>]*>([^<]*)</text>", page)]
    return [t for t in ticks if DATE_LIKE.search(t) and not AXIS_TICK.match(t)]


def other_formats(text: str) -> list[str]:
    """Date-like pieces of `text` that are not in the one format."""
    allowed = [m.span() for m in ONE_FORMAT.finditer(text)]
    return [
        m.group(0)
        for m in DATE_LIKE.finditer(text)
        if not any(start <= m.start() < end for start, end in allowed)
    ]


def test_the_check_catches_the_old_formats() -> None:
    for wrong in ("Dec. 7, 2026", "7 Dec", "Mon 7 Dec", "2026-12-07", "7 Dec 2026", "Monday 7 December"):
        assert other_formats(f"Next session: {wrong}.") == [wrong.rstrip(".")] or other_formats(wrong), wrong
    assert other_formats("Monday, 7 December 2026, 14:05 · week 3") == []


def test_python_made_dates_use_the_one_format() -> None:
    day = datetime.date(2026, 12, 7)
    assert dates.day(day) == "7 December 2026"
    assert dates.weekday_and_day(day) == "Monday, 7 December 2026"
    assert _fmt_x(day, "") == "7 December 2026"


def test_every_date_on_the_demo_persons_main_pages_is_in_the_one_format(client: Client) -> None:
    user = UserFactory()
    AssessmentFactory(user=user, completed=True)
    program = add_history(user=user)
    client.force_login(user)
    day = next(d for d in program_days(program) if d["items"])
    assessment = Assessment.objects.filter(user=user).first()
    pages = [
        reverse("core:home"),
        reverse("programs:overview"),
        reverse("programs:day", kwargs={"week": day["week"], "day": day["day"]}),
        reverse("programs:session", kwargs={"week": day["week"], "day": day["day"]}),
        reverse("programs:print"),
        reverse("tracking:progress"),
        reverse("tracking:daily"),
        reverse("assessment:start"),
        reverse("assessment:results", args=[assessment.pk]),
    ]
    shown = 0
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        text = visible_text(page)
        assert other_formats(text) == [], url
        assert axis_ticks_off_format(page) == [], url
        shown += len(ONE_FORMAT.findall(text))
    assert shown > 20  # the pages do show dates: the test is not passing on empty pages

"""Dates as people read them, in the one format of the site (core/formats): for templates and Python.

Every date shown to a person goes through here (templates through the `dates` filters), so a page,
a chart label and a calendar cell never disagree on how a day is written.
"""

from __future__ import annotations

import datetime

from django.utils import formats, timezone


def _local(value: datetime.date) -> datetime.date:
    # An aware moment is shown in the site's time zone, as the person's day.
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def day(value: datetime.date) -> str:
    """'7 December 2026'."""
    return formats.date_format(_local(value), "DATE_FORMAT")


def day_and_time(value: datetime.datetime) -> str:
    """'7 December 2026, 14:05'."""
    return formats.date_format(_local(value), "DATETIME_FORMAT")


def weekday_and_day(value: datetime.date) -> str:
    """'Monday, 7 December 2026': for the days of a plan, where the weekday matters."""
    return f"{formats.date_format(_local(value), 'l')}, {day(value)}"


def day_without_year(value: datetime.date) -> str:
    """'7 December': only where space is short and the year is plain, such as a chart's axis."""
    return formats.date_format(_local(value), "MONTH_DAY_FORMAT")

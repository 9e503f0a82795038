"""The site's one date format in templates: {{ value|day }}, {{ value|day_and_time }}, {{ value|weekday_and_day }}."""

from __future__ import annotations

import datetime

from django import template

from backwell.web.core import dates

register = template.Library()
Value = datetime.date | str | None


def _as_date(value: Value) -> datetime.date | None:
    # Program plans hold their days' dates as ISO text ("2026-12-07").
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return None
    return value


@register.filter
def day(value: Value) -> str:
    date = _as_date(value)
    return dates.day(date) if date else ""


@register.filter
def day_and_time(value: datetime.datetime | None) -> str:
    return dates.day_and_time(value) if value else ""


@register.filter
def weekday_and_day(value: Value) -> str:
    date = _as_date(value)
    return dates.weekday_and_day(date) if date else ""

"""The iCalendar (RFC 5545) text of a program's session days, for a private subscription address."""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable, Iterable
from typing import Any

from django.utils.translation import gettext as _

PRODID = "-//backwell//program reminders//EN"


def _escape(text: str) -> str:
    # RFC 5545 §3.3.11: backslash, semicolon, comma and newlines are escaped in TEXT values.
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> Iterable[str]:
    """Lines longer than 75 octets continue on the next line after a space (§3.1), never inside a character."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        yield line
        return
    chunk = ""
    limit = 75
    for char in line:
        if len((chunk + char).encode("utf-8")) > limit:
            yield chunk
            chunk = " "
            limit = 75
        chunk += char
    if chunk.strip():
        yield chunk


def _minutes(value: Any) -> str:
    number = float(value or 0)
    return f"{number:.0f}" if number == int(number) else f"{number:.1f}"


def _alarm(minutes: int, summary: str) -> list[str]:
    """A reminder `minutes` before the session starts (§3.6.6); none for 0."""
    if minutes <= 0:
        return []
    return [
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        f"DESCRIPTION:{_escape(summary)}",
        f"TRIGGER:-PT{minutes}M",
        "END:VALARM",
    ]


def program_calendar(
    *,
    program_id: int,
    days: list[dict[str, Any]],
    stamp: datetime.datetime,
    session_url: Callable[[int, int], str],
    host: str,
    session_time: datetime.time = datetime.time(18, 0),
    reminder_minutes: int = 30,
) -> str:
    """One event per dated session day at the person's session time, listing its items, with their
    chosen reminder. UIDs stay the same across fetches.

    Times are floating (no time zone, §3.3.5): "18:00" stays 18:00 in whatever zone the person's
    calendar is in, as a daily habit should, and a reminder before it means something (before an
    all-day event it would ring the evening before).
    """
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(_('backwell sessions'))}",
    ]
    dtstamp = stamp.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    for day in days:
        if not day.get("date"):
            continue
        start = datetime.datetime.combine(datetime.date.fromisoformat(day["date"]), session_time)
        end = start + datetime.timedelta(minutes=max(5, math.ceil(float(day.get("minutes") or 0))))
        summary = _("backwell: week %(week)s, day %(day)s (%(minutes)s min)") % {
            "week": day["week"],
            "day": day["day"],
            "minutes": _minutes(day.get("minutes")),
        }
        items = [f"• {item['name']} ({_minutes(item.get('minutes'))} min)" for item in day.get("items", [])]
        url = session_url(day["week"], day["day"])
        description = "\n".join([_("In this session:"), *items, "", url])
        lines += [
            "BEGIN:VEVENT",
            f"UID:program-{program_id}-week-{day['week']}-day-{day['day']}@{host}",
            f"DTSTAMP:{dtstamp}",
            f"DTSTART:{start:%Y%m%dT%H%M%S}",
            f"DTEND:{end:%Y%m%dT%H%M%S}",
            f"SUMMARY:{_escape(summary)}",
            f"DESCRIPTION:{_escape(description)}",
            f"URL:{url}",
            "TRANSP:TRANSPARENT",
            *_alarm(reminder_minutes, summary),
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(f"{folded}\r\n" for line in lines for folded in _fold(line))

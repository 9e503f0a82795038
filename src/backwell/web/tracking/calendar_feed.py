"""The iCalendar (RFC 5545) text of a program's session days, for a private subscription address."""

from __future__ import annotations

import datetime
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


def program_calendar(
    *,
    program_id: int,
    days: list[dict[str, Any]],
    stamp: datetime.datetime,
    session_url: Callable[[int, int], str],
    host: str,
) -> str:
    """One all-day event per dated session day, listing its items. UIDs stay the same across fetches."""
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
        start = datetime.date.fromisoformat(day["date"])
        end = start + datetime.timedelta(days=1)
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
            f"DTSTART;VALUE=DATE:{start:%Y%m%d}",
            f"DTEND;VALUE=DATE:{end:%Y%m%d}",
            f"SUMMARY:{_escape(summary)}",
            f"DESCRIPTION:{_escape(description)}",
            f"URL:{url}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(f"{folded}\r\n" for line in lines for folded in _fold(line))

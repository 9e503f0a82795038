"""Comment text to HTML: everything escaped, then bare web links turned into safe links."""

from __future__ import annotations

import re

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

# http(s) links up to the next space or angle bracket; trailing punctuation is left outside.
URL_PATTERN = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
TRAILING = ".,;:!?)]}'\""
LINK_REL = "nofollow ugc noopener"
DISPLAY_MAX = 60


def _link(url: str) -> str:
    shown = url if len(url) <= DISPLAY_MAX else url[: DISPLAY_MAX - 1] + "…"
    return format_html('<a href="{}" rel="{}">{}</a>', url, LINK_REL, shown)


def _linkify_line(line: str) -> str:
    parts: list[str] = []
    position = 0
    for match in URL_PATTERN.finditer(line):
        url = match.group(0)
        trimmed = url.rstrip(TRAILING)
        parts.append(escape(line[position : match.start()]))
        parts.append(_link(trimmed))
        parts.append(escape(url[len(trimmed) :]))
        position = match.end()
    parts.append(escape(line[position:]))
    return "".join(parts)


def comment_html(text: str) -> SafeString:
    """Paragraphs from blank lines, line breaks kept, links made safe; no markup from the reader survives."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip()) if p.strip()]
    rendered = ("<br>".join(_linkify_line(line) for line in p.split("\n")) for p in paragraphs)
    return mark_safe("".join(f"<p>{p}</p>" for p in rendered))


def website_link(name: str, website: str) -> SafeString:
    """The commenter's name, linked to their website only when it is an http(s) address."""
    if website.lower().startswith(("http://", "https://")):
        return format_html('<a href="{}" rel="{}">{}</a>', website, LINK_REL, name)
    return format_html("{}", name)

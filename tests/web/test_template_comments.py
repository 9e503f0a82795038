"""Django's `{# #}` comment ends at the line's end: one spread over lines is printed on the page as text."""

from __future__ import annotations

import re
from pathlib import Path

import backwell.web

TEMPLATES = sorted(Path(backwell.web.__file__).parent.rglob("templates/**/*.html"))
UNCLOSED = re.compile(r"\{#(?:(?!#\}).)*$", re.MULTILINE)


def test_there_are_templates_to_check() -> None:
    assert len(TEMPLATES) > 50


def test_no_template_comment_spans_lines() -> None:
    offenders = [
        f"{path.relative_to(Path(backwell.web.__file__).parent)}:{text[: m.start()].count(chr(10)) + 1}"
        for path in TEMPLATES
        for text in [path.read_text()]
        for m in UNCLOSED.finditer(text)
    ]
    assert not offenders, "use {% comment %} for comments over several lines: " + ", ".join(offenders)

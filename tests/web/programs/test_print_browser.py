"""The printable plan: compact by default (a page a week, small pictures), the full one a link away."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.web.programs.conftest import start_program
from tests.web.programs.test_session_player_browser import _log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def pdf_pages(pdf: bytes) -> int:
    """Pages of a PDF: with pypdf when it is installed, else by counting its page objects."""
    try:
        from pypdf import PdfReader
    except ImportError:
        return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))
    import io

    return len(PdfReader(io.BytesIO(pdf)).pages)


def test_the_compact_plan_prints_a_page_a_week_and_links_the_full_one(
    live_server, page: Page, shoot, axe_check
) -> None:
    program = start_program()
    weeks = program.plan["program"]["weeks"]
    _log_in(page, live_server, program.user.email)
    page.goto(live_server.url + "/program/")
    page.get_by_role("link", name="Printable plan").click()
    expect(page.get_by_role("heading", name="Week 1", exact=False).first).to_be_visible()
    expect(page.locator("section.print-week")).to_have_count(weeks)
    # Pictures are there, and small.
    thumbs = page.locator(".print-thumbs img")
    assert thumbs.count() > 0
    box = thumbs.first.bounding_box()
    assert box is not None and box["width"] <= 64
    axe_check(page)
    shoot(page, "print-compact")
    page.emulate_media(media="print")
    compact = pdf_pages(page.pdf(format="A4"))
    assert weeks <= compact <= weeks + 1, compact

    page.emulate_media(media="screen")
    page.get_by_role("link", name=re.compile("The full plan")).click()
    expect(page.get_by_role("heading", name="How to do each exercise")).to_be_visible()
    axe_check(page)
    shoot(page, "print-full")
    page.emulate_media(media="print")
    full = pdf_pages(page.pdf(format="A4"))
    assert full > compact, (full, compact)

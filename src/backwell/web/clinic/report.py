"""Printable PDF reports: a clinician's report about a person, and the person's own plan.

Drawn by WeasyPrint from ordinary templates. WeasyPrint never goes to the network: its URL fetcher
serves only exercise pictures (drawn here from the knowledge base) and the app's static files, and
refuses anything else, so a report can neither leak that it was opened nor wait on a remote server.
"""

from __future__ import annotations

import mimetypes
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.utils import timezone
from PIL import ImageFile
from weasyprint import HTML  # type: ignore[import-untyped]
from weasyprint.urls import URLFetcher, URLFetcherResponse  # type: ignore[import-untyped]

from backwell.web.programs.exercises import detail as exercise_detail
from backwell.web.programs.exercises import picture_svg
from backwell.web.programs.models import Program

from . import plan_edits
from .person_page import PersonPage

# Importing WeasyPrint switches Pillow to accept truncated images for the whole process; posture
# uploads must refuse them (posture/decode.py checks), and the reports only draw pictures we made, so
# the setting is put back at once.
ImageFile.LOAD_TRUNCATED_IMAGES = False

# A base address no one serves: relative links resolve against it and are served by `local_fetcher`.
BASE_URL = "https://backwell.invalid/"


class RemoteFetchRefused(ValueError):
    pass


class LocalOnlyFetcher(URLFetcher):
    """Exercise pictures and static files, from this machine; any other address is refused."""

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        body, mime = _local(url)
        return URLFetcherResponse(url, body=body, headers={"Content-Type": mime})


def _local(url: str) -> tuple[bytes, str]:
    parts = urlsplit(url)
    if parts.scheme != "https" or parts.netloc != "backwell.invalid":
        raise RemoteFetchRefused(f"not fetched: {url}")
    path = parts.path
    try:
        match = resolve(path)
    except Resolver404:
        match = None
    if match is not None and match.url_name == "exercise_picture":
        svg = picture_svg(match.kwargs["slug"], animated=False)
        if svg is not None:
            return svg.encode(), "image/svg+xml"
    static = settings.STATIC_URL or "/static/"
    if path.startswith(static):
        found = finders.find(path[len(static) :])
        if isinstance(found, str):
            with open(found, "rb") as handle:
                return handle.read(), mimetypes.guess_type(found)[0] or "application/octet-stream"
    raise RemoteFetchRefused(f"not fetched: {url}")


def to_pdf(html: str) -> bytes:
    pdf: bytes = HTML(string=html, base_url=BASE_URL, url_fetcher=LocalOnlyFetcher()).write_pdf()
    return pdf


def program_exercises(program: Program, *, week: int) -> list[dict[str, Any]]:
    """The exercises planned from `week` on, each with its dose, how to do it and its picture."""
    plan = program.plan["program"]
    shown = []
    for slug in plan_edits.planned_slugs(plan, week):
        item = plan_edits.item_of(plan, slug, week) or {}
        found = exercise_detail(slug)
        if found is not None:
            shown.append({**found, "dose": plan_edits.dose_text(item)})
    return shown


def clinician_report(page: PersonPage, *, shared_notes: list[Any]) -> bytes:
    week = _week(page.program)
    context = {
        "page": page,
        "notes": shared_notes,
        "exercises": program_exercises(page.program, week=week)
        if page.program and "program" in page.kinds
        else [],
        "week": week,
        "today": timezone.localdate(),
    }
    return to_pdf(render_to_string("clinic/report_pdf.html", context))


def own_plan(program: Program, *, name: str) -> bytes:
    week = _week(program)
    context = {
        "program": program,
        "name": name,
        "week": week,
        "exercises": program_exercises(program, week=week),
        "today": timezone.localdate(),
    }
    return to_pdf(render_to_string("clinic/plan_pdf.html", context))


def _week(program: Program | None) -> int:
    if program is None:
        return 1
    return max(1, min(12, (timezone.localdate() - program.start_date).days // 7 + 1))

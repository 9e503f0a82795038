"""Public: the exercise library, with links to each exercise's picture (still and animated)."""

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from backwell.engine.knowledge import load as load_knowledge
from backwell.web.programs import exercises

from ..pagination import paged
from ..problems import refusals

router = Router(tags=["library"])


class Source(Schema):
    key: str
    title: str
    url: str
    year: str


class ExerciseSummary(Schema):
    slug: str
    name: str
    kind: str
    lesson: bool
    grade: str
    grade_label: str
    picture_url: str
    animated_picture_url: str
    url: str


class ExerciseDetail(ExerciseSummary):
    position: str = ""
    summary: str = ""
    steps: list[str] = []
    body: list[str] = []
    cues: list[str] = []
    mistakes: list[str] = []
    cautions: list[str] = []
    equipment: list[str] = []
    targets: list[str] = []
    sources: list[Source] = []


def _with_pictures(detail: dict[str, Any]) -> dict[str, Any]:
    still = detail["picture_url"]
    return {**detail, "animated_picture_url": f"{still}?animated=1" if still else ""}


@router.get("/exercises", response={200: list[ExerciseSummary], **refusals()}, auth=None)
@paged
def exercise_list(request: HttpRequest) -> list[dict[str, Any]]:
    """Every exercise and lesson, by name."""
    kb = load_knowledge()
    slugs = sorted([*kb.exercises, *kb.lessons])
    details = [d for d in (exercises.detail(slug) for slug in slugs) if d is not None]
    return sorted((_with_pictures(d) for d in details), key=lambda d: d["name"])


@router.get("/exercises/{slug}", response={200: ExerciseDetail, **refusals(404)}, auth=None)
def exercise_get(request: HttpRequest, slug: str) -> dict[str, Any]:
    """One exercise or lesson: how to do it, what to watch for, and its evidence."""
    detail = exercises.detail(slug)
    if detail is None:
        raise Http404("There is no exercise of that name.")
    return _with_pictures(detail)

"""The shared guards against bad input: the JSON reader, the `next` check, bounded path numbers and
landmark ranges — each on its own, and where a person meets it."""

from __future__ import annotations

import json

import pytest
from django.test import Client, RequestFactory
from django.urls import NoReverseMatch, resolve, reverse
from django.urls.exceptions import Resolver404

from backwell.posture.analysis import analyze_landmarks
from backwell.posture.points import LandmarksInvalid
from backwell.web.core.json_body import MAX_JSON_DEPTH, JsonBodyError, read_json
from backwell.web.core.redirects import redirect_to_next, safe_next
from backwell.web.photos.models import PostureAnalysisRecord
from tests.web.photos.factories import FRONT_LANDMARKS, PostureAnalysisFactory


def test_the_json_reader_reads_an_ordinary_document() -> None:
    assert read_json(b'{"index": 3, "effort": 7.5, "note": "ok", "tags": [1, [2]]}') == {
        "index": 3,
        "effort": 7.5,
        "note": "ok",
        "tags": [1, [2]],
    }


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        (b"[" * 100_000 + b"]" * 100_000, "at most 65,536"),
        (b"[" * (MAX_JSON_DEPTH + 1) + b"]" * (MAX_JSON_DEPTH + 1), f"deeper than {MAX_JSON_DEPTH}"),
        (b'{"a": NaN}', "NaN is not a number"),
        (b'{"a": -Infinity}', "-Infinity is not a number"),
        (b'{"a": 1e308}', "out of range"),
        (b'{"a": 1e400}', "out of range"),
        (b'{"a": ' + b"9" * 5000 + b"}", "out of range"),
        (b'{"a": "\xff"}', "not UTF-8"),
        (b"", "No data"),
        (b'{"a": 1', "not valid JSON"),
    ],
)
def test_the_json_reader_refuses_with_a_sentence(raw: bytes, says: str) -> None:
    with pytest.raises(JsonBodyError, match=says):
        read_json(raw)


def test_brackets_inside_strings_are_not_nesting() -> None:
    note = "[" * 500 + '"{'  # an escaped quote inside, too
    assert read_json(json.dumps({"note": note})) == {"note": note}


@pytest.mark.parametrize(
    ("candidate", "followed"),
    [
        ("/program/?week=2#today", True),
        ("home", False),  # Django's redirect() would look this up as a URL name
        ("https://evil.example/x", False),
        ("//evil.example/x", False),
        ("/\\evil.example/x", False),
        ("/ok\r\nSet-Cookie: a=b", False),
        ("/" + "a" * 3000, False),
        (["/list"], False),
        (None, False),
    ],
)
def test_only_a_local_path_is_followed(candidate: object, followed: bool) -> None:
    request = RequestFactory().get("/")
    assert safe_next(request, candidate) == (candidate if followed else "")
    expected = candidate if followed else "/fallback/"
    assert redirect_to_next(request, candidate, "/fallback/")["Location"] == expected


def test_path_numbers_beyond_any_row_are_a_missing_page_not_an_error() -> None:
    assert resolve("/program/session/12/7/").kwargs == {"week": 12, "day": 7}
    assert resolve(f"/photos/analysis/{2**63 - 1}/").kwargs == {"pk": 2**63 - 1}
    for path in (
        "/program/session/9223372036854775808/1/",
        "/program/session/10000/1/",
        f"/photos/analysis/{2**63}/",
    ):
        with pytest.raises(Resolver404):
            resolve(path)
    with pytest.raises(NoReverseMatch):
        reverse("photos:analysis", args=[2**63])


def test_landmarks_far_outside_the_photo_are_refused_and_nearby_ones_kept() -> None:
    below_the_frame = {**FRONT_LANDMARKS, "left_ankle": {"x": 340.0, "y": 1100.0, "visibility": 0.4}}
    assert analyze_landmarks(below_the_frame, "front", size=(600, 1000)).measurement is not None
    for x, says in ((1e308, "between -100000 and 100000"), (5000.0, "far outside the 600×1000 photo")):
        moved = {**FRONT_LANDMARKS, "left_shoulder": {"x": x, "y": 230.0}}
        with pytest.raises(LandmarksInvalid, match=says):
            analyze_landmarks(moved, "front", size=(600, 1000))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("x", "says"),
    [
        (1e308, "could not be read, so nothing was saved: The number 1e+308 is out of range"),
        (5e6, "left_shoulder.x must be between -100000 and 100000 pixels"),
        (5000, "left_shoulder is at (5000, 230), far outside the 600×1000 photo"),
    ],
)
def test_confirming_impossible_points_says_so_and_keeps_the_analysis(
    client: Client, settings, tmp_path, x: float, says: str
) -> None:
    settings.PRIVATE_ROOT = tmp_path / "private"
    analysis = PostureAnalysisFactory()
    client.force_login(analysis.user)
    points = {**FRONT_LANDMARKS, "left_shoulder": {"x": x, "y": 230.0}}
    url = reverse("photos:confirm", args=[analysis.pk])

    response = client.post(url, {"landmarks": json.dumps(points), "next": "home"}, follow=True)

    assert response.redirect_chain == [(reverse("photos:analysis", args=[analysis.pk]), 302)]
    shown = [str(m) for m in response.context["messages"]]
    assert len(shown) == 1 and says in shown[0], shown
    stored = PostureAnalysisRecord.objects.get(pk=analysis.pk)
    assert (stored.confirmed, stored.landmarks) == (False, FRONT_LANDMARKS)


@pytest.mark.django_db
def test_a_bare_word_next_saves_the_choice_and_lands_on_the_capture_page(
    client: Client, settings, tmp_path
) -> None:
    settings.PRIVATE_ROOT = tmp_path / "private"
    analysis = PostureAnalysisFactory()
    client.force_login(analysis.user)

    response = client.post(reverse("photos:preference"), {"measures_only": "on", "next": "home"})

    assert (response.status_code, response["Location"]) == (302, reverse("photos:capture"))
    assert client.get(reverse("photos:capture")).context["measures_only"] is True

"""Who may open what: every photos URL for an anonymous visitor, the owner and another person."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from backwell.web.photos.models import PostureAnalysisRecord, PosturePhoto, PostureVideoJob
from tests.web.factories import UserFactory

from .factories import FRONT_LANDMARKS, PostureAnalysisFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def owned():
    analysis = PostureAnalysisFactory()
    job = PostureVideoJob.objects.create(user=analysis.user, view="front", stage="measuring")
    return analysis, job


def _urls(analysis: PostureAnalysisRecord, job: PostureVideoJob) -> dict[str, tuple[str, str]]:
    photo = analysis.photo_id
    return {
        "capture": ("get", "/photos/"),
        "history": ("get", "/photos/history/"),
        "review": ("get", f"/photos/analysis/{analysis.pk}/"),
        "measure": ("post", f"/photos/analysis/{analysis.pk}/measure/"),
        "confirm": ("post", f"/photos/analysis/{analysis.pk}/confirm/"),
        "delete analysis": ("post", f"/photos/analysis/{analysis.pk}/delete/"),
        "image": ("get", f"/photos/photo/{photo}/"),
        "delete photo": ("post", f"/photos/photo/{photo}/delete/"),
        "video progress": ("get", f"/photos/video/{job.pk}/"),
        "video status": ("get", f"/photos/video/{job.pk}/status/"),
        "preference": ("post", "/photos/preference/"),
    }


URL_NAMES = [
    "capture",
    "history",
    "review",
    "measure",
    "confirm",
    "delete analysis",
    "image",
    "delete photo",
    "video progress",
    "video status",
    "preference",
]


@pytest.mark.parametrize("name", URL_NAMES)
def test_an_anonymous_visitor_is_sent_to_log_in_everywhere(client: Client, owned, name: str) -> None:
    method, url = _urls(*owned)[name]

    response = getattr(client, method)(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


PERSONAL = [
    "review",
    "measure",
    "confirm",
    "delete analysis",
    "image",
    "delete photo",
    "video progress",
    "video status",
]


@pytest.mark.parametrize("name", PERSONAL)
def test_another_person_gets_not_found_and_changes_nothing(client: Client, owned, name: str) -> None:
    analysis, job = owned
    method, url = _urls(analysis, job)[name]
    client.force_login(UserFactory())

    response = getattr(client, method)(url)

    assert response.status_code == 404
    assert PostureAnalysisRecord.objects.filter(pk=analysis.pk, confirmed=False).exists()
    assert PosturePhoto.objects.filter(pk=analysis.photo_id).exists()
    assert analysis.photo.path.is_file()


def test_the_owner_sees_their_photo_with_no_caching(client: Client, owned) -> None:
    analysis, _ = owned
    client.force_login(analysis.user)

    response = client.get(f"/photos/photo/{analysis.photo_id}/")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == analysis.photo.path.read_bytes()


@pytest.mark.parametrize("name", ["capture", "history", "review", "video progress", "video status"])
def test_the_owner_can_open_their_pages(client: Client, owned, name: str) -> None:
    analysis, job = owned
    method, url = _urls(analysis, job)[name]
    client.force_login(analysis.user)

    response = client.get(url)

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_the_owner_can_measure_corrected_points(client: Client, owned) -> None:
    analysis, _ = owned
    client.force_login(analysis.user)
    moved = json.loads(json.dumps(FRONT_LANDMARKS))
    moved["right_hip"]["y"] -= 20  # the right hip up: the pelvis now tilts up on the right

    response = client.post(
        f"/photos/analysis/{analysis.pk}/measure/",
        json.dumps({"landmarks": moved}),
        content_type="application/json",
    )

    assert response.status_code == 200
    body = response.json()
    assert body["measures"]["pelvic_obliquity_deg"] > 10
    assert body["engine_posture"]["pelvic_obliquity_deg"] == pytest.approx(
        body["measures"]["pelvic_obliquity_deg"]
    )
    assert any(row["key"] == "pelvic_obliquity_deg" and "right hip" in row["reading"] for row in body["rows"])


def test_points_that_cannot_be_measured_get_a_clear_message(client: Client, owned) -> None:
    analysis, _ = owned
    client.force_login(analysis.user)
    broken = {k: v for k, v in FRONT_LANDMARKS.items() if k != "left_hip"}

    response = client.post(
        f"/photos/analysis/{analysis.pk}/measure/",
        json.dumps({"landmarks": broken}),
        content_type="application/json",
    )

    assert response.status_code == 400
    assert "left_hip" in response.json()["error"]


def test_the_history_page_lists_my_checks_only_with_a_fixed_number_of_queries(
    client: Client, django_assert_max_num_queries
) -> None:
    me = UserFactory()
    PostureAnalysisFactory(user=me, confirmed=True, measures={"shoulder_obliquity_deg": 4.2})
    PostureAnalysisFactory(measures={"shoulder_obliquity_deg": -9.9})  # someone else's
    client.force_login(me)
    with django_assert_max_num_queries(12) as few:
        client.get("/photos/history/")
    for _ in range(5):
        PostureAnalysisFactory(user=me)

    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get("/photos/history/").content.decode()

    assert page.count('class="posture-measures"') == 6
    assert "+4.2°" in page and "-9.9°" not in page
    assert "Confirmed by you." in page


def test_a_side_view_offers_the_near_side_points_and_its_measures(client: Client) -> None:
    from .factories import SIDE_LANDMARKS

    analysis = PostureAnalysisFactory(
        view="side", landmarks=SIDE_LANDMARKS, detected_landmarks=SIDE_LANDMARKS
    )
    client.force_login(analysis.user)
    moved = json.loads(json.dumps(SIDE_LANDMARKS))
    for part in ("left_ear", "nose"):
        moved[part]["x"] += 50  # the head pushed forward

    page = client.get(f"/photos/analysis/{analysis.pk}/").content.decode()
    body = client.post(
        f"/photos/analysis/{analysis.pk}/measure/",
        json.dumps({"landmarks": moved}),
        content_type="application/json",
    ).json()

    for point in ("Left ear", "Left shoulder", "Left hip", "Left knee", "Left ankle"):
        assert f'aria-label="{point} point. Use the arrow keys to move it."' in page
    assert 'data-name="right_shoulder"' not in page  # the far side is not offered
    assert body["measures"]["head_forward_deg"] > 20
    assert set(body["engine_posture"]) == {"head_forward_deg", "trunk_lean_deg", "pelvis_forward"}
    assert "Forward or backward pelvic tilt cannot be measured" in page

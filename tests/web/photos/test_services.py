"""The photos app's data layer: confirmed measures into the assessment, deletion of files, the data export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.test import Client

from backwell.engine import plan
from backwell.web.accounts.services import user_delete
from backwell.web.assessment.models import Assessment
from backwell.web.photos.models import PostureAnalysisRecord, PosturePhoto
from backwell.web.photos.selectors import posture_confirmed_latest
from backwell.web.photos.services import (
    contract_posture,
    posture_analysis_delete,
    posture_confirm,
    posture_photo_delete,
)
from tests.web.accounts.export_reading import data_json, download
from tests.web.factories import AssessmentFactory, UserFactory, complete_answers

from .conftest import files_under
from .factories import FRONT_LANDMARKS, PostureAnalysisFactory

pytestmark = [pytest.mark.django_db, pytest.mark.datalayer]


def _confirmed(view: str = "front", **measures: float | bool) -> PostureAnalysisRecord:
    return PostureAnalysisFactory(view=view, confirmed=True, confirmed_measures=measures)


def test_confirming_puts_only_the_views_contract_keys_into_the_assessment_in_progress() -> None:
    analysis = _confirmed(pelvic_obliquity_deg=5.5, shoulder_obliquity_deg=-2.0)
    user = analysis.user
    assessment = AssessmentFactory(
        user=user,
        answers={"posture": {"pelvic_tilt": "anterior", "rounded_shoulders": True, "head_forward_deg": 12}},
    )

    returned = posture_confirm(user=user, analysis=analysis)

    assessment.refresh_from_db()
    assert returned == assessment
    assert assessment.answers["posture"] == {
        "pelvic_tilt": "anterior",
        "rounded_shoulders": True,
        "head_forward_deg": 12,
        "pelvic_obliquity_deg": 5.5,
        "shoulder_obliquity_deg": -2.0,
    }
    assert assessment.result is None  # still in progress: nothing to re-plan


def test_a_photo_never_sets_pelvic_tilt_and_values_are_clamped_to_the_schema() -> None:
    analysis = _confirmed(
        view="side", head_forward_deg=120.0, trunk_lean_deg=-60.0, pelvis_forward=True, pelvic_tilt="anterior"
    )
    assessment = AssessmentFactory(user=analysis.user)

    posture_confirm(user=analysis.user, analysis=analysis)

    assessment.refresh_from_db()
    assert assessment.answers["posture"] == {
        "head_forward_deg": 90.0,
        "trunk_lean_deg": -45.0,
        "pelvis_forward": True,
    }


def test_a_new_front_check_replaces_the_old_front_values_but_not_the_side_ones() -> None:
    user = UserFactory()
    assessment = AssessmentFactory(
        user=user,
        answers={
            "posture": {"pelvic_obliquity_deg": 7.0, "shoulder_obliquity_deg": 3.0, "trunk_lean_deg": 2.0}
        },
    )
    analysis = PostureAnalysisFactory(
        user=user, confirmed=True, confirmed_measures={"shoulder_obliquity_deg": 1.0}
    )

    posture_confirm(user=user, analysis=analysis)

    assessment.refresh_from_db()
    assert assessment.answers["posture"] == {"shoulder_obliquity_deg": 1.0, "trunk_lean_deg": 2.0}


def test_confirming_into_a_finished_assessment_refreshes_its_findings() -> None:
    analysis = _confirmed(pelvic_obliquity_deg=6.0, shoulder_obliquity_deg=1.0)
    assessment = AssessmentFactory(user=analysis.user, completed=True)
    assert "lateral_pelvic_tilt" not in {f["id"] for f in assessment.result["findings"]}

    posture_confirm(user=analysis.user, analysis=analysis)

    assessment.refresh_from_db()
    findings = {f["id"]: f for f in assessment.result["findings"]}
    assert "lateral_pelvic_tilt" in findings
    assert assessment.result == plan(assessment.answers)


def test_the_assessment_in_progress_wins_over_the_finished_one() -> None:
    analysis = _confirmed(pelvic_obliquity_deg=6.0)
    finished = AssessmentFactory(user=analysis.user, completed=True)
    retest = AssessmentFactory(user=analysis.user, kind=Assessment.Kind.RETEST, answers=complete_answers())

    posture_confirm(user=analysis.user, analysis=analysis)

    finished.refresh_from_db()
    retest.refresh_from_db()
    assert retest.answers["posture"] == {"pelvic_obliquity_deg": 6.0}
    assert "posture" not in finished.answers


def test_without_an_assessment_the_confirmed_measures_wait_for_the_wizard() -> None:
    front = _confirmed(pelvic_obliquity_deg=4.5, shoulder_obliquity_deg=2.0)
    PostureAnalysisFactory(
        user=front.user,
        view="side",
        confirmed=True,
        confirmed_measures={"head_forward_deg": 22.0},
        photo=None,
    )

    assert posture_confirm(user=front.user, analysis=front) is None
    assert posture_confirmed_latest(user=front.user) == {
        "pelvic_obliquity_deg": 4.5,
        "shoulder_obliquity_deg": 2.0,
        "head_forward_deg": 22.0,
    }


def test_contract_posture_drops_keys_of_the_other_view_and_unknown_ones() -> None:
    assert contract_posture(
        "front", {"head_forward_deg": 30, "head_tilt_deg": 4, "pelvic_obliquity_deg": -50}
    ) == {"pelvic_obliquity_deg": -45.0}


def test_confirm_page_measures_again_on_the_server_and_updates_the_assessment(client: Client) -> None:
    analysis = PostureAnalysisFactory()
    assessment = AssessmentFactory(user=analysis.user)
    client.force_login(analysis.user)
    moved = json.loads(json.dumps(FRONT_LANDMARKS))
    moved["right_hip"]["y"] -= 20

    response = client.post(
        f"/photos/analysis/{analysis.pk}/confirm/",
        {"landmarks": json.dumps(moved), "next": "/assessment/", "measures": '{"pelvic_obliquity_deg": 0}'},
    )

    assert response.status_code == 302 and response["Location"] == "/assessment/"
    analysis.refresh_from_db()
    assessment.refresh_from_db()
    assert analysis.confirmed and analysis.landmarks["right_hip"]["y"] == 500.0
    tilt = assessment.answers["posture"]["pelvic_obliquity_deg"]
    assert tilt == analysis.confirmed_measures["pelvic_obliquity_deg"] and tilt > 10
    assert analysis.detected_landmarks["right_hip"]["y"] == 520.0  # what the model found is kept apart


def test_confirm_refuses_to_redirect_to_another_site(client: Client) -> None:
    analysis = PostureAnalysisFactory()
    client.force_login(analysis.user)

    response = client.post(f"/photos/analysis/{analysis.pk}/confirm/", {"next": "https://evil.example/"})

    assert response["Location"] == f"/photos/analysis/{analysis.pk}/"


def test_deleting_a_photo_removes_its_file_and_keeps_the_measures(django_capture_on_commit_callbacks) -> None:
    analysis = PostureAnalysisFactory()
    path = analysis.photo.path
    assert path.is_file()

    with django_capture_on_commit_callbacks(execute=True):
        posture_photo_delete(user=analysis.user, photo=analysis.photo)

    assert not path.exists()
    analysis.refresh_from_db()
    assert analysis.photo is None and analysis.measures


def test_deleting_an_analysis_removes_its_photo_file(django_capture_on_commit_callbacks) -> None:
    analysis = PostureAnalysisFactory()
    path = analysis.photo.path

    with django_capture_on_commit_callbacks(execute=True):
        posture_analysis_delete(user=analysis.user, analysis=analysis)

    assert not path.exists()
    assert PosturePhoto.objects.count() == 0 and PostureAnalysisRecord.objects.count() == 0


def test_deleting_the_account_leaves_none_of_the_persons_photos_on_disk(
    private_root: Path, front_photo: bytes, client: Client, django_capture_on_commit_callbacks
) -> None:
    me = UserFactory()
    other = PostureAnalysisFactory()
    PostureAnalysisFactory(user=me)
    PostureAnalysisFactory(user=me, view="side")
    assert len(files_under(private_root / str(me.pk))) == 2

    with django_capture_on_commit_callbacks(execute=True):
        user_delete(user=me)

    assert not (private_root / str(me.pk)).exists()
    assert PosturePhoto.objects.filter(user_id=me.pk).count() == 0
    assert other.photo.path.is_file()  # someone else's photo stays


def test_my_data_download_holds_my_analyses_and_my_photo_file_beside_the_json(client: Client) -> None:
    analysis = _confirmed(pelvic_obliquity_deg=5.0)
    PostureAnalysisFactory()  # another person's
    client.force_login(analysis.user)

    archive = download(client)

    document = data_json(archive)
    section = document["posture"]
    assert [a["id"] for a in section["analyses"]] == [analysis.pk]
    assert section["analyses"][0]["confirmed_measures"] == {"pelvic_obliquity_deg": 5.0}
    assert section["analyses"][0]["landmarks"]["left_shoulder"] == FRONT_LANDMARKS["left_shoulder"]
    name = section["photos"][0]["file"]
    assert section["photos"] == [
        {
            "id": analysis.photo_id,
            "view": "front",
            "width": 600,
            "height": 1000,
            "created_at": section["photos"][0]["created_at"],
            "file": name,
        }
    ]
    # The image is a file of its own in the ZIP, byte for byte; data.json holds none of it.
    assert archive.read(name) == analysis.photo.path.read_bytes()
    assert archive.namelist().count(name) == 1
    assert "base64" not in archive.read("data.json").decode()


def test_a_finished_assessment_that_cannot_be_planned_again_keeps_its_result_and_says_why(
    client: Client,
) -> None:
    analysis = PostureAnalysisFactory()
    answers = complete_answers()
    del answers["profile"]  # a broken document: the engine refuses it
    assessment = AssessmentFactory(user=analysis.user, completed=True)
    Assessment.objects.filter(pk=assessment.pk).update(answers=answers)
    old_result = assessment.result
    client.force_login(analysis.user)

    response = client.post(f"/photos/analysis/{analysis.pk}/confirm/", follow=True)

    assessment.refresh_from_db()
    analysis.refresh_from_db()
    assert "could not be updated with them" in response.content.decode()
    assert assessment.result == old_result and "posture" not in assessment.answers
    assert analysis.confirmed  # the person's own confirmation is kept

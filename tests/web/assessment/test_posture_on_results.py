"""The results page says what confirmed posture photos added, and a photo taken mid-step is refused."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from backwell.engine import plan
from tests.web.factories import AssessmentFactory, UserFactory, complete_answers
from tests.web.photos.factories import FRONT_LANDMARKS, PostureAnalysisFactory

pytestmark = pytest.mark.django_db


def _finished_with_posture(**posture: float | bool):
    answers = complete_answers()
    answers["posture"] = posture
    user = UserFactory()
    return AssessmentFactory(user=user, completed=True, answers=answers, result=plan(answers))


def _row(html: str, key: str) -> str:
    start = html.index(f'<tr data-key="{key}">')
    return html[start : html.index("</tr>", start)]


def test_measures_under_the_line_say_they_did_not_count_and_why(client: Client) -> None:
    assessment = _finished_with_posture(pelvic_obliquity_deg=2.0, shoulder_obliquity_deg=1.5)
    client.force_login(assessment.user)
    html = client.get(f"/assessment/{assessment.pk}/results/").content.decode()

    assert "What your posture photos showed" in html
    hip = _row(html, "pelvic_obliquity_deg")
    assert "+2.0°" in hip
    assert "No: not far enough for “One hip higher than the other”" in hip
    assert "more than 4 degrees" in hip  # the line itself, in words
    shoulders = _row(html, "shoulder_obliquity_deg")
    assert "no finding uses it" in shoulders
    assert "lateral_pelvic_tilt" not in {f["id"] for f in assessment.result["findings"]}


def test_a_measure_over_the_line_shows_the_finding_it_supports(client: Client) -> None:
    assessment = _finished_with_posture(pelvic_obliquity_deg=6.0, pelvis_forward=True, trunk_lean_deg=0.0)
    client.force_login(assessment.user)
    html = client.get(f"/assessment/{assessment.pk}/results/").content.decode()

    hip = _row(html, "pelvic_obliquity_deg")
    assert "Yes: it points to “One hip higher than the other”" in hip
    assert "No: not far enough" not in hip  # the other side's rule does not contradict the yes
    sway = _row(html, "pelvis_forward")
    assert "Yes: it points to “Sway-back posture”" in sway
    assert "more than 3 % of your ankle-to-shoulder height" in sway
    assert "±" not in sway
    assert "No: not far enough for “Sway-back posture”" in _row(html, "trunk_lean_deg")
    # the finding itself is on the page too
    assert 'id="finding-lateral_pelvic_tilt"' in html


def test_without_photos_the_results_page_has_no_posture_section(client: Client) -> None:
    assessment = AssessmentFactory(completed=True)
    client.force_login(assessment.user)
    assert (
        "What your posture photos showed"
        not in client.get(f"/assessment/{assessment.pk}/results/").content.decode()
    )


def test_confirming_points_that_show_a_bent_knee_is_refused_with_a_clear_message(client: Client) -> None:
    analysis = PostureAnalysisFactory()
    assessment = AssessmentFactory(user=analysis.user, completed=True)
    client.force_login(analysis.user)
    stepping = json.loads(json.dumps(FRONT_LANDMARKS))
    stepping["left_knee"]["x"] += 150  # the knee far out of the hip–ankle line: a bend of about 70°

    response = client.post(
        f"/photos/analysis/{analysis.pk}/confirm/", {"landmarks": json.dumps(stepping)}, follow=True
    )

    assert "left knee is bent" in response.content.decode()
    analysis.refresh_from_db()
    assessment.refresh_from_db()
    assert not analysis.confirmed
    assert "posture" not in assessment.answers


# --- the results page reads as plain words, not a lab report ---------------------------------------


def test_results_say_how_sure_in_plain_words_and_show_a_woman_only_the_womens_plank_norm(
    client: Client,
) -> None:
    answers = complete_answers()  # a woman who held the plank 35 s
    answers["profile"]["age"] = 22  # the age band the plank norms come from
    assessment = AssessmentFactory(completed=True, answers=answers, result=plan(answers))
    client.force_login(assessment.user)
    html = client.get(f"/assessment/{assessment.pk}/results/").content.decode()

    assert "a weak sign" not in html and "a fair sign" not in html
    assert "A hint, not proof" in html or "point fairly clearly" in html
    assert "124 s" not in html  # the men's norm is not hers (the engine words it: rule 16 / engine 1.1)


def test_a_muscle_called_both_tight_and_weak_is_listed_once_and_explained() -> None:
    from backwell.web.assessment.presentation import muscle_name, results_view

    result = {
        "triage": {"level": "none", "program_allowed": True, "reasons": []},
        "scores": {},
        "findings": [],
        "imbalances": {"tight": ["iliopsoas", "hamstrings"], "weak": ["iliopsoas", "gluteus_maximus"]},
    }
    shown = results_view(result)
    assert shown["tight_and_weak"] == [muscle_name("iliopsoas")]
    assert muscle_name("iliopsoas") not in shown["tight"] + shown["weak"]
    states = {m.id: m.state for m in shown["front"] + shown["back"]}
    assert states["iliopsoas"] == "both"
    assert next(m.label for m in shown["front"] if m.id == "iliopsoas").endswith("tight and weak")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_results_page_with_posture_photos_reads_well(live_server, page, shoot, axe_check) -> None:
    from playwright.sync_api import expect

    from tests.web.factories import DEFAULT_PASSWORD

    answers = complete_answers()
    answers["posture"] = {"pelvic_obliquity_deg": 5.2, "shoulder_obliquity_deg": 1.0, "pelvis_forward": False}
    user = UserFactory(email="photos@example.org")
    assessment = AssessmentFactory(user=user, completed=True, answers=answers, result=plan(answers))
    page.goto(live_server.url + "/accounts/login/")
    page.locator("main").get_by_label("Email address").fill("photos@example.org")
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/assessment/{assessment.pk}/results/")
    expect(page.get_by_role("heading", name="What your posture photos showed")).to_be_visible()
    expect(page.get_by_text("Yes: it points to “One hip higher than the other”.")).to_be_visible()
    axe_check(page)
    shoot(page, "assessment-results-posture")

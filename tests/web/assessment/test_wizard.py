"""The assessment wizard: step by step, validated, resumable, and its answers are the engine's input."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from backwell.engine import ids, plan
from backwell.web.assessment.models import Assessment
from tests.web.factories import AssessmentFactory, UserFactory

from .wizard_answers import ABOUT, PAIN, TESTS, questionnaires_data, safety_data

pytestmark = pytest.mark.django_db

SCHEMA_PATH = Path(__file__).resolve().parents[4] / "shared" / "contract" / "engine-input.schema.json"
STEPS = ("safety", "about", "pain", "questionnaires", "tests")


def _data_for(step: str) -> dict[str, Any]:
    return {
        "safety": safety_data(),
        "about": ABOUT,
        "pain": PAIN,
        "questionnaires": questionnaires_data(),
        "tests": TESTS,
    }[step]


def _started(client: Client) -> Assessment:
    user = UserFactory()
    client.force_login(user)
    client.post("/assessment/", {"kind": "initial"})
    return Assessment.objects.get(user=user)


def _walk(client: Client, assessment: Assessment, upto: str) -> None:
    for step in STEPS:
        if step == upto:
            return
        response = client.post(f"/assessment/{assessment.pk}/{step}/", _data_for(step))
        assert response.status_code == 302, (step, response.content.decode()[:2000])


def test_finished_answers_are_exactly_a_valid_engine_input_document(client: Client) -> None:
    assessment = _started(client)
    _walk(client, assessment, upto="")
    assessment.refresh_from_db()
    schema = json.loads(SCHEMA_PATH.read_text())
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(
        assessment.answers
    )
    assert plan(assessment.answers) == assessment.result
    assert assessment.answers["profile"] == {
        "age": 41,
        "sex": "female",
        "pregnant": False,
        "activity_level": "low",
        "equipment": ["mat", "ball", "foam_roller", "wall", "chair"],
        "conditions": [],
        "minutes_per_day": 20,
        "days_per_week": 5,
        "wants_inversion": False,
    }
    assert assessment.answers["pain"]["duration_weeks"] == pytest.approx(17.3)
    assert assessment.answers["questionnaires"]["rmdq"].count(True) == 6
    assert assessment.answers["tests"]["plank_s"] == 35
    assert assessment.completed_at is not None
    assert {f["id"] for f in assessment.result["findings"]} >= {"anterior_pelvic_tilt", "flexion_sensitivity"}


def test_each_step_is_saved_as_soon_as_it_is_answered_and_the_person_resumes_there(client: Client) -> None:
    assessment = _started(client)
    _walk(client, assessment, upto="pain")
    assessment.refresh_from_db()
    assert assessment.step == "pain"
    assert assessment.answers["profile"]["minutes_per_day"] == 20
    assert "pain" not in assessment.answers
    # Coming back later: the start page offers to continue, and the step opens where they were.
    assert f"/assessment/{assessment.pk}/pain/" in client.get("/assessment/").content.decode()
    page = client.get(f"/assessment/{assessment.pk}/about/").content.decode()
    assert 'value="20"' in page


def test_later_steps_cannot_be_opened_before_the_safety_check(client: Client) -> None:
    assessment = _started(client)
    response = client.get(f"/assessment/{assessment.pk}/tests/")
    assert response.status_code == 302
    assert response["Location"] == f"/assessment/{assessment.pk}/safety/"
    response = client.post(f"/assessment/{assessment.pk}/tests/", TESTS)
    assessment.refresh_from_db()
    assert "tests" not in assessment.answers


def test_unanswered_safety_questions_are_named_and_nothing_is_saved(client: Client) -> None:
    assessment = _started(client)
    data = safety_data()
    del data["flag_saddle_numbness"]
    response = client.post(f"/assessment/{assessment.pk}/safety/", data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Please answer yes or no." in body
    assert "Nothing from this page was saved yet" in body
    assessment.refresh_from_db()
    assert assessment.answers == {}
    assert assessment.step == "safety"


def test_safety_screen_asks_all_nineteen_red_flags_in_plain_words(client: Client) -> None:
    from backwell.engine.knowledge import load

    assessment = _started(client)
    body = client.get(f"/assessment/{assessment.pk}/safety/").content.decode()
    kb = load()
    assert len(ids.RED_FLAGS) == 19
    for flag in ids.RED_FLAGS:
        assert f'name="flag_{flag}"' in body
        assert kb.red_flags[flag].question.replace("'", "&#x27;") in body


def test_emergency_answers_stop_everything_and_later_steps_stay_closed(client: Client) -> None:
    assessment = _started(client)
    response = client.post(f"/assessment/{assessment.pk}/safety/", safety_data(yes=("bladder_dysfunction",)))
    assert response["Location"] == f"/assessment/{assessment.pk}/stop/"
    page = client.get(response["Location"]).content.decode()
    assert "Seek emergency care now" in page
    assert "Already checked?" not in page
    # A forged clearance does not open the program for emergency signs.
    client.post(f"/assessment/{assessment.pk}/stop/", {"cleared": "on"})
    for step in STEPS[1:]:
        assert client.get(f"/assessment/{assessment.pk}/{step}/")["Location"].endswith("/stop/")
    assessment.refresh_from_db()
    assert "clinician_cleared" not in assessment.answers


def test_urgent_answers_withhold_the_program_until_a_clinician_cleared_the_person(client: Client) -> None:
    assessment = _started(client)
    client.post(f"/assessment/{assessment.pk}/safety/", safety_data(yes=("major_trauma",)))
    page = client.get(f"/assessment/{assessment.pk}/stop/").content.decode()
    assert "See a doctor first" in page
    assert client.get(f"/assessment/{assessment.pk}/about/")["Location"].endswith("/stop/")
    client.post(f"/assessment/{assessment.pk}/stop/", {"cleared": "on"})
    assessment.refresh_from_db()
    assert assessment.answers["clinician_cleared"] is True
    assert assessment.step == "about"
    for step in STEPS[1:]:
        client.post(f"/assessment/{assessment.pk}/{step}/", _data_for(step))
    assessment.refresh_from_db()
    assert assessment.result["triage"]["level"] == "urgent"
    assert assessment.result["program"] is not None


def test_cancer_history_is_urgent_from_age_fifty_because_the_safety_step_asks_the_age(client: Client) -> None:
    assessment = _started(client)
    client.post(f"/assessment/{assessment.pk}/safety/", safety_data(yes=("cancer_history",), age=58))
    assessment.refresh_from_db()
    assert assessment.step == "stopped"


def test_routine_answers_continue_with_advice_to_book_a_review(client: Client) -> None:
    assessment = _started(client)
    response = client.post(f"/assessment/{assessment.pk}/safety/", safety_data(yes=("thoracic_pain",)))
    assert response["Location"] == f"/assessment/{assessment.pk}/about/"
    page = client.get(response["Location"]).content.decode()
    assert "Book a check-up with your doctor" in page


def test_changing_safety_answers_later_needs_a_fresh_clearance(client: Client) -> None:
    assessment = _started(client)
    client.post(f"/assessment/{assessment.pk}/safety/", safety_data(yes=("major_trauma",)))
    client.post(f"/assessment/{assessment.pk}/stop/", {"cleared": "on"})
    client.post(f"/assessment/{assessment.pk}/safety/", safety_data(yes=("major_trauma", "fever")))
    assessment.refresh_from_db()
    assert "clinician_cleared" not in assessment.answers
    assert assessment.step == "stopped"


@pytest.mark.parametrize(
    ("step", "field", "value", "message"),
    [
        ("safety", "age", "15", "from 16 to 110"),
        ("safety", "age", "forty", "from 16 to 110"),
        ("safety", "flag_fever", "maybe", "Please answer yes or no."),
        ("about", "minutes_per_day", "500", "from 5 to 120"),
        ("about", "days_per_week", "0", "from 1 to 7"),
        ("about", "equipment", ["mat", "jetpack"], "Please tick only the options shown."),
        ("about", "sex", "<script>alert(1)</script>", "Please choose one of the options shown."),
        (
            "about",
            "conditions",
            ["'; DROP TABLE assessment_assessment; --"],
            "Please tick only the options shown.",
        ),
        ("pain", "nrs", "11", "Please choose one of the options shown."),
        ("pain", "duration_amount", "9" * 40, "Please give a shorter number"),
        ("pain", "duration_amount", "2000", "at most 100 years"),
        ("pain", "regions", ["lumbar_left", "moon"], "Please tick only the options shown."),
        ("questionnaires", "psfs_activity_1", "x" * 201, "at most 200 characters"),
        ("questionnaires", "psfs_score_1", "", "Please rate this activity from 0 to 10."),
        ("questionnaires", "peg_2", "", "Please choose one."),
        ("tests", "plank_s", "-5", "from 0 to 1200"),
        ("tests", "thomas_left", "very", "Please choose one of the options shown."),
        ("tests", "knee_extension_deficit_left_deg", "1e9", "from 0 to 90"),
    ],
)
def test_bad_and_hostile_input_gets_a_clear_message_and_nothing_is_saved(
    client: Client, step: str, field: str, value: Any, message: str
) -> None:
    assessment = _started(client)
    _walk(client, assessment, upto=step)
    assessment.refresh_from_db()
    before = (assessment.answers, assessment.step)
    response = client.post(f"/assessment/{assessment.pk}/{step}/", {**_data_for(step), field: value})
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert "<script>alert(1)</script>" not in body
    assessment.refresh_from_db()
    assert (assessment.answers, assessment.step) == before


def test_the_activities_step_says_one_is_required_and_explains_when_none_is_given(client: Client) -> None:
    assessment = _started(client)
    _walk(client, assessment, upto="questionnaires")
    page = client.get(f"/assessment/{assessment.pk}/questionnaires/").content.decode()
    assert "Name at least one activity; the other four are optional." in page
    assert "Activity 1 (required)" in page and "Activity 2 (optional)" in page
    data = {k: v for k, v in questionnaires_data().items() if not k.startswith("psfs_")}
    response = client.post(f"/assessment/{assessment.pk}/questionnaires/", data)
    assert response.status_code == 400
    assert "Please name at least one activity your back makes hard, and rate it from 0 to 10." in (
        response.content.decode()
    )


def test_a_script_typed_as_an_activity_is_stored_as_text_and_shown_escaped(client: Client) -> None:
    assessment = _started(client)
    _walk(client, assessment, upto="questionnaires")
    data = {**questionnaires_data(), "psfs_activity_1": "<script>alert(1)</script>"}
    client.post(f"/assessment/{assessment.pk}/questionnaires/", data)
    assessment.refresh_from_db()
    assert assessment.answers["questionnaires"]["psfs"][0]["activity"] == "<script>alert(1)</script>"
    page = client.get(f"/assessment/{assessment.pk}/questionnaires/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_pregnancy_must_be_answered_unless_the_person_is_male(client: Client) -> None:
    assessment = _started(client)
    _walk(client, assessment, upto="about")
    missing = {k: v for k, v in ABOUT.items() if k != "pregnant"}
    response = client.post(f"/assessment/{assessment.pk}/about/", missing)
    assert response.status_code == 400
    response = client.post(f"/assessment/{assessment.pk}/about/", {**missing, "sex": "male"})
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.answers["profile"]["pregnant"] is False


def test_rather_not_say_becomes_a_null_sex_the_engine_accepts(client: Client) -> None:
    assessment = _started(client)
    _walk(client, assessment, upto="about")
    client.post(f"/assessment/{assessment.pk}/about/", {**ABOUT, "sex": "unsaid"})
    assessment.refresh_from_db()
    assert assessment.answers["profile"]["sex"] is None


def test_self_tests_are_all_optional(client: Client) -> None:
    assessment = _started(client)
    _walk(client, assessment, upto="tests")
    response = client.post(f"/assessment/{assessment.pk}/tests/", {})
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.answers["tests"] == {}
    assert assessment.result is not None


def test_start_back_is_left_out_with_its_notice_when_switched_off(client: Client, settings) -> None:
    settings.STARTBACK_ENABLED = False
    assessment = _started(client)
    _walk(client, assessment, upto="questionnaires")
    page = client.get(f"/assessment/{assessment.pk}/questionnaires/").content.decode()
    assert "Keele" not in page
    client.post(f"/assessment/{assessment.pk}/questionnaires/", questionnaires_data(start_back=False))
    assessment.refresh_from_db()
    assert "start_back" not in assessment.answers["questionnaires"]


def test_start_back_shows_its_copyright_notice(client: Client) -> None:
    assessment = _started(client)
    _walk(client, assessment, upto="questionnaires")
    page = client.get(f"/assessment/{assessment.pk}/questionnaires/").content.decode()
    assert "© Keele University" in page
    assert page.count('name="rmdq_') == 24


def test_pain_drawing_offers_every_region_as_a_labelled_checkbox_and_a_figure_shape(client: Client) -> None:
    assessment = _started(client)
    _walk(client, assessment, upto="pain")
    page = client.get(f"/assessment/{assessment.pk}/pain/").content.decode()
    for region in ids.REGIONS:
        assert f'data-region="{region}"' in page
        assert f'name="regions" value="{region}"' in page
    client.post(f"/assessment/{assessment.pk}/pain/", PAIN)
    page = client.get(f"/assessment/{assessment.pk}/pain/").content.decode()
    # Without JavaScript the server marks the chosen regions on the figure.
    assert 'class="region selected" data-region="buttock_left"' in page


def test_results_show_triage_findings_and_coloured_muscles_in_screening_language(client: Client) -> None:
    assessment = _started(client)
    _walk(client, assessment, upto="")
    page = client.get(f"/assessment/{assessment.pk}/results/").content.decode()
    assert "No warning signs" in page
    assert "Forward-tilted pelvis" in page
    assert "not a diagnosis" in page
    assert page.lower().count("diagnos") == page.lower().count("not a diagnosis")
    assert 'class="muscle tight"' in page and 'class="muscle weak"' in page
    assert "Tight: stretch these" in page and "Weak: strengthen these" in page
    # Trigger points name the marked places mid-sentence, so in lower case: "matches: left buttock".
    matched = re.findall(r"— matches: ([^<]+)</li>", page)
    assert matched and all(places == places.lower() for places in matched)


def test_a_retest_repeats_only_the_self_tests_and_keeps_the_other_answers(client: Client) -> None:
    user = UserFactory()
    first = AssessmentFactory(user=user, completed=True)
    client.force_login(user)
    response = client.post("/assessment/", {"kind": "retest"})
    retest = Assessment.objects.exclude(pk=first.pk).get()
    assert response["Location"] == f"/assessment/{retest.pk}/tests/"
    assert retest.answers["profile"] == first.answers["profile"]
    assert client.get(f"/assessment/{retest.pk}/safety/").status_code == 404
    client.post(f"/assessment/{retest.pk}/tests/", {**TESTS, "plank_s": "90"})
    retest.refresh_from_db()
    assert retest.kind == "retest"
    assert retest.answers["tests"]["plank_s"] == 90
    assert retest.result is not None
    # The results set the new self-tests beside the previous ones.
    page = client.get(f"/assessment/{retest.pk}/results/").content.decode()
    assert "Your self-tests then and now" in page
    assert "<td>35 s</td><td>90 s</td>" in page


def test_a_retest_needs_a_finished_assessment(client: Client) -> None:
    client.force_login(UserFactory())
    response = client.post("/assessment/", {"kind": "retest"}, follow=True)
    assert "needs a finished assessment first" in response.content.decode()
    assert not Assessment.objects.exists()


def test_an_unfinished_assessment_can_be_discarded_but_a_finished_one_is_kept(client: Client) -> None:
    user = UserFactory()
    unfinished = AssessmentFactory(user=user)
    finished = AssessmentFactory(user=user, completed=True)
    client.force_login(user)
    client.post(f"/assessment/{unfinished.pk}/discard/")
    client.post(f"/assessment/{finished.pk}/discard/")
    assert list(Assessment.objects.values_list("pk", flat=True)) == [finished.pk]


@pytest.mark.datalayer
def test_the_history_page_makes_the_same_number_of_queries_however_long_the_history(client: Client) -> None:
    user = UserFactory()
    client.force_login(user)
    AssessmentFactory(user=user, completed=True)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/assessment/").status_code == 200
    for _ in range(6):
        AssessmentFactory(user=user, completed=True, result={"triage": {}})
    with CaptureQueriesContext(connection) as many:
        client.get("/assessment/")
    assert len(many) == len(few)


def test_the_inversion_question_and_each_self_test_name_their_sources(client: Client) -> None:
    from backwell.engine.knowledge import load

    kb = load()
    assessment = _started(client)
    _walk(client, assessment, upto="about")
    about = client.get(f"/assessment/{assessment.pk}/about/").content.decode()
    assert "guidelines do not recommend traction" in about
    assert kb.sources["cochrane_traction_wegner_2013"].title.replace("'", "&#x27;") in about
    _walk(client, assessment, upto="tests")
    tests = client.get(f"/assessment/{assessment.pk}/tests/").content.decode()
    assert tests.count("Sources:") == 9
    assert kb.sources["mcgill_endurance"].title.replace("'", "&#x27;") in tests

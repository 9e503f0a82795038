"""The assessment's services on the database: whole steps or nothing, triage, and completion."""

from __future__ import annotations

import datetime

import pytest

from backwell.web.assessment import services
from backwell.web.assessment.models import Assessment
from tests.web.factories import AssessmentFactory, UserFactory, complete_answers

pytestmark = [pytest.mark.django_db, pytest.mark.datalayer]


def test_starting_twice_resumes_the_same_unfinished_assessment() -> None:
    user = UserFactory()
    first = services.assessment_start(user=user)
    again = services.assessment_start(user=user)
    assert first.pk == again.pk
    assert Assessment.objects.filter(user=user).count() == 1


def test_a_step_that_breaks_the_contract_is_refused_whole() -> None:
    assessment = AssessmentFactory()
    with pytest.raises(services.AnswersRejected) as refused:
        services.assessment_step_save(
            assessment=assessment,
            step="safety",
            sections={"red_flags": ["not_a_flag"], "profile.age": 40},
        )
    assert refused.value.field.startswith("red_flags")
    assessment.refresh_from_db()
    assert assessment.answers == {}
    assert assessment.step == "safety"


def test_the_safety_step_stops_at_emergency_and_continues_when_clear() -> None:
    assessment = AssessmentFactory()
    services.assessment_step_save(
        assessment=assessment, step="safety", sections={"red_flags": ["saddle_numbness"], "profile.age": 30}
    )
    assessment.refresh_from_db()
    assert assessment.step == "stopped"
    with pytest.raises(ValueError, match="emergency"):
        services.assessment_clearance_confirm(assessment=assessment)
    services.assessment_step_save(
        assessment=assessment, step="safety", sections={"red_flags": [], "profile.age": 30}
    )
    assessment.refresh_from_db()
    assert assessment.step == "about"
    assert assessment.answers == {"red_flags": [], "profile": {"age": 30}}


def test_going_back_to_edit_a_step_keeps_the_furthest_step_reached() -> None:
    answers = complete_answers()
    del answers["tests"]
    assessment = AssessmentFactory(step="tests", answers=answers)
    services.assessment_step_save(
        assessment=assessment, step="about", sections={"profile": answers["profile"]}
    )
    assessment.refresh_from_db()
    assert assessment.step == "tests"


def test_completing_runs_the_engine_and_anchors_the_program_calendar() -> None:
    assessment = AssessmentFactory(step="tests", answers=complete_answers())
    services.assessment_complete(assessment=assessment, today=datetime.date(2027, 1, 4))
    assessment.refresh_from_db()
    assert assessment.completed_at is not None
    assert assessment.answers["start_date"] == "2027-01-04"
    assert assessment.result["program"]["days"][0]["date"] == "2027-01-04"


def test_a_retest_copies_everything_but_the_self_tests() -> None:
    user = UserFactory()
    AssessmentFactory(user=user, completed=True)
    retest = services.assessment_start(user=user, kind=Assessment.Kind.RETEST)
    assert retest.step == "tests"
    assert "tests" not in retest.answers
    assert "start_date" not in retest.answers
    assert retest.answers["pain"]["nrs"] == 5

"""Starting a program, logging sessions and swapping items: the rules a person relies on."""

from __future__ import annotations

import uuid

import pytest
from django.utils import timezone

from backwell.web.programs import selectors, services, swaps
from backwell.web.programs.models import ItemLog, Program, SessionLog
from tests.web.factories import AssessmentFactory, UserFactory, complete_answers
from tests.web.programs.conftest import start_program

pytestmark = [pytest.mark.django_db, pytest.mark.datalayer]


def test_program_days_are_dated_from_the_start_day() -> None:
    program = start_program()
    first = selectors.program_days(program)[0]
    assert first["date"] == timezone.localdate().isoformat()
    todays, _ = selectors.session_for(program, today=timezone.localdate())
    assert todays is not None and todays["week"] == 1


def test_no_program_starts_when_the_safety_check_found_urgent_signs() -> None:
    answers = complete_answers()
    answers["red_flags"] = ["progressive_weakness"]
    user = UserFactory()
    assessment = AssessmentFactory(user=user, completed=True, answers=answers)
    with pytest.raises(services.ProgramError, match="doctor"):
        services.program_start(user=user, assessment=assessment, start_date=timezone.localdate())
    assert not Program.objects.filter(user=user).exists()


def test_someone_elses_assessment_cannot_start_my_program() -> None:
    mine, theirs = UserFactory(), AssessmentFactory(completed=True)
    with pytest.raises(services.ProgramError):
        services.program_start(user=mine, assessment=theirs, start_date=timezone.localdate())


def test_posting_the_same_item_log_twice_records_it_once(program: Program) -> None:
    client_id = uuid.uuid4()
    for _ in range(2):
        services.item_log_record(program=program, week=1, day=1, index=0, outcome="done", client_id=client_id)
    assert ItemLog.objects.filter(session__program=program).count() == 1


def test_a_session_is_complete_when_every_item_has_an_outcome(program: Program) -> None:
    day = selectors.program_day(program, week=1, day=1)
    assert day is not None
    for index in range(len(day["items"])):
        outcome = "hurt" if index == 0 else "done"
        services.item_log_record(
            program=program, week=1, day=1, index=index, outcome=outcome, client_id=uuid.uuid4()
        )
    session = SessionLog.objects.get(program=program, week=1, day=1)
    assert session.completed_at is not None
    progress = selectors.day_progress(program)[(1, 1)]
    assert (progress.done, progress.hurt, progress.completed) == (len(day["items"]) - 1, 1, True)


def test_an_item_outside_the_session_is_refused(program: Program) -> None:
    with pytest.raises(services.ProgramError, match="not part of this session"):
        services.item_log_record(
            program=program, week=1, day=1, index=99, outcome="done", client_id=uuid.uuid4()
        )
    with pytest.raises(services.ProgramError, match="no day"):
        services.session_pain_record(program=program, week=13, day=1, before=3)
    assert not SessionLog.objects.exists()


def test_a_paused_program_takes_no_new_logs(program: Program) -> None:
    services.program_pause(program=program, week=1, reason="See a doctor today.")
    with pytest.raises(services.ProgramError, match="paused"):
        services.item_log_record(
            program=program, week=1, day=1, index=0, outcome="done", client_id=uuid.uuid4()
        )


def test_pain_out_of_range_is_refused_and_nothing_saved(program: Program) -> None:
    with pytest.raises(services.ProgramError, match="0 \\(none\\) to 10"):
        services.session_pain_record(program=program, week=1, day=1, before=11)
    assert not SessionLog.objects.exists()


def _first_item_with_alternatives(program: Program) -> tuple[int, int, int, dict]:
    for day in selectors.program_days(program):
        for index, item in enumerate(day["items"]):
            if swaps.alternatives(program, item, week=day["week"]):
                return day["week"], day["day"], index, item
    raise AssertionError("no item of the demo program has an alternative")


def test_alternatives_use_only_equipment_the_person_has_and_suit_their_conditions() -> None:
    answers = complete_answers()
    answers["profile"]["equipment"] = []
    answers["profile"]["conditions"] = ["osteoporosis", "joint_replacement_hip", "ventral_hernia"]
    program = start_program(answers=answers)
    for day in selectors.program_days(program)[:10]:
        for item in day["items"]:
            for ex in swaps.alternatives(program, item, week=day["week"]):
                assert ex.equipment == ()
                assert not {"osteoporosis", "joint_replacement_hip", "ventral_hernia"} & set(
                    ex.contraindications
                )
                assert set(ex.targets) & set(item["targets"])


def test_a_swap_replaces_the_item_from_that_day_on_and_keeps_sessions_within_time(program: Program) -> None:
    week, day, index, item = _first_item_with_alternatives(program)
    replacement = swaps.alternatives(program, item, week=week)[0]
    change = swaps.program_swap(
        program=program, week=week, day=day, index=index, replacement=replacement.slug
    )
    program.refresh_from_db()
    limit = program.inputs["profile"]["minutes_per_day"] * 1.05
    for entry in selectors.program_days(program):
        slugs = [i["exercise"] for i in entry["items"]]
        if (entry["week"], entry["day"]) >= (week, day):
            assert item["exercise"] not in slugs
        assert entry["minutes"] <= limit
        assert entry["minutes"] == pytest.approx(sum(i["minutes"] for i in entry["items"]))
    swapped = selectors.program_day(program, week=week, day=day)["items"][index]
    assert swapped["exercise"] == replacement.slug
    assert any("swapped" in why for why in swapped["why"])
    assert replacement.name in change.changes[0]["what"]


def test_a_swap_to_an_exercise_that_does_not_serve_the_purpose_is_refused(program: Program) -> None:
    week, day, index, item = _first_item_with_alternatives(program)
    before = program.plan
    with pytest.raises(swaps.SwapError):
        swaps.program_swap(program=program, week=week, day=day, index=index, replacement="inversion_level_3")
    program.refresh_from_db()
    assert program.plan == before


def test_one_day_read_from_the_database_matches_the_whole_plan(program: Program) -> None:
    light = selectors.active_program(user=program.user, with_plan=False)
    assert light is not None and "plan" in light.get_deferred_fields()
    for entry in selectors.program_days(program)[::7]:
        assert selectors.program_day(light, week=entry["week"], day=entry["day"]) == entry
    assert "plan" in light.get_deferred_fields(), "reading one day must not load the whole plan"
    assert selectors.program_day(light, week=1, day=99) is None
    assert selectors.program_day(light, week=13, day=1) is None

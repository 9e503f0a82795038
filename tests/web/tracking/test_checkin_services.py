"""Daily and weekly check-ins, the red-flag re-screen and the calendar secret, at the service layer."""

from __future__ import annotations

import datetime

import pytest

from backwell.web.programs.models import Program, ProgramChange
from backwell.web.tracking import services
from backwell.web.tracking.models import CalendarFeed, DailyCheckIn, WeeklyCheckIn
from tests.web.factories import UserFactory

from .factories import started_program

pytestmark = [pytest.mark.django_db, pytest.mark.datalayer]

TODAY = datetime.date(2026, 11, 24)
NO_RMDQ = [False] * 24


def weekly(
    program: Program, *, week: int, red_flags: list[str]
) -> tuple[WeeklyCheckIn, services.ScreenOutcome]:
    """A weekly check-in with steady pain and scores: only the week and the red flags vary."""
    return services.weekly_checkin_record(
        user=program.user,
        program=program,
        week=week,
        date=TODAY,
        pain=5,
        rmdq_answers=NO_RMDQ,
        psfs_scores=[4, 5],
        red_flags=red_flags,
    )


def test_a_second_daily_checkin_on_the_same_day_replaces_the_first() -> None:
    user = UserFactory()
    services.daily_checkin_record(user=user, date=TODAY, pain=6, note="long drive")
    services.daily_checkin_record(user=user, date=TODAY, pain=3, note="")
    checkins = list(DailyCheckIn.objects.filter(user=user))
    assert [(c.pain, c.note) for c in checkins] == [(3, "")]


@pytest.mark.parametrize("pain", [-1, 11, 3.5, True, "4"])
def test_daily_pain_outside_0_to_10_is_refused_and_nothing_is_saved(pain: object) -> None:
    user = UserFactory()
    with pytest.raises(services.CheckInError, match="from 0"):
        services.daily_checkin_record(user=user, date=TODAY, pain=pain, note="")  # type: ignore[arg-type]
    assert not DailyCheckIn.objects.exists()


def test_an_overlong_note_is_refused_with_the_limit() -> None:
    with pytest.raises(services.CheckInError, match="1000"):
        services.daily_checkin_record(user=UserFactory(), date=TODAY, pain=2, note="x" * 1001)


def test_weekly_checkin_scores_rmdq_and_psfs_as_published() -> None:
    program = started_program(start_date=TODAY)
    answers = [i < 4 for i in range(24)]
    checkin, outcome = services.weekly_checkin_record(
        user=program.user,
        program=program,
        week=1,
        date=TODAY,
        pain=4,
        rmdq_answers=answers,
        psfs_scores=[6, 7],
        red_flags=[],
    )
    assert checkin.rmdq_score == 4
    assert checkin.psfs_mean == 6.5
    assert [a["activity"] for a in checkin.psfs] == [
        "sitting through a work meeting",
        "picking up my toddler",
    ]
    assert outcome.level == "none" and not outcome.paused


def test_a_new_emergency_flag_pauses_the_program_with_the_engines_advice() -> None:
    program = started_program(start_date=TODAY)
    _checkin, outcome = weekly(program, week=1, red_flags=["saddle_numbness"])
    program.refresh_from_db()
    assert outcome.paused and outcome.level == "emergency"
    assert program.status == Program.Status.PAUSED
    assert "emergency" in program.paused_reason.lower()
    pause = ProgramChange.objects.get(program=program, kind=ProgramChange.Kind.PAUSE)
    assert pause.changes[0]["why"] == program.paused_reason


def test_a_routine_new_flag_gives_advice_but_keeps_the_program_going() -> None:
    program = started_program(start_date=TODAY)
    _checkin, outcome = weekly(program, week=1, red_flags=["night_pain"])
    program.refresh_from_db()
    assert outcome.level == "routine" and not outcome.paused
    assert outcome.advice
    assert program.status == Program.Status.ACTIVE


def test_a_new_flag_that_combines_with_an_old_one_into_urgent_pauses() -> None:
    program = started_program(start_date=TODAY)
    weekly(program, week=1, red_flags=["weight_loss"])
    program.refresh_from_db()
    assert program.status == Program.Status.ACTIVE
    _checkin, outcome = weekly(program, week=2, red_flags=["weight_loss", "night_pain"])
    program.refresh_from_db()
    assert outcome.level == "urgent" and outcome.paused
    assert program.status == Program.Status.PAUSED


def test_an_unknown_flag_or_wrong_psfs_count_saves_nothing() -> None:
    program = started_program(start_date=TODAY)
    with pytest.raises(services.CheckInError, match="safety questions"):
        weekly(program, week=1, red_flags=["<script>"])
    with pytest.raises(services.CheckInError, match="2 activities"):
        services.weekly_checkin_record(
            user=program.user,
            program=program,
            week=1,
            date=TODAY,
            pain=5,
            rmdq_answers=NO_RMDQ,
            psfs_scores=[4],
            red_flags=[],
        )
    assert not WeeklyCheckIn.objects.exists()


def test_revoking_the_calendar_feed_replaces_its_secret() -> None:
    user = UserFactory()
    feed = services.calendar_feed_create(user=user)
    again = services.calendar_feed_create(user=user)
    assert again.token == feed.token
    revoked = services.calendar_feed_revoke(user=user)
    assert revoked.pk == feed.pk and revoked.token != feed.token
    assert CalendarFeed.objects.filter(token=feed.token).count() == 0

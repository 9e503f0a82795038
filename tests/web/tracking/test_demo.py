"""The demo person's eight weeks: believable history, adaptations, and safe to run twice."""

from __future__ import annotations

import pytest

from backwell.web.programs.models import ItemLog, Program, ProgramChange
from backwell.web.tracking.demo import add_history
from backwell.web.tracking.models import DailyCheckIn, EnduranceTest, WeeklyCheckIn
from tests.web.factories import AssessmentFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.datalayer]


def test_demo_history_has_eight_weeks_of_improving_numbers_and_their_adaptations() -> None:
    user = UserFactory()
    AssessmentFactory(user=user, completed=True)
    program = add_history(user=user)
    pains = list(DailyCheckIn.objects.filter(user=user).order_by("date").values_list("pain", flat=True))
    assert 40 <= len(pains) <= 56
    first, last = pains[:7], pains[-7:]
    assert sum(last) / len(last) < sum(first) / len(first) - 1
    weekly = list(WeeklyCheckIn.objects.filter(program=program).order_by("week"))
    assert [w.week for w in weekly] == list(range(1, 9))
    assert weekly[-1].rmdq_score < weekly[0].rmdq_score
    assert weekly[-1].psfs_mean > weekly[0].psfs_mean
    outcomes = set(ItemLog.objects.filter(session__program=program).values_list("outcome", flat=True))
    assert outcomes == {"done", "skipped", "hurt"}
    adaptations = ProgramChange.objects.filter(program=program, kind="adaptation")
    assert sorted(adaptations.values_list("week", flat=True)) == list(range(1, 9))
    assert any(change.changes for change in adaptations)
    assert EnduranceTest.objects.filter(user=user).count() == 2


def test_running_the_demo_twice_changes_nothing() -> None:
    user = UserFactory()
    AssessmentFactory(user=user, completed=True)
    first = add_history(user=user)
    counts = (DailyCheckIn.objects.count(), ItemLog.objects.count(), ProgramChange.objects.count())
    second = add_history(user=user)
    assert second.pk == first.pk
    assert Program.objects.filter(user=user).count() == 1
    assert (DailyCheckIn.objects.count(), ItemLog.objects.count(), ProgramChange.objects.count()) == counts

"""The worklist: sorted by need with the reason, filters and search, scores with their bands, and the
same number of database queries for 5 people as for 500."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from backwell.web.accounts.models import User
from backwell.web.clinic.models import AccessLogEntry, ClinicianLink, DataKind
from backwell.web.programs.models import Program, SessionLog
from backwell.web.tracking.models import DailyCheckIn, WeeklyCheckIn
from tests.web.clinic.world import clinician, link
from tests.web.programs.conftest import start_program

pytestmark = pytest.mark.django_db
EVERY_KIND = tuple(DataKind.values)


def _people(count: int, template: Program, doctor: User) -> None:
    """`count` linked people, each with a program, a week of check-ins, sessions and a weekly check-in."""
    today = timezone.localdate()
    users = User.objects.bulk_create(
        User(email=f"bulk{n}-{doctor.pk}@example.org", display_name=f"Bulk {n}", password="!")
        for n in range(count)
    )
    programs = Program.objects.bulk_create(
        Program(user=u, inputs=template.inputs, plan={"program": {}}, start_date=template.start_date)
        for u in users
    )
    DailyCheckIn.objects.bulk_create(
        DailyCheckIn(user=u, date=today - datetime.timedelta(days=d), pain=4) for u in users for d in range(3)
    )
    SessionLog.objects.bulk_create(
        SessionLog(
            program=p, week=1, day=d, date=today - datetime.timedelta(days=d), completed_at=timezone.now()
        )
        for p in programs
        for d in range(1, 3)
    )
    WeeklyCheckIn.objects.bulk_create(
        WeeklyCheckIn(user=p.user, program=p, week=1, date=today, pain=4, rmdq_score=3, psfs_mean=5.0)
        for p in programs
    )
    ClinicianLink.objects.bulk_create(
        ClinicianLink(
            person=u,
            clinician=doctor,
            consent_changed_at=timezone.now(),
            shares_scores=True,
            shares_adherence=True,
            shares_program=True,
        )
        for u in users
    )


def _queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("clinic:worklist"))
    assert response.status_code == 200
    return len(captured)


def test_the_worklist_costs_the_same_queries_for_5_people_as_for_500() -> None:
    template = start_program(start=timezone.localdate() - datetime.timedelta(days=10))
    small, large = clinician(), clinician()
    _people(5, template, small)
    _people(500, template, large)
    client = Client()
    client.force_login(small)
    few = _queries(client)
    client.force_login(large)
    many = _queries(client)
    assert few == many, f"5 people: {few} queries, 500 people: {many}"
    assert AccessLogEntry.objects.filter(clinician=large).values("person").distinct().count() == 500
    # A second visit the same day adds no log entries and no queries.
    assert _queries(client) == many
    assert AccessLogEntry.objects.filter(clinician=large).count() == 500 * 3


def _person(
    name: str, doctor: User, *, kinds: tuple[str, ...] = EVERY_KIND, start_days_ago: int = 20
) -> Program:
    program = start_program(start=timezone.localdate() - datetime.timedelta(days=start_days_ago))
    User.objects.filter(pk=program.user_id).update(display_name=name)
    program.user.refresh_from_db()
    link(program.user, doctor, kinds)
    return program


def _active_today(program: Program) -> None:
    """A check-in and a finished session in the last days: no inactivity or adherence alert."""
    today = timezone.localdate()
    DailyCheckIn.objects.create(user=program.user, date=today, pain=3)
    days_per_week = program.inputs["profile"]["days_per_week"]
    for d in range(1, days_per_week + 1):
        SessionLog.objects.create(
            program=program,
            week=2,
            day=d,
            date=today - datetime.timedelta(days=d),
            completed_at=timezone.now(),
        )


def test_a_red_flag_puts_the_person_on_top_with_the_reason() -> None:
    doctor = clinician()
    calm = _person("Calm Carla", doctor)
    _active_today(calm)
    inactive = _person("Absent Abe", doctor)
    flagged = _person("Flagged Fran", doctor)
    _active_today(flagged)
    WeeklyCheckIn.objects.create(
        user=flagged.user,
        program=flagged,
        week=2,
        date=timezone.localdate(),
        pain=4,
        rmdq_score=3,
        red_flags=["fever"],
        triage={"level": "urgent", "reasons": []},
    )
    client = Client()
    client.force_login(doctor)
    page = client.get(reverse("clinic:worklist")).content.decode()
    order = [page.index(name) for name in ("Flagged Fran", "Absent Abe", "Calm Carla")]
    assert order == sorted(order)
    assert "Warning sign at a check-in" in page and "week 2 check-in" in page
    assert "Nothing needs your attention." in page
    assert inactive.user.email not in page


def test_filters_and_search_narrow_the_list_and_bad_filters_are_refused() -> None:
    doctor = clinician()
    calm = _person("Calm Carla", doctor)
    _active_today(calm)
    _person("Absent Abe", doctor)
    client = Client()
    client.force_login(doctor)
    only_inactive = client.get(reverse("clinic:worklist"), {"alert": "inactive"}).content.decode()
    assert "Absent Abe" in only_inactive and 'href="/clinic/people/' in only_inactive
    assert f"/clinic/people/{calm.user_id}/" not in only_inactive
    searched = client.get(reverse("clinic:worklist"), {"q": "carla"}).content.decode()
    assert f"/clinic/people/{calm.user_id}/" in searched and "Absent Abe</a>" not in searched
    refused = client.get(reverse("clinic:worklist"), {"alert": "nonsense"})
    assert refused.status_code == 400 and "Absent Abe" in refused.content.decode()


def test_scores_show_change_from_baseline_and_the_band_only_with_score_consent() -> None:
    doctor = clinician()
    scored = _person("Scored Sue", doctor)
    baseline_rmdq = sum(scored.inputs["questionnaires"]["rmdq"])
    WeeklyCheckIn.objects.create(
        user=scored.user,
        program=scored,
        week=2,
        date=timezone.localdate(),
        pain=2,
        rmdq_score=max(0, baseline_rmdq - 5),
        psfs_mean=4.5,
    )
    hidden = _person("Hidden Hal", doctor, kinds=(DataKind.ADHERENCE,))
    WeeklyCheckIn.objects.create(
        user=hidden.user,
        program=hidden,
        week=2,
        date=timezone.localdate(),
        pain=9,
        rmdq_score=20,
        red_flags=["fever"],
    )
    client = Client()
    client.force_login(doctor)
    page = client.get(reverse("clinic:worklist")).content.decode()
    assert "meaningful improvement" in page and "(-5)" in page
    assert "Scores not shared." in page
    # Hal's red flag is a score: not shared, so no alert for it either.
    hal = page[page.index("Hidden Hal") :]
    assert "Warning sign" not in hal.split("</li>\n  \n  <li")[0]

"""The worklist: sorted by need with the reason, filters and search, scores with their bands, and the
same number of database queries for 5 people as for 500."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from backwell.web.accounts.models import User
from backwell.web.accounts.services import user_delete
from backwell.web.clinic import services, worklist
from backwell.web.clinic.models import AccessLogEntry, ClinicianLink, DataKind, PendingAdaptation
from backwell.web.core.personal_cache import entry_key
from backwell.web.programs.models import Program, SessionLog
from backwell.web.tracking.models import DailyCheckIn, WeeklyCheckIn
from tests.web.clinic.world import clinician, link
from tests.web.programs.conftest import start_program

# Raw SQL (the worklist stamp and access log insert), row locks and constraints: run on PostgreSQL too.
pytestmark = [pytest.mark.django_db, pytest.mark.datalayer]
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


def _row_of(page: str, person_id: int) -> str:
    """The HTML of one person's row on the worklist page."""
    start = page.index(f'data-person="{person_id}"')
    return page[start : page.index("</li>\n", page.index('<div class="scores">', start))]


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
    # A second visit the same day adds no log entries, and with nothing changed it is served whole from
    # the stored page: one query, the person loaded with the worklist's stamp (the session is cached).
    again = _queries(client)
    assert again == 1, f"an unchanged worklist took {again} queries"
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


def _red_flag_check_in(program: Program) -> None:
    """This week's check-in with a warning sign answered (urgent), as the weekly check-in saves it."""
    WeeklyCheckIn.objects.create(
        user=program.user,
        program=program,
        week=2,
        date=timezone.localdate(),
        pain=4,
        rmdq_score=3,
        red_flags=["fever"],
        triage={"level": "urgent", "reasons": []},
    )


def _signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_red_flag_puts_the_person_on_top_with_the_reason() -> None:
    doctor = clinician()
    calm = _person("Calm Carla", doctor)
    _active_today(calm)
    inactive = _person("Absent Abe", doctor)
    flagged = _person("Flagged Fran", doctor)
    _active_today(flagged)
    _red_flag_check_in(flagged)
    client = _signed_in(doctor)
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
    client = _signed_in(doctor)
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
    client = _signed_in(doctor)
    page = client.get(reverse("clinic:worklist")).content.decode()
    assert "meaningful improvement" in page and "(-5)" in page
    assert "Scores not shared." in page
    # Hal's red flag is a score: not shared, so no alert for it either.
    assert "Warning sign" not in _row_of(page, hidden.user_id)
    assert "Scores not shared." in _row_of(page, hidden.user_id)


def test_the_worklist_shows_fifty_people_a_page_most_in_need_first_and_keeps_the_filter() -> None:
    template = start_program(start=timezone.localdate() - datetime.timedelta(days=10))
    doctor = clinician()
    _people(120, template, doctor)
    flagged = _person("Flagged Fran", doctor)
    _active_today(flagged)
    _red_flag_check_in(flagged)
    client = _signed_in(doctor)
    first = client.get(reverse("clinic:worklist")).content.decode()
    assert first.count('class="worklist-row') == 50
    assert "Page 1 of 3" in first and 'rel="next"' in first and 'rel="prev"' not in first
    # The red flag is on the first page, and first on it.
    assert first.index("Flagged Fran") < first.index("Bulk ")
    last = client.get(reverse("clinic:worklist"), {"page": "3"}).content.decode()
    assert last.count('class="worklist-row') == 21 and "Flagged Fran" not in last
    assert "Page 3 of 3" in last and 'rel="prev"' in last
    # A page number past the end shows the last page rather than an error.
    assert client.get(reverse("clinic:worklist"), {"page": "99"}).content.decode().count("worklist-row") == 21
    searched = client.get(reverse("clinic:worklist"), {"q": "bulk 1"}).content.decode()
    # Bulk 1, 10–19 and 100–119: 31 people, one page, and the search is kept in the page links.
    assert searched.count('class="worklist-row') == 31 and "Page 1 of" not in searched


def test_a_new_check_in_shows_on_the_next_visit_though_the_rows_are_stored() -> None:
    doctor = clinician()
    calm = _person("Calm Carla", doctor)
    _active_today(calm)
    client = _signed_in(doctor)
    before = client.get(reverse("clinic:worklist")).content.decode()
    assert "Warning sign at a check-in</strong>" not in before
    _red_flag_check_in(calm)
    after = client.get(reverse("clinic:worklist")).content.decode()
    assert "Warning sign at a check-in</strong>" in after
    # The person stops sharing scores: the alert goes at once.
    link_row = ClinicianLink.objects.get(person=calm.user, clinician=doctor)
    services.consents_update(link=link_row, kinds=[DataKind.ADHERENCE])
    assert (
        "Warning sign at a check-in</strong>" not in client.get(reverse("clinic:worklist")).content.decode()
    )
    # A new name shows too.
    User.objects.filter(pk=calm.user_id).update(display_name="Carla Renamed")
    assert "Carla Renamed" in client.get(reverse("clinic:worklist")).content.decode()


def test_a_red_flag_shows_on_the_next_visit_after_many_visits_with_the_prepared_stamp() -> None:
    # On PostgreSQL the person's load with the stamp is a prepared statement, reused on the connection:
    # it must still see the newest version, so the next visit after a red flag shows it.
    doctor = clinician()
    calm = _person("Calm Carla", doctor)
    _active_today(calm)
    client = _signed_in(doctor)
    for _ in range(8):
        page = client.get(reverse("clinic:worklist")).content.decode()
        assert "Warning sign at a check-in</strong>" not in page
    _red_flag_check_in(calm)
    assert "Warning sign at a check-in</strong>" in client.get(reverse("clinic:worklist")).content.decode()


def test_an_adaptation_held_for_approval_puts_the_person_on_the_list() -> None:
    doctor = clinician()
    held = _person("Held Hana", doctor)
    _active_today(held)
    PendingAdaptation.objects.create(program=held, week=3, proposed={}, raw_changes=[], changes=[])
    client = _signed_in(doctor)
    page = client.get(reverse("clinic:worklist")).content.decode()
    assert "Adaptation to review</strong>" in page and "week 3 adaptation waits for your approval" in page


def test_stopping_sharing_or_deleting_the_account_removes_the_person_from_stored_worklists(
    django_capture_on_commit_callbacks,
) -> None:
    doctor, other_doctor = clinician(), clinician()
    carla = _person("Calm Carla", doctor)
    link(carla.user, other_doctor, EVERY_KIND)
    for someone in (doctor, other_doctor):
        client = Client()
        client.force_login(someone)
        assert "Calm Carla" in client.get(reverse("clinic:worklist")).content.decode()
    stored = [entry_key(d.pk, worklist.ROWS_CACHE_NAME) for d in (doctor, other_doctor)]
    assert all(cache.get(key) is not None for key in stored)

    with django_capture_on_commit_callbacks(execute=True):
        services.link_revoke(link=ClinicianLink.objects.get(person=carla.user, clinician=doctor))
    assert cache.get(stored[0]) is None and cache.get(stored[1]) is not None

    user_delete(user=carla.user)
    assert cache.get(stored[1]) is None

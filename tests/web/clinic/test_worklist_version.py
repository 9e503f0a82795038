"""The worklist's version: database triggers change it on every write to what the worklist shows, for the
clinicians linked to that person only, whatever the write path (ORM, bulk update, raw SQL, cascade)."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from backwell.web.accounts.models import User
from backwell.web.accounts.services import user_delete
from backwell.web.clinic import worklist, worklist_triggers
from backwell.web.clinic.models import ClinicianLink, DataKind, Invitation, PendingAdaptation, WorklistVersion
from backwell.web.programs.models import ItemLog, Program, ProgramChange, SessionLog
from backwell.web.tracking.models import DailyCheckIn, WeeklyCheckIn
from tests.web.clinic.world import clinician, link
from tests.web.programs.conftest import start_program

# Triggers are SQL of each database's own dialect: run on PostgreSQL too.
pytestmark = [pytest.mark.django_db, pytest.mark.datalayer]
EVERY_KIND = tuple(DataKind.values)
TABLES = worklist_triggers.Tables.of(apps)


def _version(doctor: User) -> tuple[int, int]:
    found = WorklistVersion.objects.filter(clinician=doctor).values_list("version", "links_version").first()
    return found or (0, 0)


# Made or found: `test_a_person_without_clinicians_writes_as_before` runs every write on one program.
def _session(program: Program) -> SessionLog:
    return SessionLog.objects.get_or_create(
        program=program, week=1, day=1, defaults={"date": timezone.localdate()}
    )[0]


def _weekly(program: Program, **fields: object) -> WeeklyCheckIn:
    found, _created = WeeklyCheckIn.objects.update_or_create(
        program=program,
        week=2,
        defaults={"user": program.user, "date": timezone.localdate(), "pain": 4, "rmdq_score": 3, **fields},
    )
    return found


def _daily(program: Program) -> DailyCheckIn:
    found, _created = DailyCheckIn.objects.update_or_create(
        user=program.user, date=timezone.localdate(), defaults={"pain": 5}
    )
    return found


def _held(program: Program) -> PendingAdaptation:
    return PendingAdaptation.objects.get_or_create(program=program, week=3, defaults={"proposed": {}})[0]


def _raw(sql: str, params: list[object]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


# One write each to what the worklist shows, by ORM, bulk update, raw SQL and cascade.
WRITES: dict[str, Callable[[Program], object]] = {
    "daily check-in saved": _daily,
    "daily check-in changed by raw SQL": lambda p: _raw(
        f"UPDATE {TABLES.daily} SET pain = 9 WHERE id = %s",  # noqa: S608 - the model's table
        [_daily(p).pk],
    ),
    "weekly check-in with a red flag": lambda p: _weekly(p, red_flags=["fever"]),
    "weekly red flag by bulk update": lambda p: WeeklyCheckIn.objects.filter(pk=_weekly(p).pk).update(
        red_flags=["fever"]
    ),
    "weekly check-in deleted": lambda p: _weekly(p).delete(),
    "new program": lambda p: Program.objects.create(
        user=p.user, inputs=p.inputs, plan={"program": {}}, start_date=p.start_date
    ),
    "program paused": lambda p: Program.objects.filter(pk=p.pk).update(status=Program.Status.PAUSED),
    "session logged": _session,
    "session finished": lambda p: SessionLog.objects.filter(pk=_session(p).pk).update(
        completed_at=timezone.now()
    ),
    # Straight into the table, not touching the session as the service does.
    "item logged": lambda p: ItemLog.objects.create(
        session=_session(p), index=0, exercise="bird-dog", outcome="done", client_id=uuid.uuid4()
    ),
    "program change": lambda p: ProgramChange.objects.create(program=p, kind=ProgramChange.Kind.SWAP, week=3),
    "adaptation held": _held,
    "held adaptation decided": lambda p: PendingAdaptation.objects.filter(pk=_held(p).pk).update(
        decision=PendingAdaptation.Decision.REJECTED
    ),
    "name changed": lambda p: User.objects.filter(pk=p.user_id).update(display_name="Renamed Rita"),
    "consent changed": lambda p: ClinicianLink.objects.filter(person=p.user).update(shares_scores=False),
}


@pytest.mark.parametrize("write", WRITES.values(), ids=WRITES.keys())
def test_a_write_bumps_the_linked_clinicians_version_and_no_one_elses(
    write: Callable[[Program], object],
) -> None:
    program = start_program(start=timezone.localdate() - datetime.timedelta(days=20))
    doctor, former_doctor, unlinked_doctor = clinician(), clinician(), clinician()
    link(program.user, doctor, EVERY_KIND)
    # A revoked link counts too: cheap, and a renewed link never finds a stale stored worklist.
    link(program.user, former_doctor, EVERY_KIND)
    ClinicianLink.objects.filter(clinician=former_doctor).update(revoked_at=timezone.now())
    link(start_program().user, unlinked_doctor, EVERY_KIND)
    before, former, unrelated = _version(doctor), _version(former_doctor), _version(unlinked_doctor)
    assert (0, 0) not in (before, former, unrelated)

    write(program)

    assert _version(doctor)[0] != before[0]
    assert _version(former_doctor)[0] != former[0]
    assert _version(unlinked_doctor) == unrelated


def test_only_link_writes_change_the_links_version() -> None:
    program = start_program()
    doctor = clinician()
    link(program.user, doctor, EVERY_KIND)
    version, links = _version(doctor)
    _daily(program)
    assert _version(doctor)[0] != version and _version(doctor)[1] == links
    ClinicianLink.objects.filter(clinician=doctor).update(revoked_at=timezone.now())
    assert _version(doctor)[1] != links


def test_an_invitation_makes_and_bumps_its_clinicians_version() -> None:
    doctor, other_doctor = clinician(), clinician()
    Invitation.objects.create(clinician=other_doctor, code="OTHER123", expires_at=timezone.now())
    unrelated = _version(other_doctor)
    assert not WorklistVersion.objects.filter(clinician=doctor).exists()
    invitation = Invitation.objects.create(
        clinician=doctor, code="ABCD2345", expires_at=timezone.now() + datetime.timedelta(days=7)
    )
    first = _version(doctor)
    assert first != (0, 0)
    invitation.delete()
    assert _version(doctor)[0] != first[0]
    assert _version(other_doctor) == unrelated


def test_a_person_without_clinicians_writes_as_before() -> None:
    program = start_program(start=timezone.localdate() - datetime.timedelta(days=20))
    for write in WRITES.values():
        write(program)
    program.user.display_name = "No Clinician"
    program.user.save()
    assert not WorklistVersion.objects.exists()


def test_a_name_change_bumps_but_another_column_of_the_person_does_not() -> None:
    program = start_program()
    doctor = clinician()
    link(program.user, doctor, EVERY_KIND)
    before = _version(doctor)
    person = User.objects.get(pk=program.user_id)
    person.last_login = timezone.now()
    person.save()  # every column, display_name unchanged
    User.objects.filter(pk=person.pk).update(email="moved@example.org")
    assert _version(doctor) == before
    person.display_name = "New Name"
    person.save(update_fields=["display_name"])
    assert _version(doctor)[0] != before[0]


def test_deleting_a_persons_account_bumps_their_clinicians() -> None:
    program = start_program()
    doctor = clinician()
    link(program.user, doctor, EVERY_KIND)
    _daily(program)
    before = _version(doctor)
    user_delete(user=program.user)
    after = _version(doctor)
    assert after[0] != before[0] and after[1] != before[1]


def test_deleting_a_clinicians_account_takes_their_version_with_it() -> None:
    doctor = clinician()
    link(start_program().user, doctor, EVERY_KIND)
    Invitation.objects.create(clinician=doctor, code="WXYZ2345", expires_at=timezone.now())
    # The link's and invitation's delete triggers must not make the row again for the deleted clinician.
    user_delete(user=doctor)
    assert not WorklistVersion.objects.exists()


def test_the_stamp_changes_when_an_invitation_expires() -> None:
    doctor = clinician()
    now = timezone.now()
    Invitation.objects.create(clinician=doctor, code="EFGH2345", expires_at=now + datetime.timedelta(hours=1))
    assert worklist.stamp(clinician=doctor, now=now) != worklist.stamp(
        clinician=doctor, now=now + datetime.timedelta(hours=2)
    )


def test_a_new_red_flag_is_at_the_top_of_the_worklist_right_after_it_is_saved() -> None:
    doctor = clinician()
    people = []
    for name in ("Anna Early", "Zoe Later"):
        program = start_program(start=timezone.localdate() - datetime.timedelta(days=20))
        User.objects.filter(pk=program.user_id).update(display_name=name)
        link(program.user, doctor, EVERY_KIND)
        people.append(program)
    client = Client()
    client.force_login(doctor)

    def first_row() -> str:
        page = client.get(reverse("clinic:worklist")).content.decode()
        start = page.index('class="worklist-row')
        return page[start : page.index("</li>", start)]

    assert "Anna Early" in first_row()
    assert "Anna Early" in first_row()  # now from the stored rows
    # A bulk update: no model save, no signal; only the trigger sees it.
    zoe = people[1]
    WeeklyCheckIn.objects.filter(pk=_weekly(zoe).pk).update(
        red_flags=["fever"], triage={"level": "urgent", "reasons": []}
    )
    top = first_row()
    assert "Zoe Later" in top and "Warning sign at a check-in" in top


def _triggers_in_database() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return {name for (name,) in cursor.fetchall()}


def test_every_trigger_is_in_the_migrated_database() -> None:
    # SQLite drops a table's triggers when a migration rebuilds the table: such a migration must run
    # worklist_triggers.install again (see its docstring), or this fails.
    expected = worklist_triggers.trigger_names(TABLES, connection.vendor)
    assert len(expected) == (28 if connection.vendor == "sqlite" else 10)
    assert set(expected) <= _triggers_in_database()

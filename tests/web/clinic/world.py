"""A person with every kind of data and the clinicians around them, for the clinic tests."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

from django.utils import timezone

from backwell.web.accounts.models import User
from backwell.web.clinic import services
from backwell.web.clinic.models import CONSENT_FIELDS, ClinicianLink, DataKind, Note
from backwell.web.photos.models import PostureAnalysisRecord
from backwell.web.programs.models import ItemLog, ProgramChange, SessionLog
from backwell.web.tracking.models import DailyCheckIn, WeeklyCheckIn
from tests.web.factories import UserFactory
from tests.web.photos.factories import PostureAnalysisFactory
from tests.web.programs.conftest import start_program

# Texts only the person's data contains: a page showing one of them shows that kind of data.
DAILY_NOTE = "SCORE-MARKER daily note"


def clinician(**fields: object) -> User:
    return UserFactory(is_clinician=True, **fields)


def link(person: User, clinician_user: User, kinds: tuple[str, ...] | list[str]) -> ClinicianLink:
    consents = {field: kind in kinds for kind, field in CONSENT_FIELDS.items()}
    return ClinicianLink.objects.create(
        person=person, clinician=clinician_user, consent_changed_at=timezone.now(), **consents
    )


@dataclass
class World:
    person: User
    with_consent: User  # linked, every kind shared
    without: User  # linked, only session adherence shared
    unlinked: User
    revoked: User  # was linked with every kind, then the person stopped sharing
    admin: User
    analysis: PostureAnalysisRecord
    note: Note  # shared by with_consent

    def role(self, name: str) -> User | None:
        return None if name == "anonymous" else getattr(self, name)


def build_world() -> World:
    today = timezone.localdate()
    program = start_program(start=today - datetime.timedelta(days=20))
    person = program.user
    DailyCheckIn.objects.create(user=person, date=today, pain=6, note=DAILY_NOTE)
    WeeklyCheckIn.objects.create(
        user=person,
        program=program,
        week=1,
        date=today - datetime.timedelta(days=14),
        pain=6,
        rmdq_answers=[False] * 24,
        rmdq_score=0,
        psfs=[],
        triage={"level": "none", "reasons": []},
    )
    session = SessionLog.objects.create(
        program=program, week=2, day=1, date=today - datetime.timedelta(days=3), completed_at=timezone.now()
    )
    ItemLog.objects.create(
        session=session, index=0, exercise="dead_bug", outcome="hurt", client_id=uuid.uuid4()
    )
    ProgramChange.objects.create(
        program=program, kind="adaptation", week=2, changes=[{"what": "w", "why": "y"}]
    )
    analysis = PostureAnalysisFactory(user=person)
    everyone = tuple(DataKind.values)
    with_consent, without, unlinked, revoked = clinician(), clinician(), clinician(), clinician()
    link(person, with_consent, everyone)
    link(person, without, (DataKind.ADHERENCE,))
    services.link_revoke(link=link(person, revoked, everyone))
    admin = UserFactory(is_staff=True, is_superuser=True)
    note = services.note_add(
        link=ClinicianLink.objects.get(person=person, clinician=with_consent),
        body="Shared hello",
        shared=True,
    )
    return World(person, with_consent, without, unlinked, revoked, admin, analysis, note)


__all__ = ["DAILY_NOTE", "World", "build_world", "clinician", "link"]

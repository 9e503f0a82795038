"""Clinicians around the API tests' owner: one with every consent, one lacking each kind in turn, one
never linked, one whose link the owner revoked; and a text only each kind of the owner's data holds."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

from django.utils import timezone

from backwell.web.accounts.models import User
from backwell.web.clinic import services
from backwell.web.clinic.models import DataKind, PendingAdaptation
from backwell.web.photos.models import PostureAnalysisRecord
from backwell.web.programs.models import ItemLog, ProgramChange, SessionLog
from backwell.web.tracking.models import DailyCheckIn, WeeklyCheckIn
from tests.web.api.world import ALL_SCOPES, Person, app_token
from tests.web.clinic.world import clinician, link

CLINIC_SCOPES = f"{ALL_SCOPES} clinic:read clinic:write fhir:export"
# A text only this kind of the owner's data holds: an answer showing it shows that kind.
MARKERS = {
    DataKind.SCORES: "Gardening-marker-scores",
    DataKind.ADHERENCE: "adherence_marker_7f3a",
    DataKind.PHOTOS: "Photos-marker-7f3a",
    DataKind.PROGRAM: "Program-marker-7f3a",
}
PRIVATE_NOTE = "Private-note-marker-7f3a"


@dataclass
class Caller:
    user: User
    token: str


@dataclass
class Clinic:
    owner: Person
    with_consent: Caller
    lacking: dict[str, Caller]  # kind → linked, sharing every kind but that one
    unlinked: Caller
    revoked: Caller
    pending_id: int
    shared_note_id: int


def _caller(user: User) -> Caller:
    return Caller(user, app_token(user, CLINIC_SCOPES, name="Clinic system"))


def _mark(owner: Person) -> int:
    """Puts each kind's marker in the owner's data; returns a weekly adaptation held for approval."""
    today = timezone.localdate()
    program = owner.program
    WeeklyCheckIn.objects.create(
        user=owner.user,
        program=program,
        week=1,
        date=today,
        pain=5,
        rmdq_answers=[False] * 24,
        rmdq_score=0,
        psfs=[{"activity": MARKERS[DataKind.SCORES], "score": 4}],
        psfs_mean=4.0,
        triage={"level": "none", "reasons": []},
    )
    DailyCheckIn.objects.create(user=owner.user, date=today - datetime.timedelta(days=1), pain=5)
    session = SessionLog.objects.create(program=program, week=1, day=1, date=today)
    ItemLog.objects.create(
        session=session, index=0, exercise=MARKERS[DataKind.ADHERENCE], outcome="done", client_id=uuid.uuid4()
    )
    PostureAnalysisRecord.objects.filter(pk=owner.analysis_id).update(warnings=[MARKERS[DataKind.PHOTOS]])
    ProgramChange.objects.create(
        program=program, kind="clinician", week=1, changes=[{"what": MARKERS[DataKind.PROGRAM], "why": "y"}]
    )
    pending = PendingAdaptation.objects.create(
        program=program, week=1, proposed=program.plan["program"], raw_changes=[], changes=[]
    )
    return pending.pk


def clinic_world(owner: Person) -> Clinic:
    pending_id = _mark(owner)
    everyone = tuple(DataKind.values)
    with_consent = _caller(clinician())
    full = link(owner.user, with_consent.user, everyone)
    lacking = {}
    for kind in DataKind.values:
        lacking[kind] = _caller(clinician())
        link(owner.user, lacking[kind].user, [k for k in everyone if k != kind])
    revoked = _caller(clinician())
    services.link_revoke(link=link(owner.user, revoked.user, everyone))
    services.note_add(link=full, body=PRIVATE_NOTE, shared=False)
    shared = services.note_add(link=full, body="Shared hello", shared=True)
    return Clinic(owner, with_consent, lacking, _caller(clinician()), revoked, pending_id, shared.pk)

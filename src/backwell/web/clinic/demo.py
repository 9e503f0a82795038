"""`backwell demo`'s clinician: linked to the demo person and to a dozen synthetic people whose courses
(improving, stalled, flaring, a red flag, inactive, …) make the worklist show every alert kind.

Fast: the synthetic people share the demo person's planned program (copied, not planned again) and
their history is written in bulk. Idempotent: running it again changes nothing for existing people.

Two of them show the clinician's steering: Morgan's program carries a dose change the clinician made
(with the reason Morgan reads), and Sam's clinician reviews each weekly adaptation, so the engine's
latest one waits on Sam's page for approval, with its diff.
"""

from __future__ import annotations

import copy
import datetime
import random
import uuid
from dataclasses import dataclass, replace
from typing import Any

from django.db import transaction
from django.utils import timezone

from backwell.engine import instruments
from backwell.engine.knowledge import load as load_knowledge
from backwell.web.accounts.models import User
from backwell.web.programs.models import ItemLog, Program, ProgramChange, SessionLog
from backwell.web.programs.selectors import program_days
from backwell.web.tracking import adaptation
from backwell.web.tracking import services as tracking_services
from backwell.web.tracking.models import DailyCheckIn, WeeklyCheckIn

from . import plan_edits, services
from .models import CONSENT_FIELDS, AdaptationMode, ClinicianLink, DataKind

CLINICIAN_EMAIL = "clinician@backwell.local"
CLINICIAN_NAME = "Dr Sam Rivera (demo physio)"
ALL_KINDS = tuple(CONSENT_FIELDS)


@dataclass(frozen=True)
class Course:
    """One synthetic person's story: pain at the start and now, how much they do, and what they share."""

    name: str
    pain_start: int
    pain_now: int
    sessions_share: float  # of planned sessions done
    stopped_days_ago: int = 0  # nothing logged in the last N days
    flare_last_week: bool = False
    red_flag: bool = False
    high_risk: bool = False
    adapted: bool = False
    kinds: tuple[str, ...] = ALL_KINDS
    # The clinician changed a dose in this person's program (an override the person sees, with why).
    override: bool = False
    # The clinician approves each weekly adaptation: the latest one is held for them.
    approval: bool = False


COURSES = (
    Course("Jordan (improving)", 7, 2, 0.9),
    Course("Priya (improving)", 6, 3, 0.85, adapted=True),
    Course("Morgan (stalled, dose changed by you)", 6, 6, 0.8, override=True),
    Course("Casey (stalled, high risk)", 7, 7, 0.7, high_risk=True),
    Course("Chris (flaring)", 5, 3, 0.8, flare_last_week=True),
    Course("Robin (red flag)", 6, 4, 0.8, red_flag=True),
    Course("Taylor (inactive)", 6, 4, 0.8, stopped_days_ago=5),
    Course("Drew (inactive two weeks)", 7, 5, 0.6, stopped_days_ago=14),
    Course("Alexis (rarely does a session)", 6, 5, 0.15),
    Course("Jamie (shares adherence only)", 6, 4, 0.3, kinds=(DataKind.ADHERENCE,)),
    Course("Kim (new adaptation)", 5, 3, 0.9, adapted=True),
    Course("Lee (doing well, high risk at start)", 6, 2, 0.95, high_risk=True),
    Course("Sam (adaptation waiting for your approval)", 6, 4, 0.8, approval=True),
)


def _link(person: User, clinician: User, kinds: tuple[str, ...]) -> ClinicianLink:
    consents = {field: kind in kinds for kind, field in CONSENT_FIELDS.items()}
    link, _created = ClinicianLink.objects.update_or_create(
        person=person,
        clinician=clinician,
        defaults={**consents, "consent_changed_at": timezone.now(), "revoked_at": None},
    )
    return link


def _pain_on(course: Course, day_index: int, total_days: int, today_index: int, rng: random.Random) -> int:
    trend = course.pain_start + (course.pain_now - course.pain_start) * day_index / max(1, total_days)
    if course.flare_last_week and today_index - day_index <= 6:
        trend = course.pain_now + (7 - (today_index - day_index))  # rising through the last week
    return max(0, min(10, round(trend + rng.uniform(-0.6, 0.6))))


def _inputs(template: dict[str, Any], course: Course) -> dict[str, Any]:
    inputs = copy.deepcopy(template)
    inputs.setdefault("pain", {})["nrs"] = course.pain_start
    questionnaires = inputs.setdefault("questionnaires", {})
    if course.high_risk:
        questionnaires["start_back"] = {"answers": [True] * 8, "bothersomeness": "extremely"}
    return inputs


def _history(program: Program, course: Course, *, today: datetime.date, rng: random.Random) -> None:
    start = program.start_date
    total = (today - start).days
    last_active = (
        today - datetime.timedelta(days=course.stopped_days_ago) if course.stopped_days_ago else today
    )
    daily = [
        DailyCheckIn(
            user=program.user,
            date=start + datetime.timedelta(days=i),
            pain=_pain_on(course, i, total, total, rng),
        )
        for i in range(total + 1)
        if start + datetime.timedelta(days=i) < last_active and rng.random() < 0.85
    ]
    DailyCheckIn.objects.bulk_create(daily)
    sessions, items = [], []
    for entry in program_days(program):
        date = datetime.date.fromisoformat(entry["date"]) if entry.get("date") else None
        if date is None or date >= last_active or date >= today or rng.random() > course.sessions_share:
            continue
        done_at = timezone.make_aware(datetime.datetime.combine(date, datetime.time(18)))
        session = SessionLog(
            program=program, week=entry["week"], day=entry["day"], date=date, completed_at=done_at
        )
        sessions.append(session)
        for index, item in enumerate(entry["items"]):
            roll = rng.random()
            outcome = "hurt" if roll < 0.03 else "skipped" if roll < 0.1 else "done"
            items.append((session, index, item["exercise"], outcome))
    SessionLog.objects.bulk_create(sessions)
    ItemLog.objects.bulk_create(
        ItemLog(session=s, index=i, exercise=slug, outcome=o, client_id=uuid.UUID(int=rng.getrandbits(128)))
        for s, i, slug, o in items
    )
    questionnaires = program.inputs.get("questionnaires") or {}
    rmdq_start = instruments.rmdq(questionnaires.get("rmdq") or [])
    activities = questionnaires.get("psfs") or []
    weeks = total // 7
    weekly = []
    for week in range(1, weeks + 1):
        date = start + datetime.timedelta(days=week * 7 - 1)
        if date >= last_active or (course.red_flag and week == weeks):
            continue
        share = week / max(1, weeks)
        pain = round(course.pain_start + (course.pain_now - course.pain_start) * share)
        improving = course.pain_now < course.pain_start - 1
        rmdq = max(0, rmdq_start - (round(6 * share) if improving else 0))
        psfs = [
            {"activity": a["activity"], "score": min(10, round(a["score"] + (3 * share if improving else 0)))}
            for a in activities
        ]
        weekly.append(
            WeeklyCheckIn(
                user=program.user,
                program=program,
                week=week,
                date=date,
                pain=pain,
                rmdq_answers=[i < rmdq for i in range(24)],
                rmdq_score=rmdq,
                psfs=psfs,
                psfs_mean=instruments.psfs([float(p["score"]) for p in psfs]) if psfs else None,
                red_flags=[],
                triage={"level": "none", "reasons": []},
            )
        )
    WeeklyCheckIn.objects.bulk_create(weekly)
    if course.red_flag and weeks:
        # Through the real check-in, so the triage (and any pause) is the engine's own.
        tracking_services.weekly_checkin_record(
            user=program.user,
            program=program,
            week=weeks,
            date=start + datetime.timedelta(days=weeks * 7 - 1),
            pain=course.pain_now,
            rmdq_answers=[i < rmdq_start for i in range(24)],
            psfs_scores=[int(a["score"]) for a in activities],
            red_flags=["night_pain", "weight_loss"],
        )
    if course.adapted and weeks:
        ProgramChange.objects.create(
            program=program,
            kind=ProgramChange.Kind.ADAPTATION,
            week=weeks,
            changes=[{"what": "Dead bug progressed to the next level", "why": "Easy and painless all week"}],
        )


@transaction.atomic
def demo_clinician(*, person: User, password: str) -> User:
    """The demo clinician (password set to `password`), linked to `person` and the synthetic people."""
    clinician = User.objects.filter(email=CLINICIAN_EMAIL).first()
    if clinician is None:
        clinician = User.objects.create_user(CLINICIAN_EMAIL, password, display_name=CLINICIAN_NAME)
        clinician.privacy_consent_at = timezone.now()
    else:
        clinician.set_password(password)
    clinician.is_clinician = True
    clinician.save()
    _link(person, clinician, ALL_KINDS)
    template = Program.objects.filter(user=person).order_by("-created_at").first()
    if template is None:
        return clinician
    today = timezone.localdate()
    for number, course in enumerate(COURSES, start=1):
        email = f"client{number}@backwell.local"
        synthetic = User.objects.filter(email=email).first()
        if synthetic is None:
            synthetic = User.objects.create_user(
                email, None, display_name=course.name
            )  # no password: never signs in
            program = Program.objects.create(
                user=synthetic,
                inputs=_inputs(template.inputs, course),
                plan=template.plan,
                start_date=template.start_date,
            )
            _history(program, course, today=today, rng=random.Random(f"backwell-clinic-demo-{number}"))
            link = _link(synthetic, clinician, course.kinds)
            _steer(program, course, link, today=today)
        else:
            _link(synthetic, clinician, course.kinds)
    return clinician


def _steer(program: Program, course: Course, link: ClinicianLink, *, today: datetime.date) -> None:
    """Through the clinician's own services, so the demo's override and held adaptation are real ones."""
    if course.override:
        # The weeks already ended adapt first (as they would have while Morgan used the app), so the
        # clinician's change is the newest one Morgan reads.
        adaptation.apply_due(program=program, today=today)
        program.refresh_from_db()
        week = services.current_week(program, today)
        slug = plan_edits.planned_slugs(program.plan["program"], week)[0]
        dose = load_knowledge().exercises[slug].dose
        services.program_override(
            link=link,
            action=services.OverrideAction.DOSE,
            exercise=slug,
            dose=replace(dose, sets=1 if (dose.sets or 1) > 1 else 2),
            reason="Stalled for weeks: a changed dose for two weeks, then we look at your scores together.",
            today=today,
        )
    if course.approval:
        services.adaptation_mode_set(link=link, mode=AdaptationMode.APPROVE, today=today)
        # The engine adapts each ended week; each waits for the clinician, the latest replacing the last.
        adaptation.apply_due(program=program, today=today)

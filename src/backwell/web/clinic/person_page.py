"""What a clinician's page about one person shows, section by section, each only with that kind's consent."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse

from backwell.engine.knowledge import load as load_knowledge
from backwell.web.accounts.models import User
from backwell.web.assessment.models import Assessment
from backwell.web.assessment.presentation import LEVEL_TITLE, results_view
from backwell.web.photos.models import PostureAnalysisRecord
from backwell.web.photos.presentation import measure_rows, plumb_x, skeleton_lines
from backwell.web.programs.exercises import detail as exercise_detail
from backwell.web.programs.models import ItemLog, Program, ProgramChange, SessionLog
from backwell.web.tracking import progress
from backwell.web.tracking.models import DailyCheckIn, WeeklyCheckIn

from . import fhir, plan_edits
from .models import AdaptationMode, ClinicianLink, DataKind, PendingAdaptation, ProgramSteering

RECENT_DAYS = 30


@dataclass
class PersonPage:
    link: ClinicianLink
    person: User
    program: Program | None
    kinds: list[str]
    assessment: dict[str, Any] | None = None
    triage_history: list[dict[str, Any]] = field(default_factory=list)
    progress: progress.Progress | None = None
    items: list[dict[str, Any]] = field(default_factory=list)
    days_with_data: int = 0
    photos: list[dict[str, Any]] = field(default_factory=list)
    changes: list[ProgramChange] = field(default_factory=list)
    # What the clinician can steer (program consent): the exercises planned from this week on, which
    # are locked, how adaptations apply, and a held adaptation with its diff.
    planned: list[dict[str, Any]] = field(default_factory=list)
    adaptation_mode: str = AdaptationMode.AUTOMATIC
    pending: PendingAdaptation | None = None
    pending_diff: list[plan_edits.DiffLine] = field(default_factory=list)
    pending_exercises: list[tuple[str, str]] = field(default_factory=list)

    @property
    def fhir_exportable(self) -> bool:
        return fhir.exportable(self.kinds)


def latest_program(person: User) -> Program | None:
    return Program.objects.filter(user=person).order_by("-created_at").first()


def _triage_history(
    person: User, assessment: Assessment | None, program: Program | None
) -> list[dict[str, Any]]:
    """The assessment's triage, then every weekly re-screen: date, level and the questions answered yes."""
    kb = load_knowledge()

    def question(flag: str) -> str:
        entry = kb.red_flags.get(flag)
        return entry.question if entry else flag.replace("_", " ")

    history = []
    if assessment is not None and assessment.result and assessment.completed_at is not None:
        triage = assessment.result.get("triage") or {}
        history.append(
            {
                "when": assessment.completed_at.date(),
                "what": "assessment",
                "level": triage.get("level", ""),
                "title": LEVEL_TITLE.get(triage.get("level", ""), ""),
                "flags": [question(f) for f in (assessment.answers or {}).get("red_flags", [])],
            }
        )
    if program is not None:
        for checkin in WeeklyCheckIn.objects.filter(program=program).order_by("week"):
            level = (checkin.triage or {}).get("level", "")
            history.append(
                {
                    "when": checkin.date,
                    "what": f"week {checkin.week}",
                    "level": level,
                    "title": LEVEL_TITLE.get(level, ""),
                    "flags": [question(f) for f in checkin.red_flags],
                }
            )
    return history


def item_outcomes(program: Program) -> list[dict[str, Any]]:
    """Per exercise: how often done, skipped (and why, when said) and "this hurt" — one query.

    `skip_reasons` counts every reason, zeros included (the API's shape); `skip_reason_rows` holds
    the said ones with their labels, for the page, and `skipped_unsaid` the skips without a reason.
    """
    by_reason = {
        f"reason_{value}": Count("id", filter=Q(outcome=ItemLog.Outcome.SKIPPED, skip_reason=value))
        for value in ItemLog.SkipReason.values
    }
    rows = (
        ItemLog.objects.filter(session__program=program)
        .values("exercise")
        .annotate(
            done=Count("id", filter=Q(outcome=ItemLog.Outcome.DONE)),
            skipped=Count("id", filter=Q(outcome=ItemLog.Outcome.SKIPPED)),
            hurt=Count("id", filter=Q(outcome=ItemLog.Outcome.HURT)),
            **by_reason,
        )
        .order_by("-hurt", "-skipped", "exercise")
    )
    items = []
    for annotated in rows:
        row: dict[str, Any] = dict(annotated)
        found = exercise_detail(row["exercise"])
        reasons = {value: row.pop(f"reason_{value}") for value in ItemLog.SkipReason.values}
        items.append(
            {
                **row,
                "name": found["name"] if found else row["exercise"].replace("_", " "),
                "skip_reasons": reasons,
                "skip_reason_rows": [
                    {"label": label, "count": reasons[value]}
                    for value, label in ItemLog.SkipReason.choices
                    if reasons[value]
                ],
                "skipped_unsaid": row["skipped"] - sum(reasons.values()),
            }
        )
    return items


def _days_with_data(person: User, program: Program | None, kinds: list[str], today: datetime.date) -> int:
    """Distinct days in the last 30 with a check-in (scores) or a logged session (adherence)."""
    since = today - datetime.timedelta(days=RECENT_DAYS - 1)
    days: set[datetime.date] = set()
    if DataKind.SCORES in kinds:
        days.update(DailyCheckIn.objects.filter(user=person, date__gte=since).values_list("date", flat=True))
        days.update(WeeklyCheckIn.objects.filter(user=person, date__gte=since).values_list("date", flat=True))
    if DataKind.ADHERENCE in kinds and program is not None:
        days.update(
            SessionLog.objects.filter(program=program, date__gte=since)
            .filter(Q(completed_at__isnull=False) | Q(items__isnull=False))
            .values_list("date", flat=True)
        )
    return len({d for d in days if d <= today})


def photos(person: User) -> list[dict[str, Any]]:
    """Each posture analysis with its measures, its overlay lines and (when kept) the photo's private address."""
    shown = []
    for record in (
        PostureAnalysisRecord.objects.filter(user=person).select_related("photo").order_by("-created_at")
    ):
        landmarks = record.landmarks or {}
        shown.append(
            {
                "record": record,
                "rows": measure_rows(record.view, record.measures, record.uncertainty, record.readings),
                "photo_url": reverse("clinic:photo", args=[person.pk, record.photo_id])
                if record.photo_id
                else "",
                "width": record.image_width,
                "height": record.image_height,
                "stroke": max(2.0, max(record.image_width, record.image_height) / 300),
                "plumb_x": plumb_x(landmarks),
                "lines": [
                    (landmarks[a]["x"], landmarks[a]["y"], landmarks[b]["x"], landmarks[b]["y"])
                    for a, b in skeleton_lines(landmarks)
                ],
            }
        )
    return shown


def build(*, link: ClinicianLink, today: datetime.date) -> PersonPage:
    person = link.person
    kinds = link.shared_kinds
    program = latest_program(person)
    page = PersonPage(link=link, person=person, program=program, kinds=kinds)
    if DataKind.SCORES in kinds:
        assessment = (
            Assessment.objects.filter(user=person, completed_at__isnull=False, kind=Assessment.Kind.INITIAL)
            .order_by("-completed_at")
            .first()
        )
        if assessment is not None and assessment.result:
            page.assessment = results_view(assessment.result)
        page.triage_history = _triage_history(person, assessment, program)
    if DataKind.SCORES in kinds or DataKind.ADHERENCE in kinds:
        # The person's own progress plots and calendar: the same drawing, shown in the sections consented.
        page.progress = progress.build(user=person, program=program, today=today, for_clinician=True)
    if DataKind.ADHERENCE in kinds and program is not None:
        page.items = item_outcomes(program)
    page.days_with_data = _days_with_data(person, program, kinds, today)
    if DataKind.PHOTOS in kinds:
        page.photos = photos(person)
    if DataKind.PROGRAM in kinds and program is not None:
        page.changes = list(ProgramChange.objects.filter(program=program).order_by("-created_at"))
        fill_steering(page, program, today)
    return page


def fill_steering(page: PersonPage, program: Program, today: datetime.date) -> None:
    week = max(1, min(12, (today - program.start_date).days // 7 + 1))
    steering = ProgramSteering.objects.filter(program=program).first()
    locked = set(steering.locked) if steering else set()
    page.adaptation_mode = steering.adaptation_mode if steering else AdaptationMode.AUTOMATIC
    plan = program.plan["program"]
    for slug in plan_edits.planned_slugs(plan, week):
        item = plan_edits.item_of(plan, slug, week) or {}
        page.planned.append(
            {
                "slug": slug,
                "name": item.get("name", slug),
                "dose": plan_edits.dose_text(item),
                "locked": slug in locked,
            }
        )
    page.pending = PendingAdaptation.objects.filter(
        program=program, decision=PendingAdaptation.Decision.PENDING
    ).first()
    if page.pending is not None:
        page.pending_diff = plan_edits.diff(plan, page.pending.proposed, week=page.pending.week + 1)
        names = {
            c.get("exercise"): line["what"]
            for c, line in zip(page.pending.raw_changes, page.pending.changes, strict=False)
        }
        page.pending_exercises = [(str(slug), str(what)) for slug, what in names.items() if slug]

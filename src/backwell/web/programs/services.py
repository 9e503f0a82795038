"""Writes about programs: start one from an assessment, log sessions, pause and resume."""

from __future__ import annotations

import datetime
import uuid

from django.db import IntegrityError, transaction
from django.utils import timezone

from backwell import engine
from backwell.web.accounts.models import User
from backwell.web.assessment.models import Assessment

from .models import ItemLog, Program, ProgramChange, SessionLog
from .selectors import day_date, program_day


class ProgramError(Exception):
    """Something the person asked for that cannot be done, with a message saying why."""


class ItemLogInvalid(ProgramError):
    """A value sent with an item log that is wrong in itself, whatever the program's state; names its field."""

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.field = field


@transaction.atomic
def program_start(*, user: User, assessment: Assessment, start_date: datetime.date) -> Program:
    """Plan the program again with a start date, so every session has a calendar day."""
    if assessment.user_id != user.pk or assessment.completed_at is None:
        raise ProgramError("Finish your assessment first: the program is built from it.")
    inputs = {**assessment.answers, "start_date": start_date.isoformat()}
    plan = engine.plan(inputs)
    if plan["program"] is None:
        raise ProgramError(
            "Your safety check found signs that need a doctor first, so there is no program yet. "
            "Follow the advice on your results page."
        )
    return Program.objects.create(
        user=user, assessment=assessment, inputs=inputs, plan=plan, start_date=start_date
    )


def _session(program: Program, *, week: int, day: int) -> SessionLog:
    entry = program_day(program, week=week, day=day)
    if entry is None:
        raise ProgramError(f"Your program has no day {day} in week {week}.")
    date = day_date(entry) or program.start_date
    session, _ = SessionLog.objects.get_or_create(
        program=program, week=week, day=day, defaults={"date": date}
    )
    return session


def item_log_record(
    *,
    program: Program,
    week: int,
    day: int,
    index: int,
    outcome: str,
    client_id: uuid.UUID,
    effort: int | None = None,
    skip_reason: str = "",
) -> ItemLog:
    """Record what happened to one item. Posting the same client id again changes nothing.

    A skipped item may say why (`ItemLog.SkipReason`); posting it again with a new client id and
    a reason adds the reason to the item already logged, as the session player does after "Skip".
    """
    _skip_reason_check(outcome=outcome, skip_reason=skip_reason)
    # Two retries of one post can race past the duplicate check; the loser of the race hits a
    # unique constraint and, on its second try, finds the winner's row.
    for attempt in range(2):
        try:
            with transaction.atomic():
                return _item_log_write(
                    program=program,
                    week=week,
                    day=day,
                    index=index,
                    outcome=outcome,
                    client_id=client_id,
                    effort=effort,
                    skip_reason=skip_reason,
                )
        except IntegrityError:
            if attempt:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _skip_reason_check(*, outcome: str, skip_reason: str) -> None:
    """The one place the rule lives: a reason is one of the choices, and only a skipped item has one."""
    if not skip_reason:
        return
    if skip_reason not in ItemLog.SkipReason.values:
        choices = ", ".join(ItemLog.SkipReason.values)
        raise ItemLogInvalid(f"Choose a reason for skipping from: {choices}.", field="skip_reason")
    if outcome != ItemLog.Outcome.SKIPPED:
        raise ItemLogInvalid(
            "A reason for skipping goes only with a skipped item: leave it out, or log the item as skipped.",
            field="skip_reason",
        )


def _item_log_write(
    *,
    program: Program,
    week: int,
    day: int,
    index: int,
    outcome: str,
    client_id: uuid.UUID,
    effort: int | None,
    skip_reason: str,
) -> ItemLog:
    existing = ItemLog.objects.filter(client_id=client_id).select_related("session").first()
    if existing is not None:
        if existing.session.program_id != program.pk:
            raise ProgramError("That log belongs to another session.")
        return existing
    if program.status != Program.Status.ACTIVE:
        raise ProgramError("Your program is paused: " + program.paused_reason)
    entry = program_day(program, week=week, day=day)
    if entry is None or not 0 <= index < len(entry["items"]):
        raise ProgramError("That item is not part of this session.")
    if outcome not in ItemLog.Outcome.values:
        raise ProgramError("Say whether the item was done, skipped, or hurt.")
    session = _session(program, week=week, day=day)
    log, _ = ItemLog.objects.update_or_create(
        session=session,
        index=index,
        defaults={
            "exercise": entry["items"][index]["exercise"],
            "outcome": outcome,
            "effort": effort,
            "skip_reason": skip_reason,
            "client_id": client_id,
        },
    )
    session.position = max(session.position, index + 1)
    if session.position >= len(entry["items"]) and session.completed_at is None:
        session.completed_at = timezone.now()
    session.save(update_fields=["position", "completed_at", "updated_at"])
    return log


@transaction.atomic
def session_pain_record(
    *, program: Program, week: int, day: int, before: int | None = None, after: int | None = None
) -> SessionLog:
    for value in (before, after):
        if value is not None and not 0 <= value <= 10:
            raise ProgramError("Pain is a whole number from 0 (none) to 10 (worst imaginable).")
    session = _session(program, week=week, day=day)
    if before is not None:
        session.pain_before = before
    if after is not None:
        session.pain_after = after
    session.save(update_fields=["pain_before", "pain_after", "updated_at"])
    return session


@transaction.atomic
def program_pause(*, program: Program, week: int, reason: str, level: str = "urgent") -> None:
    """Pause with the triage's advice; `level` ("emergency" or "urgent") decides what the banners show."""
    program.status = Program.Status.PAUSED
    program.paused_reason = reason
    program.save(update_fields=["status", "paused_reason"])
    ProgramChange.objects.create(
        program=program,
        kind=ProgramChange.Kind.PAUSE,
        week=week,
        changes=[{"what": "Program paused", "why": reason, "level": level}],
    )


@transaction.atomic
def program_resume(*, program: Program, week: int, why: str) -> None:
    program.status = Program.Status.ACTIVE
    program.paused_reason = ""
    program.save(update_fields=["status", "paused_reason"])
    ProgramChange.objects.create(
        program=program,
        kind=ProgramChange.Kind.RESUME,
        week=week,
        changes=[{"what": "Program resumed", "why": why}],
    )

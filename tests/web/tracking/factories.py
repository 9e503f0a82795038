"""Factories for tracking tests: a person with a started program, and their history."""

from __future__ import annotations

import datetime
import uuid

from backwell.web.accounts.models import User
from backwell.web.programs import services as program_services
from backwell.web.programs.models import Program
from backwell.web.programs.selectors import program_days
from tests.web.factories import AssessmentFactory, UserFactory


def started_program(*, user: User | None = None, start_date: datetime.date | None = None) -> Program:
    """A program planned from the shared complete assessment, starting on `start_date` (default today)."""
    user = user or UserFactory()
    assessment = AssessmentFactory(user=user, completed=True)
    return program_services.program_start(
        user=user, assessment=assessment, start_date=start_date or datetime.date.today()
    )


def log_whole_day(program: Program, *, week: int, day: int, outcome: str = "done") -> None:
    """Every item of one program day logged with the same outcome."""
    entry = next(d for d in program_days(program) if d["week"] == week and d["day"] == day)
    for index in range(len(entry["items"])):
        program_services.item_log_record(
            program=program, week=week, day=day, index=index, outcome=outcome, client_id=uuid.uuid4()
        )


def hurt_an_item_that_comes_back_next_week(program: Program) -> str:
    """Mark a week-1 exercise that comes back in week 2 as hurting (the engine will change it); its slug."""
    day = next(d for d in program_days(program) if d["week"] == 1)
    week_two = {i["exercise"] for d in program_days(program) if d["week"] == 2 for i in d["items"]}
    index, slug = next(
        (i, item["exercise"])
        for i, item in enumerate(day["items"])
        if item["kind"] in ("strength", "stretch") and item["exercise"] in week_two
    )
    program_services.item_log_record(
        program=program, week=1, day=day["day"], index=index, outcome="hurt", client_id=uuid.uuid4()
    )
    return slug

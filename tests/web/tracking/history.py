"""Bulk history for query-count tests: weeks or years of check-ins and session logs."""

from __future__ import annotations

import datetime

from backwell.web.accounts.models import User
from backwell.web.programs.models import Program
from backwell.web.tracking.bulk_history import add_daily_history, add_program_history


def add_bulk_history(*, user: User, program: Program, days: int, today: datetime.date) -> None:
    add_daily_history(user=user, days=days, today=today)
    add_program_history(program=program, today=today)

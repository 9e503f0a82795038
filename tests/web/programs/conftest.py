"""Fixtures for the program pages: people with a started program."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from backwell.web.programs.models import Program
from backwell.web.programs.services import program_start
from tests.web.factories import AssessmentFactory, UserFactory


def start_program(user=None, *, start: datetime.date | None = None, answers: dict | None = None) -> Program:
    user = user or UserFactory()
    kwargs = {"answers": answers} if answers is not None else {}
    assessment = AssessmentFactory(user=user, completed=True, **kwargs)
    return program_start(user=user, assessment=assessment, start_date=start or timezone.localdate())


@pytest.fixture
def program(db) -> Program:
    return start_program()

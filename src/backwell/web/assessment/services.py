"""Writes of the assessment: each wizard step saved whole, triage, and the engine's result."""

from __future__ import annotations

import copy
import logging
from typing import Any

from django.db import transaction
from django.utils import timezone

from backwell.engine import InvalidInput, plan, triage, validate
from backwell.engine.knowledge import load as load_knowledge
from backwell.web.accounts.models import User

from . import wizard
from .models import Assessment
from .selectors import assessment_in_progress, assessment_latest_completed

logger = logging.getLogger(__name__)

# Stands in for the profile while the wizard has not reached "about you" yet, so the answers so
# far can be checked against the contract (which requires a profile) at every step.
PROVISIONAL_PROFILE = {"age": 40, "minutes_per_day": 20, "days_per_week": 3}


class AnswersRejected(Exception):
    """The engine refused the answers; nothing was saved. `.field` and `.message` say why."""

    def __init__(self, error: InvalidInput) -> None:
        self.field = error.field
        self.message = error.message
        super().__init__(error.line)


def answers_check(answers: dict[str, Any]) -> None:
    """Checks a partial answers document against the contract; raises AnswersRejected."""
    document = copy.deepcopy(answers)
    document["profile"] = {**PROVISIONAL_PROFILE, **document.get("profile", {})}
    try:
        validate(document)
    except InvalidInput as exc:
        raise AnswersRejected(exc) from exc


def triage_of(answers: dict[str, Any]) -> triage.Triage:
    age = answers.get("profile", {}).get("age", PROVISIONAL_PROFILE["age"])
    return triage.assess(
        answers.get("red_flags", []), age, bool(answers.get("clinician_cleared", False)), load_knowledge()
    )


@transaction.atomic
def assessment_start(*, user: User, kind: str = Assessment.Kind.INITIAL) -> Assessment:
    """The person's assessment in progress of this kind, or a new one."""
    current = assessment_in_progress(user=user, kind=kind)
    if current is not None:
        return current
    if kind == Assessment.Kind.RETEST:
        latest = assessment_latest_completed(user=user)
        if latest is None:
            raise ValueError("a re-test needs a completed assessment to start from")
        # Everything but the self-tests carries over; the engine plans again with the new results.
        answers = {key: value for key, value in latest.answers.items() if key not in ("tests", "start_date")}
        return Assessment.objects.create(user=user, kind=kind, step="tests", answers=answers)
    return Assessment.objects.create(user=user, kind=kind, step=wizard.STEPS[0].slug, answers={})


def _merge(answers: dict[str, Any], sections: dict[str, Any]) -> dict[str, Any]:
    merged = copy.deepcopy(answers)
    for key, value in sections.items():
        if "." in key:  # "profile.age": one value inside a section
            section, field = key.split(".", 1)
            merged.setdefault(section, {})[field] = value
        else:
            merged[key] = value
    return merged


def answers_from_sections(sections: dict[str, Any]) -> dict[str, Any]:
    """An answers document holding just these sections (what a form's `sections()` gives)."""
    return _merge({}, sections)


def _advance(assessment: Assessment, saved: str) -> str:
    """The furthest step reached after saving `saved`: going back to edit never loses ground."""
    following = wizard.next_step(assessment, saved)
    if wizard.step_index(assessment, following) > wizard.step_index(assessment, assessment.step):
        return following
    return assessment.step


@transaction.atomic
def assessment_step_save(*, assessment: Assessment, step: str, sections: dict[str, Any]) -> Assessment:
    """Saves one whole step, or nothing at all if the answers break the contract."""
    answers = _merge(assessment.answers, sections)
    if step == "safety":
        # Changed answers to the safety questions need a fresh confirmation from a clinician.
        answers.pop("clinician_cleared", None)
    answers_check(answers)
    assessment.answers = answers
    if step == "safety" and not triage_of(answers).program_allowed:
        assessment.step = wizard.STOPPED
    elif wizard.next_step(assessment, step) == wizard.RESULTS:
        return assessment_complete(assessment=assessment)
    else:
        assessment.step = _advance(assessment, step)
    assessment.save(update_fields=["answers", "step", "updated_at"])
    return assessment


@transaction.atomic
def assessment_start_with_safety_answers(*, user: User, sections: dict[str, Any]) -> Assessment:
    """A safety check answered before signing up becomes the first step of the person's assessment."""
    assessment = assessment_start(user=user, kind=Assessment.Kind.INITIAL)
    return assessment_step_save(assessment=assessment, step="safety", sections=sections)


@transaction.atomic
def assessment_clearance_confirm(*, assessment: Assessment) -> Assessment:
    """The person confirms a clinician has cleared them: urgent (never emergency) signs may go on."""
    answers = {**assessment.answers, "clinician_cleared": True}
    if not triage_of(answers).program_allowed:
        raise ValueError("emergency signs cannot be cleared here")
    assessment.answers = answers
    assessment.step = wizard.next_step(assessment, "safety")
    assessment.save(update_fields=["answers", "step", "updated_at"])
    return assessment


@transaction.atomic
def assessment_complete(*, assessment: Assessment, today: Any = None) -> Assessment:
    """Runs the engine on the finished answers and stores its result."""
    answers = copy.deepcopy(assessment.answers)
    answers["start_date"] = (today or timezone.localdate()).isoformat()
    try:
        result = plan(answers)
    except InvalidInput as exc:
        raise AnswersRejected(exc) from exc
    assessment.answers = answers
    assessment.result = result
    assessment.step = wizard.RESULTS
    assessment.completed_at = timezone.now()
    assessment.save(update_fields=["answers", "result", "step", "completed_at", "updated_at"])
    return assessment


@transaction.atomic
def assessment_discard(*, assessment: Assessment) -> bool:
    """Deletes an unfinished assessment; a finished one is part of the person's history and stays."""
    if assessment.completed_at is not None:
        return False
    assessment.delete()
    return True

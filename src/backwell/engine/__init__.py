"""The pure engine: triage, scores, findings and the 12-week program. No Django, no I/O.

plan(document) -> output dict        (raises InvalidInput)
validate(document) -> None           (raises InvalidInput)
adapt(program_document, logs) -> dict (raises InvalidInput)
"""

from __future__ import annotations

from typing import Any

from . import findings as _findings
from . import instruments, inversion, referral, safety, triage
from .knowledge import KnowledgeBase, load
from .planner import build_program
from .schema import EngineInput, InvalidInput, parse_json, read

ENGINE_VERSION = "1.1.0"

__all__ = ["ENGINE_VERSION", "InvalidInput", "adapt", "parse_json", "plan", "plan_for", "validate"]


def validate(document: Any) -> None:
    """Raise InvalidInput (with `.field` and `.message`) if `document` breaks the input contract."""
    read(document)


def plan_for(person: EngineInput, kb: KnowledgeBase) -> dict[str, Any]:
    """The contract's output for a validated input and a knowledge base."""
    outcome = triage.assess(person.red_flags, person.profile.age, person.clinician_cleared, kb)
    scores = instruments.score(person)
    found = _findings.find(person, kb)
    imbalances = _findings.imbalances(found)
    targets = referral.targets(person.pain.regions, kb, nerve=safety.nerve_irritation_possible(person.pain))
    eligibility = inversion.assess(person, outcome.level, kb)
    program = None
    if outcome.program_allowed:
        program = build_program(person, kb, outcome, scores, found, imbalances, targets, eligibility)
    return {
        "engine_version": ENGINE_VERSION,
        "knowledge_version": kb.version,
        "triage": outcome.as_dict(),
        "scores": scores.as_dict(),
        "findings": [f.as_dict() for f in found],
        "imbalances": imbalances.as_dict(),
        "trigger_point_targets": [t.as_dict() for t in targets],
        "inversion": eligibility.as_dict(),
        "program": program,
    }


def plan(document: Any) -> dict[str, Any]:
    """Plan from a parsed input document; raises InvalidInput naming the field and the fix."""
    return plan_for(read(document), load())


def adapt(program_document: Any, logs: Any) -> dict[str, Any]:
    """Next week's program and the changes made, from a program (plan output) and a week of logs."""
    from .adaptation import adapt as _adapt

    return _adapt(program_document, logs, load())

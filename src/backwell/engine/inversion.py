"""Inversion eligibility (contract rule 3): opt-in, own table, not pregnant, no contraindication, safe triage."""

from __future__ import annotations

from dataclasses import dataclass

from .ids import CONDITIONS, INVERSION_CONTRAINDICATIONS
from .knowledge.model import KnowledgeBase
from .schema import EngineInput

# The evidence in one sentence, shown whenever inversion is offered (nice_ng59, cochrane_traction_wegner_2013).
EVIDENCE_NOTE = (
    "Inversion is a form of traction, which guidelines do not recommend for back pain; it is an "
    "optional extra you chose, never a replacement for the exercises."
)


@dataclass(frozen=True, slots=True)
class Eligibility:
    eligible: bool
    reasons: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        return {"eligible": self.eligible, "reasons": list(self.reasons)}


def contraindicating_conditions(kb: KnowledgeBase) -> frozenset[str]:
    """Conditions that rule inversion out: the fixed list, the conditions file and the inversion steps."""
    ids = set(INVERSION_CONTRAINDICATIONS)
    ids |= {c.id for c in kb.conditions.values() if "inversion" in c.contraindicates}
    for ex in kb.ladders.get("inversion", ()):
        ids |= set(ex.contraindications)
    return frozenset(ids)


def _condition_name(condition: str, kb: KnowledgeBase) -> str:
    entry = kb.conditions.get(condition)
    return entry.name.lower() if entry else condition.replace("_", " ")


def assess(person: EngineInput, triage_level: str, kb: KnowledgeBase) -> Eligibility:
    """Whether inversion may be part of the program, with every reason that decides it."""
    profile = person.profile
    reasons: list[str] = []
    if not profile.wants_inversion:
        reasons.append("You did not choose inversion, so it is not part of your program.")
    if "inversion_table" not in profile.equipment:
        reasons.append("You have no inversion table, which inversion needs.")
    if profile.pregnant:
        reasons.append("Inversion is not safe during pregnancy.")
    ruled_out = contraindicating_conditions(kb)
    order = {c: i for i, c in enumerate(CONDITIONS)}
    for condition in sorted(set(profile.conditions) & ruled_out, key=lambda c: (order.get(c, 99), c)):
        reasons.append(
            f"You told us about {_condition_name(condition, kb)}, which rules inversion out: hanging "
            "upside down raises pressure in the head, eyes and blood vessels and loads the spine."
        )
    if triage_level != "none":
        reasons.append(
            f"Your answers to the safety questions raised a concern (triage level: {triage_level}); "
            "inversion stays off until a clinician has checked you."
        )
    if not kb.ladders.get("inversion"):
        reasons.append("The exercise library holds no inversion steps.")
    if reasons:
        return Eligibility(False, tuple(reasons))
    return Eligibility(
        True,
        (
            "You chose inversion, have an inversion table and reported none of the conditions that rule it out.",
            EVIDENCE_NOTE,
        ),
    )

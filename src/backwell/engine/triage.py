"""Red-flag triage: the most serious level among the flags answered, with plain advice (contract rules 1–2)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .ids import EMERGENCY_FLAGS, RED_FLAGS
from .knowledge.model import FlagCombination, KnowledgeBase, Level, RedFlag

RANK: dict[str, int] = {"none": 0, "routine": 1, "urgent": 2, "emergency": 3}

# What to do at each level when the knowledge base gives no advice of its own for a raised level.
LEVEL_ADVICE: dict[str, str] = {
    "emergency": (
        "Go to an emergency department now, or call your emergency number. These signs can mean "
        "pressure on the nerves at the base of the spine, which needs care within hours. Do not start "
        "the exercises."
    ),
    "urgent": (
        "See a doctor today or as soon as you can and tell them about this answer. The exercise "
        "program waits until a clinician has checked you and cleared you to exercise."
    ),
    "routine": (
        "Book a review with your doctor or physiotherapist in the coming weeks to check this. You can "
        "start the gentle program meanwhile."
    ),
    "none": "",
}

ROUTINE_REVIEW_ADVICE = (
    "Book a review with your doctor or physiotherapist to talk about the answers you gave in the "
    "safety questions; you can follow the program meanwhile, and stop and seek care if anything gets worse."
)
CLEARED_ADVICE = (
    "You told us a clinician has checked the warning signs you reported and cleared you to exercise. "
    "If those signs come back or get worse, stop and seek care the same day."
)


@dataclass(frozen=True, slots=True)
class _Rule:
    """A minimum level the contract fixes in code, so no edit of the data can lower it."""

    flags: frozenset[str]
    any_of: frozenset[str]
    min_age: int | None
    level: Level


CONTRACT_MINIMUMS: tuple[_Rule, ...] = (
    *(_Rule(frozenset({flag}), frozenset(), None, "emergency") for flag in EMERGENCY_FLAGS),
    _Rule(frozenset({"progressive_weakness"}), frozenset(), None, "urgent"),
    _Rule(frozenset({"major_trauma"}), frozenset(), None, "urgent"),
    _Rule(
        frozenset({"fever"}),
        frozenset({"immunosuppressed", "iv_drug_use", "recent_infection"}),
        None,
        "urgent",
    ),
    _Rule(frozenset({"cancer_history"}), frozenset({"weight_loss", "night_pain"}), None, "urgent"),
    # Any history of cancer, at any age and alone (reference §1): spinal metastasis must be ruled out.
    _Rule(frozenset({"cancer_history"}), frozenset(), None, "urgent"),
)


@dataclass(frozen=True, slots=True)
class Reason:
    flag: str
    level: Level
    advice: str

    def as_dict(self) -> dict[str, str]:
        return {"flag": self.flag, "level": self.level, "advice": self.advice}


@dataclass(frozen=True, slots=True)
class Triage:
    level: Level
    program_allowed: bool
    reasons: tuple[Reason, ...]
    advice: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "level": self.level,
            "program_allowed": self.program_allowed,
            "reasons": [r.as_dict() for r in self.reasons],
        }


def _holds(
    flags: frozenset[str], any_of: frozenset[str], min_age: int | None, yes: set[str], age: int
) -> bool:
    if not flags <= yes:
        return False
    if any_of and not any_of & yes:
        return False
    return min_age is None or age >= min_age


def _combination_members(owner: RedFlag, combo: FlagCombination, yes: set[str]) -> set[str]:
    return ({owner.id, *combo.flags} | (set(combo.any_of) & yes)) & yes


def assess(
    red_flags: tuple[str, ...] | list[str], age: int, clinician_cleared: bool, kb: KnowledgeBase
) -> Triage:
    """The triage outcome for the flags answered yes."""
    yes = set(red_flags)
    # flag -> (level, advice) : the most serious level each answered flag reaches, alone or combined.
    best: dict[str, tuple[Level, str]] = {}

    def raise_to(flag: str, level: Level, advice: str) -> None:
        current = best.get(flag)
        if current is None or RANK[level] > RANK[current[0]]:
            best[flag] = (level, advice or LEVEL_ADVICE[level])

    for flag in yes:
        entry = kb.red_flags.get(flag)
        if entry is not None:
            raise_to(flag, entry.level, entry.advice)
    for entry in kb.red_flags.values():
        for combo in entry.combinations:
            required = frozenset({entry.id, *combo.flags})
            if _holds(required, frozenset(combo.any_of), combo.min_age, yes, age):
                for member in _combination_members(entry, combo, yes):
                    raise_to(member, combo.level, combo.advice)
    for rule in CONTRACT_MINIMUMS:
        if _holds(rule.flags, rule.any_of, rule.min_age, yes, age):
            for member in (set(rule.flags) | set(rule.any_of)) & yes:
                raise_to(member, rule.level, "")
    for flag in yes - set(kb.red_flags):
        # A flag the knowledge base does not know yet is still a warning sign: ask for a review.
        raise_to(flag, "routine", "")

    order = {flag: i for i, flag in enumerate(RED_FLAGS)}
    reasons = tuple(
        Reason(flag, level, advice)
        for flag, (level, advice) in sorted(
            best.items(), key=lambda kv: (-RANK[kv[1][0]], order.get(kv[0], 99), kv[0])
        )
    )
    level: Level = reasons[0].level if reasons else "none"
    allowed = RANK[level] <= RANK["routine"] or (level == "urgent" and clinician_cleared)
    advice: list[str] = []
    if level == "routine":
        advice.append(ROUTINE_REVIEW_ADVICE)
    elif level == "urgent" and allowed:
        advice.append(CLEARED_ADVICE)
    return Triage(level=level, program_allowed=allowed, reasons=reasons, advice=tuple(advice))


SERIOUS_LEVELS = frozenset({"urgent", "emergency"})


@dataclass(frozen=True, slots=True)
class CheckInScreen:
    """A weekly check-in's red-flag re-screen: the triage of the flags answered, which of them are new,
    and whether the program pauses."""

    triage: Triage
    new_flags: tuple[str, ...]
    pauses: bool


def checkin_screen(
    flags: Iterable[str], *, known: Iterable[str], age: int, cleared: bool, kb: KnowledgeBase
) -> CheckInScreen:
    """The one rule, for the web's check-in and the engine's adaptation alike, for when a check-in
    pauses the program: a flag not reported before reaches urgent or emergency (alone or combined
    with another answer), unless the check-in says a clinician has cleared an urgent level since.

    A flag already known when the program was planned does not pause it again: the program was only
    given because that flag was routine, or urgent and cleared by a clinician (contract rule 2).
    """
    answered = sorted(set(flags))
    outcome = assess(answered, age, cleared, kb)
    new = tuple(f for f in answered if f not in set(known))
    serious_new = any(r.level in SERIOUS_LEVELS and r.flag in new for r in outcome.reasons)
    return CheckInScreen(triage=outcome, new_flags=new, pauses=serious_new and not outcome.program_allowed)

"""Findings from tests, posture and pain: derived measures, the knowledge base's rules, confidence, imbalances."""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .ids import EXTENSION_AGGRAVATORS, FINDINGS, FLEXION_AGGRAVATORS, MUSCLES
from .knowledge.model import Confidence, KnowledgeBase, Rule
from .schema import EngineInput

CONFIDENCE_ORDER: tuple[Confidence, ...] = ("low", "moderate", "high")

# Prone-plank norms in seconds by sex (strand_2014_plank); "other" / unknown uses the lower one.
PLANK_NORM_S: dict[str, float] = {"male": 124.0, "female": 83.0}


def _ratio(a: Any, b: Any) -> float | None:
    if a is None or b is None or b <= 0:
        return None
    return round(float(a) / float(b), 3)


def derived_measures(person: EngineInput) -> dict[str, Any]:
    """The `derived.*` values the findings' rules may test, exactly as documented atop findings.yaml.

    A measure is None (so its rules do not fire) when the inputs it needs were not given.
    """
    t = person.tests
    left, right = t.get("side_bridge_left_s"), t.get("side_bridge_right_s")
    extensor = t.get("extensor_s")
    plank = t.get("plank_s")
    worse = set(person.pain.worse_with)
    out: dict[str, Any] = {
        "flexor_extensor_ratio": _ratio(t.get("flexor_s"), extensor),
        "side_bridge_asymmetry": None,
        "side_bridge_extensor_ratio": None,
        "plank_below_norm": None,
        # Not used by the rules today; kept for explanations and future rules.
        "flexion_aggravators": len(worse & set(FLEXION_AGGRAVATORS)),
        "extension_aggravators": len(worse & set(EXTENSION_AGGRAVATORS)),
    }
    if left is not None and right is not None:
        high = max(float(left), float(right))
        if high > 0:
            out["side_bridge_asymmetry"] = round(abs(float(left) - float(right)) / high, 4)
        out["side_bridge_extensor_ratio"] = _ratio(high, extensor)
    if plank is not None:
        norm = PLANK_NORM_S.get(person.profile.sex or "", PLANK_NORM_S["female"])
        out["plank_below_norm"] = float(plank) < norm
    return out


def _contains(have: Any, want: Any) -> bool:
    return isinstance(have, (list, tuple)) and want in have


def _contains_any(have: Any, want: Any) -> bool:
    return isinstance(have, (list, tuple)) and isinstance(want, (list, tuple)) and bool(set(have) & set(want))


def _in(have: Any, want: Any) -> bool:
    return isinstance(want, (list, tuple)) and have in want


def _not_in(have: Any, want: Any) -> bool:
    return isinstance(want, (list, tuple)) and have not in want


def _numeric(compare: Callable[[Any, Any], bool]) -> Callable[[Any, Any], bool]:
    def check(have: Any, want: Any) -> bool:
        if isinstance(have, bool) or not isinstance(have, (int, float)) or not isinstance(want, (int, float)):
            return False
        return compare(have, want)

    return check


def _abs_gt(have: Any, want: Any) -> bool:
    return _numeric(operator.gt)(abs(have) if isinstance(have, (int, float)) else have, want)


OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "abs_gt": _abs_gt,
    "eq": operator.eq,
    "==": operator.eq,
    "ne": operator.ne,
    "!=": operator.ne,
    "gt": _numeric(operator.gt),
    ">": _numeric(operator.gt),
    "ge": _numeric(operator.ge),
    "gte": _numeric(operator.ge),
    ">=": _numeric(operator.ge),
    "lt": _numeric(operator.lt),
    "<": _numeric(operator.lt),
    "le": _numeric(operator.le),
    "lte": _numeric(operator.le),
    "<=": _numeric(operator.le),
    "in": _in,
    "not_in": _not_in,
    "contains": _contains,
    "contains_any": _contains_any,
}


def input_value(path: str, person: EngineInput, derived: dict[str, Any]) -> Any:
    """The value a rule tests: a derived measure or the answer at a dotted path (None if not given)."""
    if path.startswith("derived."):
        return derived.get(path.removeprefix("derived."))
    return person.lookup(path)


def rule_holds(rule: Rule, person: EngineInput, derived: dict[str, Any]) -> bool:
    """Whether one rule matches; an unanswered input never matches (the finding is simply not made)."""
    value = input_value(rule.input, person, derived)
    if value is None:
        return False
    check = OPERATORS.get(rule.op)
    return check is not None and bool(check(value, rule.value))


def input_family(path: str) -> str:
    """Inputs that measure the same thing (the left and right Thomas test) count as one when agreeing."""
    if path.startswith("derived.") and ("aggravators" in path):
        return "pain.worse_with"
    for suffix in ("_left_deg", "_right_deg", "_left_s", "_right_s", "_left", "_right"):
        if path.endswith(suffix):
            return path.removesuffix(suffix)
    return path


def _raise(confidence: Confidence) -> Confidence:
    return CONFIDENCE_ORDER[min(CONFIDENCE_ORDER.index(confidence) + 1, len(CONFIDENCE_ORDER) - 1)]


@dataclass(frozen=True, slots=True)
class FoundPattern:
    id: str
    name: str
    confidence: Confidence
    evidence: tuple[str, ...]
    tight: tuple[str, ...]
    weak: tuple[str, ...]
    side: str  # "left", "right" or "both": the side the matched rules point to

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "confidence": self.confidence,
            "evidence": list(self.evidence),
            "tight": list(self.tight),
            "weak": list(self.weak),
        }


@dataclass(frozen=True, slots=True)
class Imbalances:
    tight: tuple[str, ...]
    weak: tuple[str, ...]
    # muscle -> "left" / "right" / "both", for sided items
    tight_side: dict[str, str]
    weak_side: dict[str, str]
    # muscle -> the findings that call it tight / weak, for the items' reasons
    tight_by: dict[str, tuple[str, ...]]
    weak_by: dict[str, tuple[str, ...]]

    def as_dict(self) -> dict[str, list[str]]:
        return {"tight": list(self.tight), "weak": list(self.weak)}


def _evidence_text(rule: Rule, value: Any) -> str:
    text = rule.evidence.strip()
    if "{value}" in text:
        shown = f"{value:g}" if isinstance(value, float) else str(value)
        text = text.replace("{value}", shown)
    return text


def find(person: EngineInput, kb: KnowledgeBase) -> tuple[FoundPattern, ...]:
    """Every finding at least one of whose rules matches, in the canonical order of findings."""
    derived = derived_measures(person)
    order = {fid: i for i, fid in enumerate(FINDINGS)}
    found: list[FoundPattern] = []
    for finding in sorted(kb.findings.values(), key=lambda f: (order.get(f.id, 99), f.id)):
        matched = [rule for rule in finding.rules if rule_holds(rule, person, derived)]
        if not matched:
            continue
        confidence = max((r.confidence for r in matched), key=CONFIDENCE_ORDER.index)
        if len({input_family(r.input) for r in matched}) >= 2:
            confidence = _raise(confidence)
        evidence: list[str] = []
        for rule in matched:
            text = _evidence_text(rule, input_value(rule.input, person, derived))
            if text and text not in evidence:
                evidence.append(text)
        sides = {r.side for r in matched}
        side = "both" if None in sides or len(sides) != 1 else str(next(iter(sides)))
        found.append(
            FoundPattern(
                id=finding.id,
                name=finding.name,
                confidence=confidence,
                evidence=tuple(evidence),
                tight=finding.tight,
                weak=finding.weak,
                side=side,
            )
        )
    return tuple(found)


def _merge_side(a: str | None, b: str) -> str:
    if a is None or a == b:
        return b
    return "both"


def imbalances(found: tuple[FoundPattern, ...]) -> Imbalances:
    """The union of tight and weak muscles over the findings, in canonical muscle order."""
    order = {m: i for i, m in enumerate(MUSCLES)}
    tight_side: dict[str, str] = {}
    weak_side: dict[str, str] = {}
    tight_by: dict[str, list[str]] = {}
    weak_by: dict[str, list[str]] = {}
    for f in found:
        for m in f.tight:
            tight_side[m] = _merge_side(tight_side.get(m), f.side)
            tight_by.setdefault(m, []).append(f.id)
        for m in f.weak:
            weak_side[m] = _merge_side(weak_side.get(m), f.side)
            weak_by.setdefault(m, []).append(f.id)

    def ordered(muscles: dict[str, str]) -> tuple[str, ...]:
        return tuple(sorted(muscles, key=lambda m: (order.get(m, 99), m)))

    return Imbalances(
        tight=ordered(tight_side),
        weak=ordered(weak_side),
        tight_side=tight_side,
        weak_side=weak_side,
        tight_by={m: tuple(v) for m, v in tight_by.items()},
        weak_by={m: tuple(v) for m, v in weak_by.items()},
    )

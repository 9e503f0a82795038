"""Findings from tests, posture and pain: derived measures, the knowledge base's rules, confidence, imbalances."""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from .ids import EXTENSION_AGGRAVATORS, FINDINGS, FLEXION_AGGRAVATORS, MUSCLES, PREGNANCY_LEFT_ALONE
from .knowledge.model import Confidence, KnowledgeBase, Rule
from .safety import nerve_irritation_possible
from .schema import EngineInput
from .wording import in_running_text

CONFIDENCE_ORDER: tuple[Confidence, ...] = ("low", "moderate", "high")

# Prone-plank norms in seconds by sex (strand_2014_plank); "other" / unknown uses the lower one. They
# come from college students (mean age about 20), so they are used only up to PLANK_NORM_MAX_AGE: no
# published norm fits older adults, and young people's times would over-call a deficit (rule 17).
PLANK_NORM_S: dict[str, float] = {"male": 124.0, "female": 83.0}
PLANK_NORM_GROUP: dict[str, str] = {"male": "young men", "female": "young women"}
PLANK_NORM_MAX_AGE = 30
PLANK_AGE_NOTE = (
    "Your plank time was not compared with a norm: the published averages come from college students "
    "and would judge your age unfairly."
)
NERVE_NOTE = (
    "You have pain below the knee or pins and needles, so a knee that will not straighten may be a "
    "sensitive nerve rather than a short muscle: this stays a weak sign."
)
PREGNANCY_NOTE = (
    "You are pregnant: your long tummy muscle is lengthening to make room for the baby, so the program "
    "does not stretch or strengthen it and works the deep tummy muscles gently instead."
)
# Inputs that come from one measurement count once when deciding whether independent tests agree.
SHARED_MEASUREMENT = {
    "derived.flexor_extensor_ratio": "tests.extensor_s",
    "derived.side_bridge_extensor_ratio": "tests.extensor_s",
    "derived.side_bridge_asymmetry": "tests.side_bridge",
    "derived.plank_below_norm": "tests.plank_s",
}


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
        # For the evidence texts only.
        "side_bridge_difference_pct": None,
        "plank_s": None,
        "plank_norm_s": None,
        "plank_norm_group": None,
    }
    if left is not None and right is not None:
        high = max(float(left), float(right))
        if high > 0:
            out["side_bridge_asymmetry"] = round(abs(float(left) - float(right)) / high, 4)
            out["side_bridge_difference_pct"] = round(100 * out["side_bridge_asymmetry"])
        out["side_bridge_extensor_ratio"] = _ratio(high, extensor)
    if plank is not None:
        out["plank_s"] = f"{float(plank):g}"
        if person.profile.age <= PLANK_NORM_MAX_AGE:
            sex = person.profile.sex if person.profile.sex in PLANK_NORM_S else "female"
            norm = PLANK_NORM_S[sex]
            out["plank_below_norm"] = float(plank) < norm
            out["plank_norm_s"] = f"{norm:g}"
            out["plank_norm_group"] = PLANK_NORM_GROUP[sex]
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
    """Inputs that measure the same thing (the left and right Thomas test, two ratios over one extensor
    hold, every measure of one posture photo) count as one when deciding whether tests agree."""
    if path.startswith("derived.") and ("aggravators" in path):
        return "pain.worse_with"
    if path in SHARED_MEASUREMENT:
        return SHARED_MEASUREMENT[path]
    if path.startswith("posture."):
        return "posture"
    for suffix in ("_left_deg", "_right_deg", "_left_s", "_right_s", "_left", "_right"):
        if path.endswith(suffix):
            return path.removesuffix(suffix)
    return path


def _raise(confidence: Confidence) -> Confidence:
    return CONFIDENCE_ORDER[min(CONFIDENCE_ORDER.index(confidence) + 1, len(CONFIDENCE_ORDER) - 1)]


def combined_confidence(matched: list[Rule]) -> Confidence:
    """The finding's confidence from the rules that matched (docs/clinical-rules.md, findings).

    The strongest single sign sets it; agreement of independent measurements raises it one step,
    but to `high` only when at least two independent measurements are each a moderate sign, so weak
    signs never add up to a strong claim.
    """
    confidence = max((r.confidence for r in matched), key=CONFIDENCE_ORDER.index)
    families = {input_family(r.input) for r in matched}
    if len(families) < 2:
        return confidence
    raised = _raise(confidence)
    if raised == "high":
        strong = {input_family(r.input) for r in matched if r.confidence != "low"}
        return raised if len(strong) >= 2 else confidence
    return raised


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


_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def _evidence_text(rule: Rule, value: Any, derived: dict[str, Any]) -> str:
    """The rule's evidence with `{value}` and any `{derived measure}` filled in."""

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        shown = value if name == "value" else derived.get(name)
        if shown is None:
            return match.group(0)
        return f"{shown:g}" if isinstance(shown, float) else str(shown)

    return _PLACEHOLDER.sub(fill, rule.evidence.strip())


def find(person: EngineInput, kb: KnowledgeBase) -> tuple[FoundPattern, ...]:
    """Every finding at least one of whose rules matches, in the canonical order of findings."""
    derived = derived_measures(person)
    order = {fid: i for i, fid in enumerate(FINDINGS)}
    found: list[FoundPattern] = []
    for finding in sorted(kb.findings.values(), key=lambda f: (order.get(f.id, 99), f.id)):
        matched = [rule for rule in finding.rules if rule_holds(rule, person, derived)]
        if not matched:
            continue
        confidence = combined_confidence(matched)
        evidence: list[str] = []
        for rule in _strongest_per_input(matched):
            text = _evidence_text(rule, input_value(rule.input, person, derived), derived)
            if text and text not in evidence:
                evidence.append(text)
        if finding.id == "hamstring_tightness" and nerve_irritation_possible(person.pain):
            # Rule 11: a knee-extension deficit may be neural tension, not short hamstrings.
            confidence = "low"
            evidence.append(NERVE_NOTE)
        plank_unjudged = derived["plank_s"] is not None and derived["plank_below_norm"] is None
        if finding.id == "core_endurance_deficit" and plank_unjudged:
            evidence.append(PLANK_AGE_NOTE)
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
    resolved = resolve_both_ways(tuple(found), kb)
    return left_alone_in_pregnancy(resolved) if person.profile.pregnant else resolved


def left_alone_in_pregnancy(found: tuple[FoundPattern, ...]) -> tuple[FoundPattern, ...]:
    """In pregnancy the long tummy muscle lengthens and may separate to make room for the baby, so it
    is neither stretched nor strengthened as an imbalance (acog_804_2020, mottola_2018_pregnancy); the
    finding says why, and the deep corset muscle is worked instead."""
    out: list[FoundPattern] = []
    for f in found:
        drop = [m for m in (*f.tight, *f.weak) if m in PREGNANCY_LEFT_ALONE]
        if not drop:
            out.append(f)
            continue
        out.append(
            replace(
                f,
                tight=tuple(m for m in f.tight if m not in PREGNANCY_LEFT_ALONE),
                weak=tuple(m for m in f.weak if m not in PREGNANCY_LEFT_ALONE),
                evidence=(*f.evidence, PREGNANCY_NOTE),
            )
        )
    return tuple(out)


def _strongest_per_input(matched: list[Rule]) -> list[Rule]:
    """One rule per input for the evidence: where graded thresholds on one measure both match (a
    side-bridge difference over 5% and over 10%), only the stronger one speaks."""
    best: dict[str, Rule] = {}
    for rule in matched:
        known = best.get(rule.input)
        if known is None or CONFIDENCE_ORDER.index(rule.confidence) > CONFIDENCE_ORDER.index(
            known.confidence
        ):
            best[rule.input] = rule
    return [rule for rule in matched if best[rule.input] is rule]


def resolve_both_ways(found: tuple[FoundPattern, ...], kb: KnowledgeBase) -> tuple[FoundPattern, ...]:
    """A muscle that findings call both tight and weak is treated one way only (contract rule 16).

    The side whose strongest finding has the higher confidence wins; on a tie, weak wins, since
    strengthening has better support than stretching (exercise_therapy_cochrane_hayden_2021). The
    finding that loses the muscle says so in its evidence.
    """

    def best(muscle: str, attr: str) -> int:
        levels = [CONFIDENCE_ORDER.index(f.confidence) for f in found if muscle in getattr(f, attr)]
        return max(levels, default=-1)

    both = {m for f in found for m in f.tight} & {m for f in found for m in f.weak}
    if not both:
        return found
    treat_weak = {m for m in both if best(m, "weak") >= best(m, "tight")}
    names = {m: in_running_text(kb.muscles[m].name) if m in kb.muscles else m.replace("_", " ") for m in both}
    resolved: list[FoundPattern] = []
    for f in found:
        dropped_tight = [m for m in f.tight if m in treat_weak]
        dropped_weak = [m for m in f.weak if m in both - treat_weak]
        if not dropped_tight and not dropped_weak:
            resolved.append(f)
            continue
        notes = [
            f"Another finding points to your {names[m]} being weak rather than tight; the program treats it "
            "as weak and strengthens it, since that result is at least as strong."
            for m in dropped_tight
        ] + [
            f"Another finding points to your {names[m]} being tight rather than weak; the program treats it "
            "as tight and stretches it, since that result is stronger."
            for m in dropped_weak
        ]
        resolved.append(
            replace(
                f,
                tight=tuple(m for m in f.tight if m not in dropped_tight),
                weak=tuple(m for m in f.weak if m not in dropped_weak),
                evidence=(*f.evidence, *notes),
            )
        )
    return tuple(resolved)


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

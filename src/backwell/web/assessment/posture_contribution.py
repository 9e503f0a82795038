"""What the posture photos added to a result: each measure, its value, the line a finding needs, and
whether it crossed it — so confirmed photos never "change nothing" without saying why."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from backwell.engine.findings import OPERATORS
from backwell.engine.knowledge import load as load_knowledge
from backwell.posture.measures import PELVIS_FORWARD_THRESHOLD_PCT
from backwell.web.photos.presentation import MEASURE_LABELS, format_value
from backwell.web.photos.services import POSTURE_KEYS_BY_VIEW

# The order the rows are shown in: front photo first, then side photo.
PHOTO_KEYS: tuple[str, ...] = tuple(key for keys in POSTURE_KEYS_BY_VIEW.values() for key in keys)


@dataclass(frozen=True)
class RuleCheck:
    """One finding rule that reads this measure: the line it draws in words, and whether it was crossed."""

    finding: str
    line: str
    crossed: bool


@dataclass(frozen=True)
class PostureContribution:
    key: str
    label: str
    value: str
    how_measured: str
    checks: tuple[RuleCheck, ...]

    @property
    def supported(self) -> bool:
        return any(check.crossed for check in self.checks)


def _how_measured(key: str) -> str:
    # The engine sees only yes or no for the hips; the line that turned the photo's percentage into
    # that answer is set in the posture code, so it is said here where the answer is shown.
    if key == "pelvis_forward":
        return _(
            "From the side photo: “yes” when your hips sit more than %(pct)s %% of your ankle-to-shoulder "
            "height in front of the line from your ankle to your shoulder."
        ) % {"pct": f"{PELVIS_FORWARD_THRESHOLD_PCT:g}"}
    return _("From the front photo.") if key in POSTURE_KEYS_BY_VIEW["front"] else _("From the side photo.")


def posture_contributions(posture: Mapping[str, Any]) -> list[PostureContribution]:
    """The photo measures in an assessment's answers, each checked against every finding rule that reads it.

    The rules and their comparison operators are the engine's own, so this can never disagree with the
    findings the engine made.
    """
    kb = load_knowledge()
    rows = []
    for key in PHOTO_KEYS:
        value = posture.get(key)
        if value is None:
            continue
        checks = []
        for finding in kb.findings.values():
            for rule in finding.rules:
                if rule.input != f"posture.{key}":
                    continue
                compare = OPERATORS.get(rule.op)
                crossed = compare is not None and bool(compare(value, rule.value))
                # The rule's evidence sentence already states its line in words ("… by more than 4 degrees").
                checks.append(RuleCheck(finding.name, rule.evidence.strip(), crossed))
        # A finding with a rule per side (right hip higher / left hip higher) is answered by the side
        # that was crossed; its other side's "no" would only contradict the "yes" beside it.
        crossed_findings = {check.finding for check in checks if check.crossed}
        checks = [c for c in checks if c.crossed or c.finding not in crossed_findings]
        rows.append(
            PostureContribution(
                key=key,
                label=str(MEASURE_LABELS.get(key, key)),
                value=format_value(key, value),
                how_measured=_how_measured(key),
                checks=tuple(checks),
            )
        )
    return rows

"""The smallest changes in pain, Roland-Morris and PSFS that matter to a person: one source for everyone.

The web app's progress page and the weekly adaptation both judge change with these thresholds, and the
knowledge base states them in words (`instruments.yaml`, `meaningful_change`); a test keeps the two in step.
Pure: no Django, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Threshold:
    """A change of `points`, or of `fraction` of the starting score when given, whichever comes first."""

    instrument: str  # the instrument's id in the knowledge base
    points: float
    fraction: float | None
    lower_is_better: bool
    sources: tuple[str, ...]

    def improved(self, *, baseline: float, latest: float) -> bool:
        gain = baseline - latest if self.lower_is_better else latest - baseline
        if gain <= 0:
            return False
        if gain >= self.points:
            return True
        return self.fraction is not None and baseline > 0 and gain / baseline >= self.fraction

    def worsened(self, *, baseline: float, latest: float) -> bool:
        # Only the points count for worsening: the published fractions were derived for improvement, and a
        # fraction of a low starting score would call a one-point wobble (1 → 2) a meaningful change.
        loss = latest - baseline if self.lower_is_better else baseline - latest
        return loss >= self.points


# Pain on the 0–10 numeric rating scale: 2 points or 30% (Ostelo 2008).
PAIN = Threshold("nrs", points=2, fraction=0.30, lower_is_better=True, sources=("ostelo_2008",))
# Roland-Morris (0–24): 5 points or 30% of the starting score (Roland & Fairbank 2000; Ostelo 2008).
RMDQ = Threshold(
    "rmdq", points=5, fraction=0.30, lower_is_better=True, sources=("roland_fairbank_2000", "ostelo_2008")
)
# Patient-Specific Functional Scale, mean of the activities (0–10): a rise of 2 points (Stratford 1995).
PSFS = Threshold("psfs", points=2, fraction=None, lower_is_better=False, sources=("stratford_1995_psfs",))

BY_INSTRUMENT = {threshold.instrument: threshold for threshold in (PAIN, RMDQ, PSFS)}

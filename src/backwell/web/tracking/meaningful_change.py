"""Whether a change in pain, Roland-Morris or PSFS since the start is large enough to matter to a person."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.utils.translation import gettext as _

# Pain NRS: a drop of 2 points or 30% (ostelo_2008). RMDQ: 5 points (roland_fairbank_2000,
# ostelo_2008). PSFS: 2 points on the mean (stratford_1995_psfs).
PAIN_POINTS = 2
PAIN_FRACTION = 0.30
RMDQ_POINTS = 5
PSFS_POINTS = 2.0

Direction = Literal["better", "worse", "same"]


@dataclass(frozen=True)
class Change:
    measure: str
    baseline: float
    latest: float
    direction: Direction
    meaningful: bool
    message: str
    source: str


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def pain_change(*, baseline: float, latest: float) -> Change:
    """Lower is better; meaningful at 2 points or 30% of the starting pain, whichever comes first."""
    drop = baseline - latest
    fraction = drop / baseline if baseline > 0 else 0.0
    better = drop >= PAIN_POINTS or (drop > 0 and fraction >= PAIN_FRACTION)
    rise = latest - baseline
    worse = rise >= PAIN_POINTS or (baseline > 0 and rise / baseline >= PAIN_FRACTION and rise > 0)
    if better:
        message = _(
            "Your pain has gone from %(start)s to %(now)s out of 10 — a drop of %(percent)s%%. That is a "
            "change large enough to matter in daily life, not just a good day."
        ) % {"start": _num(baseline), "now": _num(latest), "percent": round(fraction * 100)}
        return Change("pain", baseline, latest, "better", True, message, "ostelo_2008")
    if worse:
        message = _(
            "Your pain is higher than when you started (%(start)s then, %(now)s now). If it keeps rising or "
            "something new appears, talk to a doctor or physiotherapist."
        ) % {"start": _num(baseline), "now": _num(latest)}
        return Change("pain", baseline, latest, "worse", True, message, "ostelo_2008")
    direction: Direction = "better" if drop > 0 else "worse" if drop < 0 else "same"
    message = _(
        "Your pain has gone from %(start)s to %(now)s out of 10. A drop of 2 points or 30%% is the change "
        "people notice in daily life."
    ) % {"start": _num(baseline), "now": _num(latest)}
    return Change("pain", baseline, latest, direction, False, message, "ostelo_2008")


def rmdq_change(*, baseline: int, latest: int) -> Change:
    """Roland-Morris counts the statements that apply: lower is better; 5 points is meaningful."""
    drop = baseline - latest
    if drop >= RMDQ_POINTS:
        message = _(
            "Your back is getting in the way of %(n)s fewer everyday things than at the start (Roland-Morris "
            "%(start)s → %(now)s). That is a meaningful improvement."
        ) % {"n": drop, "start": baseline, "now": latest}
        return Change("rmdq", baseline, latest, "better", True, message, "roland_fairbank_2000")
    if -drop >= RMDQ_POINTS:
        message = _(
            "Your back is getting in the way of more everyday things than at the start (Roland-Morris "
            "%(start)s → %(now)s). It is worth talking this over with a clinician."
        ) % {"start": baseline, "now": latest}
        return Change("rmdq", baseline, latest, "worse", True, message, "roland_fairbank_2000")
    direction: Direction = "better" if drop > 0 else "worse" if drop < 0 else "same"
    message = _(
        "Roland-Morris score: %(start)s at the start, %(now)s now (lower is better; 5 points is the change "
        "that matters)."
    ) % {"start": baseline, "now": latest}
    return Change("rmdq", baseline, latest, direction, False, message, "roland_fairbank_2000")


def psfs_change(*, baseline: float, latest: float) -> Change:
    """PSFS is the mean of the person's own activities (0–10): higher is better; 2 points is meaningful."""
    rise = latest - baseline
    if rise >= PSFS_POINTS:
        message = _(
            "The activities you named are clearly easier: from %(start)s to %(now)s out of 10 on average. "
            "That is a meaningful improvement."
        ) % {"start": _num(baseline), "now": _num(latest)}
        return Change("psfs", baseline, latest, "better", True, message, "stratford_1995_psfs")
    if -rise >= PSFS_POINTS:
        message = _(
            "The activities you named have become harder (%(start)s → %(now)s out of 10). It is worth talking "
            "this over with a clinician."
        ) % {"start": _num(baseline), "now": _num(latest)}
        return Change("psfs", baseline, latest, "worse", True, message, "stratford_1995_psfs")
    direction: Direction = "better" if rise > 0 else "worse" if rise < 0 else "same"
    message = _(
        "Your activities: %(start)s out of 10 at the start, %(now)s now (higher is better; 2 points is the "
        "change that matters)."
    ) % {"start": _num(baseline), "now": _num(latest)}
    return Change("psfs", baseline, latest, direction, False, message, "stratford_1995_psfs")

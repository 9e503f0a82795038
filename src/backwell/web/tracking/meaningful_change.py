"""Whether a change in pain, Roland-Morris or PSFS since the start is large enough to matter to a person.

The thresholds come from the engine (`backwell.engine.meaningful`), the one source the weekly adaptation
uses too. Pain is compared as weekly means of the daily check-ins: one day's pain goes up and down too much
to say anything, so nothing is said until there are two weeks with enough check-ins to compare.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from django.utils.translation import gettext as _

from backwell.engine.meaningful import PAIN, PSFS, RMDQ

# A week's mean pain stands for the week only with check-ins on at least this many of its days.
MIN_CHECKINS_PER_WEEK = 4

Direction = Literal["better", "worse", "same", "unknown"]


@dataclass(frozen=True)
class Change:
    measure: str
    baseline: float | None
    latest: float | None
    direction: Direction
    meaningful: bool
    message: str
    source: str


@dataclass(frozen=True)
class PainWeeks:
    """The weeks compared: the first with enough check-ins, and the latest full one after it, if any."""

    baseline_week: int | None
    baseline: float | None
    latest_week: int | None
    latest: float | None


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _percent(threshold_fraction: float | None) -> str:
    return f"{round((threshold_fraction or 0) * 100)}%"


def pain_weeks(
    daily: Sequence[tuple[datetime.date, int]], *, start: datetime.date, today: datetime.date
) -> PainWeeks:
    """Weekly means of daily pain, weeks counted from the program's start (check-ins before it join week 1).

    Only weeks that have ended count as the latest week: a week half-lived is not yet a week.
    """
    by_week: dict[int, list[int]] = defaultdict(list)
    for date, pain in daily:
        by_week[max(0, (date - start).days // 7)].append(pain)
    full = [week for week in sorted(by_week) if len(by_week[week]) >= MIN_CHECKINS_PER_WEEK]
    if not full:
        return PainWeeks(None, None, None, None)
    first = full[0]
    baseline = round(sum(by_week[first]) / len(by_week[first]), 1)
    finished = (today - start).days // 7  # weeks before this index have ended
    later = [week for week in full if first < week < finished]
    if not later:
        return PainWeeks(first, baseline, None, None)
    last = later[-1]
    return PainWeeks(first, baseline, last, round(sum(by_week[last]) / len(by_week[last]), 1))


def pain_change_from_weeks(weeks: PainWeeks) -> Change:
    """The pain change between the compared weeks, or what is still needed before one can be told."""
    source = PAIN.sources[0]
    if weeks.baseline is None:
        message = _(
            "Check in on at least %(n)s days a week. After two weeks of check-ins we can tell you whether your "
            "pain has changed enough to matter: we compare your first week with your latest one, because pain "
            "goes up and down from day to day."
        ) % {"n": MIN_CHECKINS_PER_WEEK}
        return Change("pain", None, None, "unknown", False, message, source)
    if weeks.latest is None:
        message = _(
            "Your first week of check-ins averaged %(start)s out of 10. After one more full week with at least "
            "%(n)s check-ins we can tell you whether your pain has changed enough to matter."
        ) % {"start": _num(weeks.baseline), "n": MIN_CHECKINS_PER_WEEK}
        return Change("pain", weeks.baseline, None, "unknown", False, message, source)
    return pain_change(baseline=weeks.baseline, latest=weeks.latest)


def pain_change(*, baseline: float, latest: float) -> Change:
    """Weekly mean pain: lower is better; meaningful at PAIN's points or fraction of the start."""
    drop = baseline - latest
    numbers = {"start": _num(baseline), "now": _num(latest)}
    if PAIN.improved(baseline=baseline, latest=latest):
        message = _(
            "Your average pain has gone from %(start)s in your first week of check-ins to %(now)s out of 10 in "
            "your latest week — a drop of %(percent)s%%. That is a change large enough to matter in daily "
            "life, not just a good day."
        ) % {**numbers, "percent": round(drop / baseline * 100)}
        return Change("pain", baseline, latest, "better", True, message, PAIN.sources[0])
    if PAIN.worsened(baseline=baseline, latest=latest):
        message = (
            _(
                "Your average pain is higher than in your first week of check-ins (%(start)s then, %(now)s in your "
                "latest week). If it keeps rising or something new appears, talk to a doctor or physiotherapist."
            )
            % numbers
        )
        return Change("pain", baseline, latest, "worse", True, message, PAIN.sources[0])
    direction: Direction = "better" if drop > 0 else "worse" if drop < 0 else "same"
    message = _(
        "Your average pain has gone from %(start)s in your first week of check-ins to %(now)s out of 10 in your "
        "latest week. A drop of %(points)s points or %(percent)s is the change people notice in daily life."
    ) % {**numbers, "points": _num(PAIN.points), "percent": _percent(PAIN.fraction)}
    return Change("pain", baseline, latest, direction, False, message, PAIN.sources[0])


def rmdq_change(*, baseline: int, latest: int) -> Change:
    """Roland-Morris counts the statements that apply: lower is better; RMDQ's points or fraction matter."""
    drop = baseline - latest
    source = RMDQ.sources[0]
    if RMDQ.improved(baseline=baseline, latest=latest):
        message = _(
            "Your back is getting in the way of %(n)s fewer everyday things than at the start (Roland-Morris "
            "%(start)s → %(now)s). That is a meaningful improvement."
        ) % {"n": drop, "start": baseline, "now": latest}
        return Change("rmdq", baseline, latest, "better", True, message, source)
    if RMDQ.worsened(baseline=baseline, latest=latest):
        message = _(
            "Your back is getting in the way of more everyday things than at the start (Roland-Morris "
            "%(start)s → %(now)s). It is worth talking this over with a clinician."
        ) % {"start": baseline, "now": latest}
        return Change("rmdq", baseline, latest, "worse", True, message, source)
    direction: Direction = "better" if drop > 0 else "worse" if drop < 0 else "same"
    message = _(
        "Roland-Morris score: %(start)s at the start, %(now)s now (lower is better; a drop of %(points)s points "
        "or %(percent)s is the change that matters)."
    ) % {"start": baseline, "now": latest, "points": _num(RMDQ.points), "percent": _percent(RMDQ.fraction)}
    return Change("rmdq", baseline, latest, direction, False, message, source)


def psfs_change(*, baseline: float, latest: float) -> Change:
    """PSFS is the mean of the person's own activities (0–10): higher is better."""
    rise = latest - baseline
    source = PSFS.sources[0]
    numbers = {"start": _num(baseline), "now": _num(latest)}
    if PSFS.improved(baseline=baseline, latest=latest):
        message = (
            _(
                "The activities you named are clearly easier: from %(start)s to %(now)s out of 10 on average. "
                "That is a meaningful improvement."
            )
            % numbers
        )
        return Change("psfs", baseline, latest, "better", True, message, source)
    if PSFS.worsened(baseline=baseline, latest=latest):
        message = (
            _(
                "The activities you named have become harder (%(start)s → %(now)s out of 10). It is worth talking "
                "this over with a clinician."
            )
            % numbers
        )
        return Change("psfs", baseline, latest, "worse", True, message, source)
    direction: Direction = "better" if rise > 0 else "worse" if rise < 0 else "same"
    message = _(
        "Your activities: %(start)s out of 10 at the start, %(now)s now (higher is better; %(points)s points "
        "is the change that matters)."
    ) % {**numbers, "points": _num(PSFS.points)}
    return Change("psfs", baseline, latest, direction, False, message, source)

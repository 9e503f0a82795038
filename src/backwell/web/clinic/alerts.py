"""The worklist's alert rules, all in one place: what puts a person on a clinician's list, and why.

Each rule reads one `Snapshot` (built for hundreds of people at once by `worklist.py`), belongs to
the kind of data it reads — so a person who does not share that kind never triggers it — and is
explained on the worklist page from `RULES`. Lower `rank` means more urgent; a red flag always
comes first.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from backwell.engine.meaningful import PAIN, PSFS, RMDQ
from backwell.web.core.dates import day

from .models import DataKind

PAIN_RISE_POINTS = 2
PAIN_RISE_DAYS = 7
INACTIVE_DAYS = 3
ADHERENCE_MINIMUM = 0.5
REVIEW_WEEK = 6


@dataclass(frozen=True)
class WeeklyScore:
    week: int
    date: datetime.date
    pain: int
    rmdq: int
    psfs_mean: float | None
    red_flags: tuple[str, ...]
    triage_level: str


@dataclass(frozen=True)
class Snapshot:
    """What the rules know about one person on one day; every field is optional data."""

    today: datetime.date
    kinds: frozenset[str]
    linked_on: datetime.date
    program_start: datetime.date | None = None
    days_per_week: int | None = None
    baseline_pain: float | None = None
    baseline_rmdq: int | None = None
    baseline_psfs: float | None = None
    start_back_risk: str | None = None
    # Daily pain (date, 0–10) of about the last two weeks, oldest first.
    daily: tuple[tuple[datetime.date, int], ...] = ()
    # The latest program's weekly check-ins, first week first.
    weekly: tuple[WeeklyScore, ...] = ()
    # Sessions finished in the last seven days (today excluded: today's may still come).
    completed_last_7_days: int = 0
    last_checkin: datetime.date | None = None
    last_session: datetime.date | None = None
    latest_adaptation_at: datetime.datetime | None = None
    adaptations_reviewed_at: datetime.datetime | None = None
    # The week of a weekly adaptation held for the clinician's approval (approval mode), if any.
    held_week: int | None = None

    @property
    def program_days(self) -> int | None:
        return None if self.program_start is None else (self.today - self.program_start).days


@dataclass(frozen=True)
class Rule:
    code: str
    kind: str
    rank: int
    title: str | Promise
    explanation: str | Promise


@dataclass(frozen=True)
class Alert:
    rule: Rule
    reason: str

    @property
    def code(self) -> str:
        return self.rule.code

    def __reduce__(self) -> tuple[Any, ...]:
        # Stored worklists keep the rule by its code: the rule's texts are translated when shown.
        return (_alert, (self.rule.code, self.reason))


def _alert(code: str, reason: str) -> Alert:
    return Alert(BY_CODE[code], reason)


RED_FLAG = Rule(
    "red_flag",
    DataKind.SCORES,
    0,
    gettext_lazy("Warning sign at a check-in"),
    gettext_lazy(
        "The person answered yes to a red-flag question at their latest weekly check-in. Always at the top."
    ),
)
PAIN_UP = Rule(
    "pain_up",
    DataKind.SCORES,
    1,
    gettext_lazy("Pain rising"),
    gettext_lazy(
        "Daily pain rose by %(points)s points or more within %(days)s days (first to last check-in of the "
        "last %(days)s days)."
    )
    % {"points": PAIN_RISE_POINTS, "days": PAIN_RISE_DAYS},
)
NO_IMPROVEMENT = Rule(
    "no_improvement",
    DataKind.SCORES,
    2,
    gettext_lazy("No meaningful improvement at week 6"),
    gettext_lazy(
        "Six weeks or more into the program, the latest weekly check-in shows no meaningful improvement from "
        "the assessment in pain (2 points or 30%), Roland-Morris (5 points or 30%) or PSFS (2 points)."
    ),
)
HIGH_RISK = Rule(
    "high_risk",
    DataKind.SCORES,
    3,
    gettext_lazy("High STarT Back risk"),
    gettext_lazy(
        "STarT Back put the person in the high-risk group at the assessment: psychologically informed "
        "support helps them most."
    ),
)
INACTIVE = Rule(
    "inactive",
    DataKind.ADHERENCE,
    4,
    gettext_lazy("No activity"),
    gettext_lazy("No session and no check-in for %(days)s days or more.") % {"days": INACTIVE_DAYS},
)
LOW_ADHERENCE = Rule(
    "low_adherence",
    DataKind.ADHERENCE,
    5,
    gettext_lazy("Low adherence"),
    gettext_lazy(
        "Fewer than %(percent)s%% of the week's planned sessions finished in the last 7 days (once the program "
        "has run a week)."
    )
    % {"percent": round(ADHERENCE_MINIMUM * 100)},
)
ADAPTATION_REVIEW = Rule(
    "adaptation_review",
    DataKind.PROGRAM,
    6,
    gettext_lazy("Adaptation to review"),
    gettext_lazy(
        "The weekly adaptation changed the program since you last marked the person's adaptations reviewed, "
        "or, in approval mode, an adaptation waits for your decision."
    ),
)

RULES: tuple[Rule, ...] = (
    RED_FLAG,
    PAIN_UP,
    NO_IMPROVEMENT,
    HIGH_RISK,
    INACTIVE,
    LOW_ADHERENCE,
    ADAPTATION_REVIEW,
)
BY_CODE = {rule.code: rule for rule in RULES}


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def red_flag(s: Snapshot) -> Alert | None:
    latest = s.weekly[-1] if s.weekly else None
    if latest is None or not latest.red_flags:
        return None
    count = len(latest.red_flags)
    return Alert(
        RED_FLAG,
        ngettext(
            "%(n)s warning sign answered yes at the week %(week)s check-in on %(date)s (triage: %(level)s).",
            "%(n)s warning signs answered yes at the week %(week)s check-in on %(date)s (triage: %(level)s).",
            count,
        )
        % {"n": count, "week": latest.week, "date": day(latest.date), "level": latest.triage_level},
    )


def pain_up(s: Snapshot) -> Alert | None:
    since = s.today - datetime.timedelta(days=PAIN_RISE_DAYS)
    window = [(d, p) for d, p in s.daily if since <= d <= s.today]
    if len(window) < 2:
        return None
    (first_date, first), (last_date, last) = window[0], window[-1]
    if last - first < PAIN_RISE_POINTS:
        return None
    return Alert(
        PAIN_UP,
        _("Pain rose from %(a)s on %(d1)s to %(b)s on %(d2)s.")
        % {"a": first, "b": last, "d1": day(first_date), "d2": day(last_date)},
    )


def no_improvement(s: Snapshot) -> Alert | None:
    if s.program_days is None or s.program_days < REVIEW_WEEK * 7:
        return None
    latest = next((w for w in reversed(s.weekly) if w.week >= REVIEW_WEEK), None)
    if latest is None:
        return None
    improved = (
        (s.baseline_pain is not None and PAIN.improved(baseline=s.baseline_pain, latest=latest.pain))
        or (s.baseline_rmdq is not None and RMDQ.improved(baseline=s.baseline_rmdq, latest=latest.rmdq))
        or (
            s.baseline_psfs is not None
            and latest.psfs_mean is not None
            and PSFS.improved(baseline=s.baseline_psfs, latest=latest.psfs_mean)
        )
    )
    if improved:
        return None
    return Alert(
        NO_IMPROVEMENT,
        _("Week %(week)s: pain %(pain)s, Roland-Morris %(rmdq)s — no meaningful change from the start.")
        % {"week": latest.week, "pain": latest.pain, "rmdq": latest.rmdq},
    )


def high_risk(s: Snapshot) -> Alert | None:
    if s.start_back_risk != "high":
        return None
    return Alert(HIGH_RISK, _("High-risk group on STarT Back at the assessment."))


def inactive(s: Snapshot) -> Alert | None:
    seen = [d for d in (s.last_checkin, s.last_session) if d is not None]
    if seen:
        last = max(seen)
        days = (s.today - last).days
        if days < INACTIVE_DAYS:
            return None
        return Alert(
            INACTIVE,
            _("Last active %(days)s days ago (%(date)s).") % {"days": days, "date": day(last)},
        )
    since = s.program_start or s.linked_on
    days = (s.today - since).days
    if days < INACTIVE_DAYS:
        return None
    return Alert(INACTIVE, _("Nothing logged yet, %(days)s days after starting.") % {"days": days})


def low_adherence(s: Snapshot) -> Alert | None:
    if s.program_days is None or s.program_days < 7 or not s.days_per_week:
        return None
    share = s.completed_last_7_days / s.days_per_week
    if share >= ADHERENCE_MINIMUM:
        return None
    return Alert(
        LOW_ADHERENCE,
        _("%(done)s of %(planned)s planned sessions finished in the last 7 days (%(percent)s%%).")
        % {"done": s.completed_last_7_days, "planned": s.days_per_week, "percent": round(share * 100)},
    )


def adaptation_review(s: Snapshot) -> Alert | None:
    if s.held_week is not None:
        return Alert(
            ADAPTATION_REVIEW,
            _("The week %(week)s adaptation waits for your approval: nothing changes until you decide.")
            % {"week": s.held_week},
        )
    if s.latest_adaptation_at is None:
        return None
    if s.adaptations_reviewed_at is not None and s.latest_adaptation_at <= s.adaptations_reviewed_at:
        return None
    return Alert(
        ADAPTATION_REVIEW,
        _("Program adapted on %(date)s, not yet reviewed.") % {"date": day(s.latest_adaptation_at)},
    )


CHECKS: tuple[Callable[[Snapshot], Alert | None], ...] = (
    red_flag,
    pain_up,
    no_improvement,
    high_risk,
    inactive,
    low_adherence,
    adaptation_review,
)


def alerts_for(snapshot: Snapshot) -> list[Alert]:
    """Every alert that applies, most urgent first, from the kinds of data the person shares only."""
    found = []
    for check in CHECKS:
        alert = check(snapshot)
        if alert is not None and alert.rule.kind in snapshot.kinds:
            found.append(alert)
    return sorted(found, key=lambda a: a.rule.rank)


@dataclass(frozen=True)
class Band:
    """A score now, its change from the start, and whether that change is meaningful."""

    label: str
    latest: float
    baseline: float | None
    change: str
    band: str  # better, worse, none, unknown
    band_label: str


def band(label: str, *, baseline: float | None, latest: float | None, instrument: str) -> Band | None:
    """The worklist's score cell, judged by the engine's meaningful-change thresholds."""
    if latest is None:
        return None
    threshold = {"nrs": PAIN, "rmdq": RMDQ, "psfs": PSFS}[instrument]
    if baseline is None:
        return Band(label, latest, None, "", "unknown", _("no baseline"))
    diff = latest - baseline
    change = ("+" if diff > 0 else "") + _num(diff)
    if threshold.improved(baseline=baseline, latest=latest):
        return Band(label, latest, baseline, change, "better", _("meaningful improvement"))
    if threshold.worsened(baseline=baseline, latest=latest):
        return Band(label, latest, baseline, change, "worse", _("meaningful worsening"))
    return Band(label, latest, baseline, change, "none", _("no meaningful change"))

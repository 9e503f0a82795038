"""The progress page's content: plots, meaningful change, adherence, encouragement and re-test reminders."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backwell.engine import instruments
from backwell.engine.meaningful import PSFS, RMDQ
from backwell.web.accounts.models import User
from backwell.web.core import dates
from backwell.web.programs.models import Program, ProgramChange
from backwell.web.programs.selectors import current_week, program_days

from . import encouragement, meaningful_change, plots, selectors
from .forms import ENDURANCE_LABELS
from .models import WeekReview

# Beyond this many days a daily line turns into a smear at 390 px: plot weekly averages instead.
DAILY_DETAIL_DAYS = 120
RETEST_EVERY_DAYS = 28
PROGRAM_WEEKS = 12


@dataclass(frozen=True)
class CalendarCell:
    date: datetime.date
    status: str  # done, partial, missed, planned, rest
    label: str
    hurt: bool = False
    week: int | None = None
    day: int | None = None


@dataclass(frozen=True)
class CalendarWeek:
    number: int
    cells: list[CalendarCell]


@dataclass
class Progress:
    program: Program | None
    week: int | None
    charts: dict[str, plots.Chart] = field(default_factory=dict)
    changes: list[meaningful_change.Change] = field(default_factory=list)
    calendar: list[CalendarWeek] = field(default_factory=list)
    weekday_names: list[str] = field(default_factory=list)
    calendar_table: SafeString | str = ""
    adherence: dict[str, int] = field(default_factory=dict)
    encouragement: list[str] = field(default_factory=list)
    adaptations: list[ProgramChange] = field(default_factory=list)
    reviews: list[WeekReview] = field(default_factory=list)
    see_clinician: WeekReview | None = None
    latest_advice: list[str] = field(default_factory=list)
    retest_due: bool = False
    checked_in_today: bool = False
    weekly_due: bool = False


def _weekly_means(points: Sequence[tuple[datetime.date, float]]) -> list[plots.Point]:
    buckets: dict[datetime.date, list[float]] = defaultdict(list)
    for date, value in points:
        buckets[date - datetime.timedelta(days=date.weekday())].append(value)
    return [plots.Point(monday, round(sum(v) / len(v), 1)) for monday, v in sorted(buckets.items())]


def _series_points(points: Sequence[tuple[datetime.date, float]], *, weekly: bool) -> tuple[plots.Point, ...]:
    if weekly:
        return tuple(_weekly_means(points))
    return tuple(plots.Point(d, float(v)) for d, v in points)


@dataclass(frozen=True)
class Wording:
    """The charts' sentences that speak of the person: to them on their own progress page, about them
    on the page a clinician sees of them (which draws the same charts)."""

    pain_description: str
    pain_empty: str
    rmdq_description: str
    rmdq_empty: str
    psfs_title: str
    psfs_description: str
    psfs_empty: str
    endurance_description: str
    endurance_empty: str


# Each sentence to the person, then about them (for their clinician), side by side so they stay alike.
_SENTENCES: dict[str, tuple[Promise, Promise]] = {
    "pain_description": (
        gettext_lazy(
            "Pain from 0 (none) to 10 (worst imaginable): your daily check-ins and your pain before and after "
            "each session. Lower is better."
        ),
        gettext_lazy(
            "Pain from 0 (none) to 10 (worst imaginable): the person's daily check-ins and their pain before "
            "and after each session. Lower is better."
        ),
    ),
    "pain_empty": (
        gettext_lazy("No pain ratings yet: your first daily check-in starts this line."),
        gettext_lazy("No pain ratings yet: the person's first daily check-in starts this line."),
    ),
    "rmdq_description": (
        gettext_lazy(
            "How many of 24 everyday activities your back gets in the way of, from week 0 (your assessment) "
            "onwards. Lower is better; a drop of %(points)s points or %(percent)s%% is meaningful."
        ),
        gettext_lazy(
            "How many of 24 everyday activities their back gets in the way of, from week 0 (their assessment) "
            "onwards. Lower is better; a drop of %(points)s points or %(percent)s%% is meaningful."
        ),
    ),
    "rmdq_empty": (
        gettext_lazy("Your weekly check-ins will draw this line."),
        gettext_lazy("Their weekly check-ins will draw this line."),
    ),
    "psfs_title": (gettext_lazy("Your activities by week"), gettext_lazy("Their activities by week")),
    "psfs_description": (
        gettext_lazy(
            "How well you can do the activities you named, from 0 (unable) to 10 (as before the pain), from "
            "week 0 (your assessment) onwards. Higher is better; a rise of %(points)s is meaningful."
        ),
        gettext_lazy(
            "How well they can do the activities they named, from 0 (unable) to 10 (as before the pain), from "
            "week 0 (their assessment) onwards. Higher is better; a rise of %(points)s is meaningful."
        ),
    ),
    "psfs_empty": (
        gettext_lazy("You named no activities at your assessment, so there is nothing to plot here."),
        gettext_lazy("They named no activities at their assessment, so there is nothing to plot here."),
    ),
    "endurance_description": (
        gettext_lazy(
            "How many seconds you held each endurance test, at your assessment and each re-test. Higher is better."
        ),
        gettext_lazy(
            "How many seconds they held each endurance test, at their assessment and each re-test. Higher is "
            "better."
        ),
    ),
    "endurance_empty": (
        gettext_lazy("No endurance tests yet. Your four-weekly re-test adds points here."),
        gettext_lazy("No endurance tests yet. Their four-weekly re-test adds points here."),
    ),
}


def wording(*, for_clinician: bool = False) -> Wording:
    """The charts' sentences in the active language, to the person or, for a clinician, about them."""
    return Wording(**{name: str(pair[for_clinician]) for name, pair in _SENTENCES.items()})


def pain_chart(
    daily: Sequence[tuple[datetime.date, int]], sessions: Sequence[selectors.SessionRow], words: Wording
) -> plots.Chart:
    dates = [d for d, _p in daily] + [s.date for s in sessions]
    weekly = bool(dates) and (max(dates) - min(dates)).days > DAILY_DETAIL_DAYS
    before = [(s.date, float(s.pain_before)) for s in sessions if s.pain_before is not None]
    after = [(s.date, float(s.pain_after)) for s in sessions if s.pain_after is not None]
    suffix = _(" (weekly average)") if weekly else ""
    series = [
        plots.Series(
            _("Daily check-in") + suffix, _series_points([(d, float(p)) for d, p in daily], weekly=weekly)
        ),
        plots.Series(_("Before a session") + suffix, _series_points(before, weekly=weekly), dashed=True),
        plots.Series(_("After a session") + suffix, _series_points(after, weekly=weekly), dashed=True),
    ]
    return plots.line_chart(
        title=_("Pain over time"),
        description=words.pain_description,
        series=series,
        y_min=0,
        y_max=10,
        y_label=_("Pain (0–10)"),
        x_label=_("Date"),
        empty_text=words.pain_empty,
    )


def _baseline(program: Program) -> dict[str, Any]:
    questionnaires = program.inputs.get("questionnaires") or {}
    rmdq = questionnaires.get("rmdq")
    psfs = questionnaires.get("psfs") or []
    return {
        "pain": (program.inputs.get("pain") or {}).get("nrs"),
        "rmdq": instruments.rmdq(rmdq) if rmdq else None,
        "psfs": psfs,
        "psfs_mean": instruments.psfs([float(a["score"]) for a in psfs]) if psfs else None,
    }


def rmdq_chart(
    baseline: dict[str, Any], weekly: Sequence[selectors.WeeklyRow], words: Wording
) -> plots.Chart:
    points = ([plots.Point(0, float(baseline["rmdq"]))] if baseline["rmdq"] is not None else []) + [
        plots.Point(w.week, float(w.rmdq_score)) for w in weekly
    ]
    return plots.line_chart(
        title=_("Roland-Morris disability score by week"),
        description=words.rmdq_description
        % {"points": f"{RMDQ.points:g}", "percent": round((RMDQ.fraction or 0) * 100)},
        series=[plots.Series(_("Roland-Morris (0–24)"), tuple(points))],
        y_min=0,
        y_max=24,
        y_label=_("Score (0–24)"),
        x_label=_("Week"),
        empty_text=words.rmdq_empty,
        x_range=(0, PROGRAM_WEEKS),
    )


def psfs_chart(
    baseline: dict[str, Any], weekly: Sequence[selectors.WeeklyRow], words: Wording
) -> plots.Chart:
    names = [a["activity"] for a in baseline["psfs"]]
    by_activity: dict[str, list[plots.Point]] = {name: [] for name in names}
    for entry in baseline["psfs"]:
        by_activity[entry["activity"]].append(plots.Point(0, float(entry["score"])))
    for row in weekly:
        for entry in row.psfs:
            if entry["activity"] in by_activity:
                by_activity[entry["activity"]].append(plots.Point(row.week, float(entry["score"])))
    return plots.line_chart(
        title=words.psfs_title,
        description=words.psfs_description % {"points": f"{PSFS.points:g}"},
        series=[plots.Series(name, tuple(points)) for name, points in by_activity.items()],
        y_min=0,
        y_max=10,
        y_label=_("Ability (0–10)"),
        x_label=_("Week"),
        empty_text=words.psfs_empty,
        x_range=(0, PROGRAM_WEEKS),
    )


def endurance_chart(records: Sequence[selectors.EnduranceRecord], words: Wording) -> plots.Chart:
    series = [
        plots.Series(
            str(ENDURANCE_LABELS[key]).split(" (")[0],
            tuple(plots.Point(r.date, r.values[key]) for r in records if key in r.values),
        )
        for key in selectors.ENDURANCE_KEYS
    ]
    return plots.line_chart(
        title=_("Endurance holds over time"),
        description=words.endurance_description,
        series=series,
        y_min=0,
        y_label=_("Seconds"),
        x_label=_("Date"),
        empty_text=words.endurance_empty,
    )


def adherence_calendar(
    program: Program, sessions: Sequence[selectors.SessionRow], *, today: datetime.date
) -> tuple[list[CalendarWeek], dict[str, int]]:
    """Every day of the program, week by week, marked done / started / missed / planned / rest."""
    logged = {(s.week, s.day): s for s in sessions}
    planned: dict[datetime.date, dict[str, Any]] = {}
    for entry in program_days(program):
        if entry.get("date"):
            planned[datetime.date.fromisoformat(entry["date"])] = entry
    weeks_total = (program.plan.get("program") or {}).get("weeks", 12)
    counts = {"done": 0, "partial": 0, "missed": 0, "planned": 0, "due": 0}
    calendar = []
    for week in range(1, weeks_total + 1):
        cells = []
        for offset in range(7):
            date = program.start_date + datetime.timedelta(days=(week - 1) * 7 + offset)
            planned_day = planned.get(date)
            if planned_day is None:
                cells.append(CalendarCell(date, "rest", _("%(date)s: rest day") % {"date": _long(date)}))
                continue
            row = logged.get((planned_day["week"], planned_day["day"]))
            hurt = bool(row and row.hurt)
            if row and row.completed:
                status, text = "done", _("session done")
            elif row and (row.done or row.skipped or row.hurt):
                status, text = "partial", _("session started")
            elif date < today:
                status, text = "missed", _("session not done")
            else:
                status, text = "planned", _("session planned")
            counts[status] += 1
            if date <= today:
                counts["due"] += 1
            if hurt:
                text += _(", something hurt")
            label = f"{_long(date)}: {text}"
            cells.append(CalendarCell(date, status, label, hurt, planned_day["week"], planned_day["day"]))
        calendar.append(CalendarWeek(week, cells))
    return calendar, counts


def _long(date: datetime.date) -> str:
    return dates.weekday_and_day(date)


def build(
    *, user: User, program: Program | None, today: datetime.date, for_clinician: bool = False
) -> Progress:
    """Everything the progress page shows, from a fixed number of queries; `for_clinician`: worded about
    the person, for the page a clinician sees of them."""
    words = wording(for_clinician=for_clinician)
    daily = selectors.daily_pains(user=user)
    endurance = selectors.endurance_history(user=user, program=program)
    progress = Progress(program=program, week=None)
    progress.checked_in_today = bool(daily) and daily[-1][0] == today
    if program is None:
        progress.charts = {
            "pain": pain_chart(daily, [], words),
            "endurance": endurance_chart(endurance, words),
        }
        progress.encouragement = encouragement.messages(
            today=today, checkin_dates=[d for d, _p in daily], daily=daily, planned=[], improvements=[]
        )
        return progress

    sessions = selectors.session_rows(program=program)
    weekly = selectors.weekly_rows(program=program)
    baseline = _baseline(program)
    progress.week = current_week(program, today=today)
    progress.charts = {
        "pain": pain_chart(daily, sessions, words),
        "rmdq": rmdq_chart(baseline, weekly, words),
        "psfs": psfs_chart(baseline, weekly, words),
        "endurance": endurance_chart(endurance, words),
    }
    progress.changes = _changes(baseline, daily, weekly, start=program.start_date, today=today)
    progress.calendar, progress.adherence = adherence_calendar(program, sessions, today=today)
    if progress.calendar:
        progress.weekday_names = [f"{c.date:%a}" for c in progress.calendar[0].cells]
    progress.calendar_table = calendar_table(progress.calendar, progress.weekday_names, current=progress.week)
    planned = [(c.date, c.status == "done") for w in progress.calendar for c in w.cells if c.status != "rest"]
    progress.encouragement = encouragement.messages(
        today=today,
        checkin_dates=[d for d, _p in daily],
        daily=daily,
        planned=planned,
        improvements=_improvement_summary(progress.changes),
    )
    progress.adaptations = selectors.adaptation_changes(program=program)
    progress.reviews = selectors.week_reviews(program=program)
    # Only the latest week's verdict counts: advice from a week since improved on would mislead.
    latest = progress.reviews[0] if progress.reviews else None
    progress.see_clinician = latest if latest is not None and latest.see_clinician else None
    if progress.adaptations and progress.reviews and progress.reviews[0].week == progress.adaptations[0].week:
        shown = set(progress.see_clinician.advice) if progress.see_clinician else set()
        progress.latest_advice = [a for a in progress.reviews[0].advice if a not in shown]
    progress.retest_due = retest_due(program, endurance, today=today)
    progress.weekly_due = not any(w.week == progress.week for w in weekly)
    return progress


def _changes(
    baseline: dict[str, Any],
    daily: Sequence[tuple[datetime.date, int]],
    weekly: Sequence[selectors.WeeklyRow],
    *,
    start: datetime.date,
    today: datetime.date,
) -> list[meaningful_change.Change]:
    """Change since the start: weekly mean pain of the daily check-ins, and the latest weekly check-in."""
    found = [
        meaningful_change.pain_change_from_weeks(
            meaningful_change.pain_weeks(daily, start=start, today=today)
        )
    ]
    if weekly:
        latest = weekly[-1]
        if baseline["rmdq"] is not None:
            found.append(meaningful_change.rmdq_change(baseline=baseline["rmdq"], latest=latest.rmdq_score))
        if baseline["psfs_mean"] is not None and latest.psfs_mean is not None:
            found.append(
                meaningful_change.psfs_change(baseline=baseline["psfs_mean"], latest=latest.psfs_mean)
            )
    return found


def retest_due(
    program: Program, records: Sequence[selectors.EnduranceRecord], *, today: datetime.date
) -> bool:
    """Every four weeks from the start, until a re-test is taken on or after that day."""
    elapsed = (today - program.start_date).days
    if elapsed < RETEST_EVERY_DAYS:
        return False
    boundary = program.start_date + datetime.timedelta(
        days=(elapsed // RETEST_EVERY_DAYS) * RETEST_EVERY_DAYS
    )
    return not any(r.date >= boundary for r in records if r.source == "retest")


def _improvement_summary(changes: Sequence[meaningful_change.Change]) -> list[str]:
    """One line naming the measures that improved meaningfully; the details are in "Since you started"."""
    names = {
        "pain": _("pain"),
        "rmdq": _("everyday activities (Roland-Morris)"),
        "psfs": _("the activities you named"),
    }
    better = [str(names[c.measure]) for c in changes if c.meaningful and c.direction == "better"]
    if not better:
        return []
    listed = better[0] if len(better) == 1 else ", ".join(better[:-1]) + _(" and ") + better[-1]
    return [_("A meaningful improvement since you started in %(what)s.") % {"what": listed}]


MARKS = {"done": "✓", "partial": "◐", "missed": "·", "planned": "○", "rest": ""}


def calendar_table(
    calendar: Sequence[CalendarWeek], weekday_names: Sequence[str], *, current: int | None
) -> SafeString:
    """The adherence calendar as a table: a row a week, a cell a day, each status also in words; all escaped."""
    head = "".join(f'<th scope="col">{escape(name)}</th>' for name in weekday_names)
    rows = []
    for week in calendar:
        cells = "".join(
            f'<td class="cell {cell.status}{" hurt" if cell.hurt else ""}" title="{escape(cell.label)}">'
            f'<span class="mark" aria-hidden="true">{MARKS[cell.status]}{"!" if cell.hurt else ""}</span>'
            f'<span class="visually-hidden">{escape(cell.label)}</span></td>'
            for cell in week.cells
        )
        marker = ' class="current"' if week.number == current else ""
        rows.append(f'<tr{marker}><th scope="row">{week.number}</th>{cells}</tr>')
    caption = escape(_("Each program day: done, started, missed, planned or a rest day"))
    # Every value above is escaped, or one of our own class names.
    return mark_safe(
        f'<table class="adherence"><caption class="visually-hidden">{caption}</caption><thead><tr>'
        f'<th scope="col">{escape(_("Week"))}</th>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )

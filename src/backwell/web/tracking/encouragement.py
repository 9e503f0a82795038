"""Encouragement built only from the person's own numbers: streaks, milestones and improvement."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

SESSION_MILESTONES = (1, 5, 10, 25, 50, 75, 100, 150, 200, 300)
CHECKIN_MILESTONES = (7, 14, 30, 60, 100, 200, 365, 500, 730)


def checkin_streak(dates: Sequence[datetime.date], *, today: datetime.date) -> int:
    """Days in a row with a check-in, ending today — or yesterday, since today's may simply not be in yet."""
    have = set(dates)
    day = today if today in have else today - datetime.timedelta(days=1)
    streak = 0
    while day in have:
        streak += 1
        day -= datetime.timedelta(days=1)
    return streak


def session_streak(planned: Sequence[tuple[datetime.date, bool]], *, today: datetime.date) -> int:
    """Planned sessions in a row completed, counting back from the latest one due (today's may be pending)."""
    streak = 0
    for date, completed in sorted(planned, key=lambda p: p[0], reverse=True):
        if date > today:
            continue
        if date == today and not completed:
            continue
        if not completed:
            break
        streak += 1
    return streak


def _mean(values: Sequence[int]) -> float:
    return sum(values) / len(values)


def messages(
    *,
    today: datetime.date,
    checkin_dates: Sequence[datetime.date],
    daily: Sequence[tuple[datetime.date, int]],
    planned: Sequence[tuple[datetime.date, bool]],
    improvements: Sequence[str],
) -> list[str]:
    """A few short sentences, each true of this person today; none when there is nothing yet to say."""
    said: list[str] = []
    done = sum(1 for _date, completed in planned if completed)
    streak = session_streak(planned, today=today)
    if streak >= 2:
        said.append(
            ngettext(
                "%(n)d session in a row done — that steadiness is what makes exercise work.",
                "%(n)d sessions in a row done — that steadiness is what makes exercise work.",
                streak,
            )
            % {"n": streak}
        )
    if done == 1:
        said.append(_("Milestone: your first session is done. The first one is the hardest."))
    elif done in SESSION_MILESTONES:
        said.append(_("Milestone: %(n)d sessions done.") % {"n": done})
    elif done > 1:
        said.append(_("%(n)d sessions done so far.") % {"n": done})
    days = checkin_streak(checkin_dates, today=today)
    if days >= 3:
        said.append(
            _("You have checked in %(n)d days in a row. Those numbers are what shows you the trend.")
            % {"n": days}
        )
    if len(checkin_dates) in CHECKIN_MILESTONES:
        said.append(_("%(n)d daily check-ins recorded so far.") % {"n": len(checkin_dates)})
    # This week's average pain against the first week's, when both have at least three check-ins.
    if daily:
        first_start = daily[0][0]
        first = [p for d, p in daily if (d - first_start).days < 7]
        recent = [p for d, p in daily if (today - d).days < 7]
        if len(first) >= 3 and len(recent) >= 3 and (today - first_start).days >= 14:
            before, now = _mean(first), _mean(recent)
            if now < before - 0.4:
                said.append(
                    _(
                        "Your average pain this week is %(now).1f, down from %(before).1f in your first week of "
                        "check-ins."
                    )
                    % {"now": now, "before": before}
                )
    said.extend(improvements)
    return said

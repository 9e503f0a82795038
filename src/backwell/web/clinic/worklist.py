"""The clinician's worklist: every linked person with their alerts and latest scores, sorted by need.

Built from a fixed number of queries whatever the number of people (each reads all linked people's
rows at once, filtered by a subquery on the clinician's links), so 500 people cost what 5 do.

A clinician opens the worklist many times a day while their people's data changes far less often, so
the sorted rows are kept per clinician (`core.personal_cache`) under a stamp that tells whether
anything the rows show has changed (`stamp`): the clinician's version, which database triggers change
on every write to those rows (`worklist_triggers.py`), read in the same round trip as the signed-in
person. Only when it has changed are the rows built again.
"""

from __future__ import annotations

import datetime
import functools
import pickle
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Any

from django.db import connection
from django.db.models import Count, Max, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from backwell.engine import instruments
from backwell.web.accounts.backends import Companion, companion_row
from backwell.web.accounts.models import User
from backwell.web.core.personal_cache import forget, remembered
from backwell.web.core.prepared import fetch_one
from backwell.web.programs.models import ItemLog, Program, ProgramChange, SessionLog
from backwell.web.tracking.models import DailyCheckIn, WeeklyCheckIn

from . import alerts
from .alerts import Alert, Band
from .models import ClinicianLink, DataKind, Invitation, PendingAdaptation, WorklistVersion

WINDOW_DAYS = 14


@dataclass(frozen=True)
class Row:
    person_id: int
    name: str
    kinds: frozenset[str]
    alerts: list[Alert]
    scores: list[Band]
    week: int | None
    # The row as the worklist shows it (`cached` draws it once per change of the stamp).
    html: str = ""

    @property
    def rank(self) -> tuple[int, int, str]:
        top = self.alerts[0].rule.rank if self.alerts else len(alerts.RULES)
        return (top, -len(self.alerts), self.name.lower())


def _baselines(inputs: dict[str, Any]) -> dict[str, Any]:
    """The assessment's pain, Roland-Morris, PSFS mean, STarT Back risk and sessions a week, where answered."""
    questionnaires = inputs.get("questionnaires") or {}
    rmdq = questionnaires.get("rmdq")
    psfs = questionnaires.get("psfs") or []
    start_back = questionnaires.get("start_back") or {}
    risk = None
    if len(start_back.get("answers") or []) == 8:
        risk = instruments.start_back(start_back["answers"], start_back.get("bothersomeness", "")).risk
    return {
        "pain": (inputs.get("pain") or {}).get("nrs"),
        "rmdq": instruments.rmdq(rmdq) if rmdq else None,
        "psfs": instruments.psfs([float(a["score"]) for a in psfs]) if psfs else None,
        "risk": risk,
        "days_per_week": (inputs.get("profile") or {}).get("days_per_week"),
    }


def build(*, clinician: User, today: datetime.date) -> list[Row]:
    """Every actively linked person's row, most in need first."""
    links = list(
        ClinicianLink.objects.filter(clinician=clinician, revoked_at__isnull=True)
        .select_related("person")
        .only(
            "person__id",
            "person__display_name",
            "created_at",
            "adaptations_reviewed_at",
            "shares_scores",
            "shares_adherence",
            "shares_photos",
            "shares_program",
            "revoked_at",
        )
    )
    if not links:
        return []
    people = ClinicianLink.objects.filter(clinician=clinician, revoked_at__isnull=True).values("person_id")
    since = today - datetime.timedelta(days=WINDOW_DAYS)

    latest_program: dict[int, dict[str, Any]] = {}
    program_rows: Any = (
        Program.objects.filter(user_id__in=people)
        .order_by("user_id", "-created_at")
        .values("id", "user_id", "start_date", "inputs")
    )
    for program_row in program_rows:
        latest_program.setdefault(program_row["user_id"], program_row)
    program_ids = {p["id"] for p in latest_program.values()}

    daily: dict[int, list[tuple[datetime.date, int]]] = defaultdict(list)
    for user_id, date, pain in (
        DailyCheckIn.objects.filter(user_id__in=people, date__gte=since, date__lte=today)
        .order_by("date")
        .values_list("user_id", "date", "pain")
    ):
        daily[user_id].append((date, pain))
    last_checkin = dict(
        DailyCheckIn.objects.filter(user_id__in=people)
        .values("user_id")
        .annotate(last=Max("date"))
        .values_list("user_id", "last")
    )

    weekly: dict[int, list[alerts.WeeklyScore]] = defaultdict(list)
    for row in (
        WeeklyCheckIn.objects.filter(user_id__in=people)
        .order_by("week")
        .values("program_id", "week", "date", "pain", "rmdq_score", "psfs_mean", "red_flags", "triage")
    ):
        if row["program_id"] in program_ids:
            weekly[row["program_id"]].append(
                alerts.WeeklyScore(
                    week=row["week"],
                    date=row["date"],
                    pain=row["pain"],
                    rmdq=row["rmdq_score"],
                    psfs_mean=row["psfs_mean"],
                    red_flags=tuple(row["red_flags"] or ()),
                    triage_level=str((row["triage"] or {}).get("level", "")),
                )
            )

    # A session counts as activity once anything in it is logged; finished ones count for adherence.
    last_session = dict(
        SessionLog.objects.filter(program__user_id__in=people)
        .filter(Q(completed_at__isnull=False) | Q(items__outcome__in=ItemLog.Outcome.values))
        .values("program__user_id")
        .annotate(last=Max("date"))
        .values_list("program__user_id", "last")
    )
    week_ago = today - datetime.timedelta(days=7)
    completed = dict(
        SessionLog.objects.filter(
            program_id__in=program_ids, completed_at__isnull=False, date__gte=week_ago, date__lt=today
        )
        .values("program_id")
        .annotate(n=Count("id"))
        .values_list("program_id", "n")
    )
    adapted = dict(
        ProgramChange.objects.filter(program__user_id__in=people, kind=ProgramChange.Kind.ADAPTATION)
        .values("program_id")
        .annotate(last=Max("created_at"))
        .values_list("program_id", "last")
    )

    # In approval mode a weekly adaptation waits, unapplied, until the clinician decides.
    held = dict(
        PendingAdaptation.objects.filter(
            program_id__in=program_ids, decision=PendingAdaptation.Decision.PENDING
        )
        .values("program_id")
        .annotate(week=Max("week"))
        .values_list("program_id", "week")
    )

    rows = []
    for link in links:
        person = link.person
        kinds = frozenset(link.shared_kinds)
        program = latest_program.get(person.pk)
        base = _baselines(program["inputs"] or {}) if program else {}
        program_id = program["id"] if program else None
        weeks = tuple(weekly.get(program_id, ())) if program_id else ()
        snapshot = alerts.Snapshot(
            today=today,
            kinds=kinds,
            linked_on=link.created_at.date(),
            program_start=program["start_date"] if program else None,
            days_per_week=base.get("days_per_week"),
            baseline_pain=base.get("pain"),
            baseline_rmdq=base.get("rmdq"),
            baseline_psfs=base.get("psfs"),
            start_back_risk=base.get("risk"),
            daily=tuple(daily.get(person.pk, ())),
            weekly=weeks,
            completed_last_7_days=completed.get(program_id, 0) if program_id else 0,
            last_checkin=last_checkin.get(person.pk),
            last_session=last_session.get(person.pk),
            latest_adaptation_at=adapted.get(program_id) if program_id else None,
            adaptations_reviewed_at=link.adaptations_reviewed_at,
            held_week=held.get(program_id) if program_id else None,
        )
        week = None
        if snapshot.program_days is not None:
            week = max(1, min(12, snapshot.program_days // 7 + 1))
        rows.append(
            Row(
                person_id=person.pk,
                name=str(person),
                kinds=kinds,
                alerts=alerts.alerts_for(snapshot),
                scores=_scores(snapshot) if DataKind.SCORES in kinds else [],
                week=week,
            )
        )
    return sorted(rows, key=lambda r: r.rank)


def _scores(s: alerts.Snapshot) -> list[Band]:
    latest_weekly = s.weekly[-1] if s.weekly else None
    pain = s.daily[-1][1] if s.daily else (latest_weekly.pain if latest_weekly else None)
    found = [
        alerts.band(_("Pain (NRS)"), baseline=s.baseline_pain, latest=pain, instrument="nrs"),
        alerts.band(
            _("Roland-Morris"),
            baseline=s.baseline_rmdq,
            latest=latest_weekly.rmdq if latest_weekly else None,
            instrument="rmdq",
        ),
        alerts.band(
            _("PSFS"),
            baseline=s.baseline_psfs,
            latest=latest_weekly.psfs_mean if latest_weekly else None,
            instrument="psfs",
        ),
    ]
    return [b for b in found if b is not None]


def filtered(rows: list[Row], *, alert: str = "", query: str = "") -> list[Row]:
    """Only the rows with this alert, and whose name contains the query (case-insensitive)."""
    needle = query.strip().lower()
    return [
        row
        for row in rows
        if (not alert or any(a.code == alert for a in row.alerts))
        and (not needle or needle in row.name.lower())
    ]


def _table(model: Any) -> str:
    return str(connection.ops.quote_name(model._meta.db_table))


@functools.cache
def _stamp_sql() -> str:
    """The stamp query: the clinician's worklist version (`models.WorklistVersion`, kept by database
    triggers on every table the rows read) and their unexpired invitations. Primary-key and index
    lookups only, so it costs the same for 5 people as for 500; always one row, its first column never
    NULL (as `accounts.backends.Companion` needs). Table names come from the models.
    """
    versions, invitations = _table(WorklistVersion), _table(Invitation)
    return (
        f"SELECT COALESCE((SELECT version FROM {versions} WHERE clinician_id = %s), 0) AS worklist_version, "  # noqa: S608
        f"COALESCE((SELECT links_version FROM {versions} WHERE clinician_id = %s), 0) AS worklist_links, "
        f"(SELECT COUNT(*) FROM {invitations} WHERE clinician_id = %s AND expires_at > %s) AS worklist_invitations"
    )


def _stamp_params(clinician_pk: Any, now: datetime.datetime) -> list[Any]:
    # To the minute, so the person's load (`worklist_companion`) and the view ask the very same
    # question within a minute; an invitation that has just expired may so show for up to a minute.
    minute = now.replace(second=0, microsecond=0)
    # Raw SQL gets datetimes as the ORM stores them (SQLite: naive UTC text).
    pk = int(clinician_pk)
    return [pk, pk, pk, connection.ops.adapt_datetimefield_value(minute)]


def stamp(*, clinician: User, now: datetime.datetime) -> tuple[object, ...]:
    """Everything the worklist shows that can change, as (links part, the rest), from one lookup that
    costs the same whatever the number of people, run with the person's load where it can be.

    `stamp[0]` changes whenever the clinician's links do (`services.worklist_view_record` logs the visit
    again then); the rest whenever anything the rows show changes, or the number of unexpired
    invitations does. The day is not here: `core.personal_cache` adds it, and the rules count in days.
    """
    sql, params = _stamp_sql(), _stamp_params(clinician.pk, now)
    ran, row = companion_row(sql, params)
    if not ran:
        row = fetch_one(sql, params)
    assert row is not None  # scalar subqueries without FROM: always one row
    version, links, invitations = row
    return ((links,), (version, invitations))


def worklist_companion(kwargs: dict[str, Any]) -> Companion:
    """The worklist's stamp, to run with the person's load (core.middleware.PersonCompanionMiddleware)."""
    return Companion(_stamp_sql(), lambda pk: _stamp_params(pk, timezone.now()))


ROWS_CACHE_NAME = "clinic:worklist-rows"
# The worklist view's other stored copies: the whole first page, and the day its visit was logged.
PAGE_CACHE_NAME = "/clinic/"
LOGGED_CACHE_NAME = "clinic:worklist-logged"
ROW_TEMPLATE = "clinic/_worklist_row.html"


def forget_stored(clinician_ids: list[int]) -> None:
    """Remove these clinicians' stored worklists (a person stopped sharing or deleted their account):
    the stamp would replace them at the next visit, but a person's data should not wait there."""
    for clinician_id in clinician_ids:
        forget(clinician_id, [ROWS_CACHE_NAME, PAGE_CACHE_NAME, LOGGED_CACHE_NAME])


def stored_worklists_forget(user: User) -> None:
    """Deleting an account: the worklists showing the person, and the person's own as a clinician."""
    linked = list(ClinicianLink.objects.filter(person=user).values_list("clinician_id", flat=True))
    forget_stored([*linked, user.pk])


def cached(*, clinician: User, today: datetime.date, stamp: tuple[object, ...]) -> list[Row]:
    """`build`'s rows, each with its HTML drawn, from the clinician's stored copy while the stamp is unchanged.

    Drawing a row is most of a worklist page's cost, so each row is drawn once per change rather than on
    every page, filter or search: a page then only joins the rows it shows.
    """

    def draw() -> bytes:
        rows = build(clinician=clinician, today=today)
        return pickle.dumps([replace(row, html=render_to_string(ROW_TEMPLATE, {"row": row})) for row in rows])

    rows: list[Row] = pickle.loads(remembered(clinician.pk, ROWS_CACHE_NAME, stamp, draw))  # noqa: S301 - our own cache
    return rows

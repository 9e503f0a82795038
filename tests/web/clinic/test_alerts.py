"""The worklist's alert rules, one by one: each fires exactly at its threshold, only with its consent."""

from __future__ import annotations

import datetime

import pytest

from backwell.web.clinic import alerts
from backwell.web.clinic.models import DataKind
from backwell.web.core.dates import day

TODAY = datetime.date(2026, 3, 20)
ALL = frozenset(DataKind.values)


def days_ago(n: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=n)


def snapshot(**fields: object) -> alerts.Snapshot:
    base: dict[str, object] = {"today": TODAY, "kinds": ALL, "linked_on": days_ago(60)}
    return alerts.Snapshot(**{**base, **fields})  # type: ignore[arg-type]


def weekly(
    week: int, *, pain: int = 5, rmdq: int = 8, psfs: float | None = 4.0, flags: tuple[str, ...] = ()
) -> alerts.WeeklyScore:
    return alerts.WeeklyScore(
        week=week,
        date=days_ago(70 - week * 7),
        pain=pain,
        rmdq=rmdq,
        psfs_mean=psfs,
        red_flags=flags,
        triage_level="routine" if flags else "none",
    )


def codes(s: alerts.Snapshot) -> list[str]:
    return [a.code for a in alerts.alerts_for(s)]


# --- red flag -----------------------------------------------------------------------------------


def test_a_red_flag_at_the_latest_weekly_checkin_is_an_alert_naming_the_week() -> None:
    found = alerts.red_flag(snapshot(weekly=(weekly(1), weekly(2, flags=("night_pain",)))))
    assert found is not None and "week 2" in found.reason and "1 warning sign answered" in found.reason
    # A date as the site writes dates ("24 October 2026"), not ISO.
    assert day(days_ago(56)) in found.reason and days_ago(56).isoformat() not in found.reason
    two = alerts.red_flag(snapshot(weekly=(weekly(2, flags=("night_pain", "fever")),)))
    assert two is not None and "2 warning signs answered" in two.reason


def test_a_red_flag_answered_earlier_but_not_at_the_latest_checkin_is_not() -> None:
    assert alerts.red_flag(snapshot(weekly=(weekly(1, flags=("fever",)), weekly(2)))) is None


def test_a_red_flag_comes_first_whatever_else_applies() -> None:
    s = snapshot(
        weekly=(weekly(2, flags=("fever",)),),
        daily=((days_ago(6), 2), (days_ago(0), 8)),
        start_back_risk="high",
        last_session=days_ago(10),
    )
    assert codes(s)[0] == "red_flag"
    assert set(codes(s)) >= {"red_flag", "pain_up", "high_risk", "inactive"}


# --- pain up ------------------------------------------------------------------------------------


def test_pain_up_by_two_points_within_seven_days_is_an_alert() -> None:
    found = alerts.pain_up(snapshot(daily=((days_ago(7), 3), (days_ago(3), 4), (days_ago(0), 5))))
    assert found is not None and "from 3" in found.reason and "to 5" in found.reason


def test_pain_up_by_one_point_is_not() -> None:
    assert alerts.pain_up(snapshot(daily=((days_ago(7), 3), (days_ago(0), 4)))) is None


def test_a_rise_measured_from_more_than_seven_days_ago_is_not() -> None:
    assert alerts.pain_up(snapshot(daily=((days_ago(8), 2), (days_ago(0), 6)))) is None


def test_falling_pain_is_not() -> None:
    assert alerts.pain_up(snapshot(daily=((days_ago(6), 7), (days_ago(0), 3)))) is None


# --- no activity ----------------------------------------------------------------------------------


def test_three_days_without_a_session_or_checkin_is_an_alert() -> None:
    found = alerts.inactive(snapshot(last_session=days_ago(3), last_checkin=days_ago(4)))
    assert found is not None and "3 days" in found.reason


def test_two_days_without_activity_is_not() -> None:
    assert alerts.inactive(snapshot(last_session=days_ago(5), last_checkin=days_ago(2))) is None


def test_nothing_ever_logged_counts_from_the_program_start() -> None:
    assert alerts.inactive(snapshot(program_start=days_ago(2))) is None
    assert alerts.inactive(snapshot(program_start=days_ago(4))) is not None


# --- adherence ----------------------------------------------------------------------------------


def test_fewer_than_half_the_weeks_sessions_is_an_alert() -> None:
    found = alerts.low_adherence(
        snapshot(program_start=days_ago(20), days_per_week=5, completed_last_7_days=2)
    )
    assert found is not None and "2 of 5" in found.reason


def test_half_the_weeks_sessions_is_not() -> None:
    assert (
        alerts.low_adherence(snapshot(program_start=days_ago(20), days_per_week=4, completed_last_7_days=2))
        is None
    )


def test_adherence_is_not_judged_in_the_first_week() -> None:
    assert (
        alerts.low_adherence(snapshot(program_start=days_ago(6), days_per_week=5, completed_last_7_days=0))
        is None
    )


# --- STarT Back -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("risk", "alerted"), [("high", True), ("medium", False), ("low", False), (None, False)]
)
def test_only_high_start_back_risk_is_an_alert(risk: str | None, alerted: bool) -> None:
    assert (alerts.high_risk(snapshot(start_back_risk=risk)) is not None) is alerted


# --- no meaningful improvement at week 6 ----------------------------------------------------------


def stalled(**fields: object) -> alerts.Snapshot:
    base: dict[str, object] = {
        "program_start": days_ago(43),
        "baseline_pain": 6,
        "baseline_rmdq": 10,
        "baseline_psfs": 4.0,
        "weekly": (weekly(5, pain=6, rmdq=10), weekly(6, pain=5, rmdq=8, psfs=5.0)),
    }
    return snapshot(**{**base, **fields})


def test_six_weeks_without_a_meaningful_change_in_any_score_is_an_alert() -> None:
    found = alerts.no_improvement(stalled())
    assert found is not None and "Week 6" in found.reason


def test_a_meaningful_pain_drop_alone_clears_it() -> None:
    assert alerts.no_improvement(stalled(weekly=(weekly(6, pain=4, rmdq=10, psfs=4.0),))) is None


def test_a_meaningful_roland_morris_drop_alone_clears_it() -> None:
    assert alerts.no_improvement(stalled(weekly=(weekly(6, pain=6, rmdq=5, psfs=4.0),))) is None


def test_a_meaningful_psfs_rise_alone_clears_it() -> None:
    assert alerts.no_improvement(stalled(weekly=(weekly(6, pain=6, rmdq=10, psfs=6.0),))) is None


def test_before_week_six_nothing_is_said() -> None:
    assert alerts.no_improvement(stalled(program_start=days_ago(41))) is None
    assert alerts.no_improvement(stalled(weekly=(weekly(5, pain=6, rmdq=10),))) is None


# --- adaptation waiting for review ------------------------------------------------------------------


def test_an_adaptation_newer_than_the_last_review_is_an_alert() -> None:
    adapted = datetime.datetime(2026, 3, 18, 9, tzinfo=datetime.UTC)
    assert alerts.adaptation_review(snapshot(latest_adaptation_at=adapted)) is not None
    assert (
        alerts.adaptation_review(
            snapshot(
                latest_adaptation_at=adapted, adaptations_reviewed_at=adapted - datetime.timedelta(hours=1)
            )
        )
        is not None
    )
    assert (
        alerts.adaptation_review(
            snapshot(
                latest_adaptation_at=adapted, adaptations_reviewed_at=adapted + datetime.timedelta(hours=1)
            )
        )
        is None
    )


# --- consent ----------------------------------------------------------------------------------------


def test_rules_only_read_the_kinds_the_person_shares() -> None:
    everything = {
        "weekly": (weekly(2, flags=("fever",)),),
        "daily": ((days_ago(6), 2), (days_ago(0), 8)),
        "start_back_risk": "high",
        "program_start": days_ago(20),
        "days_per_week": 5,
        "last_session": days_ago(10),
        "latest_adaptation_at": datetime.datetime(2026, 3, 18, tzinfo=datetime.UTC),
    }
    assert set(codes(snapshot(kinds=frozenset({DataKind.ADHERENCE}), **everything))) == {
        "inactive",
        "low_adherence",
    }
    assert set(codes(snapshot(kinds=frozenset({DataKind.PROGRAM}), **everything))) == {"adaptation_review"}
    assert codes(snapshot(kinds=frozenset({DataKind.PHOTOS}), **everything)) == []


def test_every_rule_is_explained_and_checked() -> None:
    assert [check.__name__ for check in alerts.CHECKS] == [rule.code for rule in alerts.RULES]
    assert all(str(rule.explanation) and str(rule.title) for rule in alerts.RULES)


# --- score bands ------------------------------------------------------------------------------------


def test_score_bands_use_the_engines_meaningful_change() -> None:
    assert alerts.band("Pain", baseline=6, latest=4, instrument="nrs").band == "better"  # type: ignore[union-attr]
    assert alerts.band("Pain", baseline=6, latest=5, instrument="nrs").band == "none"  # type: ignore[union-attr]
    assert alerts.band("Pain", baseline=4, latest=6, instrument="nrs").band == "worse"  # type: ignore[union-attr]
    assert alerts.band("RMDQ", baseline=10, latest=7, instrument="rmdq").band == "better"  # 30 %  # type: ignore[union-attr]
    assert alerts.band("PSFS", baseline=4, latest=5.5, instrument="psfs").band == "none"  # type: ignore[union-attr]
    assert alerts.band("PSFS", baseline=4, latest=5.5, instrument="psfs").change == "+1.5"  # type: ignore[union-attr]
    assert alerts.band("Pain", baseline=None, latest=5, instrument="nrs").band == "unknown"  # type: ignore[union-attr]
    assert alerts.band("Pain", baseline=5, latest=None, instrument="nrs") is None

"""The planner's choices beyond the nine rules: STarT Back intensity, variety, progression, release, lessons."""

from __future__ import annotations

from typing import Any

from backwell.engine import plan

BASE: dict[str, Any] = {
    "profile": {
        "age": 45,
        "sex": "male",
        "equipment": ["mat", "ball", "wall", "band"],
        "minutes_per_day": 30,
        "days_per_week": 5,
    },
    "pain": {"nrs": 5, "regions": ["lumbar_left", "buttock_left"]},
    "tests": {
        "wall_test": "large_gap",
        "thomas_left": "one_joint",
        "plank_s": 30,
        "trendelenburg_left": "positive",
    },
    "start_date": "2026-01-05",
}


def with_(**changes: Any) -> dict[str, Any]:
    doc = {k: (dict(v) if isinstance(v, dict) else v) for k, v in BASE.items()}
    for key, value in changes.items():
        section, _, field = key.partition("__")
        if field:
            doc[section] = {**doc.get(section, {}), field: value}
        else:
            doc[section] = value
    return doc


def start_back(*agree: int, bother: str = "moderately") -> dict[str, Any]:
    return {"start_back": {"answers": [i in agree for i in range(1, 9)], "bothersomeness": bother}}


def items(out: dict[str, Any], weeks: range = range(1, 13)) -> list[dict[str, Any]]:
    return [i for d in out["program"]["days"] if d["week"] in weeks for i in d["items"]]


def total_minutes(out: dict[str, Any]) -> float:
    return sum(d["minutes"] for d in out["program"]["days"])


def test_low_risk_gets_a_lighter_program_and_self_management_advice() -> None:
    low = plan(with_(questionnaires=start_back(1)))
    medium = plan(with_(questionnaires=start_back(1, 2, 3, 5)))
    assert low["scores"]["start_back"]["risk"] == "low" and medium["scores"]["start_back"]["risk"] == "medium"
    assert total_minutes(low) < total_minutes(medium)
    assert any("low risk" in a and "manage" in a for a in low["program"]["advice"])


def test_high_risk_adds_the_fear_and_worry_lessons_and_combined_care_advice() -> None:
    high = plan(with_(questionnaires=start_back(1, 5, 6, 7, bother="extremely")))
    medium = plan(with_(questionnaires=start_back(1, 2, 3, 5)))
    lessons = {i["exercise"] for i in items(high) if i["kind"] == "education"}
    assert {"lesson_fear_of_movement", "lesson_pain_worry"} <= lessons
    assert not {"lesson_fear_of_movement", "lesson_pain_worry"} & {i["exercise"] for i in items(medium)}
    assert any("combined physical and psychological" in a for a in high["program"]["advice"])
    first_two_weeks = {i["exercise"] for i in items(high, range(1, 3))}
    assert {"lesson_fear_of_movement", "lesson_pain_worry"} <= first_two_weeks


def test_days_of_a_week_are_not_all_identical() -> None:
    out = plan(BASE)
    for week in range(1, 13):
        sessions = [
            tuple(i["exercise"] for i in d["items"]) for d in out["program"]["days"] if d["week"] == week
        ]
        assert len(set(sessions)) > 1, f"week {week} repeats one session"


def test_levels_climb_through_the_phases() -> None:
    out = plan(BASE)
    by_phase = [
        max(i["level"] for i in items(out, range(w[0], w[-1] + 1)) if i["kind"] in ("stretch", "strength"))
        for w in (range(1, 4), range(4, 9), range(9, 13))
    ]
    assert by_phase == [1, 2, 3]
    assert max(i["level"] for i in items(out, range(1, 4))) == 1


def test_trigger_point_release_is_daily_for_the_best_target_the_person_can_do() -> None:
    out = plan(BASE)
    best = out["trigger_point_targets"][0]["muscle"]
    for day in out["program"]["days"]:
        assert any(i["kind"] == "trigger_point" and best in i["targets"] for i in day["items"])


def test_release_routines_needing_a_missing_ball_are_listed_as_excluded() -> None:
    out = plan(with_(profile__equipment=["mat"]))
    excluded = {e["what"]: e["reasons"] for e in out["program"]["excluded"]}
    ball_routines = [
        w
        for w, r in excluded.items()
        if w.startswith("Trigger-point release") and any("ball" in x for x in r)
    ]
    assert ball_routines
    assert all("ball" not in i["equipment"] for i in items(out))


def test_a_contraindicating_condition_is_named_in_the_exclusions() -> None:
    out = plan(with_(profile__conditions=["osteoporosis"]))
    reasons = [r for e in out["program"]["excluded"] for r in e["reasons"]]
    assert any("osteoporosis" in r for r in reasons)


def test_walking_and_lessons_run_through_the_twelve_weeks() -> None:
    out = plan(BASE)
    weeks_with_lessons = {
        d["week"] for d in out["program"]["days"] for i in d["items"] if i["kind"] == "education"
    }
    assert len(weeks_with_lessons) >= 10
    assert all(
        any(i["kind"] == "aerobic" for i in d["items"]) for d in out["program"]["days"] if d["week"] > 3
    )
    slugs = [i["exercise"] for i in items(out) if i["kind"] == "education"]
    assert len(slugs) == len(set(slugs)), "a lesson is taught once"


def test_dates_follow_the_start_date_and_are_null_without_one() -> None:
    out = plan(BASE)
    assert [d["date"] for d in out["program"]["days"][:6]] == [
        "2026-01-05",
        "2026-01-06",
        "2026-01-07",
        "2026-01-09",
        "2026-01-10",
        "2026-01-12",
    ]
    undated = plan({k: v for k, v in BASE.items() if k != "start_date"})
    assert {d["date"] for d in undated["program"]["days"]} == {None}


def test_no_imbalance_found_still_gives_a_general_core_routine_that_says_so() -> None:
    out = plan({"profile": {"age": 30, "minutes_per_day": 15, "days_per_week": 3}})
    strength = [i for i in items(out) if i["kind"] == "strength"]
    assert strength
    assert all("No specific muscle weakness" in i["why"][0] for i in strength)


def test_eligible_inversion_follows_the_beginner_protocol() -> None:
    out = plan(with_(profile__equipment=["mat", "inversion_table"], profile__wants_inversion=True))
    assert out["inversion"]["eligible"] is True
    steps = [(d["week"], i) for d in out["program"]["days"] for i in d["items"] if i["kind"] == "inversion"]
    assert steps
    # Rule 14: four sessions at the start dose, then one thing at a time, never past 60°.
    assert all(i["dose"]["angle_deg"] <= 30 and i["minutes"] <= 2 for _w, i in steps[:4])
    for (_w1, before), (_w2, after) in zip(steps, steps[1:], strict=False):
        assert not (
            after["dose"]["angle_deg"] > before["dose"]["angle_deg"] and after["minutes"] > before["minutes"]
        )
    assert max(i["dose"]["angle_deg"] for _w, i in steps) <= 60
    # The start dose holds for two weeks at least (inversion_manufacturer_guidance: 1-2 weeks at 20-30°).
    assert all(i["dose"]["angle_deg"] <= 30 for w, i in steps if w <= 2)
    assert any("pounding heart" in a for a in out["program"]["advice"])


def test_pregnancy_rules_out_inversion_even_when_chosen() -> None:
    out = plan(
        with_(profile__equipment=["inversion_table"], profile__wants_inversion=True, profile__pregnant=True)
    )
    assert out["inversion"]["eligible"] is False
    assert any("pregnan" in r for r in out["inversion"]["reasons"])
    assert not [i for i in items(out) if i["kind"] == "inversion"]


def test_severe_pain_starts_gently_with_advice_and_calm_breathing() -> None:
    out = plan(with_(pain__nrs=8))
    assert any("start gently" in a for a in out["program"]["advice"])
    assert any(i["kind"] == "relaxation" for i in items(out, range(1, 2)))
    gentle_sets = {
        i["exercise"]: i["dose"]["sets"] for i in items(out, range(1, 2)) if i["kind"] == "strength"
    }
    usual_sets = {
        i["exercise"]: i["dose"]["sets"] for i in items(plan(BASE), range(1, 2)) if i["kind"] == "strength"
    }
    common = set(gentle_sets) & set(usual_sets)
    assert common and all(gentle_sets[s] <= usual_sets[s] for s in common)


def test_every_item_carries_its_evidence_grade_and_sources() -> None:
    for item in items(plan(BASE)):
        assert item["evidence"]["grade"] in ("supported", "mixed", "limited", "not_recommended_by_guidelines")
        assert item["evidence"]["sources"]

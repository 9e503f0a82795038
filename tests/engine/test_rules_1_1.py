"""Engine 1.1's rules (ENGINE.md rules 10–17), each as a property over random valid inputs, and the
cases a physiotherapist's reading found (issue 20), each as an example."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from backwell.engine import adapt, plan
from backwell.engine.ids import LEG_REGIONS, RED_FLAGS
from backwell.engine.knowledge import load
from backwell.engine.safety import exercise_problems, restrictions_for
from backwell.engine.schema import read
from backwell.engine.triage import checkin_screen

from .strategies import documents, planned_documents

FAST = settings(max_examples=120, deadline=None)
ABDOMINAL = {"rectus_abdominis", "iliopsoas"}
TEST_KEYS = ["knee_extension_deficit_left_deg", "knee_extension_deficit_right_deg", "plank_s"]


def items(out: dict[str, Any], weeks: range | None = None) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    program = out["program"] or {"days": []}
    return [(d, i) for d in program["days"] if weeks is None or d["week"] in weeks for i in d["items"]]


def first_phase(out: dict[str, Any]) -> set[int]:
    return set(out["program"]["phases"][0]["weeks"])


pregnant_documents = documents(profile={"pregnant": st.just(True)})
nerve_documents = documents(
    pain={"leg_symptoms": st.just("below_knee"), "pins_and_needles": st.booleans()}
) | documents(pain={"pins_and_needles": st.just(True)})
belly_documents = documents(
    pain={
        "regions": st.lists(st.sampled_from(["abdomen_lower", "lumbar_central", "sacrum"]), min_size=1).map(
            lambda r: sorted({*r, "abdomen_lower"})
        )
    }
)
active_documents = documents(profile={"minutes_per_day": st.integers(10, 120)})
inverting_documents = documents(
    profile={
        "wants_inversion": st.just(True),
        "equipment": st.just(["inversion_table", "mat"]),
        "conditions": st.just([]),
        "pregnant": st.just(False),
        "days_per_week": st.integers(1, 7),
        "minutes_per_day": st.integers(10, 90),
    }
)
sensitive_documents = documents(
    pain={
        "worse_with": st.lists(
            st.sampled_from(["sitting", "bending_forward", "standing", "arching_back"]),
            min_size=1,
            unique=True,
        )
    }
)


# --- rule 10: pregnancy -------------------------------------------------------------------------


@FAST
@given(pregnant_documents)
def test_rule10_pregnancy_leaves_out_inversion_belly_pressure_and_lying_positions(
    doc: dict[str, Any],
) -> None:
    out = plan(doc)
    weeks = doc["profile"].get("pregnancy_weeks")
    for _day, item in items(out):
        assert item["kind"] != "inversion"
        assert not (item["kind"] == "trigger_point" and set(item["targets"]) & ABDOMINAL), item["exercise"]
        assert item["position"] != "lying_front", item["exercise"]
        if weeks is None or weeks >= 20:
            assert item["position"] != "lying_back", item["exercise"]
    if out["program"] is not None:
        advice = " ".join(out["program"]["advice"])
        assert "bleeding" in advice and "feeling faint" in advice and "midwife" in advice


def test_rule10_early_pregnancy_may_lie_on_the_back_but_never_face_down() -> None:
    out = plan(
        {
            "profile": {
                "age": 30,
                "minutes_per_day": 30,
                "days_per_week": 3,
                "pregnant": True,
                "pregnancy_weeks": 12,
            }
        }
    )
    positions = {i["position"] for _d, i in items(out)}
    assert "lying_front" not in positions
    assert "lying_back" in positions


def test_point1_the_pregnant_person_with_a_belly_drawing_gets_no_belly_pressure_curl_ups_or_side_planks() -> (
    None
):
    # Issue 20, point 1: the exact profile a physiotherapist flagged.
    out = plan(
        {
            "profile": {
                "age": 31,
                "minutes_per_day": 30,
                "days_per_week": 5,
                "pregnant": True,
                "equipment": ["mat", "ball"],
            },
            "pain": {"regions": ["lumbar_central", "abdomen_lower"], "nrs": 5},
            "tests": {"side_bridge_left_s": 20, "side_bridge_right_s": 35, "flexor_s": 60, "extensor_s": 40},
        }
    )
    slugs = {i["exercise"] for _d, i in items(out)}
    assert not slugs & {
        "tp_rectus_abdominis",
        "tp_iliopsoas",
        "mcgill_curl_up",
        "double_knee_to_chest",
        "side_bridge",
    }
    assert "lesson_pregnancy" in slugs
    assert "rectus_abdominis" not in out["imbalances"]["weak"] + out["imbalances"]["tight"]


# --- rule 11: possible nerve-root irritation ----------------------------------------------------


@FAST
@given(nerve_documents)
def test_rule11_nerve_symptoms_no_hamstring_stretch_early_low_confidence_no_leg_only_targets(
    doc: dict[str, Any],
) -> None:
    out = plan(doc)
    for finding in out["findings"]:
        if finding["id"] == "hamstring_tightness":
            assert finding["confidence"] == "low"
    for target in out["trigger_point_targets"]:
        assert set(target["matched_regions"]) - set(LEG_REGIONS), target
    if out["program"] is None:
        return
    for _day, item in items(out, range(min(first_phase(out)), max(first_phase(out)) + 1)):
        assert not (item["kind"] == "stretch" and "hamstrings" in item["targets"]), item["exercise"]
    assert any("irritated nerve" in a for a in out["program"]["advice"])


def test_point2_a_one_sided_knee_deficit_with_leg_symptoms_gets_the_nerve_slider_not_stretches() -> None:
    out = plan(
        {
            "profile": {"age": 45, "minutes_per_day": 20, "days_per_week": 3},
            "pain": {
                "leg_symptoms": "below_knee",
                "pins_and_needles": True,
                "regions": ["lumbar_left", "calf_left"],
            },
            "tests": {"knee_extension_deficit_left_deg": 45, "knee_extension_deficit_right_deg": 10},
        }
    )
    hamstrings = next(f for f in out["findings"] if f["id"] == "hamstring_tightness")
    assert hamstrings["confidence"] == "low"
    assert any("nerve" in e for e in hamstrings["evidence"])
    early = {i["exercise"] for _d, i in items(out, range(1, 4))}
    assert "seated_sciatic_nerve_slider" in early
    assert not early & {
        "supine_hamstring_stretch",
        "supine_hamstring_stretch_band",
        "standing_hamstring_stretch",
    }


def test_point3_leg_regions_alone_choose_no_trigger_point_when_a_nerve_may_be_irritated() -> None:
    base = {"profile": {"age": 45, "minutes_per_day": 20, "days_per_week": 3}}
    legs = ["thigh_lateral_left", "calf_left"]
    assert plan({**base, "pain": {"regions": legs}})["trigger_point_targets"]
    assert plan({**base, "pain": {"regions": legs, "pins_and_needles": True}})["trigger_point_targets"] == []


# --- rule 12: lower-belly pain ------------------------------------------------------------------


@FAST
@given(belly_documents)
def test_rule12_lower_belly_pain_no_belly_pressure_and_advice_to_have_it_checked(doc: dict[str, Any]) -> None:
    out = plan(doc)
    for _day, item in items(out):
        assert not (item["kind"] == "trigger_point" and set(item["targets"]) & ABDOMINAL), item["exercise"]
    if out["program"] is not None:
        assert any("lower belly" in a and "checked" in a for a in out["program"]["advice"])


def test_point4_a_central_low_back_drawing_gets_a_back_based_release_not_belly_pressure() -> None:
    out = plan(
        {
            "profile": {"age": 40, "minutes_per_day": 20, "days_per_week": 3, "equipment": ["ball", "wall"]},
            "pain": {"regions": ["lumbar_central"]},
        }
    )
    released = {i["exercise"] for _d, i in items(out) if i["kind"] == "trigger_point"}
    assert released and not released & {"tp_rectus_abdominis", "tp_iliopsoas"}


# --- rule 13: staying active --------------------------------------------------------------------


@FAST
@given(active_documents)
def test_rule13_every_week_holds_a_walk_from_ten_minutes_a_day(doc: dict[str, Any]) -> None:
    out = plan(doc)
    if out["program"] is None:
        return
    walked = {d["week"] for d, i in items(out) if i["kind"] == "aerobic"}
    assert walked == set(range(1, 13))


def test_point6_the_ten_minute_office_worker_and_the_68_year_old_walk_every_week() -> None:
    for profile in (
        {"age": 34, "minutes_per_day": 10, "days_per_week": 5},
        {"age": 68, "minutes_per_day": 15, "days_per_week": 3, "sex": "female"},
    ):
        out = plan({"profile": profile, "tests": {"thomas_left": "one_joint", "wall_test": "large_gap"}})
        assert {d["week"] for d, i in items(out) if i["kind"] == "aerobic"} == set(range(1, 13))


def test_walking_that_aggravates_comes_in_short_bouts() -> None:
    out = plan(
        {
            "profile": {"age": 70, "minutes_per_day": 20, "days_per_week": 3},
            "pain": {"worse_with": ["walking"]},
        }
    )
    walks = [i for _d, i in items(out) if i["kind"] == "aerobic"]
    assert walks and all(i["dose"]["hold_s"] <= 120 and (i["dose"]["rest_s"] or 0) >= 60 for i in walks)


# --- rule 14: inversion by tolerance ------------------------------------------------------------


@FAST
@given(inverting_documents)
def test_rule14_inversion_never_raises_angle_and_time_together(doc: dict[str, Any]) -> None:
    out = plan(doc)
    sessions = [i for _d, i in items(out) if i["kind"] == "inversion"]
    for item in sessions[:4]:
        assert item["dose"]["angle_deg"] <= 30 and item["minutes"] <= 2
    for before, after in zip(sessions, sessions[1:], strict=False):
        assert not (
            after["dose"]["angle_deg"] > before["dose"]["angle_deg"] and after["minutes"] > before["minutes"]
        )
    assert all(i["dose"]["angle_deg"] <= 60 for i in sessions)


def test_point7_an_easy_inversion_week_steps_up_the_angle_without_more_time() -> None:
    doc = {
        "profile": {
            "age": 40,
            "minutes_per_day": 30,
            "days_per_week": 3,
            "wants_inversion": True,
            "equipment": ["inversion_table"],
        }
    }
    program = plan(doc)
    entries = [
        {"week": w, "day": d, "exercise": "inversion_level_1", "status": "done", "easy": True}
        for w in (1, 2)
        for d in (1, 2, 3)
    ]
    result = adapt(program, {"week": 2, "input": doc, "entries": entries})
    this_week = [
        i
        for d in program["program"]["days"]
        if d["week"] == 2
        for i in d["items"]
        if i["kind"] == "inversion"
    ]
    next_week = [i for d in result["days"] for i in d["items"] if i["kind"] == "inversion"]
    assert next_week
    last = this_week[-1]
    for item in next_week:
        if item["dose"]["angle_deg"] > last["dose"]["angle_deg"]:
            assert item["minutes"] <= last["minutes"]


# --- rule 15: two-way movements and flare weeks --------------------------------------------------


@FAST
@given(sensitive_documents)
def test_rule15_nothing_in_the_first_phase_moves_into_a_sensitive_direction(doc: dict[str, Any]) -> None:
    out = plan(doc)
    if out["program"] is None:
        return
    worse = set(doc["pain"]["worse_with"])
    banned = ({"flexion"} if worse & {"sitting", "bending_forward"} else set()) | (
        {"extension"} if worse & {"standing", "arching_back"} else set()
    )
    for _day, item in items(out, range(1, max(first_phase(out)) + 1)):
        assert not set(item["moves_into"]) & banned, item["exercise"]


def test_point8_cat_camel_and_pelvic_tilts_move_both_ways() -> None:
    kb = load()
    assert set(kb.exercises["cat_camel"].moves_into) == {"flexion", "extension"}
    assert set(kb.exercises["lying_pelvic_tilts"].moves_into) == {"flexion", "extension"}


def test_point8_a_flare_week_brings_the_direction_restriction_back() -> None:
    doc = {
        "profile": {"age": 25, "minutes_per_day": 30, "days_per_week": 3},
        "pain": {"worse_with": ["standing"]},
        "tests": {"thomas_left": "one_joint", "thomas_right": "one_joint"},
    }
    program = plan(doc)
    week = 6
    later = [i for d in program["program"]["days"] if d["week"] == week + 1 for i in d["items"]]
    assert any("extension" in i["moves_into"] for i in later), (
        "the test needs an extension item after phase 1"
    )
    result = adapt(
        program, {"week": week, "input": doc, "checkins": [{"week": week, "flare": True, "nrs": 8}]}
    )
    assert result["days"]
    for day in result["days"]:
        for item in day["items"]:
            assert "extension" not in item["moves_into"], item["exercise"]
    assert any(c["change"] in ("swap", "drop") and "flare" in c["reason"] for c in result["changes"])


# --- rules 16 and 17: findings that claim no more than the tests ---------------------------------


@FAST
@given(planned_documents)
def test_rule16_no_muscle_is_both_tight_and_weak(doc: dict[str, Any]) -> None:
    out = plan(doc)
    assert not set(out["imbalances"]["tight"]) & set(out["imbalances"]["weak"])


def test_point9_erector_spinae_tight_and_weak_is_treated_one_way_and_explained() -> None:
    out = plan(
        {
            "profile": {"age": 40, "minutes_per_day": 20, "days_per_week": 3},
            "tests": {"wall_test": "large_gap", "flexor_s": 90, "extensor_s": 40},
        }
    )
    assert "erector_spinae" in out["imbalances"]["weak"]
    assert "erector_spinae" not in out["imbalances"]["tight"]
    tilt = next(f for f in out["findings"] if f["id"] == "anterior_pelvic_tilt")
    assert any("erector spinae" in e.lower() for e in tilt["evidence"])


def test_point9_a_68_year_old_is_not_judged_by_student_plank_norms() -> None:
    out = plan(
        {
            "profile": {"age": 68, "sex": "female", "minutes_per_day": 20, "days_per_week": 3},
            "tests": {"plank_s": 20},
        }
    )
    assert not any(f["id"] == "core_endurance_deficit" for f in out["findings"])
    young = plan(
        {
            "profile": {"age": 24, "sex": "female", "minutes_per_day": 20, "days_per_week": 3},
            "tests": {"plank_s": 20},
        }
    )
    deficit = next(f for f in young["findings"] if f["id"] == "core_endurance_deficit")
    assert any("83 s for young women" in e for e in deficit["evidence"])


def test_point9_side_bridges_within_five_percent_are_no_asymmetry_and_two_seconds_is_a_weak_sign() -> None:
    def asymmetry(left: int, right: int) -> dict[str, Any] | None:
        out = plan(
            {
                "profile": {"age": 40, "minutes_per_day": 20, "days_per_week": 3},
                "tests": {"side_bridge_left_s": left, "side_bridge_right_s": right},
            }
        )
        return next((f for f in out["findings"] if f["id"] == "side_endurance_asymmetry"), None)

    assert asymmetry(60, 58) is None
    weak_sign = asymmetry(30, 32)
    assert weak_sign is not None and weak_sign["confidence"] == "low"
    clear = asymmetry(30, 45)
    assert clear is not None and clear["confidence"] == "moderate"


# --- one home for each rule -------------------------------------------------------------------------


@FAST
@given(planned_documents)
def test_every_planned_item_passes_the_one_safety_check(doc: dict[str, Any]) -> None:
    out = plan(doc)
    if out["program"] is None:
        return
    kb = load()
    restrictions = restrictions_for(read(doc), [f["id"] for f in out["findings"]])
    early = first_phase(out)
    for day, item in items(out):
        ex = kb.exercises.get(item["exercise"])
        if ex is None:
            continue  # lessons
        assert not exercise_problems(ex, restrictions, kb, restricted=day["week"] in early), item["exercise"]


# --- one rule for when a check-in pauses the program ------------------------------------------------


@FAST
@given(
    st.lists(st.sampled_from(RED_FLAGS), max_size=4, unique=True),
    st.lists(st.sampled_from(RED_FLAGS), max_size=3, unique=True),
    st.integers(16, 90),
)
def test_a_check_in_pauses_exactly_when_a_new_flag_is_urgent_or_worse(
    flags: list[str], known: list[str], age: int
) -> None:
    kb = load()
    screen = checkin_screen(flags, known=known, age=age, cleared=False, kb=kb)
    serious_new = {r.flag for r in screen.triage.reasons if r.level in ("urgent", "emergency")} - set(known)
    assert screen.pauses == bool(serious_new)
    assert set(screen.new_flags) == set(flags) - set(known)


def test_adaptation_and_the_web_share_the_pause_rule() -> None:
    # A person cleared by a clinician for major trauma reports it again: the program goes on; a new
    # urgent flag pauses it, in the engine's adaptation as in the web's check-in (both call checkin_screen).
    doc = {
        "profile": {"age": 40, "minutes_per_day": 20, "days_per_week": 3},
        "red_flags": ["major_trauma"],
        "clinician_cleared": True,
    }
    program = plan(doc)
    again = adapt(
        program, {"week": 1, "input": doc, "checkins": [{"week": 1, "red_flags": ["major_trauma"]}]}
    )
    assert again["paused"] is False
    new = adapt(
        program, {"week": 1, "input": doc, "checkins": [{"week": 1, "red_flags": ["major_trauma", "fever"]}]}
    )
    assert new["paused"] is True


def test_graded_thresholds_on_one_measure_give_one_line_of_evidence() -> None:
    out = plan(
        {
            "profile": {"age": 40, "minutes_per_day": 20, "days_per_week": 3},
            "tests": {"side_bridge_left_s": 30, "side_bridge_right_s": 45},
        }
    )
    finding = next(f for f in out["findings"] if f["id"] == "side_endurance_asymmetry")
    assert len(finding["evidence"]) == 1
    assert "more than twice" in finding["evidence"][0]


def test_a_flare_week_without_the_input_uses_the_plans_own_findings() -> None:
    doc = {
        "profile": {"age": 25, "minutes_per_day": 30, "days_per_week": 3},
        "pain": {"worse_with": ["standing"]},
        "tests": {"thomas_left": "one_joint", "thomas_right": "one_joint"},
    }
    program = plan(doc)
    result = adapt(program, {"week": 6, "checkins": [{"week": 6, "flare": True, "nrs": 8}]})
    moved = {d for day in result["days"] for item in day["items"] for d in item["moves_into"]}
    assert "extension" not in moved

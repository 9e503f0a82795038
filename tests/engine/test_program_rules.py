"""The contract's nine rules, each as a property over random valid inputs (ENGINE.md, "Rules the output must keep")."""

from __future__ import annotations

from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from backwell.engine import plan
from backwell.engine.ids import CAUDA_EQUINA_FLAGS, INVERSION_CONTRAINDICATIONS
from backwell.engine.knowledge import load

from .strategies import (
    RED_FLAG_IDS,
    any_documents,
    documents,
    flare_documents,
    inversion_documents,
    planned_documents,
    screened_documents,
    severe_documents,
)

RANK = {"none": 0, "routine": 1, "urgent": 2, "emergency": 3}
FAST = settings(max_examples=150, deadline=None)


def items(program: dict[str, Any], weeks: range | None = None) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    return [
        (day, item)
        for day in program["days"]
        if weeks is None or day["week"] in weeks
        for item in day["items"]
    ]


# --- rule 1: triage takes the most serious level ------------------------------------------------


@FAST
@given(any_documents)
def test_rule1_triage_is_the_most_serious_level_and_meets_the_contract_minimums(doc: dict[str, Any]) -> None:
    out = plan(doc)
    triage = out["triage"]
    flags = set(doc.get("red_flags", []))
    age = doc["profile"]["age"]
    level = RANK[triage["level"]]
    if not flags:
        assert triage["level"] == "none" and triage["reasons"] == []
        return
    assert {r["flag"] for r in triage["reasons"]} <= flags
    assert level == max(RANK[r["level"]] for r in triage["reasons"])
    if flags & set(CAUDA_EQUINA_FLAGS):
        assert triage["level"] == "emergency"
    if flags & {"progressive_weakness", "major_trauma"}:
        assert level >= RANK["urgent"]
    if "fever" in flags and flags & {"immunosuppressed", "iv_drug_use", "recent_infection"}:
        assert level >= RANK["urgent"]
    if "cancer_history" in flags and (flags & {"weight_loss", "night_pain"} or age >= 50):
        assert level >= RANK["urgent"]


@FAST
@given(any_documents, st.sampled_from(RED_FLAG_IDS))
def test_rule1_answering_one_more_flag_never_lowers_the_level(doc: dict[str, Any], extra: str) -> None:
    before = RANK[plan(doc)["triage"]["level"]]
    more = {**doc, "red_flags": sorted(set(doc.get("red_flags", [])) | {extra})}
    assert RANK[plan(more)["triage"]["level"]] >= before


# --- rule 2: emergency / urgent withhold the program ----------------------------------------------


@FAST
@given(st.one_of(any_documents, screened_documents))
def test_rule2_emergency_and_urgent_withhold_the_program_unless_cleared_urgent(doc: dict[str, Any]) -> None:
    out = plan(doc)
    level = out["triage"]["level"]
    cleared = doc.get("clinician_cleared", False)
    if level == "emergency" or (level == "urgent" and not cleared):
        assert out["program"] is None
        assert out["triage"]["program_allowed"] is False
    else:
        assert out["program"] is not None
        assert out["triage"]["program_allowed"] is True
    if level == "routine":
        assert any("review" in a for a in out["program"]["advice"])


# --- rule 3: inversion only when eligible, and gently at first ------------------------------------


@FAST
@given(st.one_of(inversion_documents, any_documents))
def test_rule3_inversion_items_only_for_eligible_people_and_first_session_is_gentle(
    doc: dict[str, Any],
) -> None:
    out = plan(doc)
    profile = doc["profile"]
    program = out["program"]
    inverted = [(d, i) for d, i in items(program)] if program else []
    inverted = [(d, i) for d, i in inverted if i["kind"] == "inversion"]
    bad = set(profile.get("conditions", [])) & set(INVERSION_CONTRAINDICATIONS)
    may = (
        profile.get("wants_inversion", False)
        and "inversion_table" in profile.get("equipment", [])
        and not profile.get("pregnant", False)
        and not bad
    )
    if not may:
        assert out["inversion"]["eligible"] is False
        assert out["inversion"]["reasons"]
        assert inverted == []
    if not out["inversion"]["eligible"]:
        assert inverted == []
    if inverted:
        _first_day, first = inverted[0]
        assert first["dose"]["angle_deg"] is not None and first["dose"]["angle_deg"] <= 30
        assert first["minutes"] <= 2
        assert first["level"] == 1


@settings(max_examples=60, deadline=None)
@given(inversion_documents)
def test_rule3_every_contraindicating_condition_is_named_among_the_reasons(doc: dict[str, Any]) -> None:
    from backwell.engine.knowledge import load

    kb = load()
    out = plan(doc)
    reasons = " ".join(out["inversion"]["reasons"]).lower()
    for condition in set(doc["profile"].get("conditions", [])) & set(INVERSION_CONTRAINDICATIONS):
        assert kb.conditions[condition].name.lower() in reasons
    if doc["profile"].get("pregnant"):
        assert "pregnan" in reasons


# --- rule 4: equipment ----------------------------------------------------------------------------


@FAST
@given(planned_documents)
# The ball-and-wall releases need two pieces of equipment: owning only the first must not be enough.
@example(
    {
        "profile": {"age": 40, "minutes_per_day": 30, "days_per_week": 3, "equipment": ["ball"]},
        "red_flags": [],
        "pain": {"regions": ["lumbar_left", "lumbar_right", "buttock_left", "hip_lateral_left"]},
    }
)
def test_rule4_every_item_uses_only_equipment_the_person_has(doc: dict[str, Any]) -> None:
    program = plan(doc)["program"]
    owned = set(doc["profile"].get("equipment", []))
    for _day, item in items(program):
        assert set(item["equipment"]) <= owned, item["exercise"]


# --- rule 5: time and days ------------------------------------------------------------------------


@FAST
@given(planned_documents)
def test_rule5_each_day_fits_the_minutes_and_each_week_has_the_days_asked_for(doc: dict[str, Any]) -> None:
    program = plan(doc)["program"]
    minutes = doc["profile"]["minutes_per_day"]
    assert program["weeks"] == 12
    for day in program["days"]:
        assert day["minutes"] <= minutes * 1.05
        assert day["minutes"] == sum(item["minutes"] for item in day["items"])
        assert day["items"], "a planned day must hold something to do"
    for week in range(1, 13):
        assert [d["day"] for d in program["days"] if d["week"] == week] == list(
            range(1, doc["profile"]["days_per_week"] + 1)
        )


# --- rule 6: severe pain or flare ----------------------------------------------------------------


@FAST
@given(st.one_of(severe_documents, flare_documents))
def test_rule6_severe_pain_or_flare_keeps_week_one_strength_at_level_one(doc: dict[str, Any]) -> None:
    program = plan(doc)["program"]
    for _day, item in items(program, range(1, 2)):
        if item["kind"] == "strength":
            assert item["level"] <= 1, item["exercise"]


# --- rule 7: sensitive directions ----------------------------------------------------------------


@FAST
@given(
    documents(
        pain={
            "worse_with": st.lists(
                st.sampled_from(
                    ["sitting", "bending_forward", "lifting", "standing", "walking", "arching_back"]
                ),
                min_size=1,
                max_size=4,
                unique=True,
            )
        }
    )
)
def test_rule7_no_item_moves_a_sensitive_direction_in_the_first_phase(doc: dict[str, Any]) -> None:
    out = plan(doc)
    program = out["program"]
    found = {f["id"] for f in out["findings"]}
    first_phase = set(program["phases"][0]["weeks"])
    banned = set()
    if "flexion_sensitivity" in found:
        banned.add("flexion")
    if "extension_sensitivity" in found:
        banned.add("extension")
    assert banned, "the strategy always reports an aggravating activity"
    for day, item in items(program):
        if day["week"] in first_phase:
            assert item["direction"] not in banned, (day["week"], item["exercise"])


# --- rule 8: every imbalance is served by week 4 --------------------------------------------------


def _assert_rule8(out: dict[str, Any]) -> None:
    early = items(out["program"], range(1, 5))
    stretched = {m for _d, i in early if i["kind"] in ("stretch", "mobility") for m in i["targets"]}
    strengthened = {m for _d, i in early if i["kind"] == "strength" for m in i["targets"]}
    for muscle in out["imbalances"]["tight"]:
        assert muscle in stretched, f"tight {muscle} has no stretch in weeks 1-4"
    for muscle in out["imbalances"]["weak"]:
        assert muscle in strengthened, f"weak {muscle} has no strength item in weeks 1-4"


@FAST
@given(planned_documents)
def test_rule8_each_tight_muscle_is_stretched_and_each_weak_muscle_strengthened_by_week_4(
    doc: dict[str, Any],
) -> None:
    _assert_rule8(plan(doc))


# Few minutes on few days leave little room before week 4; random documents rarely land here, and
# the planner once let a muscle's first exercise slip to week 5 in exactly these cases.
short_time_documents = documents(
    profile={"minutes_per_day": st.integers(5, 8), "days_per_week": st.integers(1, 2)}
)


@FAST
@given(short_time_documents)
@example(
    {
        "profile": {"age": 16, "minutes_per_day": 5, "days_per_week": 1},
        "red_flags": [],
        "tests": {
            "thomas_left": "one_joint",
            "thomas_right": "one_joint",
            "trendelenburg_left": "positive",
            "side_bridge_left_s": 0,
            "side_bridge_right_s": 1,
            "plank_s": 0,
            "flexor_s": 0,
            "extensor_s": 0,
        },
        "posture": {"head_forward_deg": 21},
    }
)
@example(
    {
        "profile": {"age": 16, "minutes_per_day": 8, "days_per_week": 1},
        "red_flags": [],
        "posture": {"pelvic_tilt": "anterior", "pelvis_forward": True, "pelvic_obliquity_deg": 5},
        "tests": {"thomas_left": "one_joint", "thomas_right": "one_joint"},
    }
)
def test_rule8_holds_with_five_minutes_one_day_a_week_and_many_imbalances(doc: dict[str, Any]) -> None:
    _assert_rule8(plan(doc))


# --- rule 9: every item says why ------------------------------------------------------------------


@FAST
@given(planned_documents)
def test_rule9_every_item_has_a_reason_naming_the_finding_region_or_choice(doc: dict[str, Any]) -> None:
    out = plan(doc)
    kb = load()
    # Reasons name findings in words (never their ids): the finding's lower-cased display name.
    found = [kb.findings[f["id"]].name[:1].lower() + kb.findings[f["id"]].name[1:] for f in out["findings"]]
    for _day, item in items(out["program"]):
        assert item["why"] and all(isinstance(w, str) and w.strip() for w in item["why"])
        first = item["why"][0]
        if item["kind"] == "trigger_point":
            assert "pain drawing" in first
        elif item["kind"] == "inversion":
            assert "chose inversion" in first
        elif item["kind"] in ("stretch", "mobility", "strength"):
            assert any(f in first for f in found) or "No specific muscle weakness" in first, first
            assert "_" not in first, first

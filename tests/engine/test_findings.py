"""Findings: derived measures, the knowledge base's rules, confidence, sides and imbalances."""

from __future__ import annotations

from typing import Any

import pytest

from backwell.engine import plan
from backwell.engine.findings import OPERATORS, combined_confidence, derived_measures, find, imbalances
from backwell.engine.knowledge import load
from backwell.engine.knowledge.model import Finding, Rule
from backwell.engine.schema import contract_schema, read

PROFILE = {"age": 40, "minutes_per_day": 20, "days_per_week": 3}


def findings_of(**sections: Any) -> dict[str, dict[str, Any]]:
    out = plan({"profile": {**PROFILE, **sections.pop("profile", {})}, **sections})
    return {f["id"]: f for f in out["findings"]}


def test_nothing_answered_means_no_findings_and_no_imbalances() -> None:
    out = plan({"profile": PROFILE})
    assert out["findings"] == []
    assert out["imbalances"] == {"tight": [], "weak": []}


def test_one_sign_gives_its_rule_confidence_and_plain_evidence() -> None:
    found = findings_of(tests={"wall_test": "large_gap"})
    tilt = found["anterior_pelvic_tilt"]
    assert tilt["confidence"] == "moderate"
    assert len(tilt["evidence"]) == 1 and "Wall test" in tilt["evidence"][0]
    assert tilt["tight"] == ["iliopsoas", "rectus_femoris", "erector_spinae"]
    assert tilt["weak"] == ["rectus_abdominis", "external_obliques", "gluteus_maximus"]


def test_a_weak_sign_agreeing_with_a_moderate_one_does_not_make_it_high() -> None:
    # Wall test (moderate) + photo (low): agreement raises only to "high" when two independent
    # measurements are each at least a moderate sign (issue 20, point 9).
    found = findings_of(tests={"wall_test": "large_gap"}, posture={"pelvic_tilt": "anterior"})
    assert found["anterior_pelvic_tilt"]["confidence"] == "moderate"
    assert len(found["anterior_pelvic_tilt"]["evidence"]) == 2


def test_two_ratios_over_one_extensor_hold_count_as_one_measurement() -> None:
    found = findings_of(
        tests={
            "flexor_s": 90,
            "extensor_s": 60,
            "side_bridge_left_s": 50,
            "side_bridge_right_s": 50,
            "plank_s": 30,
        },
        profile={"age": 25},
    )
    # Both ratios (moderate) share the extensor hold; the plank is independent but a weak sign.
    assert found["core_endurance_deficit"]["confidence"] == "moderate"


def test_only_two_independent_moderate_signs_make_a_high_confidence() -> None:
    def rule(path: str, confidence: str) -> Rule:
        return Rule(input=path, op="eq", value=True, confidence=confidence, evidence="", sources=("x",))

    assert (
        combined_confidence([rule("tests.wall_test", "moderate"), rule("tests.ober_left", "moderate")])
        == "high"
    )
    assert (
        combined_confidence([rule("tests.wall_test", "moderate"), rule("posture.pelvic_tilt", "low")])
        == "moderate"
    )
    assert (
        combined_confidence([rule("tests.wall_test", "low"), rule("posture.pelvic_tilt", "low")])
        == "moderate"
    )
    assert (
        combined_confidence([rule("posture.pelvic_tilt", "low"), rule("posture.pelvis_forward", "low")])
        == "low"
    )
    assert (
        combined_confidence(
            [
                rule("derived.flexor_extensor_ratio", "moderate"),
                rule("derived.side_bridge_extensor_ratio", "moderate"),
            ]
        )
        == "moderate"
    )


def test_two_weak_photo_signs_stay_weak() -> None:
    found = findings_of(posture={"pelvis_forward": True, "trunk_lean_deg": -8})
    assert found["sway_back"]["confidence"] == "low"


def test_the_same_test_on_both_legs_is_not_two_independent_signs() -> None:
    found = findings_of(tests={"thomas_left": "one_joint", "thomas_right": "both"})
    assert found["hip_flexor_tightness"]["confidence"] == "moderate"


def test_photo_signs_alone_stay_low_confidence() -> None:
    found = findings_of(posture={"pelvic_tilt": "anterior"})
    assert found["anterior_pelvic_tilt"]["confidence"] == "low"


def test_mcgill_ratios_find_a_core_endurance_deficit_and_a_side_asymmetry() -> None:
    found = findings_of(
        tests={"flexor_s": 90, "extensor_s": 60, "side_bridge_left_s": 40, "side_bridge_right_s": 50}
    )
    assert "core_endurance_deficit" in found  # flexor/extensor 1.5 > 1.0
    assert "side_endurance_asymmetry" in found  # 10/50 = 20 % > 5 %
    balanced = findings_of(
        tests={"flexor_s": 50, "extensor_s": 100, "side_bridge_left_s": 40, "side_bridge_right_s": 41}
    )
    assert "core_endurance_deficit" not in balanced and "side_endurance_asymmetry" not in balanced


def test_derived_measures_follow_their_documented_formulas() -> None:
    person = read(
        {
            "profile": {**PROFILE, "sex": "male"},
            "tests": {
                "flexor_s": 90,
                "extensor_s": 60,
                "side_bridge_left_s": 40,
                "side_bridge_right_s": 50,
                "plank_s": 100,
            },
        }
    )
    d = derived_measures(person)
    assert d["plank_below_norm"] is None  # no norm fits the person's age (rule 17)
    young = read({**person.document, "profile": {**person.document["profile"], "age": 25}})
    assert derived_measures(young)["plank_below_norm"] is True  # men's norm 124 s
    d = derived_measures(young)
    assert d["flexor_extensor_ratio"] == 1.5
    assert d["side_bridge_asymmetry"] == 0.2
    assert d["side_bridge_extensor_ratio"] == round(50 / 60, 3)
    female = read(
        {"profile": {**PROFILE, "age": 25, "sex": "female"}, "tests": {"plank_s": 100, "extensor_s": 0}}
    )
    assert derived_measures(female)["plank_below_norm"] is False  # women's norm 83 s
    assert derived_measures(female)["flexor_extensor_ratio"] is None  # no division by zero


def test_a_one_sided_test_marks_its_side_on_the_items() -> None:
    out = plan(
        {
            "profile": {**PROFILE, "minutes_per_day": 30, "days_per_week": 5},
            "tests": {"trendelenburg_right": "positive"},
        }
    )
    assert "gluteus_medius" in out["imbalances"]["weak"]
    sided = [
        i
        for d in out["program"]["days"]
        if d["week"] <= 4
        for i in d["items"]
        if i["kind"] == "strength" and "gluteus_medius" in i["targets"] and i["side"] is not None
    ]
    assert sided and all(i["side"] == "right" for i in sided)


def test_every_rule_in_the_knowledge_base_uses_a_known_operator_and_input() -> None:
    kb = load()
    schema = contract_schema()
    derived = set(derived_measures(read({"profile": PROFILE})))
    for finding in kb.findings.values():
        for rule in finding.rules:
            assert rule.op in OPERATORS, (finding.id, rule.op)
            if rule.input.startswith("derived."):
                assert rule.input.removeprefix("derived.") in derived, rule.input
            else:
                node = schema
                for part in rule.input.split("."):
                    node = node["properties"][part]


def _kb_with(*rules: Rule) -> Any:
    import dataclasses

    kb = load()
    finding = Finding(
        "hip_flexor_tightness",
        "Test finding",
        "plain",
        ("iliopsoas",),
        (),
        "limited",
        ("travell_simons",),
        rules,
    )
    return dataclasses.replace(kb, findings={"hip_flexor_tightness": finding})


@pytest.mark.parametrize(
    ("op", "value", "given", "fires"),
    [
        ("gt", 20, 21, True),
        ("gt", 20, 20, False),
        ("ge", 20, 20, True),
        ("lt", 5, 4.9, True),
        ("le", 5, 5, True),
        ("eq", "positive", "positive", True),
        ("ne", "negative", "negative", False),
        ("abs_gt", 4, -4.5, True),
        ("abs_gt", 4, 3.9, False),
    ],
)
def test_rule_operators_compare_as_documented(op: str, value: Any, given: Any, fires: bool) -> None:
    rule = Rule(
        "posture.pelvic_obliquity_deg" if op in ("abs_gt", "gt", "ge", "lt", "le") else "tests.ober_left",
        op,
        value,
        "moderate",
        "evidence",
        ("travell_simons",),
    )
    key = rule.input.split(".")
    person = read({"profile": PROFILE, key[0]: {key[1]: given}})
    assert bool(find(person, _kb_with(rule))) is fires


def test_sides_from_left_and_right_rules_merge_to_both() -> None:
    left = Rule("tests.ober_left", "eq", "positive", "moderate", "left", (), side="left")
    right = Rule("tests.ober_right", "eq", "positive", "moderate", "right", (), side="right")
    kb = _kb_with(left, right)
    only_left = imbalances(find(read({"profile": PROFILE, "tests": {"ober_left": "positive"}}), kb))
    assert only_left.tight_side == {"iliopsoas": "left"}
    both = imbalances(
        find(read({"profile": PROFILE, "tests": {"ober_left": "positive", "ober_right": "positive"}}), kb)
    )
    assert both.tight_side == {"iliopsoas": "both"}

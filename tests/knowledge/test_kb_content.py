"""The curated content itself: instruments kept verbatim, red-flag levels, findings and referral zones."""

from __future__ import annotations

from backwell.engine import ids
from backwell.engine.knowledge import load


def test_rmdq_keeps_its_24_published_items() -> None:
    rmdq = load().instruments["rmdq"]
    assert len(rmdq.items) == 24
    assert rmdq.items[0].text == "I stay at home most of the time because of my back."
    assert rmdq.items[23].text == "I stay in bed most of the time because of my back."


def test_start_back_keeps_its_nine_items_and_keele_notice() -> None:
    start_back = load().instruments["start_back"]
    assert len(start_back.items) == 9
    assert (
        start_back.items[4].text
        == "It's not really safe for a person with a condition like mine to be physically active"
    )
    assert start_back.items[8].options == ("Not at all", "Slightly", "Moderately", "Very much", "Extremely")
    assert "© Keele University 01/08/07" in start_back.notice
    assert "Funded by Arthritis Research UK" in start_back.notice


def test_peg_has_three_items_and_nrs_one() -> None:
    kb = load()
    assert [item.id for item in kb.instruments["peg"].items] == ["pain", "enjoyment", "activity"]
    assert len(kb.instruments["nrs"].items) == 1


def test_cauda_equina_signs_are_emergencies_and_others_are_not() -> None:
    flags = load().red_flags
    assert {f for f in ids.CAUDA_EQUINA_FLAGS if flags[f].level == "emergency"} == set(ids.CAUDA_EQUINA_FLAGS)
    assert flags["progressive_weakness"].level == "urgent"
    assert flags["inflammatory_pattern"].level == "routine"


def test_cancer_history_is_urgent_on_its_own_at_any_age() -> None:
    # Reference section 1 and ENGINE.md rule 1: any history of cancer with back pain needs a prompt check.
    flag = load().red_flags["cancer_history"]
    assert flag.level == "urgent"
    assert not [c for c in flag.combinations if c.level != "urgent" and c.level != "emergency"]


def test_every_inversion_contraindication_rules_out_inversion() -> None:
    conditions = load().conditions
    ruled_out = {c.id for c in conditions.values() if "inversion" in c.contraindicates}
    assert ruled_out == set(ids.INVERSION_CONTRAINDICATIONS)
    assert {"glaucoma", "hypertension", "heart_disease", "osteoporosis", "anticoagulants"} <= ruled_out
    assert "disc_herniation_diagnosed" not in ruled_out


def test_trendelenburg_on_the_left_means_a_weak_left_gluteus_medius() -> None:
    finding = load().findings["hip_abductor_weakness"]
    rule = next(r for r in finding.rules if r.input == "tests.trendelenburg_left")
    assert (rule.op, rule.value, rule.side) == ("eq", "positive", "left")
    assert "gluteus_medius" in finding.weak


def test_photo_obliquity_threshold_sits_above_photo_wobble() -> None:
    rules = load().findings["lateral_pelvic_tilt"].rules
    thresholds = {abs(float(str(r.value))) for r in rules if r.input == "posture.pelvic_obliquity_deg"}
    assert thresholds and min(thresholds) > 3
    assert all(r.confidence == "low" for r in rules)


def test_referral_zones_list_both_sides() -> None:
    for tp in load().trigger_points.values():
        zones = set(tp.primary) | set(tp.secondary)
        for zone in zones:
            if zone.endswith("_left"):
                assert zone.removesuffix("_left") + "_right" in zones, (tp.muscle, zone)


def test_gluteus_minimus_refers_down_the_leg_like_sciatica() -> None:
    tp = load().trigger_points["gluteus_minimus"]
    assert {"thigh_lateral_left", "thigh_posterior_right"} <= set(tp.primary)
    assert "calf_left" in tp.secondary
    assert tp.exercise == "tp_gluteus_minimus"


def test_phases_cover_twelve_weeks_in_order() -> None:
    phases = load().phases
    assert [p.id for p in phases] == list(ids.PHASES)
    assert [w for p in phases for w in p.weeks] == list(range(1, 13))

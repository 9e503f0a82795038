"""The clinical content engine 1.1 relies on: pregnancy, nerve symptoms, belly pressure, red-flag levels."""

from __future__ import annotations

import pytest

from backwell.engine import ids
from backwell.engine.knowledge import load
from backwell.engine.referral import targets

BELLY_STRAIN = (
    "side_bridge",
    "side_bridge_roll",
    "side_plank_leg_lift",
    "mcgill_curl_up",
    "mcgill_curl_up_elbows_up",
    "mcgill_curl_up_breathing",
    "double_knee_to_chest",
    "tp_rectus_abdominis",
    "tp_iliopsoas",
)


def test_pregnancy_is_a_condition_with_its_advice_and_sources() -> None:
    kb = load()
    pregnancy = kb.conditions["pregnancy"]
    assert {"prone_lying", "abdominal_pressure"} <= set(pregnancy.contraindicates)
    assert "acog_804_2020" in pregnancy.sources
    for sign in ("bleeding", "fluid leaking", "calf", "baby moves less"):
        assert sign in pregnancy.advice


@pytest.mark.parametrize("slug", BELLY_STRAIN)
def test_items_that_strain_or_press_on_the_belly_are_left_out_in_pregnancy(slug: str) -> None:
    assert "pregnancy" in load().exercises[slug].contraindications


def test_single_leg_balance_work_warns_pregnant_people_to_hold_on() -> None:
    ex = load().exercises["single_leg_stance"]
    assert "pregnancy" not in ex.contraindications
    assert any("pregnant" in caution and "wall" in caution for caution in ex.cautions)


def test_the_pregnancy_lesson_names_the_signs_to_stop_and_pelvic_girdle_pain() -> None:
    body = " ".join(load().lessons["lesson_pregnancy"].body)
    for sign in (
        "bleeding",
        "fluid leaking",
        "painful tightenings",
        "faint",
        "chest pain",
        "headache",
        "calf",
        "breathlessness",
        "moving less",
        "pelvic girdle pain",
        "physiotherapist",
    ):
        assert sign in body, sign


def test_a_nerve_friendly_hamstring_option_serves_the_first_phase() -> None:
    slider = load().exercises["seated_sciatic_nerve_slider"]
    assert (slider.kind, slider.position, slider.direction, slider.level) == (
        "mobility",
        "sitting",
        "neutral",
        1,
    )
    assert slider.targets == ("hamstrings",) and not slider.contraindications and not slider.equipment
    assert "basson_2017_neural_mobilisation" in slider.evidence.sources
    assert any("no tingling should stay" in cue.lower() for cue in slider.cues)


def test_no_trigger_point_text_calls_spreading_leg_pain_normal() -> None:
    kb = load()
    texts = [t for tp in kb.trigger_points.values() for t in tp.cautions]
    texts += [
        t for ex in kb.exercises.values() if ex.kind == "trigger_point" for t in (*ex.cues, *ex.cautions)
    ]
    assert not [t for t in texts if "common" in t.lower() and "leg" in t.lower()]
    for muscle in ("gluteus_minimus", "piriformis", "gluteus_maximus", "gluteus_medius"):
        cautions = " ".join(kb.exercises[f"tp_{muscle}"].cautions).lower()
        assert "stop" in cautions and "spread" in cautions, muscle
        assert "tingling" in cautions or "pins and needles" in cautions, muscle


@pytest.mark.parametrize("muscle", ids.ABDOMINAL_TRIGGER_POINT_MUSCLES)
def test_belly_pressure_stops_on_a_pulse_and_waits_for_unchecked_belly_pain(muscle: str) -> None:
    kb = load()
    for cautions in (kb.exercises[f"tp_{muscle}"].cautions, kb.trigger_points[muscle].cautions):
        text = " ".join(cautions).lower()
        assert "pulse under your" in text
        assert "belly pain that has not been checked" in text


@pytest.mark.parametrize("drawing", [["lumbar_central"], ["lumbar_central", "sacrum"]])
def test_pain_in_the_middle_of_the_low_back_is_matched_to_a_back_based_release_first(
    drawing: list[str],
) -> None:
    first = targets(drawing, load())[0]
    assert first.muscle not in ids.ABDOMINAL_TRIGGER_POINT_MUSCLES


def test_red_flag_levels_follow_rule_1() -> None:
    flags = load().red_flags
    assert flags["bilateral_leg_symptoms"].level == "emergency"
    assert flags["cancer_history"].level == "urgent"

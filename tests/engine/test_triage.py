"""Triage over every single red flag and the contract's combinations (ENGINE.md rules 1–2)."""

from __future__ import annotations

import pytest

from backwell.engine import plan
from backwell.engine.ids import CAUDA_EQUINA_FLAGS, RED_FLAGS
from backwell.engine.knowledge import load
from backwell.engine.triage import assess

RANK = {"none": 0, "routine": 1, "urgent": 2, "emergency": 3}
# The least level the contract allows for a single flag answered alone.
CONTRACT_MINIMUM = {
    **dict.fromkeys(CAUDA_EQUINA_FLAGS, "emergency"),
    "progressive_weakness": "urgent",
    "major_trauma": "urgent",
}


def doc(*flags: str, age: int = 40, cleared: bool | None = None) -> dict:
    d: dict = {"profile": {"age": age, "minutes_per_day": 20, "days_per_week": 3}, "red_flags": list(flags)}
    if cleared is not None:
        d["clinician_cleared"] = cleared
    return d


def test_no_flags_means_level_none_and_the_program_is_given() -> None:
    out = plan(doc())
    assert out["triage"] == {"level": "none", "program_allowed": True, "reasons": []}
    assert out["program"] is not None


@pytest.mark.parametrize("flag", RED_FLAGS)
def test_each_single_flag_takes_its_knowledge_base_level_and_never_less_than_the_contract(flag: str) -> None:
    kb = load()
    out = plan(doc(flag, age=30))
    level = out["triage"]["level"]
    assert level == kb.red_flags[flag].level
    assert RANK[level] >= RANK[CONTRACT_MINIMUM.get(flag, "routine")]
    assert out["triage"]["reasons"][0]["flag"] == flag
    assert out["triage"]["reasons"][0]["advice"].strip()
    withheld = level in ("urgent", "emergency")
    assert (out["program"] is None) is withheld
    assert out["triage"]["program_allowed"] is not withheld


@pytest.mark.parametrize("flag", CAUDA_EQUINA_FLAGS)
def test_cauda_equina_signs_are_an_emergency_even_when_a_clinician_cleared_the_person(flag: str) -> None:
    out = plan(doc(flag, cleared=True))
    assert out["triage"]["level"] == "emergency"
    assert out["program"] is None and out["triage"]["program_allowed"] is False
    assert "emergency" in out["triage"]["reasons"][0]["advice"].lower()


@pytest.mark.parametrize(
    ("flags", "age"),
    [
        (("fever", "immunosuppressed"), 40),
        (("fever", "iv_drug_use"), 40),
        (("fever", "recent_infection"), 40),
        (("cancer_history", "weight_loss"), 40),
        (("cancer_history", "night_pain"), 40),
        (("cancer_history",), 50),
        (("cancer_history",), 77),
        (("major_trauma",), 40),
        (("progressive_weakness",), 40),
    ],
)
def test_the_contract_combinations_are_at_least_urgent(flags: tuple[str, ...], age: int) -> None:
    out = plan(doc(*flags, age=age))
    assert RANK[out["triage"]["level"]] >= RANK["urgent"]
    assert out["program"] is None


@pytest.mark.parametrize("age", [16, 40, 49, 50, 90])
def test_cancer_history_alone_is_urgent_at_any_age(age: int) -> None:
    # Engine 1.1, rule 1 (reference §1): spinal metastasis must be ruled out whatever the age.
    out = plan(doc("cancer_history", age=age))
    assert out["triage"]["level"] == "urgent"
    assert out["program"] is None


def test_symptoms_in_both_legs_are_an_emergency() -> None:
    # Engine 1.1, rule 1: bilateral leg symptoms belong to the suspected cauda equina pathway.
    out = plan(doc("bilateral_leg_symptoms"))
    assert out["triage"]["level"] == "emergency"
    assert out["program"] is None
    assert plan(doc("bilateral_leg_symptoms", cleared=True))["program"] is None


def test_a_combination_raises_every_flag_that_takes_part_in_it() -> None:
    reasons = plan(doc("cancer_history", "night_pain"))["triage"]["reasons"]
    assert {r["flag"]: r["level"] for r in reasons} == {"cancer_history": "urgent", "night_pain": "urgent"}


def test_clinician_clearance_lifts_urgent_and_keeps_a_warning_in_the_advice() -> None:
    out = plan(doc("major_trauma", cleared=True))
    assert out["triage"]["level"] == "urgent"
    assert out["triage"]["program_allowed"] is True
    assert any("cleared" in a for a in out["program"]["advice"])


def test_clinician_clearance_does_not_lift_an_emergency() -> None:
    out = plan(doc("saddle_numbness", "major_trauma", cleared=True))
    assert out["triage"]["level"] == "emergency" and out["program"] is None


def test_routine_gives_the_program_with_the_advice_to_book_a_review() -> None:
    out = plan(doc("inflammatory_pattern"))
    assert out["triage"]["level"] == "routine"
    assert any("Book a review" in a for a in out["program"]["advice"])


def test_reasons_come_most_serious_first() -> None:
    reasons = plan(doc("thoracic_pain", "saddle_numbness"))["triage"]["reasons"]
    assert [r["flag"] for r in reasons] == ["saddle_numbness", "thoracic_pain"]


def test_the_contract_minimums_hold_even_if_the_data_were_lowered() -> None:
    """A mistaken edit of red_flags.yaml (cauda equina as routine) cannot make the engine say less."""
    import dataclasses

    kb = load()
    lowered = {k: dataclasses.replace(v, level="routine", combinations=()) for k, v in kb.red_flags.items()}
    weak_kb = dataclasses.replace(kb, red_flags=lowered)
    assert assess(["saddle_numbness"], 40, False, weak_kb).level == "emergency"
    assert assess(["fever", "iv_drug_use"], 40, False, weak_kb).level == "urgent"
    assert assess(["cancer_history"], 60, False, weak_kb).level == "urgent"
    assert assess(["progressive_weakness"], 60, True, weak_kb).program_allowed is True

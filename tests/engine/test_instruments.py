"""Questionnaire scoring against hand-worked examples of the published methods."""

from __future__ import annotations

import pytest

from backwell.engine import plan
from backwell.engine.instruments import peg, psfs, rmdq, start_back

NO, YES = False, True


def answers(*agree: int) -> list[bool]:
    """Eight STarT Back answers with the given item numbers (1–8) agreed."""
    return [i in agree for i in range(1, 9)]


@pytest.mark.parametrize(
    ("agreed", "bother", "total", "psychosocial", "risk"),
    [
        ((), "not_at_all", 0, 0, "low"),
        # 3 agreed physical items: total 3 is still low risk, whatever the subscale.
        ((1, 2, 3), "moderately", 3, 0, "low"),
        ((5, 6), "extremely", 3, 3, "low"),
        # Total 4 crosses into the subscale question: psychosocial 3 -> medium.
        ((1, 5, 6), "very_much", 4, 3, "medium"),
        ((1, 2, 3, 4), "moderately", 4, 0, "medium"),
        # Psychosocial 4 (items 5, 6, 7 + bothersomeness) -> high.
        ((1, 5, 6, 7), "very_much", 5, 4, "high"),
        ((5, 6, 7, 8), "slightly", 4, 4, "high"),
        ((1, 2, 3, 4, 5, 6, 7, 8), "extremely", 9, 5, "high"),
        # "Moderately" does not score: psychosocial stays 3 -> medium.
        ((1, 2, 5, 6, 7), "moderately", 5, 3, "medium"),
    ],
)
def test_start_back_total_subscale_and_risk_follow_the_keele_method(
    agreed: tuple[int, ...], bother: str, total: int, psychosocial: int, risk: str
) -> None:
    result = start_back(answers(*agreed), bother)
    assert (result.total, result.psychosocial, result.risk) == (total, psychosocial, risk)


def test_only_very_much_and_extremely_score_the_bothersomeness_item() -> None:
    scores = {
        b: start_back(answers(), b).total
        for b in ("not_at_all", "slightly", "moderately", "very_much", "extremely")
    }
    assert scores == {"not_at_all": 0, "slightly": 0, "moderately": 0, "very_much": 1, "extremely": 1}


def test_rmdq_counts_the_ticked_statements() -> None:
    ticked = [i % 3 == 0 for i in range(24)]  # items 1, 4, 7, … 22: eight statements
    assert rmdq(ticked) == 8
    assert rmdq([NO] * 24) == 0 and rmdq([YES] * 24) == 24


def test_psfs_is_the_mean_of_the_activity_scores() -> None:
    assert psfs([4, 5]) == 4.5
    assert psfs([3, 4, 6]) == 4.33
    assert psfs([10]) == 10


def test_peg_is_the_mean_of_its_three_items() -> None:
    assert peg([6, 5, 7]) == 6.0
    assert peg([7, 4, 4]) == 5.0
    assert peg([1, 2, 2]) == 1.67


def test_scores_appear_in_the_output_and_are_null_when_not_asked() -> None:
    doc = {
        "profile": {"age": 40, "minutes_per_day": 20, "days_per_week": 3},
        "pain": {"nrs": 6},
        "questionnaires": {
            "start_back": {"answers": answers(1, 5, 6, 7), "bothersomeness": "very_much"},
            "rmdq": [True] * 5 + [False] * 19,
            "psfs": [{"activity": "gardening", "score": 3}, {"activity": "driving", "score": 6.5}],
            "peg": [6, 5, 7],
        },
    }
    assert plan(doc)["scores"] == {
        "nrs": 6,
        "start_back": {"total": 5, "psychosocial": 4, "risk": "high"},
        "rmdq": 5,
        "psfs": 4.75,
        "peg": 6.0,
    }
    bare = plan({"profile": {"age": 40, "minutes_per_day": 20, "days_per_week": 3}})
    assert bare["scores"] == {"nrs": None, "start_back": None, "rmdq": None, "psfs": None, "peg": None}

"""Trigger-point targets: ranked by how the referral zones match the pain drawing, with a stable tie-break."""

from __future__ import annotations

import dataclasses

from backwell.engine.knowledge import load
from backwell.engine.knowledge.model import TriggerPoint
from backwell.engine.referral import targets


def kb_with(*points: TriggerPoint):  # type: ignore[no-untyped-def]
    return dataclasses.replace(load(), trigger_points={tp.muscle: tp for tp in points})


def tp(muscle: str, primary: tuple[str, ...], secondary: tuple[str, ...] = ()) -> TriggerPoint:
    return TriggerPoint(muscle, primary, secondary, "technique", f"tp_{muscle}", (), ("travell_simons",))


def test_primary_zones_count_fully_and_secondary_zones_half() -> None:
    kb = kb_with(
        tp("gluteus_medius", ("sacrum", "sij_left"), ("buttock_left",)), tp("piriformis", ("buttock_left",))
    )
    ranked = targets(["sacrum", "sij_left", "buttock_left"], kb)
    assert [(t.muscle, t.score) for t in ranked] == [("gluteus_medius", 2.5), ("piriformis", 1.0)]
    assert ranked[0].matched_regions == ("sacrum", "sij_left", "buttock_left")


def test_ties_go_to_more_primary_matches_then_to_the_canonical_muscle_order() -> None:
    kb = kb_with(
        tp("piriformis", ("sacrum",)),
        tp("gluteus_maximus", ("sacrum",)),
        tp("quadratus_lumborum", (), ("sacrum", "coccyx")),
    )
    ranked = targets(["sacrum", "coccyx"], kb)
    # All score 1.0; the two primary matches come first, in ids.md's muscle order.
    assert [t.muscle for t in ranked] == ["gluteus_maximus", "piriformis", "quadratus_lumborum"]


def test_no_pain_drawing_or_no_overlap_gives_no_targets() -> None:
    kb = kb_with(tp("piriformis", ("buttock_left",)))
    assert targets([], kb) == ()
    assert targets(["neck"], kb) == ()


def test_the_side_of_a_target_follows_the_regions_it_matched() -> None:
    kb = kb_with(tp("gluteus_medius", ("buttock_left", "buttock_right", "sacrum")))
    assert targets(["buttock_left"], kb)[0].side == "left"
    assert targets(["buttock_right"], kb)[0].side == "right"
    assert targets(["buttock_left", "sacrum"], kb)[0].side == "both"


def test_real_table_ranks_the_buttock_and_outer_thigh_drawing_towards_the_gluteal_muscles() -> None:
    ranked = targets(["buttock_left", "thigh_lateral_left", "thigh_posterior_left"], load())
    assert ranked and ranked[0].muscle in ("gluteus_minimus", "gluteus_medius", "piriformis")
    assert [t.score for t in ranked] == sorted((t.score for t in ranked), reverse=True)

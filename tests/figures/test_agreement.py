"""Text and picture agree: the check reads the words and the keyframes for common contradictions."""

from __future__ import annotations

import dataclasses

import pytest

from backwell.engine.knowledge import load, model
from backwell.figures import disagreements

from .poses import STAND, figure

KB = load()
HANGING = {**STAND, "upper_arm_l": 180, "forearm_l": 180, "upper_arm_r": 180, "forearm_r": 180}
ON_HIPS = {**STAND, "upper_arm_l": 215, "forearm_l": 120, "hand_l": 150, "upper_arm_r": 215, "forearm_r": 120}
LEFT_KNEE_UP = {**HANGING, "thigh_l": 95, "shin_l": 180}


def _exercise(setup: str, steps: tuple[str, ...] = ("Hold.",), sided: bool = False) -> model.Exercise:
    return dataclasses.replace(
        KB.exercises["standing_hip_hinge_hold"], setup=setup, steps=steps, sided=sided, equipment=()
    )


def test_the_packaged_exercises_and_pictures_agree() -> None:
    found = {slug: disagreements(ex, KB.figures[slug]) for slug, ex in KB.exercises.items()}
    assert not {slug: problems for slug, problems in found.items() if problems}


def test_hands_on_the_hips_in_the_words_but_hanging_in_the_picture_is_reported() -> None:
    words = _exercise("Stand tall with your hands on your hips.")
    assert disagreements(words, figure(frames=(HANGING,))) == [
        "the words put the hands on the hips; the picture does not (the arms hang)"
    ]
    assert disagreements(words, figure(frames=(ON_HIPS,))) == []


def test_hands_on_hips_offered_as_one_choice_is_not_required() -> None:
    words = _exercise("Stand tall, hands on your hips or resting on a counter in front of you.")
    assert disagreements(words, figure(frames=(HANGING,))) == []


def test_a_side_named_in_the_steps_must_be_the_side_drawn_doing_it() -> None:
    words = _exercise(
        "Stand tall.", ("Lift your right knee to hip height.", "Repeat on the other side."), sided=True
    )
    (problem,) = disagreements(words, figure(frames=(HANGING, LEFT_KNEE_UP), still=1))
    assert problem == "the words use the right knee; the picture shows the left leg doing it"
    mirrored = {**HANGING, "thigh_r": 95, "shin_r": 180}
    assert disagreements(words, figure(frames=(HANGING, mirrored), still=1, view="side_right")) == []


@pytest.mark.parametrize(
    ("setup", "props", "expected"),
    [
        (
            "Stand facing a kitchen counter, fingertips on it.",
            (),
            ["names a counter the picture does not draw"],
        ),
        ("Stand facing a kitchen counter, fingertips on it.", ("counter",), []),
        ("Sit in a chair, or lie on your back.", (), []),
        ("Stand tall.", ("wall",), ["draws a wall the words never mention"]),
        ("On hands and knees, back flat like a table.", (), []),
    ],
)
def test_a_prop_named_must_be_drawn_and_a_prop_drawn_must_be_named(
    setup: str, props: tuple[str, ...], expected: list[str]
) -> None:
    fig = figure(frames=(ON_HIPS,), props=props, prop_at="hands" if props == ("counter",) else None)
    problems = disagreements(_exercise(setup), fig)
    assert len(problems) == len(expected)
    for problem, part in zip(problems, expected, strict=True):
        assert part in problem


def test_kb_check_reports_a_disagreement_for_the_figure() -> None:
    from backwell.engine.knowledge import validate

    broken = dataclasses.replace(KB.figures["single_leg_stance"], props=(), prop_at=None)
    kb = dataclasses.replace(KB, figures={**KB.figures, "single_leg_stance": broken})
    report = validate._Report({})
    validate._check_figures(kb, report)
    assert [str(p) for p in report.problems] == [
        "figures/: single_leg_stance: text and picture disagree: "
        "the starting position names a counter the picture does not draw"
    ]

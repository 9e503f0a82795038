"""The packaged figures: every exercise has one, and each can be drawn on the floor."""

from __future__ import annotations

import pytest

from backwell.engine.knowledge import load
from backwell.figures import render_animated, render_still
from backwell.figures.motion import SAMPLES
from backwell.figures.staging import in_between, stage

KB = load()


def test_every_exercise_in_the_base_has_a_figure() -> None:
    missing = sorted(set(KB.exercises) - set(KB.figures))
    assert not missing, f"exercises without a figure: {', '.join(missing)}"


def test_every_figure_belongs_to_an_exercise_or_lesson() -> None:
    orphans = sorted(set(KB.figures) - set(KB.exercises) - set(KB.lessons))
    assert not orphans, f"figures of no exercise: {', '.join(orphans)}"


@pytest.mark.parametrize("slug", sorted(KB.figures))
def test_packaged_figure_draws_with_its_equipment_and_stays_above_the_floor(slug: str) -> None:
    figure = KB.figures[slug]
    exercise = KB.exercises.get(slug)
    if exercise is not None:
        assert set(exercise.equipment) <= set(figure.props), f"{slug}: its equipment is not all drawn"
    scene = stage(figure)
    for index, placed in enumerate(scene.frames):
        lowest = max(
            [placed.skeleton.lowest(), *(p.rests_at for p in placed.props if p.rests_at is not None)]
        )
        assert lowest <= 0.01, f"{slug} frame {index} sinks below the floor"
        if scene.grounded[index]:
            assert lowest == pytest.approx(scene.floor_level), f"{slug} frame {index} floats above the floor"
        for fraction in SAMPLES:
            assert in_between(scene, index, fraction).lowest() <= 0.01, f"{slug} passes through the floor"
    still, moving = render_still(figure, exercise), render_animated(figure, exercise)
    assert f'<title id="figure-{slug}-title">' in still
    assert "animateTransform" in moving

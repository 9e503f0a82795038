"""The packaged figures: every exercise and self-test has one, and each can be drawn on the floor."""

from __future__ import annotations

import gzip
from html import escape

import pytest

from backwell.engine.knowledge import load
from backwell.figures import render_animated, render_still
from backwell.figures.emphasis import MIN_TURN, turns
from backwell.figures.motion import SAMPLES
from backwell.figures.staging import in_between, stage

KB = load()


def test_every_exercise_in_the_base_has_a_figure() -> None:
    missing = sorted(set(KB.exercises) - set(KB.figures))
    assert not missing, f"exercises without a figure: {', '.join(missing)}"


def test_every_self_test_has_its_own_figure() -> None:
    missing = sorted(set(KB.self_tests) - set(KB.figures))
    assert not missing, f"self-tests without a figure: {', '.join(missing)}"
    borrowed = sorted(set(KB.self_tests) & (set(KB.exercises) | set(KB.lessons)))
    assert not borrowed, f"self-tests sharing an exercise's slug and picture: {', '.join(borrowed)}"


def test_every_figure_belongs_to_an_exercise_lesson_or_self_test() -> None:
    orphans = sorted(set(KB.figures) - set(KB.exercises) - set(KB.lessons) - set(KB.self_tests))
    assert not orphans, f"figures of no exercise, lesson or self-test: {', '.join(orphans)}"


@pytest.mark.parametrize("slug", sorted(KB.self_tests))
def test_self_test_picture_is_titled_with_the_test_name(slug: str) -> None:
    test = KB.self_tests[slug]
    still = render_still(KB.figures[slug], test)
    assert f'<title id="figure-{slug}-title">{escape(test.name)}</title>' in still
    assert f"{escape(test.name)}: a simple figure in the key position" in still


def test_table_is_drawn_under_a_person_lying_on_it_above_the_floor() -> None:
    # The Thomas test lies on a table with the tested leg hanging over its end, off the floor.
    scene = stage(KB.figures["modified_thomas_test"])
    placed = scene.still
    (table,) = [p for p in placed.props if p.name == "table"]
    left, top, right, bottom = table.extent()
    assert bottom == pytest.approx(0.0, abs=0.01), "the table stands on the floor"
    body = placed.skeleton
    hip_x, hip_y = body.joints["hip"]
    assert left < hip_x < right and hip_y < top, "the pelvis lies on the table"
    assert body.joints["ankle_l"][1] < -5.0, "the hanging foot stays off the floor"
    assert body.joints["knee_l"][0] > right, "the hanging knee is past the table's end"


def test_back_extensor_hold_keeps_the_legs_on_the_table_and_the_upper_body_off_its_end() -> None:
    scene = stage(KB.figures["extensor_endurance_test"])
    (table,) = [p for p in scene.still.props if p.name == "table"]
    left, top, right, _ = table.extent()
    joints = scene.still.skeleton.joints
    assert right == pytest.approx(joints["hip"][0]), "the table ends at the hips"
    assert left < joints["ankle_l"][0] < right, "the legs lie on the table"
    assert joints["neck"][0] > right + 40.0, "the upper body is held out past the end"
    assert joints["neck"][1] == pytest.approx(joints["hip"][1], abs=2.0), "the upper body is held level"


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
    if len(figure.frames) > 1:
        assert "<animate " in moving, f"{slug}: nothing moves in the animation"


def test_stills_stay_small_for_phones_and_print() -> None:
    # Every still is a static SVG file: served as is, so the same bytes show on server and browser.
    sizes = [len(gzip.compress(render_still(fig).encode("utf-8"))) for fig in KB.figures.values()]
    assert sum(sizes) / len(sizes) < 8 * 1024, "a still is under 8 KB gzipped on average"
    assert max(sizes) < 16 * 1024


@pytest.mark.parametrize("slug", sorted(KB.figures))
def test_a_figure_with_movement_points_it_out_on_the_still(slug: str) -> None:
    figure = KB.figures[slug]
    scene = stage(figure)
    if max(turns([f.skeleton for f in scene.frames]).values()) < MIN_TURN:
        return  # a resting figure (a body scan) barely moves: nothing to point out
    still = render_still(figure)
    assert 'class="start-pose"' in still or "#e2711d" in still, f"{slug}: the still does not show what moves"

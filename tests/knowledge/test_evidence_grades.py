"""kb check: an item chosen to serve findings never claims stronger evidence than those findings."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from .conftest import edit_entries

Check = Callable[[Path], tuple[int, list[str]]]


def _set_grade(path: Path, slug: str, grade: str) -> None:
    def change(entries: list[dict[str, Any]]) -> None:
        entry = next(e for e in entries if e.get("slug") == slug)
        entry["evidence"]["grade"] = grade

    edit_entries(path, change)


def test_a_posture_stretch_graded_above_its_findings_is_named(data_copy: Path, run_check: Check) -> None:
    # The chest stretch serves only rounded shoulders, a finding graded "limited".
    _set_grade(data_copy / "exercises" / "stretch.yaml", "doorway_chest_stretch", "mixed")
    status, lines = run_check(data_copy)
    assert status == 1
    assert (
        "exercises/stretch.yaml: doorway_chest_stretch: evidence grade 'mixed' is stronger than the strongest "
        "grade of the findings that select it ('limited', rounded_shoulders); grade it 'limited' or cite what "
        "supports it"
    ) in lines


def test_a_strength_item_is_judged_by_the_findings_that_call_its_muscles_weak(
    data_copy: Path, run_check: Check
) -> None:
    # The clamshell trains the side-hip muscles, which only "limited" findings call weak.
    _set_grade(data_copy / "exercises" / "strength.yaml", "clamshell", "supported")
    status, lines = run_check(data_copy)
    assert status == 1
    assert any(
        line.startswith("exercises/strength.yaml: clamshell: evidence grade 'supported'") for line in lines
    )


def test_general_program_strength_work_keeps_its_exercise_therapy_grade(
    data_copy: Path, run_check: Check
) -> None:
    # The bird dog trains multifidus: exercise-therapy trials support it beyond any posture finding.
    _set_grade(data_copy / "exercises" / "strength.yaml", "bird_dog", "supported")
    status, lines = run_check(data_copy)
    assert status == 0, "\n".join(lines)


def test_the_nerve_slider_is_graded_no_higher_than_the_hamstring_findings(
    data_copy: Path, run_check: Check
) -> None:
    _set_grade(data_copy / "exercises" / "stretch.yaml", "seated_sciatic_nerve_slider", "supported")
    status, lines = run_check(data_copy)
    assert status == 1
    assert any(
        line.startswith("exercises/stretch.yaml: seated_sciatic_nerve_slider: evidence grade")
        for line in lines
    )
